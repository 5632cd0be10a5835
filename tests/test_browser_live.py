"""A member of kulturnämnden on her phone (390 px), by keyboard where she votes: she asks to speak,
puts an ändringsyrkande on the second att-sats, and votes when the chair opens the votering; axe
finds nothing on any page she sees, and nothing is wider than the screen."""

import re
import shutil

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import live
from meetings.models import Ballot, SpeakerRequest, Vote, Yrkande
from tests.meetings.live_world import Committee
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def seen(page) -> None:
    assert_accessible(page)
    assert_fits(page, 390)


@pytest.mark.django_db(transaction=True)
def test_a_member_asks_to_speak_puts_an_andringsyrkande_and_votes_on_her_phone(
    page, live_server, world
):
    committee = Committee(world)
    anna, bo = committee.members[:2]
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "bo")
    page.goto(f"{live_server.url}/sammantraden/{committee.meeting.pk}/")
    page.get_by_role("link", name="Delta från din enhet: begär ordet, yrka, rösta").click()
    assert page.get_by_role("heading", name="§ 1 Riktlinjer för föreningsbidrag").is_visible()
    seen(page)

    page.get_by_label("inlägg").check()
    page.get_by_role("button", name="Begär ordet").click()
    assert page.get_by_role("status").inner_text() == "Du står på talarlistan."
    seen(page)
    assert SpeakerRequest.objects.get(item=committee.item).person == bo

    page.get_by_label("Ändringsyrkande: ändra en eller flera att-satser").check()
    page.get_by_label("Att-sats 2").fill(
        "Förvaltningen får i uppdrag att följa upp riktlinjerna efter sex månader."
    )
    page.get_by_role("button", name="Lägg yrkandet").click()
    assert (
        "Ditt yrkande är lagt: att att-sats 2 får lydelsen"
        in page.get_by_role("status").inner_text()
    )
    seen(page)
    change = Yrkande.objects.get(mover=bo)
    assert change.amends == [2]

    bifall = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    live.vote_open(item=committee.item, yes=bifall, no=change, now=timezone.now())
    page.get_by_role("link", name="Uppdatera sidan").click()
    group = page.get_by_role(
        "group", name="Ja för Anna Eks (S) yrkande, nej för Bo Ås (SD) yrkande"
    )
    assert group.is_visible()
    seen(page)
    no = page.get_by_label("Nej – för Bo Ås (SD) yrkande")
    no.focus()
    page.keyboard.press("Space")
    assert no.is_checked()
    page.get_by_role("button", name="Rösta").focus()
    page.keyboard.press("Enter")  # sent by the page's script: the answer is announced in place
    answer = page.locator("#min-rost")
    expect(answer).to_have_text(
        re.compile(r"^Din röst är registrerad: Nej – för Bo Ås \(SD\) yrkande \(")
    )
    assert answer.get_attribute("role") == "status"
    expect(page.get_by_role("button", name="Ändra min röst")).to_be_focused()
    assert page.get_by_label("Nej – för Bo Ås (SD) yrkande").is_checked()
    seen(page)
    assert Ballot.objects.get(person=bo).choice == "nej"

    page.context.clear_cookies()
    log_in(page, live_server.url, "anna")  # the chair
    live.speaker_next(item=committee.item, now=timezone.now())  # Bo has the word
    page.goto(f"{live_server.url}/sammantraden/{committee.meeting.pk}/leder/")
    assert page.get_by_role("cell", name="Nej").is_visible()
    seen(page)
    expect(page.locator("[data-talartid]")).to_have_text(re.compile(r"^0:0[2-9]$"), timeout=5000)


@pytest.mark.django_db(transaction=True)
def test_a_replik_while_waiting_a_yrkande_withdrawn_a_votering_cancelled_on_phones(
    page, live_server, world
):
    committee = Committee(world)
    anna, bo, cecilia = committee.members[:3]
    item, now = committee.item, timezone.now()
    live.speaker_request(item=item, person=cecilia, now=now)
    live.speaker_request(item=item, person=bo, now=now)
    live.speaker_next(item=item, now=now)  # Cecilia speaks, Bo waits for an inlägg
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "bo")
    page.goto(f"{live_server.url}/sammantraden/{committee.meeting.pk}/deltar/")
    page.get_by_role("radio", name="replik").check()
    page.get_by_label("Replik på").select_option(label="Cecilia Berg (L)")
    page.get_by_role("button", name="Begär ordet").click()
    assert page.get_by_role("status").inner_text() == "Du står på talarlistan."
    assert page.get_by_role("button", name="Återta min begäran om ordet (replik)").is_visible()
    page.get_by_label("Avslag på förslaget").check()
    page.get_by_role("button", name="Lägg yrkandet").click()
    page.get_by_role("button", name="Återta mitt yrkande").click()  # the box not ticked
    assert Yrkande.objects.exists()  # the browser asks for the required box first
    page.get_by_label("Ja, jag återtar yrkandet").check()
    page.get_by_role("button", name="Återta mitt yrkande").click()
    assert page.get_by_role("status").inner_text().startswith("Du har återtagit ditt yrkande")
    seen(page)
    assert not Yrkande.objects.exists()

    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=cecilia, form="avslag")
    live.vote_open(item=item, yes=avslag, no=bifall, now=timezone.now())  # the wrong way round
    page.context.clear_cookies()
    log_in(page, live_server.url, "anna")  # the chair
    page.goto(f"{live_server.url}/sammantraden/{committee.meeting.pk}/leder/")
    page.get_by_role("button", name="Stäng talarlistan").click()
    page.get_by_role("button", name="Öppna talarlistan igen").click()
    assert page.get_by_role("status").inner_text() == "Talarlistan är öppen igen."
    page.get_by_role("button", name="Avbryt voteringen").click()  # not without confirming
    assert page.get_by_role("alert").is_visible()
    assert Vote.objects.exists()
    page.get_by_label("Ja, avbryt voteringen och stryk de avgivna rösterna").check()
    page.get_by_role("button", name="Avbryt voteringen").click()
    assert (
        page.get_by_role("status").inner_text() == "Voteringen är avbruten; rösterna räknas inte."
    )
    assert page.get_by_role("button", name="Öppna voteringen").is_visible()
    seen(page)
