"""Forms of what members do from their own devices: a slutet val (opening it, a ballot, the lot
drawn at a tie) and private notes."""

from django import forms

from meetings.models import Candidate, Election

BLANK = "blank"


class ElectionOpenForm(forms.Form):
    office = forms.CharField(
        label="Val till",
        max_length=200,
        help_text="T.ex. ”ledamot i valnämnden”.",
    )
    seats = forms.IntegerField(label="Antal att välja", min_value=1, max_value=100, initial=1)
    candidates = forms.CharField(
        label="Kandidater",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="En kandidat per rad, med parti: ”Anna Ek (S)”.",
    )

    def clean_candidates(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["candidates"].splitlines() if line.strip()
        ]


class BallotForm(forms.Form):
    """One röstsedel: a candidate, or blank."""

    choice = forms.ChoiceField(label="Din röst", widget=forms.RadioSelect)

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        self.fields["choice"].label = f"Val av {election.office}"
        self.fields["choice"].choices = [(str(c.pk), c.name) for c in election.candidates.all()] + [
            (BLANK, "Blank röstsedel")
        ]
        self.fields["choice"].help_text = "Din röst kan inte ändras och kan inte kopplas till dig."

    def clean_choice(self) -> Candidate | None:
        value = self.cleaned_data["choice"]
        return None if value == BLANK else self.election.candidates.get(pk=value)


class LotForm(forms.Form):
    drawn = forms.ModelMultipleChoiceField(
        label="Lotten föll på",
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, tied: list[Candidate], seats: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drawn"].queryset = Candidate.objects.filter(pk__in=[c.pk for c in tied])
        self.fields["drawn"].help_text = (
            f"Ordföranden drar lott om {seats} av platserna mellan dem med lika röstetal "
            "(kommunallagen 5 kap. 55 §)."
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Min anteckning",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Bara du kan läsa den. En tom anteckning tas bort.",
    )
