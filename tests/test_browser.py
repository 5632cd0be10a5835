"""Pages as a person sees them, in Debian's Chromium, each checked with axe."""

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def assert_accessible(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def demo_site(live_server, demo):
    return live_server


@pytest.mark.django_db(transaction=True)
def test_a_reader_finds_the_reference_case_from_the_list(page, demo_site):
    page.goto(demo_site.url + "/")
    assert page.locator("h1").inner_text() == "Ärenden"
    assert_accessible(page)
    page.get_by_role("link", name="KS 2023/1387").click()
    assert "Motion om samverkan med Migrationsverket" in page.locator("h1").inner_text()
    assert page.get_by_role("cell", name="KS 2023/1387-1").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Läs utlåtandet").click()
    assert page.get_by_role("heading", name="Reservationer m.m.").is_visible()
    assert page.get_by_text("Föredragande borgarrådet Karin Wanngård").is_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_clerk_logs_in_in_swedish(page, demo_site):
    page.goto(demo_site.url + "/konto/logga-in/")
    assert_accessible(page)
    page.get_by_label("Användarnamn").fill("registrator")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("alert").is_visible()
    page.get_by_label("Lösenord").fill("demo")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("button", name="Logga ut").is_visible()
    assert_accessible(page)


def tab_to(page, locator, limit: int = 60) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("the element cannot be reached with Tab")


@pytest.mark.django_db(transaction=True)
def test_a_clerk_gets_from_login_to_a_step_form_by_keyboard_alone(page, demo_site):
    page.goto(demo_site.url + "/arenden/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.goto(demo_site.url + "/konto/logga-in/")
    tab_to(page, page.get_by_label("Användarnamn"))
    page.keyboard.type("registrator")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/start/")
    page.goto(demo_site.url + "/arenden/KS-2023-1387/")
    tab_to(page, page.get_by_role("link", name="Registrera en handling"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/handlingar/ny/")
    assert page.get_by_role("heading", name="Registrera en handling").is_visible()
    page.keyboard.press("Tab")  # from the page top into the form's first field, in order
    assert page.evaluate("document.activeElement.tagName") in {"A", "INPUT"}
