"""Form pieces every step shares: cleaned text, att-sats lists, statements, service errors."""

import datetime
import re
import unicodedata
from collections import Counter

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import formset_factory
from django.forms.utils import ErrorDict
from django.utils import timezone

from casework import kinds
from casework.models import Document, MemberStatement, Person, validate_items
from casework.uploads import validate_upload

MAX_PK = 2**63 - 1  # the largest value a BigAutoField holds


def is_possible_pk(value) -> bool:
    try:
        return 0 < int(str(value).strip()) <= MAX_PK
    except ValueError:
        return False


class BoundedPkMixin:
    """Refuse a choice that cannot be a primary key before it reaches the database
    (SQLite raises OverflowError on integers beyond 64 bits instead of finding nothing)."""

    def to_python(self, value):
        if value not in self.empty_values and not is_possible_pk(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelChoiceField(BoundedPkMixin, forms.ModelChoiceField):
    pass


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not is_possible_pk(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


def people(queryset=None):
    """People for a picker, by name, with their parties (for the label) in one more query."""
    queryset = Person.objects.all() if queryset is None else queryset
    return (
        queryset.distinct()
        .prefetch_related("affiliations__party")
        .order_by("last_name", "first_name")
    )


def members_of(*bodies) -> "models.QuerySet[Person]":
    """Those who have sat in any of these bodies; everybody if the bodies have no members yet."""
    members = Person.objects.filter(memberships__body__in=bodies)
    return people(members if members.exists() else None)


def person_label(person: Person) -> str:
    return person.name_with_party(timezone.localdate())


class PersonChoiceField(ModelChoiceField):
    """One person, picked by typing: an accessible autocomplete over a plain select, which
    works without JavaScript too (static/js/pickers.js). Shown with party."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", people())
        kwargs.setdefault("widget", forms.Select(attrs={"data-autocomplete": ""}))
        kwargs.setdefault("empty_label", "")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, person):
        return person_label(person)


class UserChoiceField(ModelChoiceField):
    """A user (a clerk to handle a case), shown by full name; with the login in brackets where
    two share the name, and by the login alone where no name is set."""

    def label_from_instance(self, user):
        name = user.get_full_name()
        if not name:
            return user.username
        return f"{name} ({user.username})" if name in self._shared_names() else name

    def _shared_names(self) -> set[str]:
        """The full names more than one user of the choices has, read once per queryset."""
        if getattr(self, "_names_of", None) is not self.queryset:
            names = Counter(user.get_full_name() for user in self.queryset)
            self._names_of, self._shared = self.queryset, {n for n, c in names.items() if c > 1}
        return self._shared


class PeopleChoiceField(ModelMultipleChoiceField):
    """Several people as checkboxes (no Ctrl-click), narrowed by typing in a filter box."""

    widget = forms.CheckboxSelectMultiple(attrs={"data-filter": ""})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", people())
        super().__init__(*args, **kwargs)

    def label_from_instance(self, person):
        return person_label(person)


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2028\u2029\ufeff]")


def clean_text(value: str) -> str:
    """Pasted text made tidy: NFC, no control characters, no trailing spaces, at most one blank line."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = CONTROL.sub("", value.replace("\u00a0", " ").replace("\t", " "))
    lines = [" ".join(line.split()) for line in value.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Bounds on what one field may hold: far above any real text, low enough that printing a
# document stays a matter of seconds (each paragraph and att-sats is a block to lay out).
TEXT_MAX_CHARS = 30_000
TEXT_MAX_PARAGRAPHS = 150


class TextField(forms.CharField):
    """A text of paragraphs separated by blank lines, bounded in length and paragraphs
    (checked on the server with a message, never cut by the browser)."""

    widget = forms.Textarea(attrs={"rows": 8})

    def to_python(self, value):
        return clean_text(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if len(value) > TEXT_MAX_CHARS:
            raise ValidationError(
                f"Texten får vara högst {TEXT_MAX_CHARS} tecken (den har {len(value)}). "
                "Korta den eller lägg det långa som en bilaga.",
                code="too_long",
            )
        paragraphs = value.count("\n\n") + 1 if value else 0
        if paragraphs > TEXT_MAX_PARAGRAPHS:
            raise ValidationError(
                f"Texten får ha högst {TEXT_MAX_PARAGRAPHS} stycken (den har {paragraphs}). "
                "Slå ihop stycken eller lägg det långa som en bilaga.",
                code="too_many_paragraphs",
            )


class BoundedDateMixin:
    """A date the work can hold: years 1900–2200. A date such as 0001-01-01 or 9999-12-31 is
    refused here, before a period counted from it (a year on, three weeks on) runs off the
    calendar."""

    EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)

    def validate(self, value):
        super().validate(value)
        day = value.date() if isinstance(value, datetime.datetime) else value
        if day is not None and not self.EARLIEST <= day <= self.LATEST:
            raise ValidationError("Ange ett datum mellan år 1900 och 2200.", code="out_of_range")


class DateField(BoundedDateMixin, forms.DateField):
    pass


class DateTimeField(BoundedDateMixin, forms.DateTimeField):
    pass


class LineField(forms.CharField):
    def to_python(self, value):
        return " ".join(clean_text(super().to_python(value)).split())


class ItemsField(forms.CharField):
    """Att-satser, one per line; empty lines are dropped, so the numbering has no gaps."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "En att-sats per rad.")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = clean_text(super().to_python(value))
        return [" ".join(line.split()) for line in text.split("\n") if line.strip()]

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def has_changed(self, initial, data):
        initial = initial if isinstance(initial, list) else self.to_python(initial or "")
        return self.to_python(data) != initial

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        validate_items(value)


class StatementForm(forms.Form):
    """A reservation or special statement announced at a meeting, entered on the members' behalf."""

    kind = forms.ChoiceField(label="Typ", choices=[("", "Välj typ")] + MemberStatement.Kind.choices)
    first_author = PersonChoiceField(
        label="Författare", help_text="Skriv några bokstäver av namnet."
    )
    co_authors = PeopleChoiceField(
        label="Medförfattare",
        required=False,
        help_text="Vid en gemensam reservation; de skrivs i namnordning efter författaren.",
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:  # the body's members: the only ones who may file
            self.fields["first_author"].queryset = members
            self.fields["co_authors"].queryset = members

    items = ItemsField(label="Egna att-satser", required=False)
    text = TextField(label="Motivering eller uttalande")

    def clean(self):
        data = super().clean()
        if data.get("kind") == MemberStatement.Kind.SPECIAL_STATEMENT and data.get("items"):
            self.add_error("items", "Ett särskilt uttalande har inga att-satser.")
        return data

    def ordered_authors(self) -> list[Person]:
        first = self.cleaned_data["first_author"]
        return [first] + [p for p in self.cleaned_data["co_authors"] if p != first]


MAX_ROWS = 30  # rows a formset accepts; Django refuses more than this without reading them
MORE_ROWS = "fler_rader"  # the submit button that asks for more empty rows

StatementFormSet = formset_factory(
    StatementForm, extra=2, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)


def rows_formset(formset_class, request, prefix: str, **form_kwargs):
    """A formset bound to the POST, and whether the clerk asked for more rows ("Fler rader"):
    then the page comes back with two more empty rows and everything typed kept, saving nothing."""
    data = request.POST if request.method == "POST" else None
    adding = data is not None and MORE_ROWS in data
    if adding:
        data = data.copy()
        key = f"{prefix}-TOTAL_FORMS"
        try:
            rows = int(data.get(key, "0"))
        except ValueError:
            rows = 0
        data[key] = str(max(0, min(rows, MAX_ROWS - 2)) + 2)
    return formset_class(data, prefix=prefix, form_kwargs=form_kwargs), adding


def quiet(*forms_and_formsets) -> None:
    """Show bound forms without errors: the clerk only asked for more rows."""
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            item._errors, item._non_form_errors = [], item.error_class()
            quiet(*item.forms)
        else:
            item._errors, item.cleaned_data = ErrorDict(), {}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal beside the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class StatementTextForm(forms.Form):
    items = ItemsField(
        label="Egna att-satser",
        required=False,
        help_text="En att-sats per rad; tomma rader tas bort.",
    )
    text = TextField(label="Motivering", required=False, help_text="Stycken skiljs med en tom rad.")


VERSION_MISSING = (
    "Sidan skickade inte med vilken version av texten du utgick från, så texten är inte sparad: "
    "den kunde ha skrivit över en medförfattares. Din text står kvar i formuläret och den sparade "
    "texten nedan. Spara igen när du har jämfört."
)


class StatementEditForm(StatementTextForm):
    """An author's edit. `version` is the one the page showed: without it a co-author's newer
    text could be overwritten unseen, so the form is refused (above itself: the field is hidden)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_version(self) -> int | None:
        value = self.cleaned_data["version"].strip()
        return int(value) if value.isdigit() and len(value) <= 9 else None

    def clean(self):
        data = super().clean()
        if data.get("version") is None:
            self.add_error(None, VERSION_MISSING)
        return data


class InviteForm(forms.Form):
    invitee = PersonChoiceField(
        label="Bjud in medförfattare",
        queryset=Person.objects.none(),
        required=False,
        help_text="Ledamöter som deltog i beslutet, av alla partier.",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitee"].queryset = people(candidates)


class AnnounceForm(forms.Form):
    kind = forms.ChoiceField(label="Typ", choices=MemberStatement.Kind.choices)
    author = PersonChoiceField(label="Anmäld av", required=False)


class CorrectionForm(StatementTextForm):
    reason = LineField(label="Skäl till rättelsen", max_length=500)


class DocumentForm(forms.Form):
    """Register a document received or drawn up (OSL 5 kap. 1 §)."""

    dated = DateField(
        label="Datum",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Handlingens eget datum: det som står på brevet, beslutet eller skrivelsen.",
    )
    registered_on = DateField(
        label="Registrerad",
        initial=timezone.localdate,
        required=False,  # empty: today
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Dagen då handlingen registrerades i diariet, oftast i dag; postlistan är per "
        "registreringsdag. För du in en handling från ett tidigare diarium, ange dagen den "
        "registrerades där.",
    )
    kind = forms.ChoiceField(
        label="Handlingstyp",
        choices=lambda: [("", models.fields.BLANK_CHOICE_LABEL), *kinds.document_kind_choices()],
    )
    direction = forms.ChoiceField(
        label="Riktning",
        choices=[("", "Som handlingstypen brukar"), *Document.Direction.choices],
        initial="",
        widget=forms.RadioSelect,
        required=False,
        help_text="Kom handlingen in, upprättades den här, eller skickas den ut? "
        "Som handlingstypen brukar: den riktning handlingar av typen vanligen har.",
    )
    title = LineField(label="Rubrik", max_length=300)
    counterpart = LineField(label="Avsändare eller mottagare", max_length=200, required=False)
    file = forms.FileField(label="Fil", required=False, help_text="PDF, DOCX, ODT eller text.")
    secrecy_provision = LineField(
        label="Sekretessbestämmelse",
        max_length=100,
        required=False,
        help_text="T.ex. OSL 26 kap. 1 §. Tomt om handlingen är offentlig.",
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file:
            validate_upload(file)
        return file

    def clean_registered_on(self):
        day = self.cleaned_data["registered_on"] or timezone.localdate()
        if day > timezone.localdate():
            raise ValidationError("Datumet kan inte vara senare än i dag.", code="future")
        return day

    def clean(self):
        data = super().clean()
        dated, registered_on = data.get("dated"), data.get("registered_on")
        if dated and registered_on and registered_on < dated:
            self.add_error(
                "registered_on",
                f"Handlingen kan inte ha registrerats före sitt datum ({dated:%Y-%m-%d}).",
            )
        return data


DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class DatedStepForm(forms.Form):
    """A step of a case, dated the day it happened: today, or an earlier day for what a clerk
    enters afterwards (a case already under way). `at` is the moment the event is logged at."""

    happened_on = DateField(
        label="Datum",
        initial=timezone.localdate,
        required=False,  # empty: today
        widget=DATE,
        help_text="Den dag det hände. För du in något som redan har hänt, ange den dagen.",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.order_fields([name for name in self.fields if name != "happened_on"])

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"] or timezone.localdate()
        if day > timezone.localdate():
            raise ValidationError("Datumet kan inte vara senare än i dag.", code="future")
        try:
            self.at = self.case.moment_of(day)
        except ValidationError as error:
            raise ValidationError(error.messages, code="before_latest_event") from None
        return day


class DayForm(forms.Form):
    dag = DateField(label="Dag", required=False, widget=DATE)


class CancelForm(forms.Form):
    reason = LineField(label="Skäl till makulering", max_length=300)


class SecrecyForm(forms.Form):
    """OSL 5 kap. 5 §: the marking names the provision and the day it was made."""

    provision = LineField(
        label="Sekretessbestämmelse", max_length=100, help_text="T.ex. OSL 21 kap. 1 §."
    )
    marked_on = DateField(
        label="Markerad",
        initial=timezone.localdate,
        required=False,  # empty: today
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Dagen markeringen görs; i dag om du inte anger en annan.",
    )


class LiftSecrecyForm(forms.Form):
    reason = LineField(
        label="Skäl till att markeringen hävs",
        max_length=60,
        help_text="Sparas i handlingens historik.",
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Engångskod",
        max_length=6,
        min_length=6,
        help_text="Sex siffror från appen i din telefon.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise ValidationError("Koden består av sex siffror.")
        return token


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a user name longer than any account's before it is tried
    (and before the login log would store it)."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        if len(username) > self.username_field.max_length:
            raise ValidationError("Det finns inget konto med så långt användarnamn.")
        return username
