"""View helpers every app's pages share: finding a case by its dnr, step permissions, statements."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from casework import roles
from casework.forms import add_service_errors
from casework.models import Case, Decision
from casework.services import member_statement_file


def get_case(slug: str) -> Case:
    """The case whose dnr stands in the URL as KS-2023-1387, or 404."""
    try:
        queryset = Case.objects.by_dnr(slug)
    except ValidationError:
        raise Http404("Ogiltigt diarienummer") from None
    case = queryset.select_related("registry", "rotel", "handler").first()
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
                raise PermissionDenied("Din roll får inte göra detta.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class Rollback(Exception):
    """Raised inside a transaction to undo it when a part of the input was refused."""


def file_statements(decision: Decision, formset) -> None:
    """File each statement of the formset; refusals go beside their form, and undo the whole step."""
    refused = False
    for form in formset:
        if not form.has_changed():
            continue
        try:
            member_statement_file(
                decision=decision,
                kind=form.cleaned_data["kind"],
                authors=form.ordered_authors(),
                items=form.cleaned_data["items"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            refused = True
    if refused:
        raise Rollback


def render_step(request: HttpRequest, case: Case, title: str, form, *, formset=None, formset_title: str = "",
                status: int = 200, extra: dict | None = None) -> HttpResponse:  # fmt: skip
    context = {
        "case": case,
        "title": title,
        "form": form,
        "formset": formset,
        "formset_title": formset_title,
    }
    invalid = not form.is_valid() or (formset is not None and not formset.is_valid())
    if status == 200 and form.is_bound and invalid:
        status = 400
    return render(request, "casework/step_form.html", {**context, **(extra or {})}, status=status)
