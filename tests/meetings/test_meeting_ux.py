"""What a usability test of the meeting's pages found: an end time refused beside its field
before the confirm page, opening a meeting offered only on its day, a way on from a decided
paragraph, a confirm page before the anslag, and the justera button under the draft minutes."""

import datetime

import time_machine
from django.utils import timezone

from casework import roles
from casework.models import Meeting
from meetings import services
from tests.meetings.conftest import MEETING_DAY, at, opened
from tests.meetings.test_meeting_pages import justera, run

CONFIRM = "Kontrollera innan du bekräftar"
# 12.05 UTC on a June day is 14.05 in Sweden
ON_THE_DAY = datetime.datetime(2024, 6, 5, 12, 5, 30, tzinfo=datetime.UTC)


def two_paragraphs(world, meeting) -> list:
    services.agenda_add(meeting=meeting, title="Upprop", proposal=["Noteras."])
    services.agenda_add(meeting=meeting, title="Val av justerare", proposal=["Jan Jonsson utses."])
    opened(world, meeting)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=datetime.time(14))
    return list(meeting.agenda_items.order_by("number"))


# --- Closing: the end time is checked before the confirm page --------------------------------


def test_an_end_time_before_the_opening_is_refused_beside_the_field_before_the_confirm_page(
    client, world, meeting, user_with_role
):
    for item in two_paragraphs(world, meeting):
        services.item_decide(item=item, now=at(MEETING_DAY, 15))
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    response = client.post(f"/sammantraden/{meeting.pk}/avsluta/", {"ends_at": "13:30"})
    assert response.status_code == 400
    assert CONFIRM not in response.text
    assert "Sammanträdet kan inte sluta före det började (kl. 14.00)." in response.text
    assert 'value="13:30"' in response.text  # what was typed is kept
    meeting.refresh_from_db()
    assert meeting.ends_at is None
    assert CONFIRM in client.post(f"/sammantraden/{meeting.pk}/avsluta/", {"ends_at": "16:00"}).text


def test_correcting_the_end_time_to_before_the_opening_is_refused_beside_the_field(
    client, world, meeting, user_with_role
):
    for item in two_paragraphs(world, meeting):
        services.item_decide(item=item, now=at(MEETING_DAY, 15))
    services.meeting_close(meeting=meeting, ends_at=datetime.time(16))
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    response = client.post(f"/sammantraden/{meeting.pk}/avsluta/", {"ends_at": "12:00"})
    assert response.status_code == 400
    assert "Sammanträdet kan inte sluta före det började (kl. 14.00)." in response.text
    meeting.refresh_from_db()
    assert meeting.ends_at == datetime.time(16)


def test_an_end_time_later_than_now_on_the_meetings_day_is_refused_before_the_confirm_page(
    client, world, meeting, user_with_role
):
    for item in two_paragraphs(world, meeting):
        services.item_decide(item=item, now=at(MEETING_DAY, 14))
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    with time_machine.travel(ON_THE_DAY, tick=False):
        later = client.post(f"/sammantraden/{meeting.pk}/avsluta/", {"ends_at": "14:06"})
        now = client.post(f"/sammantraden/{meeting.pk}/avsluta/", {"ends_at": "14:05"})
    assert later.status_code == 400 and CONFIRM not in later.text
    assert "Sammanträdet kan inte ha avslutats senare än nu (kl. 14.05)." in later.text
    assert now.status_code == 200 and CONFIRM in now.text
    meeting.refresh_from_db()
    assert meeting.ends_at is None


def test_an_end_time_of_a_meeting_held_on_an_earlier_day_may_be_any_time_after_the_opening(
    client, world, meeting, user_with_role
):
    for item in two_paragraphs(world, meeting):
        services.item_decide(item=item, now=at(MEETING_DAY, 14))
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    page = client.post(f"/sammantraden/{meeting.pk}/avsluta/", {"ends_at": "23:30"})
    assert page.status_code == 200 and CONFIRM in page.text


# --- Opening: not offered before the meeting's day -------------------------------------------


def test_before_its_day_the_meeting_page_says_when_the_meeting_opens_and_offers_no_opening(
    client, world, user_with_role
):
    day = timezone.localdate() + datetime.timedelta(days=7)
    meeting = Meeting.objects.create(body=world.ks, date=day, kallelse_sent_at=timezone.now())
    services.agenda_add(meeting=meeting, title="Upprop", proposal=["Noteras."])
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    page = client.get(f"/sammantraden/{meeting.pk}/").text
    assert f"öppnas på sammanträdesdagen {day:%Y-%m-%d}" in page
    assert 'Öppna sammanträdet <span class="step-state">nu</span>' not in page
    assert f"/sammantraden/{meeting.pk}/oppna/" not in page
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate())
    page = client.get(f"/sammantraden/{meeting.pk}/").text
    assert "öppnas på sammanträdesdagen" not in page
    assert f'<a href="/sammantraden/{meeting.pk}/oppna/">Öppna sammanträdet</a>' in page
    assert 'aria-current="step">Öppna sammanträdet <span class="step-state">nu</span>' in page


# --- A decided paragraph: the way on ----------------------------------------------------------


def test_after_a_decision_the_paragraph_leads_on_to_the_next_and_then_to_closing(
    client, world, meeting, user_with_role
):
    first, second = two_paragraphs(world, meeting)
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    undecided = client.get(first.get_absolute_url()).text
    assert "<h2>Paragrafen</h2>" in undecided and "Ur protokollet" not in undecided
    assert "Nästa paragraf" not in undecided  # the way on is offered once it is decided

    page = client.post(first.get_absolute_url(), {"form": "decide"}, follow=True).text
    assert f"Beslutet i § {first.number} är registrerat." in page
    assert (
        f'<a href="{second.get_absolute_url()}">Nästa paragraf (§ {second.number} '
        "Val av justerare)</a>" in page
    )
    assert f'<a href="/sammantraden/{meeting.pk}/">Tillbaka till sammanträdet</a>' in page
    assert f"/sammantraden/{meeting.pk}/avsluta/" not in page

    page = client.post(second.get_absolute_url(), {"form": "decide"}, follow=True).text
    assert "Nästa paragraf" not in page
    assert "Alla paragrafer är beslutade." in page
    assert f'<a href="/sammantraden/{meeting.pk}/avsluta/">Avsluta sammanträdet</a>' in page
    assert "Tillbaka till sammanträdet" in page


def test_the_next_paragraph_is_the_first_undecided_one_before_if_none_follows(
    client, world, meeting, user_with_role
):
    first, second = two_paragraphs(world, meeting)
    services.item_decide(item=second, now=at(MEETING_DAY, 15))
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    page = client.get(second.get_absolute_url()).text
    assert f'<a href="{first.get_absolute_url()}">Nästa paragraf (§ {first.number} Upprop)' in page


def test_a_paragraph_of_closed_and_of_justerade_minutes_is_headed_ur_protokollet(
    client, world, meeting, user_with_role
):
    run(world, meeting, 1)
    item = meeting.agenda_items.get()
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    page = client.get(item.get_absolute_url()).text
    assert "<h2>Ur protokollet (utkast)</h2>" in page and "Nästa paragraf" not in page
    assert "Tillbaka till sammanträdet" not in page  # closed: nothing more to decide
    justera(world, meeting, user_with_role(roles.POLITIKER))
    assert "<h2>Ur protokollet</h2>" in client.get(item.get_absolute_url()).text


# --- The anslag: a confirm page first ---------------------------------------------------------


def test_the_anslag_shows_the_day_the_place_and_the_last_day_to_appeal_before_it_is_posted(
    client, world, meeting, user_with_role
):
    run(world, meeting, 1)
    justera(world, meeting, user_with_role(roles.POLITIKER))
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    url = f"/sammantraden/{meeting.pk}/anslag/"
    data = {"posted_on": "2024-06-05", "kept_at": "Stadsledningskontoret"}
    page = client.post(url, data)
    assert page.status_code == 200 and CONFIRM in page.text
    for fact in ("2024-06-05", "Stadsledningskontoret", "Sista dag att överklaga", "2024-06-26"):
        assert fact in page.text
    assert "Bekräfta och sätt upp anslaget" in page.text
    meeting.refresh_from_db()
    assert meeting.anslag_on is None
    done = client.post(url, data | {"bekrafta": "ja"}, follow=True)
    assert "Anslaget är uppsatt på anslagstavlan." in done.text
    meeting.refresh_from_db()
    assert meeting.anslag_on == MEETING_DAY
    assert meeting.minutes_kept_at == "Stadsledningskontoret"


def test_an_anslag_dated_before_the_justering_is_refused_beside_the_field_before_the_confirm_page(
    client, world, meeting, user_with_role
):
    run(world, meeting, 1)
    justera(world, meeting, user_with_role(roles.POLITIKER))
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    response = client.post(
        f"/sammantraden/{meeting.pk}/anslag/",
        {"posted_on": "2024-06-04", "kept_at": "Stadsledningskontoret"},
    )
    assert response.status_code == 400 and CONFIRM not in response.text
    assert "Anslaget kan inte sättas upp före justeringen (2024-06-05)." in response.text
    assert 'value="Stadsledningskontoret"' in response.text
    meeting.refresh_from_db()
    assert meeting.anslag_on is None


# --- The draft minutes: the justera button at their end ---------------------------------------


def test_the_draft_minutes_end_with_the_justera_button_for_a_justerare_who_has_not_justerat(
    client, world, meeting, user_with_role, django_user_model
):
    run(world, meeting, 1)
    user = django_user_model.objects.create_user(username="jonsson", password="x")
    world.jonsson.user = user
    world.jonsson.save()
    client.force_login(user)
    url = f"/sammantraden/{meeting.pk}/protokoll/"
    page = client.get(url).text
    button = page.index(">Jag justerar protokollet</button>")
    assert page.index("Utkast: Protokoll") < button
    assert f'action="/sammantraden/{meeting.pk}/justera/"' in page
    confirm = client.post(f"/sammantraden/{meeting.pk}/justera/")
    assert "Bekräfta att jag justerar protokollet" in confirm.text
    services.meeting_justera(
        meeting=meeting, person=world.jonsson, by=user, now=at(MEETING_DAY, 16)
    )
    assert "Jag justerar protokollet" not in client.get(url).text
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))  # reads, does not justera
    assert "Jag justerar protokollet" not in client.get(url).text


def test_the_draft_minutes_of_a_meeting_not_closed_offer_no_justering(
    client, world, meeting, user_with_role, django_user_model
):
    two_paragraphs(world, meeting)
    user = django_user_model.objects.create_user(username="jonsson", password="x")
    world.jonsson.user = user
    world.jonsson.save()
    client.force_login(user)
    page = client.get(f"/sammantraden/{meeting.pk}/protokoll/")
    assert page.status_code == 200 and "Utkast: Protokoll" in page.text
    assert "Jag justerar protokollet" not in page.text


# --- The public's meeting page: what is published, and ways to follow ------------------------


def test_the_public_sees_no_secretary_steps_and_no_kallelse_before_it_is_sent(
    client, meeting, user_with_role
):
    public = client.get(f"/sammantraden/{meeting.pk}/").text
    assert "meeting-steps" not in public and "Skicka kallelsen" not in public
    assert "Kallelsen är inte skickad" not in public
    assert f"/sammantraden/{meeting.pk}/kallelse.pdf" not in public
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    clerk = client.get(f"/sammantraden/{meeting.pk}/").text
    assert "meeting-steps" in clerk and "Kallelsen är inte skickad" in clerk
    client.logout()
    Meeting.objects.filter(pk=meeting.pk).update(kallelse_sent_at=timezone.now())
    sent = client.get(f"/sammantraden/{meeting.pk}/").text
    assert "Kallelsen skickades" in sent and f"/sammantraden/{meeting.pk}/kallelse.pdf" in sent
    assert "meeting-steps" not in sent


def test_the_meeting_page_links_to_follow_its_body_by_mail_and_calendar(client, meeting):
    page = client.get(f"/sammantraden/{meeting.pk}/").text
    assert f'href="/folj/?organ={meeting.body.pk}"' in page
    feed = f"/sammantraden/organ/{meeting.body.pk}/kalender.ics"
    assert f'href="webcal://testserver{feed}"' in page and f'href="{feed}"' in page
