"""The meetings as an iCalendar feed (RFC 5545) for a reader's calendar: each meeting's day, time
and place, with the link to its page and to the kallelse once sent. Only what the public meeting
list shows; never an agenda item (a secret matter's title stays out).

A subscriber's calendar keeps each meeting by its UID and takes a new version of it when its
SEQUENCE is higher (RFC 5545 3.8.7.4): the sequence counts the moves of its day, time or place,
read from the meeting's history."""

import datetime
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from casework.models import Meeting

# What a subscriber sees of a meeting: a change to one of these moves it in their calendar.
WHEN_AND_WHERE = ("date", "starts_at", "ends_at", "place")
# How far back the feed goes: a calendar needs the meetings ahead and the recent ones.
PAST = datetime.timedelta(days=365)
# How long a meeting whose end is not yet known stands in a calendar.
DEFAULT_LENGTH = datetime.timedelta(hours=3)


def calendar_meetings(*, on: datetime.date, body=None):
    """The meetings a feed lists: those from a year before `on`, of one body or of all."""
    meetings = Meeting.objects.filter(date__gte=on - PAST).select_related("body")
    if body is not None:
        meetings = meetings.filter(body=body)
    return meetings.order_by("date", "body__name")


def sequences(meetings: Iterable[Meeting]) -> dict[int, int]:
    """How many times each meeting's day, time or place has changed since it was planned."""
    ids = [m.pk for m in meetings]
    counts = dict.fromkeys(ids, 0)
    previous: dict[int, tuple] = {}
    for row in (
        Meeting.history.filter(id__in=ids)
        .order_by("id", "history_date", "history_id")
        .values_list("id", *WHEN_AND_WHERE)
    ):
        pk, when_and_where = row[0], row[1:]
        if pk in previous and previous[pk] != when_and_where:
            counts[pk] += 1
        previous[pk] = when_and_where
    return counts


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _event(meeting: Meeting, sequence: int, absolute: Callable[[str], str]) -> Event:
    event = Event()
    event.add("uid", f"sammantrade-{meeting.pk}@{_uid_domain()}")
    event.add("sequence", sequence)
    event.add("dtstamp", meeting.changed_at)
    event.add("last-modified", meeting.changed_at)
    event.add("summary", f"Sammanträde: {meeting.body}")
    zone = ZoneInfo(settings.TIME_ZONE)
    if meeting.starts_at:
        starts = datetime.datetime.combine(meeting.date, meeting.starts_at, zone)
        event.add("dtstart", starts)
        if meeting.ends_at and meeting.ends_at > meeting.starts_at:
            event.add("dtend", datetime.datetime.combine(meeting.date, meeting.ends_at, zone))
        else:  # a calendar shows an event without an end as a moment
            event.add("dtend", starts + DEFAULT_LENGTH)
    else:  # the day only, until the time is set
        event.add("dtstart", meeting.date)
    if meeting.place:
        event.add("location", meeting.place)
    page = absolute(reverse("meetings:detail", args=[meeting.pk]))
    event.add("url", page)
    description = [f"Sammanträdet: {page}"]
    if meeting.kallelse_sent_at:
        kallelse = absolute(reverse("meetings:agenda_pdf", args=[meeting.pk]))
        description.append(f"Kallelse och föredragningslista: {kallelse}")
        event.add("attach", kallelse, parameters={"FMTTYPE": "application/pdf"})
    event.add("description", "\n".join(description))
    event.add("status", "CONFIRMED")
    return event


def meetings_calendar(
    meetings: list[Meeting], *, name: str, absolute: Callable[[str], str]
) -> bytes:
    """The meetings as one VCALENDAR, named for the subscriber's list of calendars."""
    calendar = Calendar()
    calendar.add("prodid", "-//Motionsärenden//Sammanträden//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("x-published-ttl", "PT1H")
    counts = sequences(meetings)
    for meeting in meetings:
        calendar.add_component(_event(meeting, counts[meeting.pk], absolute))
    calendar.add_missing_timezones()
    for zone in calendar.walk("VTIMEZONE"):
        zone.pop("COMMENT", None)  # icalendar's note, in English, on the years it covers
    return calendar.to_ical()
