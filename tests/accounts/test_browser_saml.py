"""Signing in with e-legitimation in Debian's Chromium: the app's login page, the tests' own
identity provider (conftest.saml_idp), back to the politician's start page, and out again; at
desktop width and on a phone (390 px), each page of the app checked with axe."""

import shutil

import pytest

from tests.accounts.conftest import KARIN, STRANGER
from tests.test_browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def site(settings, live_server, request):
    """The app and the identity provider on one host, 127.0.0.1: the provider's posted response
    carries the app's cookie of the SAML exchange (SameSite=Lax) only within one site."""
    settings.SITE_URL = live_server.url.replace("localhost", "127.0.0.1")
    request.getfixturevalue("saml_idp")
    return settings.SITE_URL


def sign_in_with_e_legitimation(page, site: str, personal_identity_number: str) -> None:
    page.goto(site + "/konto/logga-in/")
    assert_accessible(page)
    page.get_by_role("link", name="Logga in med e-legitimation").click()
    page.get_by_label("Personnummer").fill(personal_identity_number)
    page.get_by_role("button", name="Legitimera").click()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_politician_signs_in_with_e_legitimation_and_out_again(page, site, karin, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_e_legitimation(page, site, KARIN)
    page.wait_for_url(site + "/start/")
    assert page.get_by_role("heading", name="Start", level=1).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(site + "/arenden/")  # back from the provider's Single Logout
    assert page.get_by_role("link", name="Logga in").is_visible()
    assert_accessible(page)


def test_someone_the_system_does_not_know_is_refused_in_swedish(page, site, karin):
    sign_in_with_e_legitimation(page, site, STRANGER)
    page.wait_for_url(site + "/konto/saml2/acs/")
    assert page.get_by_role("heading", name="Du kan inte logga in här").is_visible()
    assert page.get_by_role("alert").inner_text().startswith("Du är inte upplagd")
    assert_accessible(page)
