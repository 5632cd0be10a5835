"""Sending referrals and recording their answers."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from casework.models import Body, Case, Document, Meeting
from casework.services import (
    StatementInput,
    decision_record,
    decision_statements_file,
    document_register,
    meeting_get_or_create,
)
from casework.workflow import Status
from referrals.models import OfficerReport, Referral


@dataclass(frozen=True)
class Recipient:
    """A body a case is referred to, and the day its answer is due."""

    body: Body
    due_on: datetime.date | None = None  # None: the default time after the day it is sent


def default_due_on(sent_on: datetime.date) -> datetime.date:
    """The answer is due the configured number of days after the referral is sent."""
    return sent_on + datetime.timedelta(days=settings.REFERRAL_DEFAULT_DAYS)


@transaction.atomic
def referral_send(
    *, case: Case, body: Body, sent_on: datetime.date, due_on: datetime.date
) -> Referral:
    """Refer the case to a body; the referral sent is registered on the case (OSL 5 kap. 1 §)."""
    referral = Referral(case=case, body=body, sent_on=sent_on, due_on=due_on)
    referral.full_clean()
    referral.save()
    document_register(
        case=case,
        dated=sent_on,
        registered_on=sent_on,
        kind=Document.Kind.REFERRAL,
        title=f"Remiss till {body.in_running_text}",
        counterpart=body.name,
        direction=Document.Direction.OUTGOING,
    )
    return referral


@transaction.atomic
def case_refer(
    *, case: Case, sent_on: datetime.date, recipients: list[Recipient], by=None
) -> list[Referral]:
    """Refer a case to several bodies at once, each as `referral_send` does; a case registered
    until now is referred (the bodies named in its log, on the day they were sent). All or
    none."""
    if case.status not in (Status.REGISTERED, Status.REFERRED):
        raise ValidationError("Ärendet kan inte remitteras i sitt nuvarande skede.")
    at = case.moment_of(sent_on)  # a referral entered afterwards is logged on its own day
    for r in recipients:
        if r.due_on and r.due_on < sent_on:
            raise ValidationError(
                f"Svarsdatumet för {r.body.name} ({r.due_on:%Y-%m-%d}) ligger före den dag "
                f"remissen skickas ({sent_on:%Y-%m-%d})."
            )
    referrals = [
        referral_send(
            case=case, body=r.body, sent_on=sent_on, due_on=r.due_on or default_due_on(sent_on)
        )
        for r in recipients
    ]
    if case.status == Status.REGISTERED:
        case.transition_to(
            Status.REFERRED,
            by=by,
            note="Remitterat till " + ", ".join(r.body.name for r in recipients),
            at=at,
        )
    return referrals


@transaction.atomic
def referral_answer_by_report(
    *, referral: Referral, dated: datetime.date, text: str, proposed_items: list[str] | None = None
) -> OfficerReport:
    """An office answers with its report; a company or an outside authority with a letter."""
    if referral.state not in (Referral.State.SENT, Referral.State.LATE):
        raise ValidationError("Remissen är redan besvarad eller avslutad.")
    if referral.body.answers_by_decision:
        raise ValidationError(
            f"{referral.body} är en politisk instans och svarar med ett beslut vid sitt sammanträde."
        )
    referral.refuse_answer_dated(dated)
    report = OfficerReport(
        referral=referral,
        office=referral.body,
        dated=dated,
        text=text,
        proposed_items=proposed_items or [],
    )
    report.full_clean()
    report.save()
    _register_answer(referral, Referral.State.ANSWERED, dated)
    return report


@transaction.atomic
def referral_answer_by_decision(
    *,
    referral: Referral,
    meeting: Meeting,
    items: list[str],
    report_dated: datetime.date | None = None,
    report_text: str = "",
    in_minutes: bool = False,
    at=None,
) -> Referral:
    """A committee answers by a decision at its meeting, usually adopting its office's report
    (a body with no office of its own decides without one)."""
    body = referral.body
    if not body.answers_by_decision:
        raise ValidationError(f"{body} svarar skriftligt, inte med ett beslut vid ett sammanträde.")
    if referral.state not in (Referral.State.SENT, Referral.State.LATE):
        raise ValidationError("Remissen är redan besvarad eller avslutad.")
    if report_text and body.office is None:
        raise ValidationError(
            {
                "report_text": f"{body.name} har ingen förvaltning angiven; lämna texten tom eller ange förvaltningen."
            }
        )
    if report_text and not report_dated:
        raise ValidationError({"report_dated": "Ange vilket datum förvaltningens svar har."})
    if meeting.body_id != body.pk:
        raise ValidationError({"meeting": f"Sammanträdet är inte {body.genitive.lower()}."})
    referral.refuse_answer_before_sending(meeting.date, field="meeting_date")
    if report_text and report_dated > meeting.date:
        raise ValidationError(
            {
                "report_dated": "Tjänsteutlåtandet kan inte vara daterat efter sammanträdet som antar det."
            }
        )
    referral.decision = decision_record(
        meeting=meeting, case=referral.case, items=items, in_minutes=in_minutes, at=at
    )
    referral.full_clean()
    referral.save(update_fields=["decision"])
    if report_text:
        report = OfficerReport(
            referral=referral, office=body.office, dated=report_dated, text=report_text
        )
        report.full_clean()
        report.save()
    _register_answer(referral, Referral.State.ANSWERED, meeting.date)
    return referral


@transaction.atomic
def referral_decision_register(
    *,
    referral: Referral,
    meeting_date: datetime.date,
    items: list[str],
    justering_deadline: datetime.datetime | None = None,
    report_dated: datetime.date | None = None,
    report_text: str = "",
    statements: list[StatementInput] | None = None,
    by=None,
) -> Referral:
    """Register, on the case's page, a committee's answer decided at its meeting of that day
    (created if need be), as `referral_answer_by_decision` does, with the reservations and
    special statements announced on it. All or none."""
    meeting = meeting_get_or_create(
        body=referral.body, date=meeting_date, justering_deadline=justering_deadline, by=by
    )
    referral_answer_by_decision(
        referral=referral,
        meeting=meeting,
        items=items,
        report_dated=report_dated,
        report_text=report_text,
    )
    decision_statements_file(decision=referral.decision, statements=statements or [])
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, dated: datetime.date, reason: str) -> Referral:
    """The body declines to answer (avstår), e.g. because the matter is not its own; the
    answer is registered on the case like any other."""
    if referral.state not in (Referral.State.SENT, Referral.State.LATE):
        raise ValidationError("Remissen är redan besvarad eller avslutad.")
    if not reason.strip():
        raise ValidationError({"reason": "Ange skälet."})
    referral.refuse_answer_dated(dated)
    referral.declined_reason = reason.strip()
    _register_answer(referral, Referral.State.DECLINED, dated)
    return referral


def _register_answer(referral: Referral, state: str, dated: datetime.date) -> None:
    """The referral answered (or declined) on that day; OSL 5 kap. 1 §: the answer received is
    registered on the case, that day (an answer entered afterwards is not registered today)."""
    referral.state = state
    referral.answered_on = dated
    referral.full_clean()
    referral.answer = document_register(
        case=referral.case,
        dated=dated,
        registered_on=dated,
        kind=Document.Kind.REFERRAL_ANSWER,
        title=f"Remissvar från {referral.body.in_running_text}",
        counterpart=referral.body.name,
    )
    referral.save(update_fields=["state", "answered_on", "declined_reason", "answer"])


def referral_answer_cancelled(document: Document) -> None:
    """A referral answer's document cancelled (registered by mistake) reopens its referral."""
    referral = Referral.objects.filter(answer=document).first()
    if referral:
        referral.reopen()


def referrals_awaiting_decision(meeting: Meeting):
    """The cases referred to this committee and not yet answered: its agenda may take them."""
    open_states = (Referral.State.SENT, Referral.State.LATE)
    if not meeting.body.answers_by_decision:
        return Case.objects.none()
    return Case.objects.filter(
        referrals__body=meeting.body, referrals__state__in=open_states
    ).distinct()


def referral_propose(case: Case, meeting: Meeting) -> tuple[str, list[str]]:
    """The committee's usual answer: its office's report as the answer to the referral."""
    body = meeting.body
    if body.office_id:
        return f"{body.office.genitive} förslag", [
            f"{body.name} besvarar remissen med {body.office.genitive.lower()} tjänsteutlåtande."
        ]
    return "Förslag till beslut", [f"{body.name} lämnar yttrande enligt förslaget."]


def referral_decide_at_meeting(
    *, case: Case, meeting: Meeting, items, outcome="", by=None, at=None
):
    """The paragraph answers the case's referral to the meeting's body."""
    referral = case.referrals.filter(
        body=meeting.body, state__in=(Referral.State.SENT, Referral.State.LATE)
    ).first()
    if referral is None:
        raise ValidationError(
            f"{case.dnr} har ingen obesvarad remiss till {meeting.body.in_running_text}."
        )
    return referral_answer_by_decision(
        referral=referral, meeting=meeting, items=items, in_minutes=True, at=at
    ).decision


def outside_body_add(*, name: str, kind: str, proper_name: bool) -> Body:
    """A municipal company or a body outside the municipality that a case is referred to, added
    by a clerk; committees and offices are the administrator's to set up."""
    if kind not in (Body.Kind.COMPANY, Body.Kind.AUTHORITY):
        raise ValidationError({"kind": "Välj kommunalt bolag eller myndighet utanför kommunen."})
    name = " ".join(name.split())
    if Body.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"{name} finns redan bland remissinstanserna."})
    body = Body(name=name, kind=kind, running_name=name if proper_name else "")
    body.full_clean()
    body.save()
    return body
