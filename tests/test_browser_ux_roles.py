"""Issue 23, point 4, on a phone: a handläggare who reaches a step of another role learns who
takes it and whom to ask, and finds the way back to the case."""

import shutil

import pytest
from django.urls import reverse

from tests.casework.test_role_refusal import prepared_referred
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_a_refused_step_names_who_takes_it_and_leads_back(page, live_server, demo):
    motion = prepared_referred()
    case_url = reverse("case_detail", args=[motion.case.slug])
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server.url, "handlaggare")

    page.goto(live_server.url + case_url)
    others = page.locator("details.others-steps")
    others.locator("summary").click()
    assert "görs av en registrator, en nämndsekreterare eller en administratör" in (
        others.inner_text()
    )
    assert_fits(page, 390)
    assert_accessible(page)

    page.goto(live_server.url + reverse("referrals:answer_committee", args=[motion.case.slug]))
    assert page.get_by_role("heading", name="Ingen behörighet").is_visible()
    assert page.get_by_text("Det här gör en registrator, en nämndsekreterare").is_visible()
    assert page.get_by_role("heading", name="Vem kan hjälpa till?").is_visible()
    assert page.get_by_text("Sara Nyström").is_visible()
    assert_fits(page, 390)
    assert_accessible(page)

    page.get_by_role("link", name="Tillbaka till ärendet").click()
    assert page.url == live_server.url + case_url
