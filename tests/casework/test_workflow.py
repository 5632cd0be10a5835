import datetime
import itertools

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from casework.models import Case, CaseEvent
from casework.services import decision_record
from casework.workflow import CLOSED, TRANSITIONS, Status
from motions.models import Motion, Utlatande
from referrals.services import referral_send

D = datetime.date
ALLOWED = [(a, b) for a, nexts in TRANSITIONS.items() for b in nexts]
FORBIDDEN = [(a, b) for a, b in itertools.product(Status, Status) if b not in TRANSITIONS[a]]


@pytest.fixture
def complete_motion(world):
    """A motion with every fact a guard asks for, so that only the table decides."""
    motion = world.motion()
    case = motion.case
    referral_send(case=case, body=world.sn, sent_on=D(2023, 10, 1), due_on=D(2024, 1, 31))
    ks_meeting = world.meeting(world.ks, D(2024, 6, 5))
    Utlatande.objects.create(
        motion=motion, rapporteur=world.wanngard, proposed_items=["Motionen besvaras."],
        summary="Sammanfattning.", views="Synpunkter.", matter="Ärendet.",
        ks_decision=decision_record(meeting=ks_meeting, case=case, items=["KS föreslår."]),
    )  # fmt: skip
    motion.outcome = Motion.Outcome.ANSWERED
    motion.kf_decision = decision_record(
        meeting=world.meeting(world.kf, D(2024, 6, 17)), case=case, items=["Besvarad."]
    )
    motion.save()
    return motion


def test_the_table_allows_the_lifecycle_in_order_and_withdrawal_from_every_open_state():
    chain = [Status.REGISTERED, Status.REFERRED, Status.IN_PREPARATION, Status.AT_PREPARATORY_COUNCIL,
             Status.PROPOSED_BY_KS, Status.DECIDED_BY_KF]  # fmt: skip
    for current, following in itertools.pairwise(chain):
        assert following in TRANSITIONS[current]
    assert all(Status.WITHDRAWN in TRANSITIONS[s] for s in Status if s not in CLOSED)
    assert {Status.DECIDED_BY_KF, Status.WITHDRAWN} == CLOSED


@pytest.mark.parametrize(("start", "target"), ALLOWED)
def test_each_allowed_move_is_made_and_logged(complete_motion, start, target):
    case = complete_motion.case
    Case.objects.filter(pk=case.pk).update(status=start)
    case.refresh_from_db()
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
    Case.objects.filter(pk=case.pk).update(status=start)
    case.refresh_from_db()
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


def test_it_refuses_a_ks_proposal_without_an_utlatande_with_a_proposed_decision(world):
    motion = world.motion()
    Case.objects.filter(pk=motion.case.pk).update(status=Status.AT_PREPARATORY_COUNCIL)
    motion.case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        motion.case.transition_to(Status.PROPOSED_BY_KS)
    assert error.value.messages == ["Det finns inget utlåtande med förslag till beslut."]
    Utlatande.objects.create(motion=motion, rapporteur=world.wanngard, proposed_items=[])
    motion.refresh_from_db()
    with pytest.raises(ValidationError):
        motion.case.transition_to(Status.PROPOSED_BY_KS)
    assert motion.case.status == Status.AT_PREPARATORY_COUNCIL


def test_it_refuses_to_send_an_incomplete_draft_to_borgarradsberedningen(world):
    motion = world.motion()
    Case.objects.filter(pk=motion.case.pk).update(status=Status.IN_PREPARATION)
    motion.case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        motion.case.transition_to(Status.AT_PREPARATORY_COUNCIL)
    assert error.value.messages == ["Utlåtandet är inte skrivet ännu."]
    Utlatande.objects.create(
        motion=motion, rapporteur=world.wanngard, proposed_items=["Besvaras."], summary="S."
    )
    motion.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        motion.case.transition_to(Status.AT_PREPARATORY_COUNCIL)
    assert error.value.messages == [
        "Utlåtandet saknar: föredragande borgarrådets synpunkter, ärendet."
    ]


def test_it_refuses_a_kf_decision_without_an_outcome(world):
    motion = world.motion()
    Case.objects.filter(pk=motion.case.pk).update(status=Status.PROPOSED_BY_KS)
    motion.case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        motion.case.transition_to(Status.DECIDED_BY_KF)
    assert error.value.messages == ["Kommunfullmäktiges beslut och utfall är inte registrerade."]


def test_the_event_log_is_append_only(world):
    case = world.motion().case
    event = case.transition_to(Status.WITHDRAWN, note="Motionären återkallade motionen.")
    event.note = "Ändrad"
    with pytest.raises(ValidationError):
        event.save()
    assert CaseEvent.objects.get(pk=event.pk).note == "Motionären återkallade motionen."
