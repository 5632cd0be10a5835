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


def assert_no_sideways_scroll(page) -> None:
    """Neither the page nor a table's own region scrolls sideways."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    wide = page.evaluate(
        "Array.from(document.querySelectorAll('.table-scroll, table'))"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)"
    )
    assert wide == [], f"{page.url}: {wide}"


@pytest.mark.django_db(transaction=True)
def test_the_ballot_tables_fit_a_320_px_phone(page, live_server, world, user_with_role):
    """The votering by hand (a row per member, Ja/Nej/Avstår), the chair's röstlängd and the
    voteringslista of the decided paragraph fit a 320 px screen without scrolling sideways."""
    committee = Committee(world)
    anna, bo, *_, fredrik = committee.members
    fredrik.first_name, fredrik.last_name = "Fredrik Carl-Gustaf", "Wennerholm-Lindqvist"
    fredrik.save()
    item = committee.item
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    user_with_role("nämndsekreterare", "sekreterare")
    page.set_viewport_size({"width": 320, "height": 700})
    log_in(page, live_server.url, "sekreterare")
    paragraph = f"{live_server.url}/sammantraden/{committee.meeting.pk}/paragrafer/{item.pk}/"
    page.goto(paragraph)
    table = page.locator("table.ballot-table").first
    assert table.is_visible()
    no = page.get_by_role("radio", name=re.compile(r"^Bo Ås.*: Nej$"))
    assert no.count() == 1
    no.check()
    assert page.locator("table.ballot-table .ballot-choice").first.is_visible()  # stacked
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    vote = live.vote_open(item=item, yes=bifall, no=avslag, now=timezone.now())
    page.context.clear_cookies()
    log_in(page, live_server.url, "anna")  # the chair
    page.goto(f"{live_server.url}/sammantraden/{committee.meeting.pk}/leder/")
    assert_no_sideways_scroll(page)
    page.goto(f"{live_server.url}/sammantraden/{committee.meeting.pk}/deltar/")
    assert_no_sideways_scroll(page)
    for person in committee.serving:
        live.ballot_cast(vote=vote, person=person, choice="ja" if person == anna else "avstar")
    live.vote_close(vote=vote, now=timezone.now())
    page.goto(paragraph)
    assert page.get_by_text("Voteringslista, § 1").first.is_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_member_of_another_body_is_led_to_the_big_screen_on_her_phone(
    page, live_server, world, django_user_model
):
    committee = Committee(world)
    other = world.person("Ivar", "Annan", world.s, [world.ks])
    other.user = django_user_model.objects.create_user(username="ivar", password="demo")
    other.save(update_fields=["user"])
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "ivar")
    page.goto(f"{live_server.url}/sammantraden/{committee.meeting.pk}/deltar/")
    assert page.get_by_text(
        "Du är inte ledamot eller ersättare i kulturnämnden och deltar inte i sammanträdet."
    ).is_visible()
    assert page.get_by_role("button", name="Begär ordet").count() == 0
    seen(page)
    page.get_by_role("link", name="storbilden").click()
    assert page.get_by_role("heading", name="§ 1 Riktlinjer för föreningsbidrag").is_visible()
