"""The forms of the live meeting: a member's requests to speak, yrkanden and votes, and the
chair's."""

from django import forms

from casework.forms import ItemsField, LineField, ModelChoiceField, person_label
from casework.models import Person
from meetings.forms import OnePersonField
from meetings.models import AgendaItem, Ballot, SpeakerRequest, Vote, Yrkande

FORM_CHOICES = [
    ("bifall", "Bifall till förslaget"),
    ("avslag", "Avslag på förslaget"),
    ("andring", "Ändringsyrkande: ändra en eller flera att-satser"),
    ("eget", "Eget yrkande"),
    ("aterremiss", "Återremiss"),
    ("bordlaggning", "Bordläggning"),
]


class YrkandeChoiceField(ModelChoiceField):
    def label_from_instance(self, proposal):
        return f"{proposal.label}: {proposal.text}"


class SpeakForm(forms.Form):
    kind = forms.ChoiceField(
        label="Jag begär ordet för",
        choices=SpeakerRequest.Kind.choices,
        initial=SpeakerRequest.Kind.SPEECH,
        widget=forms.RadioSelect,
    )
    reply_to = OnePersonField(
        label="Replik på",
        queryset=Person.objects.none(),
        required=False,
        help_text="Bara för en replik: den som har haft ordet och som repliken gäller.",
    )

    def __init__(self, *args, speakers: list[Person], asked=(), **kwargs):
        """`speakers`: whom a replik may answer; with none, no replik is offered. `asked`: the
        kinds the member already waits (or speaks) with, not offered again."""
        super().__init__(*args, **kwargs)
        if not speakers:
            asked = {*asked, SpeakerRequest.Kind.REPLY}
        self.fields["kind"].choices = [c for c in SpeakerRequest.Kind.choices if c[0] not in asked]
        self.offered = [value for value, _ in self.fields["kind"].choices]
        if self.fields["kind"].initial not in self.offered:
            self.fields["kind"].initial = None
        if SpeakerRequest.Kind.REPLY not in self.offered:
            del self.fields["reply_to"]
            return
        self.fields["reply_to"].queryset = Person.objects.filter(pk__in=[p.pk for p in speakers])
        if len(speakers) == 1:  # the only one a replik can answer
            self.fields["reply_to"].initial = speakers[0].pk


class PutYrkandeForm(forms.Form):
    form = forms.ChoiceField(label="Jag yrkar", choices=FORM_CHOICES, widget=forms.RadioSelect)
    text = LineField(
        label="Eget yrkande",
        max_length=500,
        required=False,
        help_text="Bara för ett eget yrkande, t.ex. ”att motionen bifalls”; högst 500 tecken.",
    )
    items = ItemsField(
        label="Beslut om ditt eget yrkande bifalls",
        required=False,
        help_text="Bara för ett eget yrkande: en att-sats per rad.",
    )

    def __init__(self, *args, att_satser: list[str], offered: list[str] | None = None, **kwargs):
        """`offered`: the forms of yrkande the page offers (`live.yrkande_forms`); all when not
        given, as for a form sent, which the rules then answer."""
        super().__init__(*args, **kwargs)
        self.offered = [c for c, _ in FORM_CHOICES] if offered is None else offered
        self.fields["form"].choices = [c for c in FORM_CHOICES if c[0] in self.offered]
        if "eget" not in self.offered:
            del self.fields["text"], self.fields["items"]
        self.att_satser = att_satser if "andring" in self.offered else []
        for number, text in enumerate(att_satser, start=1):
            self.fields[f"att_{number}"] = forms.CharField(
                label=f"Att-sats {number}",
                required=False,
                initial=text,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Bara för ett ändringsyrkande: skriv den nya lydelsen; töm rutan om att-satsen ska utgå.",
            )

    def amendment_fields(self):
        return [self[f"att_{n}"] for n in range(1, len(self.att_satser) + 1)]

    def changes(self) -> dict[int, str]:
        """The att-satser an ändringsyrkande changes: those whose text differs from the proposal."""
        return {
            number: " ".join(self.cleaned_data[f"att_{number}"].split())
            for number, text in enumerate(self.att_satser, start=1)
            if " ".join(self.cleaned_data[f"att_{number}"].split()) != text
        }


class BallotForm(forms.Form):
    choice = forms.ChoiceField(label="Min röst", widget=forms.RadioSelect)

    def __init__(self, *args, vote: Vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = choice_labels(vote)


def choice_labels(vote: Vote) -> list[tuple[str, str]]:
    """Each choice with the yrkande it stands for, as a screen reader announces it."""
    return [(choice, choice_label(vote, choice)) for choice in Ballot.Choice.values]


def choice_label(vote: Vote, choice: str) -> str:
    """'Nej – för Bo Ås (SD) yrkande (avslag på förslaget)'; 'Avstår'."""
    if choice == Ballot.Choice.ABSTAIN:
        return "Avstår"
    if choice == Ballot.Choice.YES:
        return f"Ja – för {vote.yes.label} ({vote.yes.text})"
    return f"Nej – för {vote.no.label} ({vote.no.text})"


class TakeUpForm(forms.Form):
    item = ModelChoiceField(label="Paragraf", queryset=AgendaItem.objects.none())

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class VoteOpenForm(forms.Form):
    yes = YrkandeChoiceField(
        label="Ja för",
        queryset=Yrkande.objects.none(),
        help_text="Det yrkande du fann bifall till när du ställde proposition; protokollet säger så.",
    )
    no = YrkandeChoiceField(label="Nej för", queryset=Yrkande.objects.none())
    stage = forms.ChoiceField(
        label="Slag av votering", choices=Vote.Stage.choices, initial=Vote.Stage.MAIN
    )
    requested_by = OnePersonField(
        label="Votering begärd av",
        queryset=Person.objects.none(),
        required=False,  # the chair may also call a votering of her own accord
        help_text="Den ledamot som begärde voteringen; protokollet namnger hen.",
    )

    def __init__(
        self, *args, item: AgendaItem, serving: list[Person], counter: Vote | None = None, **kwargs
    ):
        """`counter`: the kontrapropositionsvotering held, if any; then the huvudvotering is
        what remains, and the yrkande that fell in it is not offered."""
        super().__init__(*args, **kwargs)
        matter = item.yrkanden.filter(kind=Yrkande.Kind.MATTER).select_related("mover")
        if counter is not None:
            matter = matter.exclude(pk=getattr(counter.fallen, "pk", None))
        if counter is not None or len(matter) < 3:  # a kontraproposition needs three in sak
            self.fields["stage"].choices = [(Vote.Stage.MAIN, Vote.Stage.MAIN.label)]
        else:  # three or more: the motförslag is chosen first (`live._refuse_out_of_order`)
            self.fields["stage"].initial = Vote.Stage.COUNTER
        self.fields["yes"].queryset = self.fields["no"].queryset = matter
        self.fields["requested_by"].queryset = Person.objects.filter(pk__in=[p.pk for p in serving])
        self.fields["requested_by"].label_from_instance = person_label


class HandBallotForm(forms.Form):
    person = OnePersonField(
        label="Ledamot",
        queryset=Person.objects.none(),
        help_text="En ledamot som redan har röstat själv är markerad: rösten du registrerar "
        "ersätter hens egen.",
    )
    choice = forms.ChoiceField(label="Röst", choices=Ballot.Choice.choices)

    def __init__(self, *args, vote: Vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = vote.roll.all()
        own = {b.person_id: b for b in vote.ballots.all() if not b.by_clerk}
        self.fields["person"].label_from_instance = lambda person: (
            f"{person_label(person)} – har röstat själv: {own[person.pk].get_choice_display()}"
            if person.pk in own
            else person_label(person)
        )


class ConfirmForm(forms.Form):
    """The one way every step of the chair's page that cannot be undone (cancelling a votering,
    taking back a yrkande) asks "are you sure?": a box to tick beside the button, refused in
    Swedish beside the box when it is not ticked; no script needed. Rendered by
    `meetings/_live_confirm.html`. `label` says what the box confirms ("Ja, …"), `refusal` what
    the chair is told when it is not ticked. The field is named as the house's confirm pages
    name theirs (`casework.viewhelpers.CONFIRM_FIELD`)."""

    bekrafta = forms.BooleanField()

    def __init__(self, *args, label: str, refusal: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bekrafta"].label = label
        self.fields["bekrafta"].error_messages = {"required": refusal}


class VoteCloseForm(forms.Form):
    """The chair closes the votering; the case's outcome is asked where its kind has one."""

    outcome = forms.ChoiceField(label="Utfall", required=False)

    def __init__(self, *args, outcomes: list, **kwargs):
        super().__init__(*args, **kwargs)
        if outcomes:
            self.fields["outcome"].choices = [("", "---------"), *outcomes]
            self.fields["outcome"].required = True
        else:
            del self.fields["outcome"]


class AsProposedForm(VoteCloseForm):
    """The chair's step when no yrkande is put: the body decides as proposed, the case's
    outcome asked as when a votering closes."""
