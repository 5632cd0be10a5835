"""The case page and the pages around it on a 390 px phone: the referrals are cards that show
their status and due date without sideways scrolling, and a page that only takes a form, opened
directly, says so in Swedish with a way back instead of the browser's English error."""

import datetime
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from casework.models import Case, Meeting
from referrals.services import referral_answer_by_report
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]

WIDTH = 390


def assert_on_screen(locator):
    assert locator.is_visible(), locator
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (locator, box)


@pytest.mark.django_db(transaction=True)
def test_the_referrals_are_cards_with_status_and_due_date_on_a_phone(page, live_server):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())  # as `make run`: every state of a case
    case = Case.objects.get(title="Motion om renare vatten i Mälaren")
    referral_answer_by_report(
        referral=case.referrals.get(body__name="Stockholm Vatten och Avfall AB"),
        dated=datetime.date(2025, 7, 1),
        text="Bolaget delar bedömningen.",
    )
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto(live_server.url + case.get_absolute_url())
    referrals = page.get_by_role("region", name="Tabell: Remisser")
    for text in (
        "Stockholm Vatten och Avfall AB",
        "besvarad 2025-07-01 (efter svarsdatum)",
        "Länsstyrelsen i Stockholms län",
        "besvarad 2025-05-28",
    ):
        assert_on_screen(referrals.get_by_role("cell", name=text))
    for due in referrals.get_by_role("cell", name="2025-06-13").all():  # Svarsdatum, each card
        assert_on_screen(due)
    assert_fits(page, WIDTH)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_form_only_address_opened_directly_says_so_in_swedish_with_a_way_back(
    page, live_server, demo
):
    meeting = Meeting.objects.order_by("pk").first()
    meeting_url = f"{live_server.url}/sammantraden/{meeting.pk}/"
    page.set_viewport_size({"width": WIDTH, "height": 800})
    log_in(page, live_server.url, "namndsekreterare")
    page.goto(meeting_url)

    response = page.goto(f"{meeting_url}kallelse/", referer=meeting_url)  # as after a reload
    assert response.status == 405
    assert page.get_by_role("heading", name="Sidan kan inte öppnas direkt").is_visible()
    assert page.get_by_text("Sidan kan bara användas för att skicka ett formulär.").is_visible()
    assert_fits(page, WIDTH)
    assert_accessible(page)
    page.get_by_role("link", name="Tillbaka till sidan du kom från").click()
    assert page.url == meeting_url
    meeting.refresh_from_db()
    assert meeting.kallelse_sent_at is None  # opening the address sent nothing

    page.goto(f"{meeting_url}kallelse/")  # from a bookmark: no page to go back to
    assert page.get_by_role("link", name="Tillbaka till sidan du kom från").count() == 0
    page.get_by_role("link", name="Till startsidan").click()
    assert page.url == f"{live_server.url}/start/"  # a signed-in user's start page


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.django_db(transaction=True)
def test_the_follow_links_stand_under_the_case_s_facts_on_a_phone(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/arenden/KS-2023-1387/")
    for name in ("Följ ärendet via e-post", "Följ ärendet med ett flöde"):
        link = page.get_by_role("link", name=name)
        assert link.count() == 1
        box = link.bounding_box()
        assert box["y"] < 1200, (name, box)  # near the top, not after the whole history
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    facts = page.locator("dl.facts").bounding_box()
    assert page.get_by_role("link", name="Följ ärendet via e-post").bounding_box()["y"] > facts["y"]
    assert_fits(page, width)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_registrator_marks_a_document_secret_from_the_case_page_on_a_phone(
    page, live_server, demo
):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    log_in(page, live_server.url, "registrator")
    page.goto(live_server.url + "/arenden/KS-2023-1387/")
    row = page.get_by_role("region", name="Tabell: Handlingar").locator("tbody tr").first
    number = row.locator("td[data-label=Nr]").inner_text()
    row.get_by_role("link", name=f"Sekretessmarkera {number}").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Sekretessmarkera {number}"
    assert_fits(page, WIDTH)
    assert_accessible(page)
    page.get_by_label("Sekretessbestämmelse").fill("OSL 21 kap. 1 §")
    page.get_by_role("button", name="Sekretessmarkera").click()
    assert page.url == live_server.url + "/arenden/KS-2023-1387/"
    assert f"Handlingen {number} är sekretessmarkerad." in page.locator("main").inner_text()
    row = page.get_by_role("region", name="Tabell: Handlingar").locator("tbody tr").first
    assert_on_screen(row.get_by_role("link", name=f"Häv sekretessmarkeringen {number}"))
    assert_fits(page, WIDTH)
    assert_accessible(page)
