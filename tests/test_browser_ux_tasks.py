"""Issue 23, points 3 and 7, on a phone: the utlåtande says what it lacks and where to fill it in,
the same in the preview and in the PDF's refusal; the document is written from a task list; the
meeting page shows its path step by step."""

import shutil

import pytest
from django.utils import timezone

from casework.models import Case, Meeting
from casework.workflow import Status
from motions.models import Motion, Utlatande
from rotlar.models import CaseRotel
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]
WIDTH = 390
CASE = "/arenden/KS-2023-1387"


def check(page):
    assert_fits(page, WIDTH)
    assert_accessible(page)


def draft_again(motion, *, keep=True):
    """The demo's case back in preparation with its utlåtande a draft (or none)."""
    from casework.models import Document

    Document.objects.filter(case=motion.case, kind="utlatande").update(kind="ovrigt")
    Utlatande.objects.filter(motion=motion).update(frozen_document=None, frozen_html="")
    if not keep:
        Utlatande.objects.filter(motion=motion).delete()
    Case.objects.filter(pk=motion.case.pk).update(status=Status.IN_PREPARATION)


@pytest.mark.django_db(transaction=True)
def test_a_missing_rotel_is_listed_linked_filled_in_and_the_pdf_then_prints(
    page, live_server, demo
):
    motion = Motion.objects.get(case__sequence=1387)
    draft_again(motion)
    CaseRotel.objects.filter(case=motion.case).delete()
    page.set_viewport_size({"width": WIDTH, "height": 900})
    log_in(page, live_server.url, "handlaggare")
    page.goto(live_server.url + CASE + "/utlatande/")
    box = page.get_by_role("region", name="Det här saknas")
    assert box.get_by_role("link").all_inner_texts() == ["Rotel"]
    check(page)
    refusal = page.request.get(live_server.url + CASE + "/utlatande.pdf")
    assert refusal.status == 409 and "Det saknar: rotel." in refusal.text()
    assert f'<a href="{CASE}/uppgifter/#id_rotel">Rotel</a>' in refusal.text()  # the same link
    box.get_by_role("link", name="Rotel").click()
    assert page.url.endswith("/uppgifter/#id_rotel")
    check(page)
    page.locator("#id_rotel").select_option(index=1)
    page.get_by_role("button", name="Spara uppgifterna").click()
    page.goto(live_server.url + CASE + "/utlatande/")
    assert page.get_by_role("region", name="Det här saknas").count() == 0
    check(page)
    printed = page.request.get(live_server.url + CASE + "/utlatande.pdf")
    assert printed.status in (200, 202)  # printed, or being printed by the worker
    if printed.status == 200:
        assert printed.headers["content-type"] == "application/pdf"


@pytest.mark.django_db(transaction=True)
def test_the_task_list_shows_a_section_going_from_not_started_to_done(page, live_server, demo):
    motion = Motion.objects.get(case__sequence=1387)
    draft_again(motion, keep=False)
    page.set_viewport_size({"width": WIDTH, "height": 900})
    log_in(page, live_server.url, "handlaggare")
    page.goto(live_server.url + CASE + "/utlatande/redigera/")
    statuses = page.locator(".task-status").all_inner_texts()
    assert statuses and set(statuses) == {"Inte påbörjad"}
    assert page.get_by_role("link", name="Förhandsgranska utlåtandet").is_visible()
    check(page)
    for heading in ["Rubrik", "Förslag till beslut", "Bilagor"]:
        page.get_by_role("list").get_by_role("link", name=heading, exact=True).click()
        assert page.locator("main button:not(.secondary)").count() == 1  # one primary button
        check(page)
        page.go_back()
    page.get_by_role("list").get_by_role("link", name="Sammanfattning av ärendet").click()
    page.locator("#id_summary").fill("Motionären vill samverka med Migrationsverket.")
    page.get_by_role("button", name="Spara", exact=True).click()
    assert page.url.endswith("/utlatande/redigera/")
    row = page.locator(".task").filter(has_text="Sammanfattning av ärendet")
    assert row.locator(".task-status").inner_text() == "Klar"
    assert page.locator(".task-status", has_text="Inte påbörjad").count() == len(statuses) - 1
    check(page)


@pytest.mark.django_db(transaction=True)
def test_the_meeting_page_marks_the_current_step(page, live_server, demo):
    today = timezone.localdate()
    meeting = (
        Meeting.objects.filter(date__gte=today, opened_at__isnull=True, decisions__isnull=True)
        .order_by("date")
        .first()
    )
    page.set_viewport_size({"width": WIDTH, "height": 900})
    log_in(page, live_server.url, "namndsekreterare")
    url = f"{live_server.url}/sammantraden/{meeting.pk}/"

    def current():
        page.goto(url)
        steps = page.locator("ol.meeting-steps > li")
        assert steps.count() == 7
        check(page)
        return page.locator('ol.meeting-steps > li[aria-current="step"]').inner_text()

    assert current().startswith(("Planera", "Skicka kallelsen"))
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(kallelse_sent_at=now, opened_at=now)
    assert current().startswith("Besluta paragraferna")
    assert "klart " + today.isoformat() in page.locator("ol.meeting-steps > li").nth(2).inner_text()
    Meeting.objects.filter(pk=meeting.pk).update(ends_at=now.time(), justerad_at=now)
    assert current().startswith("Sätt upp anslaget")
