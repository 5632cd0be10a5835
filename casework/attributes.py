"""What an app keeps beside a case and the core shows with the case's own details, and who
carries the profile's title; registered by the app that knows them (as `kinds` registers kinds of
case), so the core never names one municipality's institutions."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseAttribute:
    """A value an app keeps for a case: a form field in registration and in the case's details,
    a filter and a column in the case list, a line on the case page and, when `printed`, a part of
    the heading of the document KS sends to KF."""

    name: str  # the form field's, the filter's and the service keyword's name
    label: str  # the field's label, the column's heading
    in_use: Callable  # () -> bool: whether the municipality uses it (else it is left out)
    field: Callable  # () -> a new form field, for registration and for the case's details
    value: Callable  # (case) -> the case's value, or None
    store: Callable  # (*, case, value) -> None; raises ValidationError when the value is refused
    related: tuple[str, ...] = ()  # from a case, what `value` reads: for select_related
    lookup: str = ""  # from a case, the filter's lookup
    choices: Callable | None = None  # () -> the queryset the case list is filtered by
    unset: str = "–"  # the case page's word for a case without a value
    printed: bool = False  # part of the document's heading, and a part it cannot do without
    history: Callable | None = None  # (case) -> the records of the value's changes


_attributes: dict[str, CaseAttribute] = {}


def register_case_attribute(attribute: CaseAttribute) -> CaseAttribute:
    _attributes[attribute.name] = attribute
    return attribute


def case_attributes() -> list[CaseAttribute]:
    """Every registered attribute, whether the municipality uses it or not."""
    return list(_attributes.values())


def used_case_attributes() -> list[CaseAttribute]:
    return [attribute for attribute in _attributes.values() if attribute.in_use()]


def related(prefix: str = "") -> list[str]:
    """The paths select_related takes for the attributes, from a case or from `prefix`."""
    return [f"{prefix}{path}" for a in _attributes.values() for path in a.related]


def store_case_attributes(*, case, values: dict) -> None:
    """Each value given for a registered attribute, stored by its app; an unknown name is refused."""
    unknown = set(values) - set(_attributes)
    if unknown:
        raise TypeError(f"Okända uppgifter om ärendet: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        _attributes[name].store(case=case, value=value)


def printed_parts(case) -> list[str]:
    """The attributes' values in the heading of the document KS sends to KF."""
    return [str(a.value(case) or "") for a in _attributes.values() if a.printed and a.in_use()]


def missing_attributes_for_document(case) -> list[CaseAttribute]:
    """The printed attributes the case has no value for."""
    return [a for a in _attributes.values() if a.printed and a.in_use() and a.value(case) is None]


def missing_for_document(case) -> list[str]:
    """The printed attributes the case has no value for, in Swedish, in lower case."""
    return [a.label.lower() for a in missing_attributes_for_document(case)]


# Who carries the profile's title before their name ("kommunalrådet Eva Ek (L)") and may be
# KS's rapporteur (föredragande), as an app knows it.
@dataclass(frozen=True)
class Rapporteurs:
    title_on: Callable  # (person, date) -> the title the person carries on the date, or ""
    prefetch: tuple[str, ...]  # from a person, what `title_on` reads: for prefetch_related
    people: Callable  # () -> the people who may be rapporteur (a queryset, perhaps empty)
    for_case: Callable  # (case, date) -> the rapporteur the case's own data proposes, or None


_rapporteurs: list[Rapporteurs] = []


def register_rapporteurs(rapporteurs: Rapporteurs) -> Rapporteurs:
    _rapporteurs.append(rapporteurs)
    return rapporteurs


def title_on(person, date: datetime.date) -> str:
    return next((t for r in _rapporteurs if (t := r.title_on(person, date))), "")


def title_prefetch(prefix: str = "") -> list[str]:
    return [f"{prefix}{path}" for r in _rapporteurs for path in r.prefetch]


def rapporteur_candidates() -> list:
    """The querysets of people who may be rapporteur, as the apps say (empty: none say)."""
    return [r.people() for r in _rapporteurs]


def proposed_rapporteur(case, date: datetime.date):
    return next((p for r in _rapporteurs if (p := r.for_case(case, date))), None)
