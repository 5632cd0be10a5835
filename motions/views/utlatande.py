"""The utlåtande as a web page and as PDF: the frozen record once fastställt, a draft before."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe

from casework import attributes
from casework.models import DamagedFile, Municipality
from casework.viewhelpers import damaged_file_response, get_case
from motions.models import Utlatande
from motions.services import (
    UTLATANDE_TEMPLATE,
    utlatande_context,
    utlatande_draft_pdf,
)


def _unavailable(
    request: HttpRequest, case, message: str, status: int, missing: list | None = None
) -> HttpResponse:
    context = {"case": case, "message": message, "missing": missing or []}
    return render(request, "motions/utlatande_unavailable.html", context, status=status)


def _get_utlatande(
    request: HttpRequest, slug: str, *, printing: bool
) -> tuple[Utlatande | None, HttpResponse | None]:
    """The case's utlåtande, or the page that says why there is none to show.

    A draft is working material: only signed-in users see it before it is fastställt.
    """
    case = get_case(slug)
    utlatande = (
        Utlatande.objects.answering(case)
        .select_related(
            "motion__case__registry",
            "rapporteur",
            "signatory",
            "frozen_document__case__registry",
            *attributes.related("motion__case__"),
        )
        .first()
    )
    if utlatande is None:
        return None, _unavailable(
            request, case, f"{Municipality.current().the_document()} har inte skrivits ännu.", 404
        )
    if not utlatande.frozen_document_id and not request.user.is_authenticated:
        message = (
            f"{Municipality.current().the_document()} publiceras här när kommunstyrelsen har "
            "beslutat och protokollet är justerat; till dess är det ett utkast för handläggarna."
        )
        context = {"case": case, "message": message, "login_next": request.get_full_path()}
        return None, render(request, "motions/utlatande_unavailable.html", context, status=404)
    refusal = None
    if printing and not utlatande.frozen_document_id:  # a preview lists them at its top instead
        refusal = _refuse_incomplete(request, utlatande)
    return (None, refusal) if refusal else (utlatande, None)


def _refuse_incomplete(request: HttpRequest, utlatande: Utlatande) -> HttpResponse | None:
    """The PDF's refusal: the same parts, with the same links, as the preview's "Det här saknas"."""
    missing = utlatande.missing()
    if not missing:
        return None
    labels = ", ".join(part.label for part in missing)
    message = f"{Municipality.current().the_document()} kan inte visas. Det saknar: {labels}."
    return _unavailable(request, utlatande.motion.case, message, 409, missing)


def utlatande_preview(request: HttpRequest, slug: str) -> HttpResponse:
    utlatande, refusal = _get_utlatande(request, slug, printing=False)
    if refusal:
        return refusal
    if utlatande.frozen_html:  # the very text the frozen PDF was printed from
        return HttpResponse(mark_safe(utlatande.frozen_html))
    context = utlatande_context(utlatande=utlatande, now=timezone.now())
    return render(request, UTLATANDE_TEMPLATE, {**context, "missing": utlatande.missing()})


def utlatande_pdf_download(request: HttpRequest, slug: str) -> HttpResponse:
    """The fastställd PDF, checked against its SHA-256; or the draft, printed once per version by
    the background worker while this page says it is being printed."""
    utlatande, refusal = _get_utlatande(request, slug, printing=True)
    if refusal:
        return refusal
    case = utlatande.motion.case
    filename = f"{case.slug}-utlatande.pdf"
    if utlatande.frozen_document_id:
        try:
            pdf = utlatande.frozen_document.read_verified()
        except DamagedFile as damage:
            return damaged_file_response(request, damage)
    else:
        try:
            pdf = utlatande_draft_pdf(utlatande=utlatande, now=timezone.now())
        except ValidationError as error:
            refusal = _refuse_incomplete(request, utlatande)
            return refusal or _unavailable(request, case, " ".join(error.messages), 409)
        if pdf is None:
            context = {"case": case, "url": request.get_full_path()}
            return render(request, "motions/utlatande_printing.html", context, status=202)
        filename = f"{case.slug}-utlatande-utkast.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
