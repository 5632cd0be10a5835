"""What the apps tell the core about the kinds of case and of document they know: one declaration
per app (`AppHooks`, with a `CaseKind` for each kind of case it handles), registered in the app's
`AppConfig.ready()`, never as an import's side effect. The core stores a kind's value, asks the
lookups below, and never imports an app above it or names one of its kinds."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentKindSpec:
    """A kind of document the diarium registers, and the direction it usually has (OSL 5 kap.
    1 §: inkommen, upprättad, utgående); the clerk may say otherwise."""

    value: str
    label: str
    direction: str = "inkommen"


@dataclass(frozen=True)
class CaseKind:
    """A kind of case, and how it is decided at a meeting's paragraph: the kind's own service
    (which may sign a document or close the case with an outcome, from the kind's outcomes), what
    it proposes the body decide (its document's att-satser, say), the open cases one decision on
    it decides with it, and its own texts that search finds it by. Without `decide` a case of the
    kind is decided by the core's chain_decide."""

    value: str
    label: str
    # (*, case, meeting, items, outcome, by, at) -> the case's Decision
    decide: Callable | None = None
    # what a decision closing a case of the kind may say of it (bifall, avslag …)
    outcomes: tuple[tuple[str, str], ...] = ()
    # (case) -> the att-satser the case's own document proposes (or none)
    propose: Callable | None = None
    # (case) -> the open cases one decision on this case decides with it, the case the paragraph
    # is about first (two cases answered by one document); None: the case alone
    together: Callable | None = None
    # (case) -> the kind's own texts full-text search finds the case by, besides its title
    texts: Callable | None = None


@dataclass(frozen=True)
class AgendaMatter:
    """Another way than its chain's step that a case comes before a body at a meeting, as the
    app that knows it declares it: a committee answering a referral by its decision, fullmäktige
    writing off a case reported under the one-year rule. Such a decision is a paragraph of the
    body's minutes like any other (KL 5 kap. 69 §, 6 kap. 35 §)."""

    name: str  # stored on the agenda item
    label: str  # before the case's title on the agenda: "Remissvar", "Avskrivning"
    ready: Callable  # (meeting) -> the open cases waiting for this body in this way
    propose: Callable  # (case, meeting) -> (whose proposal, the att-satser proposed)
    decide: Callable  # (*, case, meeting, items, outcome, by, at) -> Decision
    outcomes: tuple = ()  # what the paragraph says of the case, when the matter needs it


# A guard takes the case and returns a Swedish message naming what is missing, or None.
Guard = Callable[[object], str | None]


@dataclass(frozen=True)
class AppHooks:
    """Everything one app tells the core, in one place."""

    app: str  # the app's label; registering it again replaces what it said before
    case_kinds: tuple[CaseKind, ...] = ()
    document_kinds: tuple[DocumentKindSpec, ...] = ()
    # to status -> what must hold before a case moves there (facts only the app knows)
    guards: Mapping[str, tuple[Guard, ...]] = field(default_factory=dict)
    agenda_matters: tuple[AgendaMatter, ...] = ()
    # (*, at) -> None: what the app does once minutes kept here are justerade and signed (a
    # document that becomes final with them is fastställt)
    when_justerad: tuple[Callable, ...] = ()
    # (meeting) -> bool: the app keeps the meeting's agenda, so its minutes will be kept here
    planned_here: tuple[Callable, ...] = ()
    # (decision) -> the ids of those who stepped aside from it for jäv (KL 6 kap. 28 §), as the
    # app that records it knows
    stepped_aside: tuple[Callable, ...] = ()
    # (*, at) -> list: the app's scheduled work, what has become due by `at` (a reminder before
    # justering, an utlåtande to fastställa); the background worker runs it every minute
    # (casework.tasks.scheduled_run), and each returns what it did
    scheduled: tuple[Callable, ...] = ()
    # (document) -> None: what the app undoes when a document it registered is cancelled
    # (makulerad) because it was registered by mistake; a ValidationError refuses the cancelling
    when_cancelled: tuple[Callable, ...] = ()


_apps: dict[str, AppHooks] = {}


def register(hooks: AppHooks) -> AppHooks:
    """Called once from the app's `AppConfig.ready()`."""
    _apps[hooks.app] = hooks
    return hooks


def _all(attribute: str) -> list:
    return [item for hooks in _apps.values() for item in getattr(hooks, attribute)]


def _case_kind(value: str) -> CaseKind | None:
    for kind in _all("case_kinds"):
        if kind.value == value:
            return kind
    return None


def _document_kind(value: str) -> DocumentKindSpec | None:
    for kind in _all("document_kinds"):
        if kind.value == value:
            return kind
    return None


# --- The lookups the core and the apps use ------------------------------------------------


def case_kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in _all("case_kinds")]


def case_kind_label(value: str) -> str:
    kind = _case_kind(value)
    return kind.label if kind else value


def document_kind_label(value: str) -> str:
    kind = _document_kind(value)
    return kind.label if kind else value


def document_kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in _all("document_kinds")]


def usual_direction(kind: str) -> str:
    """The direction a document of the kind usually has (OSL 5 kap. 1 §); the clerk may say otherwise."""
    registered = _document_kind(kind)
    return registered.direction if registered else "inkommen"


def guards(to_status: str) -> list[Guard]:
    return [guard for hooks in _apps.values() for guard in hooks.guards.get(to_status, ())]


def case_texts(case) -> list[str]:
    """The texts the case's kind says search finds it by, besides what every case has."""
    kind = _case_kind(case.kind)
    return kind.texts(case) if kind and kind.texts else []


def decider(kind: str) -> Callable | None:
    registered = _case_kind(kind)
    return registered.decide if registered else None


def outcome_choices(kind: str) -> list[tuple[str, str]]:
    """What a decision closing a case of the kind may say of it (bifall, avslag …)."""
    registered = _case_kind(kind)
    return list(registered.outcomes) if registered else []


def proposed_items(case) -> list[str]:
    """The att-satser the case's own document proposes, as its kind reads them."""
    kind = _case_kind(case.kind)
    return kind.propose(case) if kind and kind.propose else []


def decided_together(case) -> list:
    """The open cases a decision on this case decides, the one that carries the paragraph first:
    the case alone unless its kind joins it to others."""
    kind = _case_kind(case.kind)
    return kind.together(case) if kind and kind.together else [case]


def closing_cases(case) -> list:
    """Of the cases decided together, those the decision closes (at their chain's last step)."""
    return [c for c in decided_together(case) if c.step_id and c.step.is_last]


def agenda_matters() -> list[AgendaMatter]:
    return _all("agenda_matters")


def agenda_matter(name: str) -> AgendaMatter | None:
    for matter in _all("agenda_matters"):
        if matter.name == name:
            return matter
    return None


def minutes_justerade(*, at) -> None:
    for function in _all("when_justerad"):
        function(at=at)


def document_cancelled(document) -> None:
    for function in _all("when_cancelled"):
        function(document)


def scheduled_jobs() -> list[Callable]:
    return _all("scheduled")


def planned_here(meeting) -> bool:
    """Whether an app keeps the meeting's agenda: its minutes will be kept here."""
    return any(function(meeting) for function in _all("planned_here"))


def stepped_aside(decision) -> set[int]:
    """The ids of those who stepped aside from the decision for jäv (KL 6 kap. 28 §)."""
    return {pk for function in _all("stepped_aside") for pk in function(decision)}
