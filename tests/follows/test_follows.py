"""Following a case, a body or a saved search by e-mail: nothing before the address confirms, one
digest a day at most with each change once, never a secret document, a one-click unsubscribe,
and hostile links and floods refused."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casework.models import Document, Meeting
from casework.services import decision_record, document_register
from casework.tasks import scheduled_run
from follows.models import Follow, SentItem, Subscriber
from follows.services import (
    CONFIRMATIONS_PER_DAY,
    digests_send,
    follow_request,
    unsubscribe_token,
)
from meetings import services as meeting_services
from tests.meetings.conftest import MEETING_DAY, at, decided_meeting, motion_at_ks

TOMORROW = timezone.now() + datetime.timedelta(days=1)
DIGEST = "follows.apps._send_digests"


def link(message) -> str:
    """The path of the first link to this site in a mail."""
    return re.search(r"http://127\.0\.0\.1:\d+(/\S+)", message.body).group(1)


def new_document(case, title: str, **kwargs) -> Document:
    return document_register(
        case=case, dated=timezone.localdate(), kind=Document.Kind.OTHER, title=title, **kwargs
    )


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Post the follow form as a reader does; the confirmation mail goes once the request commits."""

    def post(data: dict):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("follows:follow"), data)

    return post


@pytest.fixture
def followed(world, client, ask):
    """A motion someone has asked to follow by mail and confirmed by the mail's link."""
    case = world.motion().case
    response = ask({"email": "Anna@Exempel.se", "arende": case.slug})
    assert "Bekräfta i mejlet" in response.content.decode()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["anna@exempel.se"]
    assert client.post(link(confirmation)).status_code == 200
    mail.outbox.clear()
    return case


def test_an_unconfirmed_address_gets_nothing(world, ask):
    case = world.motion().case
    ask({"email": "anna@exempel.se", "arende": case.slug})
    assert len(mail.outbox) == 1 and "Bekräfta" in mail.outbox[0].subject
    new_document(case, "Skrivelse från en förening")

    assert digests_send() == []
    assert len(mail.outbox) == 1
    assert Follow.objects.get().confirmed_at is None


def test_opening_the_confirmation_link_confirms_nothing_until_the_button(world, client, ask):
    case = world.motion().case
    sent = ask({"email": "anna@exempel.se", "arende": case.slug}).content.decode()
    assert "Ingenting skickas förrän du har bekräftat." in sent
    (confirmation,) = mail.outbox
    page = client.get(link(confirmation))  # as a mail scanner opens it
    assert page.status_code == 200
    assert f"Bekräfta att du vill följa ärendet {case.dnr}" in page.content.decode()
    assert '<button type="submit">Bekräfta</button>' in page.content.decode()
    assert Follow.objects.get().confirmed_at is None
    done = client.post(link(confirmation))
    assert f"Du följer nu ärendet {case.dnr}" in done.content.decode()
    assert Follow.objects.get().confirmed_at is not None


def test_an_address_stops_following_one_thing_and_keeps_the_rest(followed, client, world):
    body_follow = follow_request(email="anna@exempel.se", kind=Follow.Kind.BODY, body=world.ks)
    case_follow = Follow.objects.get(case=followed)
    anna = Subscriber.objects.get(email="anna@exempel.se")
    path = reverse("follows:unsubscribe", args=[unsubscribe_token(anna)])
    page = client.get(path).content.decode()
    assert f'name="follow" value="{case_follow.pk}"' in page
    assert f'name="follow" value="{body_follow.pk}"' in page

    done = client.post(path, {"follow": case_follow.pk}).content.decode()
    assert f"Du följer inte längre ärendet {followed.dnr}" in done
    assert list(anna.follows.all()) == [body_follow]
    assert "Sluta följa allt" in done  # the rest is still listed


def test_one_address_s_token_stops_no_one_else_s_follow(followed, client, world):
    client.force_login(world_user(world, "bo@exempel.se"))
    client.post(reverse("follows:follow"), {"arende": followed.slug})
    client.logout()
    bo_follow = Follow.objects.get(subscriber__email="bo@exempel.se")
    anna = Subscriber.objects.get(email="anna@exempel.se")
    path = reverse("follows:unsubscribe", args=[unsubscribe_token(anna)])
    client.post(path, {"follow": bo_follow.pk})
    assert Follow.objects.filter(pk=bo_follow.pk).exists()
    assert anna.follows.count() == 1


def test_a_followed_case_s_change_reaches_the_digest_exactly_once(followed):
    new_document(followed, "Skrivelse från en förening")

    assert len(digests_send()) == 1
    (digest,) = mail.outbox
    assert "Skrivelse från en förening" in digest.body
    assert followed.dnr in digest.body
    assert digest.to == ["anna@exempel.se"]

    new_document(followed, "Kompletterande skrivelse")
    assert digests_send() == []  # one digest a day
    assert len(mail.outbox) == 1

    assert len(digests_send(now=TOMORROW)) == 1
    second = mail.outbox[1]
    assert "Kompletterande skrivelse" in second.body
    assert "Skrivelse från en förening" not in second.body
    assert digests_send(now=TOMORROW + datetime.timedelta(days=1)) == []  # nothing new


def test_a_secret_document_never_reaches_the_digest(followed):
    new_document(
        followed,
        "Uppgifter om en enskild",
        secrecy_provision="OSL 26 kap. 1 §",
        secrecy_marked_on=timezone.localdate(),
    )
    assert digests_send() == []

    new_document(followed, "Offentlig skrivelse")
    digests_send()
    (digest,) = mail.outbox
    assert "Offentlig skrivelse" in digest.body
    assert "Uppgifter om en enskild" not in digest.body


def test_unsubscribing_is_one_click_from_the_mail_without_login(followed, client):
    new_document(followed, "Skrivelse från en förening")
    digests_send()
    (digest,) = mail.outbox
    header = digest.extra_headers["List-Unsubscribe"]
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = re.search(r"http://[^/]+(/\S+)>", header).group(1)
    assert f"Sluta följa allt med ett klick: http://127.0.0.1:8000{path}" in digest.body

    page = client.get(path)  # a link checker opening it unsubscribes no one
    assert "Sluta följa allt" in page.content.decode()
    assert Follow.objects.count() == 1

    done = client.post(path)  # as the mail program does (RFC 8058), without a CSRF token
    assert "Du följer ingenting längre" in done.content.decode()
    assert Follow.objects.count() == 0
    new_document(followed, "Kompletterande skrivelse")
    assert digests_send(now=TOMORROW) == []


def test_a_bad_or_someone_else_s_token_is_refused(followed, client, world):
    anna = Subscriber.objects.get()
    other_case = world.motion(title="Motion om annat").case
    client.force_login(world_user(world, "bo@exempel.se"))
    client.post(reverse("follows:follow"), {"arende": other_case.slug})
    client.logout()
    bo = Subscriber.objects.get(email="bo@exempel.se")

    for token in ("inte-en-token", unsubscribe_token(anna) + "x"):
        response = client.post(reverse("follows:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert "Länken är ogiltig eller för gammal" in response.content.decode()
    # A confirmation link is no unsubscribe link, and the other way round.
    confirm = reverse("follows:confirm", args=[unsubscribe_token(anna)])
    assert client.get(confirm).status_code == 400
    # Anna's own link unsubscribes Anna, and only her.
    client.post(reverse("follows:unsubscribe", args=[unsubscribe_token(anna)]))
    assert not anna.follows.exists()
    assert bo.follows.filter(confirmed_at__isnull=False).count() == 1


def world_user(world, email):
    from django.contrib.auth.models import User

    return User.objects.create_user(username=email.split("@")[0], email=email, password="x")


def test_a_flood_of_requests_for_one_address_makes_one_follow_and_few_mails(world, ask):
    case = world.motion().case
    for _ in range(20):
        response = ask({"email": "offer@exempel.se", "arende": case.slug})
        assert response.status_code == 200
    assert Follow.objects.count() == 1
    assert len(mail.outbox) == CONFIRMATIONS_PER_DAY


def test_a_signed_in_user_follows_at_once_without_a_mail(world, client):
    case = world.motion().case
    client.force_login(world_user(world, "karin@exempel.se"))
    response = client.post(reverse("follows:follow"), {"arende": case.slug})
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert mail.outbox == []
    new_document(case, "Skrivelse från en förening")

    assert [s.email for s in digests_send()] == ["karin@exempel.se"]


def test_a_followed_body_s_decisions_kallelse_and_a_saved_search_s_new_cases(world, client):
    client.force_login(world_user(world, "bo@exempel.se"))
    client.post(reverse("follows:follow"), {"organ": world.sn.pk})
    client.post(reverse("follows:follow"), {"sokning": "q=cykelbanor"})
    case = world.motion().case
    held = world.meeting(world.sn, timezone.localdate())
    decision_record(meeting=held, case=case, items=["Nämnden tillstyrker motionen."])
    meeting = world.meeting(world.sn, timezone.localdate() + datetime.timedelta(days=7))
    meeting_services.agenda_add(
        meeting=meeting, title="Information", proposal=["Informationen läggs till handlingarna."]
    )
    meeting_services.meeting_send_kallelse(meeting=meeting, now=timezone.now())
    world.motion(title="Motion om cykelbanor")

    digests_send()
    (digest,) = mail.outbox
    assert "Nämnden tillstyrker motionen." in digest.body
    assert f"Kallelse till Socialnämnden {meeting.date:%Y-%m-%d}" in digest.body
    assert "Nytt ärende" in digest.body and "Motion om cykelbanor" in digest.body
    assert "Motion om något" not in digest.body.split("Nytt ärende")[1]


def test_the_worker_and_the_command_send_the_digest(followed):
    new_document(followed, "Skrivelse från en förening")
    assert scheduled_run()[DIGEST] == 1
    new_document(followed, "Kompletterande skrivelse")
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "Skickade 0 sammanställningar." in out.getvalue()  # today's is sent
    assert SentItem.objects.count() == 1


def test_the_form_says_what_is_wrong_in_swedish(world, client):
    case = world.motion().case
    url = f"{reverse('follows:follow')}?arende={case.slug}"
    page = client.get(url).content.decode()
    assert f"Följ ärendet {case.dnr}" in page
    assert 'autocomplete="email"' in page  # WCAG 1.3.5: the browser may fill it in

    wrong = client.post(url, {"email": "inte en adress", "arende": case.slug}).content.decode()
    assert "Det finns fel att rätta" in wrong
    assert "Skriv en hel e-postadress" in wrong
    assert client.get(f"{reverse('follows:follow')}?arende=KS-1999-1").status_code == 404
    assert client.get(reverse("follows:follow")).status_code == 404
    both = {"arende": case.slug, "organ": world.sn.pk, "email": "a@exempel.se"}
    assert client.post(url, both).status_code == 404  # two things at once: neither
    assert Subscriber.objects.count() == 0


def test_a_followed_case_s_kallelse_decision_and_anslag_each_come_once(world, user_with_role):
    with time_machine.travel(at(MEETING_DAY - datetime.timedelta(days=4), 9), tick=False):
        motion = motion_at_ks(world)  # already at KS before anyone follows it
    with time_machine.travel(at(MEETING_DAY - datetime.timedelta(days=4), 10), tick=False):
        follow_request(
            email="anna@exempel.se", kind=Follow.Kind.CASE, case=motion.case, confirmed=True
        )
    meeting = Meeting.objects.create(body=world.ks, date=MEETING_DAY, place="Stadshuset")

    with time_machine.travel(at(MEETING_DAY - datetime.timedelta(days=2)), tick=False):
        meeting_services.agenda_build(meeting=meeting)
        meeting_services.meeting_send_kallelse(meeting=meeting, now=timezone.now())
        digests_send()
    with time_machine.travel(at(MEETING_DAY, 16), tick=False):
        decided_meeting(world, meeting, motion)
        digests_send()
    with time_machine.travel(at(MEETING_DAY + datetime.timedelta(days=2)), tick=False):
        by = user_with_role("politiker")
        for person in (world.wanngard, world.jonsson):
            meeting_services.meeting_justera(
                meeting=meeting, person=person, by=by, now=timezone.now()
            )
        meeting_services.meeting_post_anslag(
            meeting=meeting,
            posted_on=timezone.localdate(),
            kept_at="Stadsledningskontoret",
            today=timezone.localdate(),
        )
        digests_send()

    kallelse, decision, anslag = (m.body for m in mail.outbox)
    assert f"Kallelse till Kommunstyrelsen {MEETING_DAY:%Y-%m-%d}" in kallelse
    assert "Borgarrådsberedningen" not in kallelse  # decided before the follow began
    assert f"av Kommunstyrelsen {MEETING_DAY:%Y-%m-%d}" in decision
    assert "Kallelse" not in decision
    assert f"Protokollet från Kommunstyrelsen {MEETING_DAY:%Y-%m-%d} är anslaget" in anslag
    assert "Kallelse" not in anslag and "Beslut i" not in anslag
