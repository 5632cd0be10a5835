"""The form to follow a case, a body or a saved search."""

from django import forms
from django.core.exceptions import ValidationError

from casework.forms import ModelChoiceField
from casework.models import Body, Case
from follows.models import Follow


class TargetForm(forms.Form):
    """What to follow, from the page the reader came from: a case's dnr, a body, or the case
    list's query string."""

    arende = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    organ = ModelChoiceField(Body.objects.all(), required=False, widget=forms.HiddenInput)
    sokning = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def clean_arende(self) -> Case | None:
        slug = self.cleaned_data["arende"]
        if not slug:
            return None
        try:
            case = Case.objects.by_dnr(slug).select_related("registry").first()
        except ValidationError:
            case = None
        if case is None:
            raise ValidationError("Ärendet finns inte.")
        return case

    def clean(self):
        data = super().clean()
        given = [k for k in ("arende", "organ") if data.get(k)]
        if not given and "sokning" in self.data:  # an empty search is a search: every case
            given = ["sokning"]
        if len(given) != 1 and not self.errors:
            raise ValidationError("Välj ett ärende, ett organ eller en sökning att följa.")
        return data

    def target(self) -> dict:
        """The keywords naming what is followed, for follows.services.follow_request."""
        data = self.cleaned_data
        if data.get("arende"):
            return {"kind": Follow.Kind.CASE, "case": data["arende"]}
        if data.get("organ"):
            return {"kind": Follow.Kind.BODY, "body": data["organ"]}
        return {"kind": Follow.Kind.SEARCH, "query": data["sokning"]}

    def describe(self) -> str:
        return Follow(**self.target()).describe()


class FollowForm(TargetForm):
    """The target, and the address to send to (a signed-in user's own needs no field)."""

    email = forms.EmailField(
        label="Din e-postadress",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Du får ett mejl med en länk att bekräfta med. Adressen visas inte för någon.",
        error_messages={
            "required": "Skriv din e-postadress.",
            "invalid": "Skriv en hel e-postadress, till exempel namn@exempel.se.",
        },
    )
    field_order = ["email"]

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]
