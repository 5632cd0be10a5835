"""Staff sign in through the municipality's provider in Debian's Chromium: the button on the
login page, the provider's own sign-in page (a real one, started by conftest.py), the start page
for the role, the refusal, and the logout that ends the session at the provider too."""

import shutil
from urllib.parse import urlsplit

import pytest

from tests.accounts.conftest import CLERK_EMAIL, PASSWORD
from tests.accounts.test_oidc import person
from tests.test_browser import assert_accessible
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def app(live_server, oidc, settings):
    """The live server registered at the provider; its logout form may lead there (as the
    settings allow the provider's origin when OIDC_OP_LOGOUT_ENDPOINT is set)."""
    oidc.register(live_server.url)
    origin = urlsplit(oidc.url)
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], f"{origin.scheme}://{origin.netloc}"],
    }
    return live_server


def sign_in_at_provider(page, base: str, username: str) -> None:
    page.goto(base + "/konto/logga-in/")
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    page.get_by_label("Användare").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Fortsätt").click()


@pytest.mark.parametrize(
    ("width", "username", "email", "section"),
    [
        (1280, "anna", CLERK_EMAIL, "Mina öppna ärenden"),
        (390, "karin", "karin.wanngard@kommun.example", "Mina nästa sammanträden"),
    ],
)
@pytest.mark.django_db(transaction=True)
def test_staff_sign_in_with_the_municipalitys_account_and_out_again(
    page, app, django_user_model, width, username, email, section
):
    person(django_user_model, username, email)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(app.url + "/konto/logga-in/")
    assert_accessible(page)
    assert_fits(page, width)

    sign_in_at_provider(page, app.url, username)
    page.wait_for_url(app.url + "/start/")
    assert page.get_by_role("heading", name="Start", exact=True).is_visible()
    assert page.get_by_role("heading", name=section).is_visible()
    assert_accessible(page)
    assert_fits(page, width)

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(app.url + "/arenden/")  # back from the provider's logout
    page.goto(app.url + "/konto/logga-in/")
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    assert page.get_by_role("heading", name="Kommunens inloggning").is_visible()  # asked anew


@pytest.mark.django_db(transaction=True)
def test_someone_the_municipality_has_not_entered_is_told_so_on_a_phone(page, app):
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in_at_provider(page, app.url, "okand")
    assert page.get_by_role("heading", name="Du kan inte logga in här").is_visible()
    assert page.get_by_text("Du är inte upplagd i Motionsärenden.").is_visible()
    assert page.get_by_role("button", name="Logga ut").count() == 0
    assert_accessible(page)
    assert_fits(page, 390)
