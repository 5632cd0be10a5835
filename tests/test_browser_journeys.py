"""A day's work without a manual, at desktop and phone widths, in Debian's Chromium."""

import shutil

import pytest

from casework.models import Case
from casework.workflow import Status
from motions.models import Utlatande
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]
WIDTHS = [1280, 390]


def search(page, url, text):
    page.goto(url + "/arenden/")
    page.get_by_label("Sök diarienummer, titlar, texter och motionärer").fill(text)
    page.get_by_role("button", name="Sök").click()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.django_db(transaction=True)
def test_a_registrator_finds_a_case_by_dnr_part_of_it_or_the_movers_name(
    page, live_server, demo, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "registrator")
    search(page, live_server.url, "KS 2023/1387")
    assert page.url.endswith("/arenden/KS-2023-1387/")  # a whole dnr: straight to the case
    page.goto(live_server.url + "/arenden/")
    page.get_by_label("Sök diarienummer, titlar, texter och motionärer").focus()
    stops = 0
    while not page.evaluate("document.activeElement.closest('tbody') !== null") and stops < 30:
        page.keyboard.press("Tab")
        stops += 1
    assert stops <= 10, f"{stops} Tab stops from the search box to the first result"
    for text in ("1387", "Kroon"):
        search(page, live_server.url, text)
        assert page.get_by_role("link", name="KS 2023/1387").is_visible(), text
        assert_fits(page, width)
        assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.django_db(transaction=True)
def test_a_handlaggare_writes_section_by_section_and_previews_an_incomplete_draft(
    page, live_server, demo, width
):
    from casework.models import Document
    from motions.models import Motion

    motion = Motion.objects.get(case__sequence=1387)
    Utlatande.objects.filter(motion=motion).update(frozen_document=None)
    Document.objects.filter(case=motion.case, kind="utlatande").update(kind="ovrigt")
    Utlatande.objects.filter(motion=motion).delete()
    Case.objects.filter(pk=motion.case.pk).update(status=Status.IN_PREPARATION)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "handlaggare")
    page.goto(live_server.url + "/arenden/KS-2023-1387/utlatande/redigera/")
    assert_fits(page, width)
    page.get_by_role("link", name="Rubrik").click()
    page.locator("input#id_rapporteur").fill("Wann")  # the autocomplete, once made
    page.get_by_role("option", name="Karin Wanngård (S)").click()
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_role("link", name="Sammanfattning av ärendet").click()
    page.locator("#id_summary").fill("Motionären vill samverka med Migrationsverket.")
    page.get_by_role("button", name="Spara", exact=True).click()
    assert page.get_by_text("Avsnittet sammanfattning av ärendet är sparat.").is_visible()
    assert page.url.endswith("/utlatande/redigera/")  # back on the task list
    assert_accessible(page)
    page.get_by_role("link", name="Förhandsgranska utlåtandet").click()
    assert page.get_by_text("Motionären vill samverka med Migrationsverket.").is_visible()
    assert page.get_by_text("Saknas ännu i utkastet.").first.is_visible()
    assert_fits(page, width)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_an_edit_conflict_shows_both_versions_and_loses_nothing(browser, live_server, demo):
    from casework.models import Document
    from motions.models import Motion

    motion = Motion.objects.get(case__sequence=1387)
    Document.objects.filter(case=motion.case, kind="utlatande").update(kind="ovrigt")
    Utlatande.objects.filter(motion=motion).update(frozen_document=None, frozen_html="")
    Case.objects.filter(pk=motion.case.pk).update(status=Status.IN_PREPARATION)
    editor = f"{live_server.url}/arenden/KS-2023-1387/utlatande/redigera/sammanfattning/"
    first_context, second_context = browser.new_context(), browser.new_context()
    first, second = first_context.new_page(), second_context.new_page()
    for page in (first, second):
        log_in(page, live_server.url, "handlaggare")
        page.goto(editor)
    first.locator("#id_summary").fill("Den första handläggarens sammanfattning.")
    first.get_by_role("button", name="Spara", exact=True).click()
    assert first.get_by_text("Avsnittet sammanfattning av ärendet är sparat.").is_visible()
    second.locator("#id_summary").fill("Den andra handläggarens sammanfattning.")
    second.get_by_role("button", name="Spara", exact=True).click()
    assert second.get_by_role(
        "heading", name="Två versioner: välj vilken som ska gälla"
    ).is_visible()
    assert second.locator(".versions").get_by_text("första", exact=True).is_visible()
    assert second.locator("#id_summary").input_value() == "Den andra handläggarens sammanfattning."
    assert_accessible(second)
    second.get_by_label("Ta den sparade versionen").check()
    second.get_by_role("button", name="Spara", exact=True).click()
    assert second.get_by_text("Avsnittet sammanfattning av ärendet är sparat.").is_visible()
    assert Utlatande.objects.get().summary == "Den första handläggarens sammanfattning."
    first_context.close()
    second_context.close()
