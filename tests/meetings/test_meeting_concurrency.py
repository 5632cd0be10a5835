"""Two people at once, on PostgreSQL's row locks: the chair and the justerare justera in the same
instant; two secretaries open two meetings of the same body; two record the same paragraph."""

import datetime

import pytest
from django.contrib.auth.models import User

from casework.models import Meeting
from meetings import services
from meetings.models import AgendaItem, Protocol
from tests.casework.test_record_integrity import at_once
from tests.meetings.conftest import MEETING_DAY, at

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def opened(world, date, titles=("Upprop",)):
    meeting = Meeting.objects.create(body=world.ks, date=date)
    for title in titles:
        services.agenda_add(meeting=meeting, title=title, proposal=["Noteras."])
    return meeting


def open_it(world, meeting):
    return services.meeting_open(
        meeting=Meeting.objects.get(pk=meeting.pk),
        serving=[world.kroon, world.wanngard],
        chair=world.wanngard,
        justerare=[world.kroon],
        justering_deadline=at(meeting.date + datetime.timedelta(days=2)),
        now=at(meeting.date),
    )


def test_the_chair_and_the_justerare_at_the_same_instant_give_one_signed_protocol(world):
    meeting = opened(world, MEETING_DAY)
    open_it(world, meeting)
    services.item_decide(item=meeting.agenda_items.get(), now=at(MEETING_DAY, 10))
    services.meeting_close(meeting=meeting, ends_at=datetime.time(12))
    user = User.objects.create_user("politiker")
    signers = iter([world.wanngard, world.kroon])
    results = at_once(
        lambda: services.meeting_justera(
            meeting=meeting, person=next(signers), by=user, now=at(MEETING_DAY, 15)
        )
    )
    assert results == ["ok", "ok"]
    assert Protocol.objects.filter(meeting=meeting).count() == 1
    assert Meeting.objects.get(pk=meeting.pk).justerad_at is not None


def test_two_meetings_opened_at_once_never_share_a_paragraph_number(world):
    first = opened(world, MEETING_DAY, ["Upprop", "Val av justerare"])
    second = opened(world, datetime.date(2024, 6, 12), ["Upprop", "Val av justerare"])
    meetings = iter([first, second])
    assert at_once(lambda: open_it(world, next(meetings))) == ["ok", "ok"]
    numbers = sorted(AgendaItem.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]


def test_two_secretaries_recording_the_same_paragraph_give_one_decision(world):
    meeting = opened(world, MEETING_DAY)
    open_it(world, meeting)
    item = meeting.agenda_items.get()
    results = at_once(
        lambda: services.item_decide(
            item=AgendaItem.objects.get(pk=item.pk), now=at(MEETING_DAY, 10)
        )
    )
    assert results == ["ok", f"§ {item.number} är redan beslutad."]
