from django.http import HttpRequest, HttpResponse

from casework.views import get_case


def utlatande_preview(request: HttpRequest, slug: str) -> HttpResponse:
    get_case(slug)
    return HttpResponse("")
