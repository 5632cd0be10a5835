"""The kinds of case and of document, registered by the apps that know them; the core stores a
kind's value and never names one of theirs."""

from collections.abc import Callable
from dataclasses import dataclass

_case_kinds: dict[str, str] = {}
_document_kinds: dict[str, tuple[str, str]] = {}  # value: (label, the direction it usually has)


def register_case_kind(value: str, label: str) -> str:
    _case_kinds[value] = label
    return value


def case_kind_choices() -> list[tuple[str, str]]:
    return list(_case_kinds.items())


def case_kind_label(value: str) -> str:
    return _case_kinds.get(value, value)


def register_document_kind(value: str, label: str, direction: str = "inkommen") -> str:
    _document_kinds[value] = (label, direction)
    return value


def document_kind_choices() -> list[tuple[str, str]]:
    return [(value, label) for value, (label, _direction) in _document_kinds.items()]


def usual_direction(kind: str) -> str:
    """The direction a document of the kind usually has (OSL 5 kap. 1 §); the clerk may say otherwise."""
    return _document_kinds.get(kind, ("", "inkommen"))[1]


# How a case of a kind is decided at a meeting's paragraph: the kind's own service (which may sign
# a document or close the case with an outcome, from the kind's outcomes) and what the kind proposes
# the body decide (its document's att-satser, say); the core's chain_decide for a kind that
# registers none.
_deciders: dict[str, Callable] = {}
_outcomes: dict[str, list[tuple[str, str]]] = {}
_proposers: dict[str, Callable] = {}
_together: dict[str, Callable] = {}


def register_decider(
    kinds: list[str], decide: Callable, outcomes: list[tuple[str, str]], propose: Callable,
    together: Callable | None = None,
) -> None:  # fmt: skip
    """`decide(*, case, meeting, items, outcome, by, at)` returns the case's Decision;
    `propose(case)` the att-satser the case's own document proposes (or none); `together(case)`
    the open cases one decision on this case decides with it, the case the paragraph is about
    first (two cases answered by one document)."""
    for kind in kinds:
        _deciders[kind], _outcomes[kind], _proposers[kind] = decide, outcomes, propose
        if together:
            _together[kind] = together


def decider(kind: str) -> Callable | None:
    return _deciders.get(kind)


def outcome_choices(kind: str) -> list[tuple[str, str]]:
    """What a decision closing a case of the kind may say of it (bifall, avslag …)."""
    return _outcomes.get(kind, [])


def proposed_items(case) -> list[str]:
    """The att-satser the case's own document proposes, as its kind reads them."""
    propose = _proposers.get(case.kind)
    return propose(case) if propose else []


def decided_together(case) -> list:
    """The open cases a decision on this case decides, the one that carries the paragraph first:
    the case alone unless its kind joins it to others."""
    together = _together.get(case.kind)
    return together(case) if together else [case]


def closing_cases(case) -> list:
    """Of the cases decided together, those the decision closes (at their chain's last step)."""
    return [c for c in decided_together(case) if c.step_id and c.step.is_last]


@dataclass(frozen=True)
class AgendaMatter:
    """Another way than its chain's step that a case comes before a body at a meeting, as the
    app that knows it registers it: a committee answering a referral by its decision, fullmäktige
    writing off a case reported under the one-year rule. Such a decision is a paragraph of the
    body's minutes like any other (KL 5 kap. 69 §, 6 kap. 35 §)."""

    name: str  # stored on the agenda item
    label: str  # before the case's title on the agenda: "Remissvar", "Avskrivning"
    ready: Callable  # (meeting) -> the open cases waiting for this body in this way
    propose: Callable  # (case, meeting) -> (whose proposal, the att-satser proposed)
    decide: Callable  # (*, case, meeting, items, outcome, by, at) -> Decision
    outcomes: tuple = ()  # what the paragraph says of the case, when the matter needs it


_matters: dict[str, AgendaMatter] = {}


def register_agenda_matter(matter: AgendaMatter) -> AgendaMatter:
    _matters[matter.name] = matter
    return matter


def agenda_matters() -> list[AgendaMatter]:
    return list(_matters.values())


def agenda_matter(name: str) -> AgendaMatter | None:
    return _matters.get(name)


# What the apps do once minutes kept here are justerade and signed (a document that becomes
# final with them is fastställt): each function takes the moment, `at`.
_when_justerad: list[Callable] = []


def register_when_justerad(function: Callable) -> Callable:
    _when_justerad.append(function)
    return function


def minutes_justerade(*, at) -> None:
    for function in _when_justerad:
        function(at=at)
