"""Helpers the pages of every app share: finding a case by its dnr, step permissions, the step
form, the check-your-answers page before an irreversible step, the statements of a step's
formset, and the page for a damaged file."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from casework import attributes, roles
from casework.forms import MORE_ROWS, add_service_errors, quiet
from casework.models import Case, DamagedFile
from casework.services import StatementInput, StatementsRefused


def get_case(slug: str) -> Case:
    """The case whose dnr stands in the URL as KS-2023-1387, or 404."""
    try:
        queryset = Case.objects.by_dnr(slug)
    except ValidationError:
        raise Http404("Ogiltigt diarienummer") from None
    case = queryset.select_related("registry", "handler", *attributes.related()).first()
    if case is None:
        raise Http404("Ärendet finns inte")
    return case


def requires_step(step: str) -> Callable:
    """Only users whose role may take `step`: others are sent to log in, or refused (403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles.can(request.user, step):
                raise roles.RoleRefused(step)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def render_step(
    request: HttpRequest,
    case: Case | None,
    title: str,
    form,
    *,
    formset=None,
    formset_title: str = "",
    status: int = 200,
    more_rows: bool = False,
    submit: str = "Spara",
    extra: dict | None = None,
) -> HttpResponse:
    """A step's form: errors summed up at the top (linked to their fields, "Fel:" in the title),
    a button that says what it does, and a way back."""
    context = {
        "case": case,
        "title": title,
        "submit": submit,
        "form": form,
        "formset": formset,
        "formset_title": formset_title,
        "more_rows_name": MORE_ROWS,
    }
    if more_rows:
        quiet(form, formset)
    invalid = not form.is_valid() or (formset is not None and not formset.is_valid())
    if status == 200 and form.is_bound and invalid:
        status = 400
    return render(request, "casework/step_form.html", {**context, **(extra or {})}, status=status)


# --- A second look before an irreversible step -----------------------------------------------

CONFIRM_FIELD = "bekrafta"


def is_confirmed(request: HttpRequest) -> bool:
    """The step is taken only by a POST from its confirm page (which carries this field)."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "ja"


def render_confirm(
    request: HttpRequest,
    *,
    title: str,
    happens: list[str],
    submit: str,
    back: str,
    facts: list[tuple[str, str | list[str]]] | None = None,
    carry: dict[str, str] | None = None,
    quote_title: str = "",
    quote_items: list[str] | None = None,
    quote_text: str = "",
    final: str = "Det går inte att ångra.",
    case: Case | None = None,
) -> HttpResponse:
    """The check-your-answers page before an irreversible step (the GOV.UK pattern): what the
    step is about (`facts`: a value, or a list of them), what will happen and to whom, the text
    it concerns, and one button that posts the same address again with the confirm field and
    `carry` (what the step's own form was given); nothing has happened yet."""
    rows = [
        {"label": label, "items": value if isinstance(value, list) else None, "value": value}
        for label, value in facts or []
    ]
    context = {
        "case": case,
        "title": title,
        "facts": rows,
        "happens": happens,
        "final": final,
        "submit": submit,
        "back": back,
        "carry": sorted((carry or {}).items()),
        "confirm_field": CONFIRM_FIELD,
        "quote_title": quote_title,
        "quote_items": quote_items or [],
        "quote_text": quote_text,
    }
    return render(request, "casework/confirm.html", context)


# --- Statements filed by a clerk with a step's decision ------------------------------------


def _filled(formset: BaseFormSet) -> list:
    """The rows of a valid statement formset the clerk filled in, in their order."""
    return [form for form in formset if form.has_changed()]


def statement_inputs(formset: BaseFormSet) -> list[StatementInput]:
    """The statements of a valid formset as plain data, for the step's service."""
    return [
        StatementInput(
            kind=form.cleaned_data["kind"],
            authors=form.ordered_authors(),
            items=form.cleaned_data["items"],
            text=form.cleaned_data["text"],
        )
        for form in _filled(formset)
    ]


def show_statement_refusals(formset: BaseFormSet, refused: StatementsRefused) -> None:
    """Put each refusal beside the row of the statement it refused (the order of
    `statement_inputs`)."""
    rows = _filled(formset)
    for index, error in refused.refusals.items():
        add_service_errors(rows[index], error)


def damaged_file_response(request: HttpRequest, damage: DamagedFile) -> HttpResponse:
    """Say plainly that a registered file cannot be given out (the damage is already logged)."""
    context = {"case": damage.document.case, "message": f"{damage} Felet är loggat och anmält."}
    return render(request, "casework/damaged_file.html", context, status=503)
