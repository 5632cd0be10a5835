"""What the rotlar app tells the core (`casework.attributes`): a case's rotel as an attribute of
the case (a field, a filter, a column, a part of the printed heading), and the heads of rotlar as
the people who carry the profile's title and present cases in kommunstyrelsen."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from casework import attributes, signals
from casework.forms import ModelChoiceField
from casework.models import Case, Municipality, Person
from rotlar.models import CaseRotel, Rotel, RotelHead, RotlarProfile, heads_rotel_on, rotel_of


def in_use() -> bool:
    return RotlarProfile.current().in_use


def rotel_field() -> forms.Field:
    return ModelChoiceField(
        label="Rotel",
        queryset=Rotel.objects.all(),
        required=False,
        help_text="Roteln vars ledare föredrar ärendet.",
    )


def case_rotel_store(*, case: Case, value: Rotel | None) -> None:
    """Assign the case to a rotel, or to none; refused where the municipality has no rotlar."""
    if value is not None and not in_use():
        raise ValidationError({"rotel": "Kommunen fördelar inte ärenden på rotlar."})
    link = CaseRotel.objects.filter(case=case).first()
    if value is None:
        if link:
            link.delete()
    elif link is None or link.rotel_id != value.pk:
        link = link or CaseRotel(case=case)
        link.rotel = value
        link.full_clean()
        link.save()
    case._state.fields_cache.pop("rotel_link", None)  # read afresh next time


def title_on(person: Person, date: datetime.date) -> str:
    """The profile's title ('borgarrådet') for whoever heads a rotel on the date."""
    return Municipality.current().rapporteur_title if heads_rotel_on(person, date) else ""


def rapporteur_for(case: Case, date: datetime.date) -> Person | None:
    """The head of the case's rotel presents it."""
    rotel = rotel_of(case)
    return rotel.head_on(date) if rotel else None


def register() -> None:
    attributes.register_case_attribute(
        attributes.CaseAttribute(
            name="rotel",
            label="Rotel",
            in_use=in_use,
            field=rotel_field,
            value=rotel_of,
            store=case_rotel_store,
            related=("rotel_link__rotel",),
            lookup="rotel_link__rotel",
            choices=Rotel.objects.all,
            unset="Ej tilldelad",
            printed=True,
            history=lambda case: CaseRotel.history.filter(case_id=case.pk),
        )
    )
    attributes.register_rapporteurs(
        attributes.Rapporteurs(
            title_on=title_on,
            prefetch=("rotel_terms",),
            people=lambda: Person.objects.filter(rotel_terms__isnull=False),
            for_case=rapporteur_for,
        )
    )
    signals.register_reference_data(Rotel, RotelHead, RotlarProfile)
