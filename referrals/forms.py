from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils import timezone

from casework.forms import (
    MAX_ROWS,
    DateField,
    DateTimeField,
    ItemsField,
    ModelChoiceField,
    TextField,
)
from casework.models import Body, Municipality
from casework.text import count
from referrals.models import Referral


class ReferralSendForm(forms.Form):
    sent_on = DateField(
        label="Skickas", initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReferralRowForm(forms.Form):
    body = ModelChoiceField(
        label="Remissinstans",
        queryset=Body.objects.exclude(kind__in=[Body.Kind.COUNCIL, Body.Kind.EXECUTIVE]),
        required=False,
    )
    due_on = DateField(
        label="Svarsdatum",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.REFERRAL_DEFAULT_DAYS
        self.fields["due_on"].help_text = f"Tomt: {count(days, 'dag', 'dagar')} efter Skickas."


class BaseReferralRowFormSet(forms.BaseFormSet):
    def clean(self):
        bodies = [f.cleaned_data["body"] for f in self.forms if f.cleaned_data.get("body")]
        if not bodies:
            raise forms.ValidationError("Välj minst en remissinstans.")
        if len(set(bodies)) != len(bodies):
            raise forms.ValidationError("Samma remissinstans står två gånger.")


ReferralRowFormSet = formset_factory(
    ReferralRowForm,
    formset=BaseReferralRowFormSet,
    extra=6,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)


def outstanding_choice(form: forms.Form, referrals) -> None:
    """The referrals still to be answered; when there is only one, it is chosen already."""
    field = form.fields["referral"]
    field.queryset = referrals.select_related("body")
    field.label_from_instance = lambda r: r.body.name
    only = list(field.queryset[:2])
    if len(only) == 1:
        field.initial = only[0].pk


class WrittenAnswerForm(forms.Form):
    """An office's report, or the letter of a municipal company or an outside authority."""

    referral = ModelChoiceField(label="Remiss", queryset=Referral.objects.none())
    dated = DateField(label="Daterat", widget=forms.DateInput(attrs={"type": "date"}))
    text = TextField(
        label="Text",
        help_text="Den text som återges i kommunstyrelsens handling; stycken skiljs med en tom rad.",
    )
    proposed_items = ItemsField(label="Förslag till kommunfullmäktige", required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        outstanding_choice(
            self, case.referrals.outstanding().filter(body__kind__in=Body.WRITTEN_ANSWER_KINDS)
        )


class DeclineForm(forms.Form):
    referral = ModelChoiceField(label="Remiss", queryset=Referral.objects.none())
    dated = DateField(
        label="Svaret daterat",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label="Skäl",
        max_length=500,
        help_text="T.ex. ”Frågan hör inte till bolagets verksamhet.”",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        outstanding_choice(self, case.referrals.outstanding())


class CommitteeAnswerForm(forms.Form):
    referral = ModelChoiceField(label="Remiss", queryset=Referral.objects.none())
    meeting_date = DateField(
        label="Sammanträdesdatum", widget=forms.DateInput(attrs={"type": "date"})
    )
    justering_deadline = DateTimeField(
        label="Justering senast",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Skriftliga reservationer lämnas före justeringen.",
    )
    items = ItemsField(label="Nämndens beslut")
    report_dated = DateField(
        label="Förvaltningens svar daterat",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    report_text = TextField(
        label="Förvaltningens svar",
        required=False,
        help_text="Det svar nämnden antog, om den har en förvaltning.",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        name = Municipality.current().report_name
        self.fields["report_dated"].label = f"Förvaltningens {name}: datum"
        self.fields["report_text"].label = f"Förvaltningens {name}: text"
        outstanding_choice(
            self, case.referrals.outstanding().exclude(body__kind__in=Body.WRITTEN_ANSWER_KINDS)
        )


class OutsideBodyForm(forms.Form):
    """A municipal company or an outside authority or organisation to refer to, added by a clerk."""

    name = forms.CharField(label="Namn", max_length=150, help_text="T.ex. Trafikverket.")
    kind = forms.ChoiceField(
        label="Typ",
        choices=[(k.value, k.label.capitalize()) for k in (Body.Kind.AUTHORITY, Body.Kind.COMPANY)],
        widget=forms.RadioSelect,
        initial=Body.Kind.AUTHORITY,
    )
    proper_name = forms.BooleanField(
        label="Namnet skrivs med stor bokstav också mitt i en mening (t.ex. Trafikverket)",
        required=False,
        initial=True,
    )
