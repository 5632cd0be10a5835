"""An administrator brings in an earlier diarium's cases (motions.importing)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from casework import roles
from casework.viewhelpers import render_step, requires_step
from motions.forms import ImportForm
from motions.importing import import_cases, read_rows

SHOWN_PROBLEMS = 100


@requires_step(roles.IMPORT)
def case_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
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
                shown = report.problems[:SHOWN_PROBLEMS]
                if len(report.problems) > SHOWN_PROBLEMS:
                    shown.append(f"… och {len(report.problems) - SHOWN_PROBLEMS} problem till.")
                form.add_error("file", [f"Ingenting lästes in: {len(report.problems)} problem."])
                form.add_error(None, shown)
            elif dry_run:
                messages.success(
                    request,
                    f"Provkörningen gick igenom: {len(report.added)} ärenden kan läsas in, "
                    f"{len(report.existing)} finns redan. Välj filen igen utan provkörning "
                    "för att läsa in dem.",
                )
                return redirect("motions:case_import")
            else:
                messages.success(
                    request,
                    f"{len(report.added)} ärenden är inlästa; {len(report.existing)} fanns redan.",
                )
                return redirect("case_list")
    return render_step(
        request,
        None,
        "Läs in ärenden från ett tidigare diarium",
        form,
        submit="Läs in",
        extra={"multipart": True},
    )
