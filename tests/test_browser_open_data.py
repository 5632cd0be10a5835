"""Open data as its users meet it, in Debian's Chromium with axe: a reader finds the statistics
and takes a figure as CSV; a civic developer's page on another site reads the API (CORS); the
archivist orders a closed case's package and fetches it with the checksum the page shows."""

import datetime
import hashlib
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from casework.models import Case, CaseEvent
from tests.archive.test_sip import settle
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_a_reader_takes_a_figure_from_the_statistics_as_csv(page, live_server, demo):
    page.goto(live_server.url + "/arenden/")
    page.get_by_role("link", name="Statistik").click()
    assert page.get_by_role(
        "heading", name="Remissvar i tid och försenade, per remissinstans"
    ).is_visible()
    table = page.get_by_role(
        "region", name="Remissvar i tid och försenade, per remissinstans, tabell"
    )
    assert table.get_by_role("row", name="Socialnämnden 1 0 0").is_visible()
    assert page.locator("svg.chart rect").count() == 5  # three bodies, two parties; one year
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role(
            "link", name="Hämta som CSV: Remissvar i tid och försenade, per remissinstans"
        ).click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert content[0] == "Remissinstans;I tid;Försenade;Obesvarade efter svarsdatum"
    assert "Socialnämnden;1;0;0" in content


@pytest.mark.django_db(transaction=True)
def test_a_page_on_another_site_reads_the_api(page, live_server, demo):
    page.set_content("<!DOCTYPE html><title>Någon annans webbplats</title>")  # another origin
    paper = page.evaluate(
        """async (root) => {
            const system = await (await fetch(root + "/oparl/v1/")).json();
            const body = (await (await fetch(system.body)).json()).data[0];
            const papers = await (await fetch(body.paper + "?limit=1")).json();
            return papers.data[0];
        }""",
        live_server.url,
    )
    assert paper["reference"] == "KS 2023/1387" and paper["arende:ettarsgrans"] == "2024-09-25"


@pytest.mark.django_db(transaction=True)
def test_the_archivist_orders_a_closed_cases_package_and_fetches_it(page, live_server, demo):
    case = Case.objects.by_dnr("KS-2023-1387").get()
    at = timezone.make_aware(datetime.datetime(2024, 6, 19, 15))
    CaseEvent.objects.create(case=case, at=at, from_status=case.status, to_status="avgjord")
    settle(case)
    log_in(page, live_server.url, "registrator")
    page.goto(live_server.url + "/arkiv/")
    assert_accessible(page)
    page.get_by_label("Eller alla ärenden avslutade år").fill("2024")
    page.get_by_role("button", name="Gör arkivpaket").click()
    row = page.get_by_role("row", name="Ärenden avslutade 2024")
    assert row.is_visible()  # made at once here; with the worker, "0 av 1 ärende" until then
    checksum = row.locator("code").inner_text()
    with page.expect_download() as download:
        row.get_by_role("link", name="Hämta arkivpaket-2024.zip").click()
    content = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == checksum
    assert_accessible(page)
