from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from casework import roles
from casework.forms import StatementFormSet, add_service_errors, members_of, rows_formset
from casework.services import StatementsRefused
from casework.viewhelpers import (
    get_case,
    render_step,
    requires_step,
    show_statement_refusals,
    statement_inputs,
)
from casework.workflow import Status
from referrals.forms import (
    CommitteeAnswerForm,
    DeclineForm,
    OutsideBodyForm,
    ReferralRowFormSet,
    ReferralSendForm,
    WrittenAnswerForm,
)
from referrals.services import (
    Recipient,
    case_refer,
    outside_body_add,
    referral_answer_by_report,
    referral_decision_register,
    referral_decline,
)


@requires_step(roles.REFER)
def outside_body_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A company or an outside authority the case is to be referred to, added on the way."""
    case = get_case(slug)
    form = OutsideBodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = outside_body_add(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{body.name} finns nu bland remissinstanserna.")
            return redirect("referrals:refer", slug=case.slug)
    return render_step(
        request,
        case,
        "Lägg till ett bolag eller en myndighet att remittera till",
        form,
        submit="Lägg till",
        extra={"cancel": reverse("referrals:refer", args=[case.slug])},
    )


@requires_step(roles.REFER)
def refer(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_case(slug)
    if case.status not in (Status.REGISTERED, Status.REFERRED):
        messages.error(request, "Ärendet kan inte remitteras i sitt nuvarande skede.")
        return redirect(case)
    form = ReferralSendForm(request.POST or None)
    rows, more_rows = rows_formset(ReferralRowFormSet, request, "remiss")
    if request.method == "POST" and not more_rows and form.is_valid() and rows.is_valid():
        recipients = [
            Recipient(body=row.cleaned_data["body"], due_on=row.cleaned_data["due_on"])
            for row in rows
            if row.cleaned_data.get("body")
        ]
        try:
            case_refer(
                case=case,
                sent_on=form.cleaned_data["sent_on"],
                recipients=recipients,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            bodies = [r.body.name for r in recipients]
            messages.success(request, f"Ärendet har remitterats till {', '.join(bodies)}.")
            return redirect(case)
    return render_step(
        request,
        case,
        "Remittera ärendet",
        form,
        extra={
            "links": [
                (
                    reverse("referrals:outside_body_new", args=[case.slug]),
                    "Saknas instansen? Lägg till ett bolag eller en myndighet",
                )
            ]
        },
        formset=rows,
        formset_title="Remissinstanser",
        more_rows=more_rows,
        submit="Remittera",
    )


@requires_step(roles.ANSWER_WRITTEN)
def answer_written(request: HttpRequest, slug: str) -> HttpResponse:
    """An office's report, or a letter from a municipal company or an outside authority."""
    case = get_case(slug)
    form = WrittenAnswerForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral_answer_by_report(
                referral=data["referral"],
                dated=data["dated"],
                text=data["text"],
                proposed_items=data["proposed_items"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Remissvaret från {data['referral'].body} är registrerat.")
            return redirect(case)
    return render_step(
        request, case, "Registrera ett skriftligt remissvar", form, submit="Registrera remissvaret"
    )


@requires_step(roles.ANSWER_WRITTEN)
def decline(request: HttpRequest, slug: str) -> HttpResponse:
    """A referral body declines to answer (avstår), with its reason."""
    case = get_case(slug)
    form = DeclineForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral_decline(referral=data["referral"], dated=data["dated"], reason=data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{data['referral'].body} avstår; svaret är registrerat.")
            return redirect(case)
    return render_step(
        request, case, "Registrera att en instans avstår", form, submit="Registrera svaret"
    )


@requires_step(roles.ANSWER_COMMITTEE)
def answer_committee(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_case(slug)
    form = CommitteeAnswerForm(request.POST or None, case=case)
    committees = [r.body for r in form.fields["referral"].queryset]
    statements, more_rows = rows_formset(
        StatementFormSet, request, "uttalande", members=members_of(*committees)
    )
    if request.method == "POST" and not more_rows and form.is_valid() and statements.is_valid():
        data = form.cleaned_data
        referral = data["referral"]
        try:
            referral_decision_register(
                referral=referral,
                meeting_date=data["meeting_date"],
                justering_deadline=data["justering_deadline"],
                items=data["items"],
                report_dated=data["report_dated"],
                report_text=data["report_text"],
                statements=statement_inputs(statements),
                by=request.user,
            )
        except StatementsRefused as refused:
            show_statement_refusals(statements, refused)
            form.add_error(None, "Inget sparades: rätta reservationerna och uttalandena nedan.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{referral.body}s beslut är registrerat.")
            return redirect(case)
    return render_step(
        request,
        case,
        "Registrera nämndens remissvar",
        form,
        formset=statements,
        formset_title="Reservationer och särskilda uttalanden",
        more_rows=more_rows,
        submit="Registrera remissvaret",
    )
