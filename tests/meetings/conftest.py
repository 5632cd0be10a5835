import datetime

import pytest
from django.utils import timezone

from casework.models import Case, ChainStep, Meeting
from casework.services import decision_record
from casework.workflow import Status
from meetings import services

D = datetime.date
MEETING_DAY = D(2024, 6, 5)


def at(date: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(date.year, date.month, date.day, hour))


def motion_at_ks(world, title="Motion om något"):
    """A motion prepared, with borgarrådsberedningen's proposal, now at kommunstyrelsen."""
    motion = world.prepared_motion(title=title)
    case = motion.case
    brb, ks = ChainStep.chain("motion")[:2]
    decision_record(
        meeting=world.meeting(world.brb, D(2024, 5, 22)),
        case=case,
        items=["Kommunfullmäktige föreslås besvara motionen."],
        step=brb,
    )
    Case.objects.filter(pk=case.pk).update(status=Status.IN_DECISION, step=ks)
    case.refresh_from_db()
    return motion


@pytest.fixture
def at_ks(world):
    return motion_at_ks(world)


@pytest.fixture
def meeting(world):
    return Meeting.objects.create(body=world.ks, date=MEETING_DAY, place="Stadshuset")


def opened(world, meeting, *, justerare=None):
    return services.meeting_open(
        meeting=meeting,
        serving=[world.kroon, world.wanngard, world.jonsson],
        chair=world.wanngard,
        justerare=justerare or [world.jonsson],
        justering_deadline=at(MEETING_DAY + datetime.timedelta(days=3)),
        now=at(MEETING_DAY, 9),
    )


def decided_meeting(world, meeting, motion):
    """The meeting opened with the motion's paragraph (Kroon reserving) and one more, decided."""
    services.agenda_build(meeting=meeting)
    services.agenda_add(
        meeting=meeting, title="Anmälan av delegationsbeslut", proposal=["Anmälan noteras."]
    )
    opened(world, meeting)
    case_item, other = meeting.agenda_items.order_by("number")
    services.item_decide(item=case_item, reserving=[world.kroon], now=at(MEETING_DAY, 10))
    services.item_decide(item=other, now=at(MEETING_DAY, 11))
    services.meeting_close(meeting=meeting, ends_at=datetime.time(12))
    meeting.refresh_from_db()
    return case_item, other
