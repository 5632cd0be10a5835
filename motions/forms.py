import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import attributes, roles
from casework.forms import (
    DATE,
    DATETIME,
    DatedStepForm,
    DateField,
    DateTimeField,
    ItemsField,
    LineField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    PeopleChoiceField,
    PersonChoiceField,
    TextField,
    UserChoiceField,
    members_of,
    people,
)
from casework.models import (
    Body,
    Case,
    Classification,
    Document,
    Municipality,
    Person,
    Registry,
)
from casework.models.registry import SEQUENCE_MAX
from casework.text import marked_differences
from casework.uploads import validate_upload
from casework.workflow import Status
from motions import kinds
from motions.models import Motion, Utlatande


def without_unused_fields(form: forms.Form) -> None:
    """With a field, before the classification, for each attribute of a case the municipality
    uses (`casework.attributes`: a rotel in Stockholm); without the classification when the
    municipality has no classification scheme."""
    fields, form.fields = form.fields, {}
    for name, field in fields.items():
        if name == "classification":
            form.fields |= {a.name: a.field() for a in attributes.used_case_attributes()}
        form.fields[name] = field
    if not Classification.objects.exists():
        del form.fields["classification"]


KEY_MISSING = (
    "Formuläret saknade sin engångsnyckel, så ärendet registrerades inte: utan den kan samma "
    "ärende registreras två gånger. Formuläret har fått en ny nyckel; kontrollera uppgifterna "
    "och registrera igen."
)


class MotionRegisterForm(forms.Form):
    # The form's one-time key: the same form sent twice registers one case (case_register).
    registration_key = forms.CharField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
    kind = forms.ChoiceField(
        label="Ärendetyp",
        initial=kinds.MOTION,
        required=False,
        choices=[
            (k, kinds.LABELS[k].capitalize())
            for k in (kinds.MOTION, kinds.CITIZEN_PROPOSAL, kinds.SKRIVELSE)
        ],
    )
    registry = ModelChoiceField(label="Diarium", queryset=Registry.objects.all(), empty_label=None)
    title = LineField(label="Ärendemening", max_length=300)
    first_mover = PersonChoiceField(
        label="Motionär eller undertecknare",
        required=False,
        help_text="För motion och skrivelse. Skriv några bokstäver av namnet.",
    )
    co_movers = PeopleChoiceField(
        label="Övriga motionärer eller undertecknare",
        required=False,
        help_text="Om flera har väckt ärendet tillsammans.",
    )
    proposer = LineField(
        label="Förslagsställare",
        required=False,
        max_length=200,
        help_text="För medborgarförslag: namnet på den som lämnade förslaget.",
    )
    number = forms.CharField(
        label="Motionsnummer",
        required=False,
        help_text="ÅÅÅÅ:N, t.ex. 2008:39, om motionen har ett.",
    )
    filed_on = DateField(
        label="Väckt",
        widget=DATE,
        help_text="Datum för fullmäktiges sammanträde där ärendet väcktes, eller då skrivelsen kom in.",
    )
    registered_on = DateField(label="Registreringsdatum", initial=timezone.localdate, widget=DATE)
    sequence = forms.IntegerField(
        label="Befintligt löpnummer",
        required=False,
        min_value=1,
        max_value=SEQUENCE_MAX,
        help_text="Bara för ett ärende som redan har diarienummer, t.ex. 1387 i KS 2023/1387. "
        "Annars får ärendet nästa lediga nummer.",
    )
    classification = ModelChoiceField(
        label="Klassificering", queryset=Classification.objects.all(), required=False
    )
    handler = UserChoiceField(
        label="Handläggare", queryset=get_user_model().objects.none(), required=False
    )
    att_satser = ItemsField(
        label="Förslag", required=False, help_text="Att-satserna ärendet föreslår, en per rad."
    )
    text = TextField(label="Text", required=False)
    file = forms.FileField(label="Handlingen som fil", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        without_unused_fields(self)
        if Municipality.current().motion_number_series:
            self.fields[
                "number"
            ].help_text = (
                "ÅÅÅÅ:N, t.ex. 2023:45. Tomt: en motion får nästa nummer i väckningsårets serie."
            )
        councillors = members_of(*Body.objects.filter(kind=Body.Kind.COUNCIL))  # who may move
        self.fields["first_mover"].queryset = self.fields["co_movers"].queryset = councillors
        self.fields["handler"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.HANDLAGGARE)
            .order_by("first_name", "last_name", "username")
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

    def clean_kind(self):
        return self.cleaned_data["kind"] or kinds.MOTION

    def clean_registration_key(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(self.cleaned_data["registration_key"].strip())
        except ValueError:
            return None

    def clean(self):
        data = super().clean()
        if data.get("registration_key") is None:  # a hidden field: said above the form
            self.add_error(None, KEY_MISSING)
            self.data = self.data.copy()
            self.data["registration_key"] = str(uuid.uuid4())  # sent again, it registers once
        if data.get("kind") in kinds.RAISED_BY_MEMBERS:
            if not data.get("first_mover") and "first_mover" not in self.errors:
                self.add_error("first_mover", "Ange vem som väckt ärendet.")
        elif data.get("kind") and not data.get("proposer"):
            self.add_error("proposer", "Ange förslagsställarens namn.")
        return data

    def movers(self) -> list[Person]:
        if self.cleaned_data["kind"] not in kinds.RAISED_BY_MEMBERS:
            return []
        first = self.cleaned_data["first_mover"]
        return [first] + [p for p in self.cleaned_data["co_movers"] if p != first]


class CaseDetailsForm(forms.Form):
    title = LineField(label="Ärendemening", max_length=300)
    classification = ModelChoiceField(
        label="Klassificering", queryset=Classification.objects.all(), required=False
    )
    handler = UserChoiceField(
        label="Handläggare", queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        without_unused_fields(self)
        self.fields["handler"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.HANDLAGGARE)
            .order_by("first_name", "last_name", "username")
        )


class UtlatandeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.CharField(
        label="Nummer",
        required=False,
        help_text="ÅÅÅÅ:N, t.ex. 2024:85; sätts ofta sent.",
    )
    rapporteur = PersonChoiceField(
        label="Föredragande",
        required=False,
        help_text="Den som leder en rotel föredrar ärenden i kommunstyrelsen.",
    )
    joint_dnrs = LineField(
        label="Besvarar också",
        required=False,
        max_length=500,
        help_text="Diarienummer för andra ärenden som handlingen besvarar gemensamt, "
        "åtskilda med kommatecken, t.ex. en skrivelse i samma fråga.",
    )
    proposed_items = ItemsField(label="Förslag till kommunfullmäktige", required=False)
    own_items = ItemsField(
        label="Kommunstyrelsen beslutar för egen del",
        required=False,
        help_text="T.ex. svaret på en skrivelse som besvaras i samma handling.",
    )
    summary = TextField(label="Sammanfattning av ärendet", required=False)
    views = TextField(label="Synpunkter", required=False)
    matter = TextField(
        label="Ärendet", required=False, help_text="Redogörelsen för vad motionen säger."
    )
    attachments = ModelMultipleChoiceField(
        label="Bilagor",
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, motion: Motion, section: str = "", **kwargs):
        """`section`: the anchor of the one section this form edits (all of them when empty)."""
        super().__init__(*args, **kwargs)
        case = motion.case
        self.motion = motion
        profile = Municipality.current()
        self.fields["number"].label = f"{profile.document_name_definite.capitalize()}s nummer"
        self.fields["views"].label = profile.views_heading
        if profile.rapporteur_title:
            self.fields["rapporteur"].label = profile.rapporteur_label()
            self.fields["rapporteur"].required = True
        else:
            del self.fields["rapporteur"]
        self.fields["attachments"].queryset = case.documents.exclude(
            kind=kinds.UTLATANDE
        ).public_attachments()
        self.fields["attachments"].label_from_instance = lambda d: f"{d.dnr} {d.title}"
        if "rapporteur" in self.fields:
            heads = Person.objects.none()  # those the apps name may be föredragande, only they
            for candidates in attributes.rapporteur_candidates():
                heads = heads | candidates
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
        self.layout = self._layout()
        if section:
            names = next((names for _t, anchor, names in self.layout if anchor == section), None)
            if names is None:
                raise KeyError(section)
            for name in list(self.fields):
                if name not in [*names, "version"]:
                    del self.fields[name]

    def _layout(self) -> list[tuple[str, str, list[str]]]:
        """The sections in the order the document prints them: (heading, anchor, field names)."""
        preparation = [f"summary_{r.pk}" for r in self.referrals]
        heading = [name for name in ["number", "rapporteur", "joint_dnrs"] if name in self.fields]
        layout = [
            ("Rubrik", "rubrik", heading),
            ("Förslag till beslut", "forslag", ["proposed_items", "own_items"]),
            ("Sammanfattning av ärendet", "sammanfattning", ["summary"]),
            ("Beredning", "beredning", preparation),
            (Municipality.current().views_heading, "synpunkter", ["views"]),
            ("Bilagor", "bilaga", ["attachments"]),
            ("Ärendet", "arendet", ["matter"]),
        ]
        return [(title, anchor, names) for title, anchor, names in layout if names]

    def sections(self) -> list[tuple[str, str, list]]:
        """The fields section by section, in the order the document prints them:
        (heading, anchor, bound fields)."""
        return [
            (title, anchor, [self[name] for name in names if name in self.fields])
            for title, anchor, names in self.layout
            if any(name in self.fields for name in names)
        ]

    NOT_STARTED, STARTED, DONE = "Inte påbörjad", "Påbörjad", "Klar"

    def task_list(self, utlatande: Utlatande | None) -> list[tuple[str, str, str]]:
        """Each section with its status, from the saved document: (heading, anchor, status).
        A section is klar when the parts the printed document needs from it are there (or, with
        none needed, when anything is filled in), påbörjad when something is."""
        needed: dict[str, list[str]] = {}
        for attribute, _label, section, _input in Utlatande.required_inputs():
            needed.setdefault(section, []).append(attribute)
        saved = self.initial_for(utlatande, self.motion) if utlatande else {}
        rows = []
        for title, anchor, names in self.layout:
            filled = any(saved.get(name) for name in names)
            if utlatande is not None and anchor in needed:
                done = all(getattr(utlatande, attribute) for attribute in needed[anchor])
            else:
                done = filled
            status = self.DONE if done else self.STARTED if filled else self.NOT_STARTED
            rows.append((title, anchor, status))
        return rows

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not Utlatande._meta.get_field("number").validators[0].regex.match(number):
            raise forms.ValidationError("Numret skrivs ÅÅÅÅ:N, t.ex. 2024:85.")
        return number

    def clean_joint_dnrs(self) -> list[Case]:
        cases = []
        for text in filter(
            None, (part.strip() for part in self.cleaned_data["joint_dnrs"].split(","))
        ):
            try:
                found = Case.objects.by_dnr(text).first()
            except forms.ValidationError as error:
                raise forms.ValidationError(error.messages) from None
            if found is None:
                raise forms.ValidationError(f"Det finns inget ärende med diarienummer {text}.")
            cases.append(found)
        return cases

    def summaries(self) -> dict[int, str]:
        return {
            r.pk: self.cleaned_data[f"summary_{r.pk}"]
            for r in self.referrals
            if f"summary_{r.pk}" in self.fields
        }

    # The parts a clerk may take from the saved version after an edit conflict.
    COMPARED = ["number", "proposed_items", "own_items", "summary", "views", "matter"]

    def compared_fields(self) -> list[str]:
        names = self.COMPARED + [f"summary_{r.pk}" for r in self.referrals]
        return [name for name in names if name in self.fields]

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
            return {
                "rapporteur": attributes.proposed_rapporteur(motion.case, motion.case.current_on())
            }
        initial = {name: getattr(utlatande, name) for name in [*Utlatande.DRAFT_FIELDS, "version"]}
        initial["attachments"] = list(utlatande.attachments.all())
        initial["joint_dnrs"] = ", ".join(c.dnr for c in utlatande.joint_cases.all())
        for summary in utlatande.preparation.all():
            initial[f"summary_{summary.referral_id}"] = summary.text
        return initial


class ChainDecisionForm(forms.Form):
    """The decision of the body the case is at, as the profile's chain says: kommunstyrelsen's
    is signed, the last one closes the case with its outcome."""

    meeting_date = DateField(label="Sammanträdesdatum", widget=DATE)
    justering_deadline = DateTimeField(
        label="Justering senast",
        required=False,
        widget=DATETIME,
        help_text="Skriftliga reservationer lämnas före justeringen.",
    )
    paragraph_number = forms.IntegerField(
        label="Paragraf",
        required=False,
        min_value=1,
        max_value=9999,
        help_text="Beslutets § i protokollet, t.ex. 52.",
    )
    items = ItemsField(label="Beslut")
    signatory = PersonChoiceField(
        label="Undertecknas av",
        required=False,
        help_text="Tomt: den som var ordförande på sammanträdesdagen.",
    )
    signatory_title = LineField(label="Undertecknarens titel", max_length=100)

    def __init__(self, *args, step, signs: bool, cases: list, **kwargs):
        """`cases`: those the decision is made on, this page's own first (a joint document's)."""
        super().__init__(*args, **kwargs)
        self.cases = cases
        self.fields["items"].initial = step.default_items.splitlines()
        if signs:
            self.fields["signatory"].queryset = members_of(step.body)
            self.fields["signatory_title"].initial = Municipality.current().signatory_title
        else:
            del self.fields["signatory"], self.fields["signatory_title"]
        # an outcome for each case this decision closes (for one at its chain's last step)
        self.closing = {
            ("outcome" if case == cases[0] else f"outcome_{case.pk}"): case
            for case in cases
            if case.step_id and case.step.is_last
        }
        for name, case in self.closing.items():
            self.fields[name] = forms.ChoiceField(
                label="Utfall" if len(cases) == 1 else f"Utfall för {case.dnr}",
                choices=[("", "Välj utfall")] + Motion.Outcome.choices,
            )

    def outcomes(self) -> dict[int, str]:
        """Each closed case's outcome, by its id."""
        return {case.pk: self.cleaned_data[name] for name, case in self.closing.items()}


class MoveForm(DatedStepForm):
    to_status = forms.ChoiceField(label="Nytt skede")
    note = LineField(label="Anteckning", required=False, max_length=500)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        choices = []
        if Status.IN_PREPARATION in case.allowed_next and case.status != Status.IN_DECISION:
            choices.append((Status.IN_PREPARATION.value, Status.IN_PREPARATION.label))
        if case.status == Status.IN_PREPARATION and (first := case.next_step()):
            choices.append((Status.IN_DECISION.value, f"hos {first.body.in_running_text}"))
        self.fields["to_status"].choices = choices


class ReasonForm(DatedStepForm):
    """A step that needs only its reason, which the event log keeps, and its day."""

    note = LineField(label="Skäl", max_length=500)

    def __init__(self, *args, case, help_text: str, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["note"].help_text = help_text


class DeadlineReportForm(forms.Form):
    as_of = DateField(
        label="Per",
        initial=timezone.localdate,
        widget=DATE,
        help_text="Motioner vars ettårsgräns har passerat eller infaller inom varningstiden.",
    )


class WriteOffForm(forms.Form):
    """KF's decision writing reported motions off from further handling (KL 5 kap. 35 §)."""

    meeting_date = DateField(label="Fullmäktiges sammanträde", widget=DATE)
    items = ItemsField(label="Beslut", initial=["Motionen avskrivs från vidare handläggning."])
    motions = ModelMultipleChoiceField(
        label="Motioner som avskrivs",
        queryset=Motion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motions"].queryset = (
            Motion.objects.filter(reported__report=report)
            .open()
            .select_related("case__registry", "case__classification")
        )
        self.fields["motions"].label_from_instance = lambda m: f"{m.case.dnr} {m.case.title}"


class ImportForm(forms.Form):
    """An earlier diarium's cases, as the case list's export writes them (motions.importing)."""

    MAX_BYTES = 20 * 1024 * 1024

    file = forms.FileField(
        label="Fil",
        help_text=(
            "CSV med semikolon (som ärendelistans export) eller JSON med samma namn. Handlingar "
            "läses från importmappen, med sökvägar i kolumnen Handlingar."
        ),
    )
    dry_run = forms.BooleanField(
        label="Provkörning: kontrollera varje rad utan att spara något",
        required=False,
        initial=True,
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".csv", ".json")):
            raise ValidationError("Välj en CSV- eller JSON-fil.")
        if file.size > self.MAX_BYTES:
            raise ValidationError("Filen får vara högst 20 MB; dela upp den.")
        return file
