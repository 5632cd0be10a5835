"""The meetings as iCalendar feeds: read back with the icalendar parser, as a subscriber's
calendar reads them."""

import datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from casework.models import Body, Meeting
from meetings import services
from tests import test_whole_process
from tests.test_whole_process import KS_DAY

TODAY = timezone.localdate()
stockholm = test_whole_process.stockholm  # the demo, as `make run` leaves it
sjobacka = test_whole_process.sjobacka  # the other municipality


def read(client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_a_moved_meeting_gets_its_new_time_and_a_higher_sequence(stockholm, client):
    ks = Body.objects.get(name="Kommunstyrelsen")
    meeting, _ = services.meeting_plan(
        body=ks, date=KS_DAY, starts_at=datetime.time(13), place="Stadshuset"
    )
    url = reverse("meetings:calendar_body", args=[ks.pk])
    (before,) = [e for e in read(client, url).walk("VEVENT") if e.get("location") == "Stadshuset"]
    assert before.decoded("dtstart").time() == datetime.time(13)
    assert before["sequence"] == 0

    meeting.date = KS_DAY + datetime.timedelta(days=2)
    meeting.starts_at = datetime.time(9, 30)
    meeting.place = "Rådssalen"
    meeting.save()

    after = events(read(client, url))[str(before["uid"])]
    assert after.decoded("dtstart") == datetime.datetime.combine(
        KS_DAY + datetime.timedelta(days=2), datetime.time(9, 30), after.decoded("dtstart").tzinfo
    )
    assert str(after.decoded("dtstart").tzinfo) == "Europe/Stockholm"
    assert str(after["location"]) == "Rådssalen"
    assert after["sequence"] > before["sequence"]
    assert after.decoded("last-modified") >= before.decoded("last-modified")
    assert after["url"] == f"http://testserver/sammantraden/{meeting.pk}/"


def test_the_kallelse_is_linked_once_sent_and_no_agenda_item_is_in_the_feed(stockholm, client):
    kf = Body.objects.get(name="Kommunfullmäktige")
    meeting = Meeting.objects.filter(body=kf, date__gt=TODAY).earliest("date")
    titles = [item.title for item in meeting.agenda_items.all()]
    assert titles  # load_demo puts the reference case and an item by hand on it
    url = reverse("meetings:calendar_body", args=[kf.pk])
    event = events(read(client, url))[f"sammantrade-{meeting.pk}@127.0.0.1"]
    assert "kallelse.pdf" not in str(event["description"])

    services.meeting_send_kallelse(meeting=meeting, now=timezone.now())

    content = client.get(url).content.decode()
    event = events(Calendar.from_ical(content))[f"sammantrade-{meeting.pk}@127.0.0.1"]
    kallelse = f"http://testserver/sammantraden/{meeting.pk}/kallelse.pdf"
    assert kallelse in str(event["description"])
    assert str(event["attach"]) == kallelse
    assert not any(title in content for title in titles)


def test_the_other_municipality_s_feed_names_it_and_its_bodies(sjobacka, client):
    ks = Body.objects.get(kind=Body.Kind.EXECUTIVE)
    meeting, _ = services.meeting_plan(body=ks, date=KS_DAY, place="Kommunhuset, Sjöbacka")
    calendar = read(client, reverse("meetings:calendar"))
    assert str(calendar["x-wr-calname"]) == "Sammanträden – Sjöbacka kommun"
    event = events(calendar)[f"sammantrade-{meeting.pk}@127.0.0.1"]
    assert str(event["summary"]) == f"Sammanträde: {ks}"
    assert event.decoded("dtstart") == KS_DAY  # a day only, until its time is set
    assert str(event["location"]) == "Kommunhuset, Sjöbacka"
    page = client.get(reverse("meetings:list")).content.decode()
    assert "Prenumerera på sammanträdena i din kalender" in page
    assert reverse("meetings:calendar") in page


def test_a_body_without_meetings_has_an_empty_calendar(world, client):
    calendar = read(client, reverse("meetings:calendar_body", args=[world.sn.pk]))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"


def test_many_meetings_each_keep_their_own_uid_in_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries
):
    for days in range(60):
        world.meeting(world.ks, TODAY + datetime.timedelta(days=days), place=f"Sal {days}")
    with django_assert_max_num_queries(6):
        calendar = read(client, reverse("meetings:calendar"))
    found = events(calendar)
    assert len(found) == 60
    day = [e for e in found.values() if str(e["location"]) == "Sal 59"]
    assert day[0].decoded("dtstart") == TODAY + datetime.timedelta(days=59)


def test_an_unknown_body_has_no_calendar(world, client):
    assert client.get("/sammantraden/organ/999999/kalender.ics").status_code == 404


def test_a_timed_meeting_ends_when_it_ended_or_after_the_default_length(world, client):
    world.meeting(world.ks, TODAY, starts_at=datetime.time(13), place="No end yet")
    world.meeting(
        world.ks,
        TODAY + datetime.timedelta(days=1),
        starts_at=datetime.time(13),
        ends_at=datetime.time(15, 30),
        place="Ends",
    )
    world.meeting(world.ks, TODAY + datetime.timedelta(days=2), place="A day")
    found = {
        str(e["location"]): e for e in read(client, reverse("meetings:calendar")).walk("VEVENT")
    }
    unknown = found["No end yet"]
    assert unknown.decoded("dtend") - unknown.decoded("dtstart") == datetime.timedelta(hours=3)
    assert found["Ends"].decoded("dtend").time() == datetime.time(15, 30)
    assert "dtend" not in found["A day"]  # a whole day, until the time is set


def test_a_body_s_feed_downloads_under_its_own_name_without_english_comments(world, client):
    world.meeting(world.ks, TODAY, starts_at=datetime.time(13))
    response = client.get(reverse("meetings:calendar_body", args=[world.ks.pk]))
    assert response["Content-Disposition"] == 'inline; filename="sammantraden-kommunstyrelsen.ics"'
    calendar = Calendar.from_ical(response.content)
    (zone,) = calendar.walk("VTIMEZONE")
    assert "COMMENT" not in zone
    all_bodies = client.get(reverse("meetings:calendar"))
    assert all_bodies["Content-Disposition"] == 'inline; filename="sammantraden.ics"'


def test_the_meetings_page_offers_to_subscribe_by_webcal_or_to_download(world, client):
    world.meeting(world.ks, TODAY)
    page = client.get("/sammantraden/").text
    feed = reverse("meetings:calendar_body", args=[world.ks.pk])
    assert f'href="webcal://testserver{feed}"' in page
    assert f'href="{feed}" type="text/calendar">Ladda ner' in page
    assert "Prenumerera i kalendern" in page
