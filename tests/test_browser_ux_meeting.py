"""A justerare on a phone (390 px), in Debian's Chromium: from the start page's "läs protokollet
och justera" to the draft minutes, which end with the button to justera them."""

import shutil

import pytest

from casework.models import Meeting
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in, log_out
from tests.test_browser_phone import assert_fits
from tests.test_browser_ux_politician import justera_and_confirm, on_phone, seat
from tests.test_whole_process import KS_SERVING, at_ks, ks_held

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def check(page):
    assert_accessible(page)
    assert_fits(page, 390)


@pytest.mark.django_db(transaction=True)
def test_a_justerare_justerar_from_the_end_of_the_draft_minutes(page, live_server, demo):
    seat(*KS_SERVING)
    at_ks("Motion om fler parkbänkar")
    ks = ks_held()
    url = live_server.url
    on_phone(page)
    log_in(page, url, "jan.jonsson")
    page.goto(f"{url}/start/")
    page.get_by_role("region", name="Protokoll att justera").get_by_role(
        "link", name="protokollet"
    ).click()
    assert page.url == f"{url}/sammantraden/{ks.pk}/protokoll/"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Utkast: Protokoll")
    justera = page.get_by_role("region", name="Justera protokollet")
    justera.get_by_role("button", name="Jag justerar protokollet").scroll_into_view_if_needed()
    assert justera.get_by_role("button", name="Jag justerar protokollet").is_visible()
    check(page)

    justera_and_confirm(page, justera, ks, "Jan Jonsson")
    page.goto(f"{url}/sammantraden/{ks.pk}/protokoll/")
    assert page.get_by_role("button", name="Jag justerar protokollet").count() == 0
    log_out(page)


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.django_db(transaction=True)
def test_the_public_meeting_page_offers_its_body_by_mail_and_calendar_and_no_orders(
    page, live_server, demo, width
):
    meeting = Meeting.objects.order_by("-date").first()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/sammantraden/{meeting.pk}/")
    assert page.locator("ol.meeting-steps").count() == 0  # the secretary's steps are theirs
    follow = page.get_by_role("link", name=f"Följ {meeting.body.in_running_text} via e-post")
    subscribe = page.get_by_role("link", name=f"Prenumerera i kalendern på {meeting.body.name}")
    for link in (follow, subscribe):
        box = link.bounding_box()
        assert box["y"] < 800 and box["x"] + box["width"] <= width, box
    assert subscribe.get_attribute("href").startswith("webcal://")
    assert_fits(page, width)
    assert_accessible(page)
