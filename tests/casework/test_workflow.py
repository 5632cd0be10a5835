import datetime
import itertools

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from casework.models import Case, CaseEvent, ChainStep
from casework.services import decision_record
from casework.workflow import CLOSED, TRANSITIONS, Status
from motions.models import DeadlineReport, DeadlineReportItem, Motion, Utlatande

D = datetime.date
ALLOWED = [(a, b) for a, nexts in TRANSITIONS.items() for b in nexts]
FORBIDDEN = [(a, b) for a, b in itertools.product(Status, Status) if b not in TRANSITIONS[a]]


@pytest.fixture
def complete_motion(world):
    """A motion with every fact a guard asks for, so that only the table decides."""
    motion = world.prepared_motion()
    case = motion.case
    for step, date in zip(
        ChainStep.chain("motion"), [D(2024, 5, 22), D(2024, 6, 5), D(2024, 6, 17)], strict=True
    ):
        decision_record(
            meeting=world.meeting(step.body, date), case=case, items=["Beslut."], step=step
        )
    motion.outcome = Motion.Outcome.ANSWERED
    motion.save()
    return motion


def put(case, status, target=None):
    """Put the case in a status; in the decision chain, at the step a move to `target` leaves;
    for a write-off, reported to KF with the outcome "avskriven" (KL 5 kap. 35 §)."""
    if target == Status.WRITTEN_OFF:
        report = DeadlineReport.objects.create(as_of=D(2024, 10, 1))
        DeadlineReportItem.objects.create(
            report=report, motion=case.motion, deadline=D(2024, 9, 25), found="–"
        )
        Motion.objects.filter(case=case).update(outcome=Motion.Outcome.WRITTEN_OFF)
    chain = list(ChainStep.chain(case.kind))
    step = (
        (chain[-1] if target == Status.DECIDED else chain[0])
        if status == Status.IN_DECISION
        else None
    )
    Case.objects.filter(pk=case.pk).update(status=status, step=step)
    case.refresh_from_db()


def test_the_table_allows_the_lifecycle_in_order_and_withdrawal_from_every_open_state():
    chain = [
        Status.REGISTERED,
        Status.REFERRED,
        Status.IN_PREPARATION,
        Status.IN_DECISION,
        Status.IN_DECISION,
        Status.DECIDED,
    ]
    for current, following in itertools.pairwise(chain):
        assert following in TRANSITIONS[current]
    assert all(Status.WITHDRAWN in TRANSITIONS[s] for s in Status if s not in CLOSED)
    assert {Status.DECIDED, Status.WITHDRAWN, Status.WRITTEN_OFF} == CLOSED


@pytest.mark.parametrize(("start", "target"), ALLOWED)
def test_each_allowed_move_is_made_and_logged(complete_motion, start, target):
    case = complete_motion.case
    put(case, start, target)
    user = User.objects.create(username="registrator")
    case.transition_to(target, by=user, note="Enligt beslut.")
    case.refresh_from_db()
    assert case.status == target
    registered, event = case.events.all()  # the registration is the first event
    assert (registered.from_status, registered.to_status) == ("", Status.REGISTERED)
    assert (event.from_status, event.to_status, event.by, event.note) == (
        start,
        target,
        user,
        "Enligt beslut.",
    )


@pytest.mark.parametrize(("start", "target"), FORBIDDEN)
def test_each_forbidden_move_is_refused_in_swedish_and_changes_nothing(
    complete_motion, start, target
):
    case = complete_motion.case
    put(case, start, target)
    with pytest.raises(ValidationError) as error:
        case.transition_to(target)
    assert error.value.messages == [
        f"Ärendet kan inte gå från ”{Status(start).label}” till ”{Status(target).label}”."
    ]
    case.refresh_from_db()
    assert case.status == start
    assert not case.events.exclude(from_status="").exists()  # only its registration


def test_it_refuses_to_mark_a_case_referred_before_any_referral(world):
    case = world.motion().case
    with pytest.raises(ValidationError) as error:
        case.transition_to(Status.REFERRED)
    assert error.value.messages == ["Ärendet har inte remitterats till någon instans ännu."]


def test_a_case_leaves_a_step_of_the_chain_only_once_that_body_has_decided(world):
    """…or, for a step the profile lets a case skip, without; and only the last step decides it."""
    case = world.motion().case
    brb, ks, kf = ChainStep.chain("motion")
    put(case, Status.IN_DECISION)
    with pytest.raises(ValidationError) as error:
        case.transition_to(Status.IN_DECISION)
    assert error.value.messages == ["Borgarrådsberedningen har inte beslutat i ärendet."]
    with pytest.raises(ValidationError) as error:
        case.transition_to(Status.DECIDED)
    assert error.value.messages[0] == "Ärendet avgörs genom beslut i beslutsgångens sista steg."
    ChainStep.objects.filter(pk=brb.pk).update(optional=True)
    case.refresh_from_db()
    case.transition_to(Status.IN_DECISION, note="Brådskande.")
    assert (case.status, case.step, case.stage) == (Status.IN_DECISION, ks, "hos kommunstyrelsen")
    assert case.events.last().note == "Brådskande."


def test_it_refuses_to_send_an_incomplete_draft_to_borgarradsberedningen(world):
    motion = world.motion()
    put(motion.case, Status.IN_PREPARATION)
    with pytest.raises(ValidationError) as error:
        motion.case.transition_to(Status.IN_DECISION)
    assert error.value.messages == ["Utlåtandet har inte skrivits ännu."]
    Utlatande.objects.create(
        motion=motion, rapporteur=world.wanngard, proposed_items=["Besvaras."], summary="S."
    )
    motion.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        motion.case.transition_to(Status.IN_DECISION)
    assert error.value.messages == [
        "Utlåtandet saknar: föredragande borgarrådets synpunkter, ärendet."
    ]


def test_it_refuses_to_decide_a_case_without_an_outcome(world):
    motion = world.motion()
    kf = ChainStep.chain("motion").last()
    decision_record(
        meeting=world.meeting(world.kf, D(2024, 6, 17)),
        case=motion.case,
        items=["Beslut."],
        step=kf,
    )
    put(motion.case, Status.IN_DECISION, Status.DECIDED)
    with pytest.raises(ValidationError) as error:
        motion.case.transition_to(Status.DECIDED)
    assert error.value.messages == ["Utfallet är inte registrerat."]


def test_the_event_log_is_append_only(world):
    case = world.motion().case
    event = case.transition_to(Status.WITHDRAWN, note="Motionären återkallade motionen.")
    event.note = "Ändrad"
    with pytest.raises(ValidationError):
        event.save()
    assert CaseEvent.objects.get(pk=event.pk).note == "Motionären återkallade motionen."
