"""The archivist's page: order an archive package, follow its progress, fetch it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from archive.forms import ExportForm
from archive.models import ArchiveExport
from archive.services import export_order, export_retry
from casework import roles
from casework.forms import add_service_errors
from casework.viewhelpers import requires_step


@requires_step(roles.ARCHIVE)
def exports(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            export_order(
                case=form.cleaned_data.get("case"), year=form.cleaned_data["year"], by=request.user
            )
            return redirect("archive:exports")
        except ValidationError as error:
            add_service_errors(form, error)
    listed = ArchiveExport.objects.select_related("case__registry")[:50]
    return render(request, "archive/exports.html", {"form": form, "exports": listed})


@requires_step(roles.ARCHIVE)
def package(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(ArchiveExport.objects.select_related("case__registry"), pk=pk)
    if export.finished_at is None:
        raise Http404("Paketet är inte klart än.")
    return FileResponse(export.package.open("rb"), as_attachment=True, filename=export.file_name)


@require_POST
@requires_step(roles.ARCHIVE)
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(ArchiveExport, pk=pk)
    try:
        export_retry(export=export)
        messages.success(request, f"{export.label} görs om.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("archive:exports")
