"""A reader on a phone (390 px): searching the case list without the Swedish letters finds the
case, and the case page's follow link leads to a page that explains feeds and shows the case's
feed address to copy, not to raw XML. Each page is checked with axe and fits the screen."""

import shutil

import pytest

from tests.test_browser import assert_accessible
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]

WIDTH = 390


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    return page


@pytest.mark.django_db(transaction=True)
def test_searching_without_the_swedish_letters_finds_the_case(phone, live_server, demo):
    phone.goto(live_server.url + "/arenden/")
    phone.get_by_label("Sök diarienummer, titlar, texter och motionärer").fill("ATERVANDRING")
    phone.get_by_role("button", name="Sök").click()
    phone.wait_for_url("**/arenden/?*q=ATERVANDRING*")
    assert phone.get_by_role("link", name="KS 2023/1387").count() >= 1
    assert_fits(phone, WIDTH)
    assert_accessible(phone)


@pytest.mark.django_db(transaction=True)
def test_the_follow_link_explains_feeds_and_shows_the_cases_address(phone, live_server, demo):
    phone.goto(live_server.url + "/arenden/KS-2023-1387/")
    feed = phone.locator('head link[rel="alternate"][type="application/atom+xml"]').first
    assert feed.get_attribute("href") == "/flode/arenden/KS-2023-1387/"
    phone.get_by_role("link", name="Följ ärendet med ett flöde").click()
    phone.wait_for_url("**/floden/?arende=KS-2023-1387")
    assert phone.get_by_role("heading", name="Följ med flöden", level=1).is_visible()
    assert "application/xhtml" not in phone.evaluate("document.contentType")
    assert phone.evaluate("document.contentType") == "text/html"
    address = phone.get_by_label("Adress att kopiera till flödet KS 2023/1387", exact=False)
    assert address.input_value() == live_server.url + "/flode/arenden/KS-2023-1387/"
    assert_fits(phone, WIDTH)
    assert_accessible(phone)
    atom = phone.request.get(live_server.url + feed.get_attribute("href"))
    assert atom.ok and atom.headers["content-type"].startswith("application/atom+xml")
    assert "<feed" in atom.text()
