"""An administrator brings in an earlier diarium's cases (motions.importing)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from casework import roles
from casework.viewhelpers import render_step, requires_step
from motions.forms import ImportForm
from motions.importing import DATE_FORMAT, columns, import_cases, read_rows

SHOWN_PROBLEMS = 100


@requires_step(roles.IMPORT)
def case_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    error_details = []
    if request.method == "POST" and form.is_valid():
        file, dry_run = form.cleaned_data["file"], form.cleaned_data["dry_run"]
        try:
            rows = read_rows(file.name, file.read())
        except (ValueError, UnicodeDecodeError):
            form.add_error("file", "Filen kunde inte läsas; den ska vara UTF-8, CSV eller JSON.")
        else:
            report = import_cases(
                rows, dry_run=dry_run, by=request.user, folder=settings.IMPORT_DIR
            )
            if report.problems:
                form.add_error(None, report.refusal)
                error_details = report.problems[:SHOWN_PROBLEMS]
                if len(report.problems) > SHOWN_PROBLEMS:
                    more = len(report.problems) - SHOWN_PROBLEMS
                    error_details.append(f"… och {more} problem till.")
            elif dry_run:
                messages.success(
                    request,
                    f"Provkörningen gick igenom: {report.outcome(dry_run=True)} Välj filen igen "
                    "utan provkörning för att läsa in den.",
                )
                return redirect("motions:case_import")
            else:
                messages.success(request, report.outcome(dry_run=False))
                return redirect("case_list")
    return render_step(
        request,
        None,
        "Läs in ärenden från ett tidigare diarium",
        form,
        submit="Läs in",
        extra={
            "multipart": True,
            "intro": "motions/_import_columns.html",
            "columns": columns(),
            "date_format": DATE_FORMAT,
            "error_details": error_details,
        },
    )
