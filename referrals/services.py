"""Sending referrals and recording their answers."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from casework.models import Body, Case, Document, Meeting
from casework.services import decision_record, document_register
from referrals.models import OfficerReport, Referral


@transaction.atomic
def referral_send(
    *, case: Case, body: Body, sent_on: datetime.date, due_on: datetime.date
) -> Referral:
    """Refer the case to a body; the referral sent is registered on the case (OSL 5 kap. 1 §)."""
    referral = Referral(case=case, body=body, sent_on=sent_on, due_on=due_on)
    referral.full_clean()
    referral.save()
    document_register(
        case=case, dated=sent_on, kind=Document.Kind.REFERRAL, title=f"Remiss till {body.in_running_text}",
        counterpart=body.name, direction=Document.Direction.OUTGOING,
    )  # fmt: skip
    return referral


@transaction.atomic
def referral_answer_by_report(
    *, referral: Referral, dated: datetime.date, text: str, proposed_items: list[str] | None = None
) -> OfficerReport:
    """An office answers with its tjänsteutlåtande."""
    if referral.body.answers_by_decision:
        raise ValidationError(
            f"{referral.body} är en politisk instans och svarar med ett beslut vid sitt sammanträde."
        )
    report = OfficerReport(
        referral=referral,
        office=referral.body,
        dated=dated,
        text=text,
        proposed_items=proposed_items or [],
    )
    report.full_clean()
    report.save()
    referral.state = Referral.State.ANSWERED
    referral.save(update_fields=["state"])
    _register_answer(referral, dated)
    return report


@transaction.atomic
def referral_answer_by_decision(
    *,
    referral: Referral,
    meeting: Meeting,
    items: list[str],
    report_dated: datetime.date,
    report_text: str,
) -> Referral:
    """A committee answers by a decision at its meeting, adopting its office's tjänsteutlåtande."""
    body = referral.body
    if not body.answers_by_decision:
        raise ValidationError(f"{body} är ett kontor och svarar med ett tjänsteutlåtande.")
    if body.office is None:
        raise ValidationError(
            {"office": f"Ange först vilken förvaltning som betjänar {body.in_running_text}."}
        )
    if meeting.body_id != body.pk:
        raise ValidationError({"meeting": f"Sammanträdet är inte {body.genitive.lower()}."})
    if report_dated > meeting.date:
        raise ValidationError(
            {
                "report_dated": "Tjänsteutlåtandet kan inte vara daterat efter sammanträdet som antar det."
            }
        )
    referral.decision = decision_record(meeting=meeting, case=referral.case, items=items)
    referral.state = Referral.State.ANSWERED
    referral.full_clean()
    referral.save(update_fields=["decision", "state"])
    report = OfficerReport(
        referral=referral, office=body.office, dated=report_dated, text=report_text
    )
    report.full_clean()
    report.save()
    _register_answer(referral, meeting.date)
    return referral


def _register_answer(referral: Referral, dated: datetime.date) -> None:
    """OSL 5 kap. 1 §: the answer received is registered on the case."""
    document_register(
        case=referral.case, dated=dated, kind=Document.Kind.REFERRAL_ANSWER,
        title=f"Remissvar från {referral.body.in_running_text}", counterpart=referral.body.name,
    )  # fmt: skip
