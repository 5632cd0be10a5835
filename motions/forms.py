import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from casework import roles
from casework.forms import (
    ItemsField,
    LineField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    PeopleChoiceField,
    PersonChoiceField,
    TextField,
    members_of,
    people,
)
from casework.models import Body, Document, Membership, Period, Person, Registry, Rotel
from casework.text import marked_differences
from casework.uploads import validate_upload
from casework.workflow import Status
from motions.models import Motion, Utlatande

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MotionRegisterForm(forms.Form):
    registration_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
    registry = ModelChoiceField(label="Diarium", queryset=Registry.objects.all(), empty_label=None)
    title = LineField(label="Motionens rubrik", max_length=300)
    first_mover = PersonChoiceField(label="Motionär", help_text="Skriv några bokstäver av namnet.")
    co_movers = PeopleChoiceField(
        label="Övriga motionärer", required=False, help_text="Om flera har väckt motionen tillsammans.",
    )  # fmt: skip
    number = forms.CharField(
        label="Motionsnummer",
        required=False,
        help_text="ÅÅÅÅ:N, t.ex. 2008:39, om motionen har ett.",
    )
    filed_on = forms.DateField(label="Väckt vid kommunfullmäktiges sammanträde", widget=DATE)
    registered_on = forms.DateField(
        label="Registreringsdatum", initial=timezone.localdate, widget=DATE
    )
    sequence = forms.IntegerField(
        label="Befintligt löpnummer",
        required=False,
        min_value=1,
        max_value=999_999_999,
        help_text="Bara för ett ärende som redan har diarienummer, t.ex. 1387 i KS 2023/1387. "
        "Annars får ärendet nästa lediga nummer.",
    )
    rotel = ModelChoiceField(label="Rotel", queryset=Rotel.objects.all(), required=False)
    handler = ModelChoiceField(
        label="Handläggare", queryset=get_user_model().objects.none(), required=False
    )
    proposals = ItemsField(label="Motionärens förslag", required=False)
    text = TextField(label="Motionstext", required=False)
    file = forms.FileField(label="Motionen som fil", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        councillors = members_of(*Body.objects.filter(kind=Body.Kind.COUNCIL))  # who may move
        self.fields["first_mover"].queryset = self.fields["co_movers"].queryset = councillors
        self.fields["handler"].queryset = (
            get_user_model().objects.filter(groups__name=roles.HANDLAGGARE).order_by("username")
        )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file:
            validate_upload(file)
        return file

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not Motion._meta.get_field("number").validators[0].regex.match(number):
            raise forms.ValidationError("Motionsnumret skrivs ÅÅÅÅ:N, t.ex. 2008:39.")
        return number

    def movers(self) -> list[Person]:
        first = self.cleaned_data["first_mover"]
        return [first] + [p for p in self.cleaned_data["co_movers"] if p != first]


class CaseDetailsForm(forms.Form):
    title = LineField(label="Ärendemening", max_length=300)
    rotel = ModelChoiceField(
        label="Rotel", queryset=Rotel.objects.all(), required=False,
        help_text="Roteln vars borgarråd föredrar ärendet; behövs för utlåtandet.",
    )  # fmt: skip
    handler = ModelChoiceField(
        label="Handläggare", queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = (
            get_user_model().objects.filter(groups__name=roles.HANDLAGGARE).order_by("username")
        )


class UtlatandeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.CharField(
        label="Utlåtandets nummer",
        required=False,
        help_text="ÅÅÅÅ:N, t.ex. 2024:85; sätts ofta sent.",
    )
    rapporteur = PersonChoiceField(
        label="Föredragande borgarråd",
        help_text="Den som leder en rotel föredrar ärenden i kommunstyrelsen.",
    )
    proposed_items = ItemsField(label="Förslag till beslut", required=False)
    summary = TextField(label="Sammanfattning av ärendet", required=False)
    views = TextField(label="Föredragande borgarrådets synpunkter", required=False)
    matter = TextField(
        label="Ärendet", required=False, help_text="Redogörelsen för vad motionen säger."
    )
    attachments = ModelMultipleChoiceField(
        label="Bilagor",
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, motion: Motion, **kwargs):
        super().__init__(*args, **kwargs)
        case = motion.case
        self.fields["attachments"].queryset = case.documents.exclude(
            kind=Document.Kind.UTLATANDE
        ).filter(secrecy_provision="", cancelled_at__isnull=True)
        self.fields["attachments"].label_from_instance = lambda d: f"{d.dnr} {d.title}"
        heads = Person.objects.filter(rotel_terms__isnull=False)  # only they may be föredragande
        self.fields["rapporteur"].queryset = (
            people(heads)
            if heads.exists()
            else members_of(*Body.objects.filter(kind=Body.Kind.EXECUTIVE))
        )
        self.referrals = list(case.referrals.select_related("body"))
        for referral in self.referrals:
            self.fields[f"summary_{referral.pk}"] = TextField(
                label=f"Beredning: {referral.body.name}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def sections(self) -> list[tuple[str, str, list]]:
        """The fields section by section, in the order the document prints them:
        (heading, anchor, bound fields)."""
        preparation = [f"summary_{r.pk}" for r in self.referrals]
        layout = [
            ("Rubrik och föredragande", "rubrik", ["number", "rapporteur"]),
            ("Förslag till beslut", "forslag", ["proposed_items"]),
            ("Sammanfattning av ärendet", "sammanfattning", ["summary"]),
            ("Beredning", "beredning", preparation),
            ("Föredragande borgarrådets synpunkter", "synpunkter", ["views"]),
            ("Bilagor", "bilaga", ["attachments"]),
            ("Ärendet", "arendet", ["matter"]),
        ]
        return [
            (title, anchor, [self[name] for name in names])
            for title, anchor, names in layout
            if names
        ]

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not Utlatande._meta.get_field("number").validators[0].regex.match(number):
            raise forms.ValidationError("Numret skrivs ÅÅÅÅ:N, t.ex. 2024:85.")
        return number

    def summaries(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data[f"summary_{r.pk}"] for r in self.referrals}

    # The parts a clerk may take from the saved version after an edit conflict.
    COMPARED = ["number", "proposed_items", "summary", "views", "matter"]

    def compared_fields(self) -> list[str]:
        return self.COMPARED + [f"summary_{r.pk}" for r in self.referrals]

    def comparisons(self, saved: Utlatande, motion: Motion) -> list[tuple]:
        """After a conflict: each part where the clerk's text and the saved one differ, as
        (label, field name, mine marked, saved marked)."""
        theirs = self.initial_for(saved, motion)
        rows = []
        for name in self.compared_fields():
            field = self.fields[name]
            mine_text = field.prepare_value(self.cleaned_data.get(name, "")) or ""
            their_text = field.prepare_value(theirs.get(name, "")) or ""
            if mine_text != their_text:
                rows.append((field.label, name, *marked_differences(mine_text, their_text)))
        return rows

    @staticmethod
    def with_saved_parts(data, saved: Utlatande | None, motion: Motion):
        """The POST with each part the clerk chose to take from the saved version replaced by it
        (radio "valj_<part>" = "sparad"); the rest stays as the clerk wrote it."""
        chosen = [
            key.removeprefix("valj_")
            for key, value in data.items()
            if key.startswith("valj_") and value == "sparad"
        ]
        if not chosen or saved is None:
            return data
        theirs = UtlatandeForm.initial_for(saved, motion)
        data = data.copy()
        for name in chosen:
            value = theirs.get(name, "")
            data[name] = "\n".join(value) if isinstance(value, list) else value
        return data

    @staticmethod
    def initial_for(utlatande: Utlatande | None, motion: Motion) -> dict:
        if utlatande is None:
            rotel = motion.case.rotel
            return {"rapporteur": rotel.head_on(timezone.localdate()) if rotel else None}
        initial = {
            name: getattr(utlatande, name)
            for name in [
                "number",
                "rapporteur",
                "proposed_items",
                "summary",
                "views",
                "matter",
                "version",
            ]
        }
        initial["attachments"] = list(utlatande.attachments.all())
        for summary in utlatande.preparation.all():
            initial[f"summary_{summary.referral_id}"] = summary.text
        return initial


class MeetingDecisionForm(forms.Form):
    meeting_date = forms.DateField(label="Sammanträdesdatum", widget=DATE)
    items = ItemsField(label="Beslut")


class EndorsementForm(MeetingDecisionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].initial = [
            "Borgarrådsberedningen tillstyrker föredragande borgarrådets förslag."
        ]


class KsDecisionForm(MeetingDecisionForm):
    justering_deadline = forms.DateTimeField(label="Justering senast", required=False, widget=DATETIME,
                                             help_text="Skriftliga reservationer lämnas före justeringen.")  # fmt: skip
    signatory = PersonChoiceField(label="Undertecknas av")
    signatory_title = LineField(
        label="Undertecknarens titel", initial="Kommunstyrelsens ordförande", max_length=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].initial = [
            "Kommunstyrelsen delar borgarrådsberedningens uppfattning och föreslår att "
            "kommunfullmäktige beslutar enligt föredragande borgarrådets förslag."
        ]
        executive = Body.objects.filter(kind=Body.Kind.EXECUTIVE)
        self.fields["signatory"].queryset = members_of(*executive)
        today = timezone.localdate()
        chair = Person.objects.filter(
            memberships__in=Membership.objects.filter(
                Period.on(today), body__in=executive, role=Membership.Role.CHAIR
            )
        ).first()  # the chair today, not one who chaired some other year
        self.fields["signatory"].initial = chair


class KfDecisionForm(MeetingDecisionForm):
    outcome = forms.ChoiceField(
        label="Utfall", choices=[("", "Välj utfall")] + Motion.Outcome.choices
    )


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label="Nytt skede")
    note = LineField(label="Anteckning", required=False, max_length=500)

    MANUAL = [Status.IN_PREPARATION, Status.AT_PREPARATORY_COUNCIL]

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s.value, s.label) for s in case.allowed_next if s in self.MANUAL
        ]


class WithdrawForm(forms.Form):
    note = LineField(
        label="Skäl", max_length=500, help_text="T.ex. att motionären har återkallat motionen."
    )
