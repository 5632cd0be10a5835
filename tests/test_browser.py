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
    page.get_by_role("link", name="Utlåtandet", exact=True).click()
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
