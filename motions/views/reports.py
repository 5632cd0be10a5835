"""KL 5 kap. 35 §: the report to KF of motions not prepared within a year, and KF's write-off."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casework import roles
from casework.forms import add_service_errors
from casework.text import count
from casework.viewhelpers import render_step, requires_step
from motions.forms import DeadlineReportForm, WriteOffForm
from motions.models import DeadlineReport
from motions.services import deadline_report_decision_register, deadline_report_make


def _report(pk: int) -> DeadlineReport:
    report = DeadlineReport.objects.filter(pk=pk).first()
    if report is None:
        raise Http404("Redovisningen finns inte")
    return report


def deadline_reports(request: HttpRequest) -> HttpResponse:
    """The reports made so far: KS's documents to KF, public."""
    context = {
        "reports": DeadlineReport.objects.all()[:100],
        "may_report": roles.can(request.user, roles.DECIDE),
    }
    return render(request, "motions/deadline_reports.html", context)


def deadline_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as KF reads it: each motion, its one-year limit and what has been found."""
    report = _report(pk)
    context = {
        "report": report,
        "items": report.items.select_related(
            "motion__case__registry", "motion__case__classification"
        ),
        "may_decide": roles.can(request.user, roles.DECIDE),
    }
    return render(request, "motions/deadline_report.html", context)


@requires_step(roles.DECIDE)
def deadline_report_new(request: HttpRequest) -> HttpResponse:
    form = DeadlineReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = deadline_report_make(as_of=form.cleaned_data["as_of"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Redovisningen per {report.as_of:%Y-%m-%d} är upprättad.")
            return redirect(report)
    return render_step(
        request,
        None,
        "Redovisa motioner enligt ettårsregeln",
        form,
        submit="Upprätta redovisningen",
    )


@requires_step(roles.DECIDE)
def write_off(request: HttpRequest, pk: int) -> HttpResponse:
    """KF's decision writing off motions the report listed (KL 5 kap. 35 §)."""
    report = _report(pk)
    form = WriteOffForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            written_off = deadline_report_decision_register(
                report=report,
                meeting_date=data["meeting_date"],
                motions=list(data["motions"]),
                items=data["items"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Fullmäktiges beslut är registrerat: "
                f"{count(len(written_off), 'motion avskriven', 'motioner avskrivna')}.",
            )
            return redirect(report)
    return render_step(
        request,
        None,
        "Fullmäktige avskriver redovisade motioner",
        form,
        submit="Registrera beslutet",
    )
