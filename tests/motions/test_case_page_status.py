"""The case page on the demo as `make run` loads it: a decided case's status follows the
decision that closed it, not an earlier step's minutes; a referral answered after its due date
says so."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from casework.models import Case
from referrals.models import Referral
from referrals.services import referral_answer_by_report

DECIDED = "Motion om fler bänkar i parkerna"


@pytest.fixture
def make_run_demo(db):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_case_decided_with_justerade_minutes_is_avgjord_without_a_but(make_run_demo, client):
    case = Case.objects.get(title=DECIDED)
    page = _text(client.get(case.get_absolute_url()).text)
    assert "Status Avgjord " in page and "ej justerat" not in page
    assert "Protokollet justerat 2023-09-29 12:00." in page
    # borgarrådsberedningen keeps no justering; its endorsement is not called unfinal
    assert (
        "Ingen tid för justering är registrerad; ärendet gick vidare till kommunstyrelsen, som "
        "beslutade 2023-09-06." in page
    )
    assert "beslutet är inte slutligt" not in page
    listed = _text(client.get("/arenden/", {"q": "bänkar"}).text)
    assert DECIDED in listed and "Avgjord" in listed and "ej justerat" not in listed
    exported = client.get("/arenden/export.csv", {"q": "bänkar"}).text
    assert ";avgjord;" in exported and "ej justerat" not in exported
    assert (
        Case.objects.with_justering(datetime.datetime.now(datetime.UTC)).get(pk=case.pk).stage
        == "avgjord"
    )


def test_a_referral_answered_after_its_due_date_says_so(make_run_demo, client):
    case = Case.objects.get(title="Motion om renare vatten i Mälaren")
    company = case.referrals.get(body__name="Stockholm Vatten och Avfall AB")
    assert company.due_on == datetime.date(2025, 6, 13)
    html = client.get(case.get_absolute_url()).text
    assert "skickad (försenad)" in _text(html)

    referral_answer_by_report(
        referral=company, dated=datetime.date(2025, 7, 1), text="Bolaget delar bedömningen."
    )
    html = client.get(case.get_absolute_url()).text
    page = _text(html)
    assert "besvarad 2025-07-01 (efter svarsdatum)" in page
    assert "besvarad 2025-05-28 2025-06-13" in page  # the authority in time: no mark
    table = html[html.index('aria-label="Tabell: Remisser"') :]
    table = table[: table.index("</table>")]
    assert '<table class="stack">' in table
    cells = re.findall(r"<td([^>]*)>", table)
    assert len(cells) == 4 * Referral.objects.filter(case=case).count()
    assert all("data-label=" in cell for cell in cells)
    assert 'data-label="Remissinstans" class="lead"' in table
    assert 'data-label="Status" class="key"' in table
