"""What a motion case waits for, and which steps a user may take on it now."""

from dataclasses import dataclass

from django.urls import reverse

from casework import roles
from casework.models import Body
from casework.workflow import Status
from motions.models import Motion


@dataclass(frozen=True)
class Step:
    role_step: str
    label: str
    url_name: str


REFER = Step(roles.REFER, "Remittera", "referrals:refer")
ANSWER_OFFICE = Step(roles.ANSWER_OFFICE, "Registrera kontors remissvar", "referrals:answer_office")
ANSWER_COMMITTEE = Step(
    roles.ANSWER_COMMITTEE, "Registrera nämnds remissvar", "referrals:answer_committee"
)
MOVE = Step(roles.MOVE, "För ärendet vidare", "motions:move")
DRAFT = Step(roles.DRAFT, "Skriv utlåtandet", "motions:draft")
ENDORSE = Step(
    roles.ENDORSE, "Registrera borgarrådsberedningens ställningstagande", "motions:endorse"
)
KS_DECISION = Step(roles.KS_DECISION, "Registrera kommunstyrelsens beslut", "motions:ks_decision")
KF_DECISION = Step(roles.KF_DECISION, "Registrera kommunfullmäktiges beslut", "motions:kf_decision")
WITHDRAW = Step(roles.WITHDRAW, "Återkalla", "motions:withdraw")
DOCUMENT = Step(roles.DOCUMENT, "Registrera en handling", "document_register")
EDIT_DETAILS = Step(roles.EDIT_CASE, "Ändra ärendets uppgifter", "motions:edit_details")


def _outstanding(motion: Motion) -> list:
    return [r for r in motion.case.referrals.all() if r.state in ("skickad", "sen")]


def waiting_for(motion: Motion) -> str:
    """The next step the case waits for, in Swedish; empty once it is closed."""
    status = motion.case.status
    utlatande = getattr(motion, "utlatande", None)
    if status == Status.REGISTERED:
        return "Remittering"
    if status == Status.REFERRED:
        outstanding, total = len(_outstanding(motion)), len(motion.case.referrals.all())
        return (
            f"Remissvar ({total - outstanding} av {total} inkomna)" if outstanding else "Beredning"
        )
    if status == Status.IN_PREPARATION:
        return (
            "Utlåtande"
            if utlatande is None or utlatande.missing_parts()
            else "Borgarrådsberedningen"
        )
    if status == Status.AT_PREPARATORY_COUNCIL:
        return (
            "Borgarrådsberedningens ställningstagande"
            if not utlatande.endorsement_id
            else "Kommunstyrelsens beslut"
        )
    if status == Status.PROPOSED_BY_KS:
        return "Kommunfullmäktiges beslut"
    return ""


def available_steps(motion: Motion, user) -> list[tuple[Step, str]]:
    """The steps the workflow offers now and the user's role allows, each with its URL."""
    status = motion.case.status
    utlatande = getattr(motion, "utlatande", None)
    outstanding = _outstanding(motion)
    steps = []
    if status in (Status.REGISTERED, Status.REFERRED):
        steps.append(REFER)
    if status in (Status.REFERRED, Status.IN_PREPARATION):
        if any(r.body.kind == Body.Kind.OFFICE for r in outstanding):
            steps.append(ANSWER_OFFICE)
        if any(r.body.kind != Body.Kind.OFFICE for r in outstanding):
            steps.append(ANSWER_COMMITTEE)
    if status in (Status.REFERRED, Status.IN_PREPARATION, Status.AT_PREPARATORY_COUNCIL):
        steps.append(DRAFT)
    if status in (Status.REFERRED, Status.IN_PREPARATION):
        steps.append(MOVE)
    if status == Status.AT_PREPARATORY_COUNCIL:
        steps.append(KS_DECISION if utlatande and utlatande.endorsement_id else ENDORSE)
    if status == Status.PROPOSED_BY_KS:
        steps.append(KF_DECISION)
    if motion.case.is_open:
        steps += [DOCUMENT, EDIT_DETAILS, WITHDRAW]
    slug = motion.case.slug
    return [
        (step, reverse(step.url_name, args=[slug]))
        for step in steps
        if roles.can(user, step.role_step)
    ]
