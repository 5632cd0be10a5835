import datetime

import pytest
from django.test import override_settings

from casework.models import Case
from casework.text import add_years
from casework.workflow import Status
from motions.models import (
    Motion,
    OneYearDeadline,
    first_filing_with_deadline_on_or_after,
    one_year_deadline,
)

D = datetime.date
FILED = D(2023, 9, 25)
DEADLINE = D(2024, 9, 25)


@pytest.fixture
def motion(world):
    return world.motion(filed_on=FILED)


def flags(motion, on):
    return (
        motion.is_approaching_deadline(on),
        motion.is_past_deadline(on),
        Motion.objects.approaching_deadline(on=on).filter(pk=motion.pk).exists(),
        Motion.objects.past_deadline(on=on).filter(pk=motion.pk).exists(),
    )


def test_the_deadline_is_one_year_after_filing(motion):
    assert motion.deadline == DEADLINE


@pytest.mark.parametrize(
    ("on", "approaching", "passed"),
    [
        (DEADLINE - datetime.timedelta(days=1), True, False),
        (DEADLINE, True, False),
        (DEADLINE + datetime.timedelta(days=1), False, True),
        (DEADLINE - datetime.timedelta(days=60), True, False),
        (DEADLINE - datetime.timedelta(days=61), False, False),
    ],
)
def test_the_one_year_rule_at_its_edges(motion, on, approaching, passed):
    assert flags(motion, on) == (approaching, passed, approaching, passed)


@override_settings(MOTION_DEADLINE_WARNING_DAYS=10)
def test_the_warning_period_is_a_setting(motion):
    assert flags(motion, DEADLINE - datetime.timedelta(days=11)) == (False, False, False, False)
    assert flags(motion, DEADLINE - datetime.timedelta(days=10)) == (True, False, True, False)


def test_a_decided_or_withdrawn_motion_is_never_late(motion):
    Case.objects.filter(pk=motion.case.pk).update(status=Status.WITHDRAWN)
    motion.refresh_from_db()
    assert flags(motion, DEADLINE + datetime.timedelta(days=400)) == (False, False, False, False)


def test_a_motion_filed_on_29_february_is_due_on_28_february(world):
    motion = world.motion(filed_on=D(2024, 2, 29))
    assert motion.deadline == D(2025, 2, 28)
    assert flags(motion, D(2025, 2, 28))[1:4:2] == (False, False)
    assert flags(motion, D(2025, 3, 1))[1:4:2] == (True, True)


@pytest.mark.parametrize(
    "on", [D(2024, 2, 29), D(2024, 3, 1), D(2025, 2, 28), D(2025, 3, 1), D(2024, 12, 31)]
)
def test_the_queryset_threshold_agrees_with_the_deadline_on_every_day_around_leap_years(on):
    threshold = first_filing_with_deadline_on_or_after(on)
    for offset in range(-3, 4):
        filed = threshold + datetime.timedelta(days=offset)
        assert (add_years(filed, 1) >= on) == (filed >= threshold)


def test_the_database_reads_the_deadline_as_the_rule_does(world):
    days = [D(2024, 2, 29), D(2024, 2, 28), D(2024, 3, 1), D(2023, 2, 28), D(2023, 3, 1)]
    days += [D(2023, 12, 31), D(2024, 1, 1), D(2024, 12, 31)]
    for day in days:
        world.motion(filed_on=day)
    read = Motion.objects.annotate(deadline=OneYearDeadline("filed_on")).values_list(
        "filed_on", "deadline"
    )
    assert sorted(read) == sorted((day, one_year_deadline(day)) for day in days)
    assert one_year_deadline(D(2024, 2, 29)) == D(2025, 2, 28)
