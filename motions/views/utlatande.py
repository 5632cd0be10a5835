from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casework.views import get_case
from motions.models import Utlatande
from motions.services import UTLATANDE_TEMPLATE, utlatande_context, utlatande_pdf


def _get_utlatande(request: HttpRequest, slug: str) -> tuple[Utlatande | None, HttpResponse | None]:
    """The case's utlåtande, or the page that says why there is none to show.

    A draft is working material: only signed-in users see it before it is final.
    """
    case = get_case(slug)
    utlatande = Utlatande.objects.filter(motion__case=case).select_related(
        "motion__case__registry", "motion__case__rotel", "rapporteur", "signatory",
        "endorsement__meeting", "ks_decision__meeting", "frozen_document",
    ).first()  # fmt: skip
    if utlatande is None:
        message = "Ärendet har inget utlåtande ännu."
        return None, render(
            request,
            "motions/utlatande_unavailable.html",
            {"case": case, "message": message},
            status=404,
        )
    if not utlatande.is_final(timezone.now()) and not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    missing = utlatande.missing_parts()
    if missing and not utlatande.frozen_document_id:
        message = f"Utlåtandet kan inte visas. Det saknar: {', '.join(missing)}."
        return None, render(
            request,
            "motions/utlatande_unavailable.html",
            {"case": case, "message": message},
            status=409,
        )
    return utlatande, None


def utlatande_preview(request: HttpRequest, slug: str) -> HttpResponse:
    utlatande, refusal = _get_utlatande(request, slug)
    if refusal:
        return refusal
    return render(
        request, UTLATANDE_TEMPLATE, utlatande_context(utlatande=utlatande, now=timezone.now())
    )


def utlatande_pdf_download(request: HttpRequest, slug: str) -> HttpResponse:
    utlatande, refusal = _get_utlatande(request, slug)
    if refusal:
        return refusal
    try:
        pdf = utlatande_pdf(utlatande=utlatande)
    except ValidationError as error:
        context = {"case": utlatande.motion.case, "message": " ".join(error.messages)}
        return render(request, "motions/utlatande_unavailable.html", context, status=409)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slug}-utlatande.pdf"'
    return response
