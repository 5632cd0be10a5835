"""What a case raised in KF or KS waits for, and which steps a user may take on it now."""

from dataclasses import dataclass

from django.urls import reverse

from casework import roles
from casework.models import Body, Municipality
from casework.workflow import Status
from motions.models import Motion, document_may_change


@dataclass(frozen=True)
class Step:
    role_step: str
    label: str
    url_name: str


REFER = Step(roles.REFER, "Remittera", "referrals:refer")
ANSWER_WRITTEN = Step(
    roles.ANSWER_WRITTEN, "Registrera skriftligt remissvar", "referrals:answer_written"
)
DECLINE = Step(roles.ANSWER_WRITTEN, "Registrera att en instans avstår", "referrals:decline")
ANSWER_COMMITTEE = Step(
    roles.ANSWER_COMMITTEE, "Registrera nämndens remissvar", "referrals:answer_committee"
)
MOVE = Step(roles.MOVE, "För ärendet vidare", "motions:move")
WITHDRAW = Step(roles.WITHDRAW, "Återkalla", "motions:withdraw")
DOCUMENT = Step(roles.DOCUMENT, "Registrera en handling", "document_register")
EDIT_DETAILS = Step(roles.EDIT_CASE, "Ändra ärendets uppgifter", "motions:edit_details")


def _outstanding(motion: Motion) -> list:
    return [r for r in motion.case.referrals.all() if r.state in ("skickad", "sen")]


def _draft() -> Step:
    return Step(
        roles.DRAFT, f"Skriv {Municipality.current().document_name_definite}", "motions:draft"
    )


def _decide(body: Body) -> Step:
    return Step(roles.DECIDE, f"Registrera {body.running_genitive} beslut", "motions:decide")


SKIP = Step(roles.DECIDE, "Hoppa över steget", "motions:skip")


def waiting_for(motion: Motion) -> str:
    """The next step the case waits for, in Swedish; empty once it is closed."""
    status = motion.case.status
    utlatande = motion.answering_utlatande
    document_name = Municipality.current().document_name
    if status == Status.REGISTERED:
        return "Remittering eller beredning"
    if status == Status.REFERRED:
        outstanding, total = len(_outstanding(motion)), len(motion.case.referrals.all())
        if outstanding:
            return f"Remissvar ({total - outstanding} av {total} inkomna)"
        answers = "alla remissvar" if total > 1 else "remissvaret"
        return f"Beredning: {answers} har kommit in, för ärendet vidare till beredning"
    if status == Status.IN_PREPARATION:
        if utlatande is None or utlatande.missing_parts():
            return document_name
        first = motion.case.next_step()
        return first.body.name if first else document_name
    if status == Status.IN_DECISION and motion.case.step:
        return f"{motion.case.step.body.genitive} beslut"
    return ""


def _offered_steps(motion: Motion) -> list[Step]:
    """The steps the workflow offers now, whoever takes them."""
    case = motion.case
    status = case.status
    outstanding = _outstanding(motion)
    steps = []
    if status in (Status.REGISTERED, Status.REFERRED):
        steps.append(REFER)
    if status in (Status.REFERRED, Status.IN_PREPARATION):
        if any(not r.body.answers_by_decision for r in outstanding):
            steps.append(ANSWER_WRITTEN)
        if any(r.body.answers_by_decision for r in outstanding):
            steps.append(ANSWER_COMMITTEE)
        if outstanding:
            steps.append(DECLINE)
    if document_may_change(case):
        steps.append(_draft())
    if status in (Status.REGISTERED, Status.REFERRED, Status.IN_PREPARATION):
        steps.append(MOVE)
    if status == Status.IN_DECISION and case.step:
        steps.append(_decide(case.step.body))
        if case.step.optional:
            steps.append(SKIP)
    if case.is_open:
        steps += [DOCUMENT, EDIT_DETAILS, WITHDRAW]
    return steps


def case_steps(motion: Motion, user) -> tuple[list[tuple[Step, str]], list[tuple[Step, str]]]:
    """The steps the workflow offers now: those the user's role allows, each with its URL, and
    those other roles take, each with who takes it (what a clerk waits for, instead of a step
    that would refuse them)."""
    slug = motion.case.slug
    available, for_others = [], []
    for step in _offered_steps(motion):
        if roles.can(user, step.role_step):
            available.append((step, reverse(step.url_name, args=[slug])))
        else:
            for_others.append((step, roles.who_may(step.role_step)))
    return available, for_others
