"""The forms a meeting's secretary and its members fill in, plain Django forms."""

import datetime

from django import forms
from django.utils import timezone

from casework.forms import (
    DATE,
    DATETIME,
    TIME,
    DateField,
    DateTimeField,
    ItemsField,
    LineField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    person_label,
)
from casework.models import Body, Meeting, Person
from meetings import selectors
from meetings.models import Ballot, Yrkande

CHECKBOXES = forms.CheckboxSelectMultiple


class PeopleField(ModelMultipleChoiceField):
    """Some of a given few people, as checkboxes labelled with their party."""

    widget = CHECKBOXES

    def label_from_instance(self, person):
        return person_label(person)


class OnePersonField(ModelChoiceField):
    def label_from_instance(self, person):
        return person_label(person)


class MeetingForm(forms.Form):
    body = ModelChoiceField(
        label="Organ", queryset=Body.objects.exclude(kind__in=Body.WRITTEN_ANSWER_KINDS)
    )
    date = DateField(label="Datum", widget=DATE)
    starts_at = forms.TimeField(label="Klockan", required=False, widget=TIME)
    place = LineField(label="Plats", max_length=200, required=False)


class AgendaItemForm(forms.Form):
    title = LineField(
        label="Rubrik",
        max_length=300,
        help_text="T.ex. ”Val av justerare” eller ”Anmälan av delegationsbeslut”.",
    )
    proposal = ItemsField(label="Förslag till beslut", required=False)


class OpenForm(forms.Form):
    serving = PeopleField(
        label="Tjänstgörande",
        queryset=Person.objects.none(),
        help_text="Ledamöter och de ersättare som tjänstgör i stället för en ledamot.",
    )
    chair = OnePersonField(label="Ordförande", queryset=Person.objects.none())
    justerare = PeopleField(label="Justerare", queryset=Person.objects.none())
    justering_deadline = DateTimeField(label="Justering senast", widget=DATETIME)
    justering_place = LineField(label="Plats för justering", max_length=200, required=False)
    place = LineField(label="Plats för sammanträdet", max_length=200, required=False)
    starts_at = forms.TimeField(label="Sammanträdet öppnades klockan", required=False, widget=TIME)
    first_number = forms.IntegerField(
        label="Första paragrafens nummer",
        required=False,
        min_value=1,
        max_value=9999,
        help_text="Tomt: årets numrering fortsätter. Ange numret om årets tidigare protokoll "
        "fördes utanför systemet (t.ex. 52).",
    )

    def __init__(self, *args, called: list, chair: Person | None, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(pk__in=[m.person_id for m in called]).order_by(
            "last_name", "first_name"
        )
        for name in ("serving", "chair", "justerare"):
            self.fields[name].queryset = people
        ordinary = [m.person_id for m in called if m.role != m.Role.SUBSTITUTE]
        self.fields["serving"].initial = ordinary
        self.fields["chair"].initial = chair
        members = people.filter(pk__in=ordinary)
        self.substitutes = [m.person for m in called if m.role == m.Role.SUBSTITUTE]
        for substitute in self.substitutes:  # used only if the substitute serves
            self.fields[f"replaces_{substitute.pk}"] = OnePersonField(
                label=f"{person_label(substitute)} tjänstgör i stället för",
                queryset=members,
                required=False,
                empty_label="Frånvarande ledamot från samma parti",
            )

    def replacing(self) -> dict[int, Person]:
        """Whom each serving substitute replaces, where the secretary said it."""
        return {
            s.pk: member
            for s in self.substitutes
            if (member := self.cleaned_data.get(f"replaces_{s.pk}"))
        }


class RecusedForm(forms.Form):
    recused = PeopleField(label="Anmäler jäv", queryset=Person.objects.none(), required=False)

    def __init__(self, *args, serving: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recused"].queryset = Person.objects.filter(pk__in=[p.pk for p in serving])


class YrkandeForm(forms.Form):
    mover = OnePersonField(label="Yrkande av", queryset=Person.objects.none())
    kind = forms.ChoiceField(
        label="Slag av yrkande",
        choices=Yrkande.Kind.choices,
        initial=Yrkande.Kind.MATTER,
        help_text="Återremiss och bordläggning avgörs före frågan i sak; skriv skälet som yrkande.",
    )
    text = LineField(
        label="Yrkar",
        max_length=500,
        help_text="T.ex. ”bifall till motionen” eller ”avslag på motionen”.",
    )
    items = ItemsField(
        label="Beslut om yrkandet bifalls",
        required=False,
        help_text="En att-sats per rad. Tomt: förslaget till beslut.",
    )
    supporters = PeopleField(label="Instämmer", queryset=Person.objects.none(), required=False)

    def __init__(self, *args, serving: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(pk__in=[p.pk for p in serving]).order_by(
            "last_name", "first_name"
        )
        self.fields["mover"].queryset = self.fields["supporters"].queryset = people


class DecideForm(forms.Form):
    """The beslutsgång: the chair's proposition, or a votering with each serving member's vote."""

    winner = ModelChoiceField(
        label="Ordföranden finner bifall till",
        queryset=None,
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    counter_voting = forms.BooleanField(
        label="Kontrapropositionsvotering",
        required=False,
        help_text="Väljer motförslaget till huvudvoteringen när det finns minst tre yrkanden i sak.",
    )
    counter_yes = ModelChoiceField(
        label="Ja för (kontraproposition)", queryset=None, required=False
    )
    counter_no = ModelChoiceField(
        label="Nej för (kontraproposition)", queryset=None, required=False
    )
    voting = forms.BooleanField(label="Votering begärs", required=False)
    yes = ModelChoiceField(label="Ja för", queryset=None, required=False)
    no = ModelChoiceField(label="Nej för", queryset=None, required=False)
    requested_by = OnePersonField(
        label="Votering begärd av", queryset=Person.objects.none(), required=False
    )
    outcome = forms.ChoiceField(label="Utfall", required=False)
    postpone = forms.BooleanField(
        label="Ärendet bordläggs",
        required=False,
        help_text="Inget beslut i sak; ärendet kan tas upp på nästa sammanträde.",
    )
    send_back = forms.BooleanField(
        label="Ärendet återremitteras",
        required=False,
        help_text="Inget beslut i sak; ärendet går tillbaka för mer beredning.",
    )
    back_to = forms.ChoiceField(label="Återremitteras till", required=False)
    back_reason = LineField(
        label="Skäl till återremissen",
        max_length=500,
        required=False,
        help_text="Vad som ska beredas mer.",
    )
    reserving = PeopleField(
        label="Reserverar sig mot beslutet", queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, item, serving: list[Person], outcomes: list, **kwargs):
        super().__init__(*args, **kwargs)
        case = item.case
        if case is not None and case.step_id and not item.matter:
            earlier = case.chain().filter(position__lt=case.step.position).select_related("body")
            self.steps = {str(s.pk): s for s in earlier}
            self.fields["back_to"].choices = [("", "Beredningen (förvaltningen)")] + [
                (pk, step.body.name) for pk, step in self.steps.items()
            ]
        else:
            for name in ("send_back", "back_to", "back_reason"):
                del self.fields[name]
        yrkanden = item.yrkanden.select_related("mover").filter(kind=Yrkande.Kind.MATTER)
        for name in ("winner", "yes", "no", "counter_yes", "counter_no"):
            self.fields[name].queryset = yrkanden
            self.fields[name].label_from_instance = lambda p: p.sentence()
        if len(yrkanden) < 3:
            for name in ("counter_voting", "counter_yes", "counter_no"):
                del self.fields[name]
        if len(yrkanden) < 2:
            for name in ("winner", "voting", "yes", "no", "requested_by"):
                del self.fields[name]
        people = Person.objects.filter(pk__in=[p.pk for p in serving]).order_by(
            "last_name", "first_name"
        )
        for name in ("requested_by", "reserving"):
            if name in self.fields:
                self.fields[name].queryset = people
        if outcomes:
            self.fields["outcome"].choices = [("", "Välj utfall"), *outcomes]
        else:
            del self.fields["outcome"]
        if not item.case_id:
            del self.fields["reserving"]
        self.serving = list(people)
        prefixes = (
            ("counter_ballot_", "ballot_") if "counter_voting" in self.fields else ("ballot_",)
        )
        for prefix in prefixes:
            for person in self.serving:
                self.fields[f"{prefix}{person.pk}"] = forms.ChoiceField(
                    label=person_label(person),
                    choices=Ballot.Choice.choices,
                    required=False,
                    widget=forms.RadioSelect,
                )

    def ballot_fields(self):
        return [self[f"ballot_{p.pk}"] for p in self.serving]

    def counter_ballot_fields(self):
        if "counter_voting" not in self.fields:
            return []
        return [self[f"counter_ballot_{p.pk}"] for p in self.serving]

    def main_fields(self):
        return [f for f in self.visible_fields() if "ballot_" not in f.name]

    def clean(self):
        data = super().clean()
        if data.get("postpone"):
            return data
        if data.get("send_back"):
            if not data.get("back_reason"):
                self.add_error("back_reason", "Ange skälet till återremissen.")
            data["back_to"] = self.steps.get(data.get("back_to") or "")
            return data
        if "outcome" in self.fields and not data.get("outcome"):
            self.add_error("outcome", "Ange utfallet: beslutet avslutar ärendet.")
        if data.get("counter_voting"):
            if not (data.get("counter_yes") and data.get("counter_no")):
                self.add_error(
                    "counter_yes",
                    "Ange vilka två yrkanden kontrapropositionsvoteringen står mellan.",
                )
            missing = [p.full_name for p in self.serving if not data.get(f"counter_ballot_{p.pk}")]
            if missing:
                self.add_error(
                    None, f"Röst i kontrapropositionsvoteringen saknas för {', '.join(missing)}."
                )
        if data.get("voting"):
            if not (data.get("yes") and data.get("no")):
                self.add_error("yes", "Ange vilket yrkande som är ja och vilket som är nej.")
            missing = [p.full_name for p in self.serving if not data.get(f"ballot_{p.pk}")]
            if missing:
                self.add_error(
                    None,
                    f"Röst saknas för {', '.join(missing)}: varje tjänstgörande röstar ja, nej eller avstår.",
                )
        return data

    def ballots(self, prefix: str = "ballot_") -> dict[int, str]:
        return {
            p.pk: self.cleaned_data[f"{prefix}{p.pk}"]
            for p in self.serving
            if self.cleaned_data.get(f"{prefix}{p.pk}")
        }


class JusteringForm(forms.Form):
    deadline = DateTimeField(
        label="Justering senast",
        widget=DATETIME,
        help_text="Skriftliga reservationer lämnas före justeringen; därefter är besluten slutliga.",
    )
    reason = LineField(
        label="Skäl",
        max_length=500,
        required=False,
        help_text="Krävs när en redan satt tid flyttas.",
    )


class CloseForm(forms.Form):
    ends_at = forms.TimeField(label="Sammanträdet avslutades klockan", widget=TIME)

    def __init__(self, *args, meeting: Meeting, now: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting, self.now = meeting, timezone.localtime(now)

    def clean_ends_at(self) -> datetime.time:
        """Not before the meeting began, and for a meeting held today not later than now: both
        said beside the field, before the confirm page."""
        ends = self.cleaned_data["ends_at"]
        refusal = selectors.end_time_refusal(self.meeting, ends)
        if refusal:
            raise forms.ValidationError(refusal)
        if self.meeting.date == self.now.date() and ends > self.now.time():
            raise forms.ValidationError(
                f"Sammanträdet kan inte ha avslutats senare än nu (kl. {self.now:%H.%M})."
            )
        return ends


class AnslagForm(forms.Form):
    posted_on = DateField(label="Anslaget uppsatt", widget=DATE, initial=timezone.localdate)
    kept_at = LineField(label="Protokollet förvaras", max_length=200)


class DispatchForm(forms.Form):
    recipients = forms.CharField(
        label="Mottagare",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="En mottagare per rad.",
        max_length=2000,
    )
    sent_on = DateField(label="Expedierat", widget=DATE, initial=timezone.localdate)

    def clean_recipients(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["recipients"].splitlines() if line.strip()
        ]
