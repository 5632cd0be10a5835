"""A reader follows a case from its public page on a phone and confirms by the mail's link."""

import re
import shutil

import pytest
from django.core import mail

from casework.models import Body, Case
from follows.models import Follow
from follows.services import follow_request, unsubscribe_token
from tests.test_browser import assert_accessible
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_a_reader_follows_a_case_and_confirms_by_the_mail_s_link(page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/arenden/KS-2023-1387/")
    page.get_by_role("link", name="Följ ärendet via e-post").click()
    assert "Följ ärendet KS 2023/1387" in page.locator("h1").inner_text()
    assert_accessible(page)

    page.get_by_label("Din e-postadress").fill("anna.exempel")
    page.get_by_role("button", name="Följ").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("Skriv en hel e-postadress").first.is_visible()
    assert_accessible(page)

    page.get_by_label("Din e-postadress").fill("anna@exempel.se")
    page.get_by_role("button", name="Följ").click()
    assert page.locator("h1").inner_text() == "Bekräfta i mejlet"
    assert_accessible(page)
    assert Follow.objects.get().confirmed_at is None

    (confirmation,) = mail.outbox
    path = re.search(r"http://[^/\s]+(/folj/bekrafta/\S+)", confirmation.body).group(1)
    page.goto(live_server.url + path)
    assert page.locator("h1").inner_text().startswith("Bekräfta att du vill följa ärendet")
    assert_accessible(page)
    assert Follow.objects.get().confirmed_at is None  # opening the link confirms nothing
    page.get_by_role("button", name="Bekräfta").click()
    assert page.locator("h1").inner_text().startswith("Du följer nu ärendet KS 2023/1387")
    assert_accessible(page)
    assert Follow.objects.get().confirmed_at is not None


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.django_db(transaction=True)
def test_an_address_stops_following_one_thing_on_a_phone(page, live_server, demo, width):
    case = Case.objects.get(title__startswith="Motion om samverkan med Migrationsverket")
    follow_request(email="anna@exempel.se", kind=Follow.Kind.CASE, case=case, confirmed=True)
    body = Body.objects.get(name="Kommunfullmäktige")
    follow_request(email="anna@exempel.se", kind=Follow.Kind.BODY, body=body, confirmed=True)
    token = unsubscribe_token(Follow.objects.first().subscriber)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/folj/avsluta/{token}/")
    assert_fits(page, width)
    assert_accessible(page)
    page.get_by_role("button", name=f"Sluta följa ärendet {case.dnr}").click()
    assert f"Du följer inte längre ärendet {case.dnr}" in page.get_by_role("status").inner_text()
    assert list(Follow.objects.values_list("body", flat=True)) == [body.pk]
    assert page.get_by_role("button", name="Sluta följa allt").is_visible()
    assert_fits(page, width)
    assert_accessible(page)
