import datetime

import pytest
from django.utils import timezone

from casework.models import Case, ChainStep
from casework.services import decision_record
from casework.workflow import Status

D = datetime.date
MEETING_DAY = D(2024, 6, 5)


def at(date: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(date.year, date.month, date.day, hour))


def motion_at_ks(world, title="Motion om något"):
    """A motion prepared, with borgarrådsberedningen's proposal, now at kommunstyrelsen."""
    motion = world.prepared_motion(title=title)
    case = motion.case
    brb, ks = ChainStep.chain("motion")[:2]
    decision_record(meeting=world.meeting(world.brb, D(2024, 5, 22)), case=case,
                    items=["Kommunfullmäktige föreslås besvara motionen."], step=brb)  # fmt: skip
    Case.objects.filter(pk=case.pk).update(status=Status.IN_DECISION, step=ks)
    case.refresh_from_db()
    return motion


@pytest.fixture
def at_ks(world):
    return motion_at_ks(world)
