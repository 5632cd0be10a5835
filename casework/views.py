from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casework.models import Case


def get_case(slug: str) -> Case:
    """The case whose dnr stands in the URL as KS-2023-1387, or 404."""
    try:
        queryset = Case.objects.by_dnr(slug)
    except ValidationError:
        raise Http404("Ogiltigt diarienummer") from None
    case = queryset.select_related("registry", "rotel").first()
    if case is None:
        raise Http404("Ärendet finns inte")
    return case


def home(request: HttpRequest) -> HttpResponse:
    return redirect("casework:case_list")


def case_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.select_related("registry", "rotel")
    return render(request, "casework/case_list.html", {"cases": cases})


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_case(slug)
    context = {
        "case": case,
        "documents": case.documents.all(),
        "events": case.events.select_related("by"),
        "referrals": case.referrals.select_related("body"),
        "motion": getattr(case, "motion", None),
    }
    return render(request, "casework/case_detail.html", context)
