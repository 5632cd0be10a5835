"""A secret document (offentlighets- och sekretesslagen 5 kap. 2 §, `Document.is_secret`) is shown
on every public surface by its number, its date and its provision only: the case page, the
diarium and its search, the postlista, the meeting's agenda and minutes, the feeds, the case list
and its CSV export, and the OParl paper and files. Never its title, its sender or its file; a
clerk sees it whole."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from casework.services import document_register

D = datetime.date
TITLE = "Uppgifter om en enskild persons hälsa"
SENDER = "Kerstin Konfidentiell"
PROVISION = "OSL 25 kap. 1 §"
SHOWN = f"Sekretess enligt {PROVISION}"  # the one wording, in place of the title
DATED = D(2024, 5, 6)


@pytest.fixture
def secret(record):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return document_register(
        case=record,
        dated=DATED,
        kind="ovrigt",
        title=TITLE,
        counterpart=SENDER,
        file=ContentFile(pdf, name="halsa.pdf"),
        secrecy_provision=PROVISION,
        secrecy_marked_on=DATED,
    )


def hidden(text: str, where: str) -> None:
    assert TITLE not in text and SENDER not in text and "Konfidentiell" not in text, where


def row_of(page: str, dnr: str) -> str:
    (row,) = [r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if f">{dnr}<" in r]
    return row


def test_the_case_page_diarium_and_postlista_show_it_by_number_date_and_provision_only(
    client, secret
):
    file_url = reverse("document_file", args=[secret.pk])
    for url, params in [
        (secret.case.get_absolute_url(), {}),
        ("/diarium/", {}),
        ("/diarium/", {"q": secret.dnr}),
        ("/diarium/postlista/", {}),
    ]:
        page = client.get(url, params).text
        hidden(page, url)
        row = row_of(page, secret.dnr)
        assert DATED.isoformat() in row and SHOWN in row, url
        assert file_url not in page, url
    assert client.get(file_url).status_code == 404


def test_its_title_and_sender_find_it_nowhere(client, secret):
    for words in ("enskild persons hälsa", SENDER):
        page = client.get("/diarium/", {"q": words}).text
        assert secret.dnr not in page and "0 handlingar" in page
        assert secret.case.dnr not in client.get("/arenden/", {"q": words}).text  # nor its case
        assert secret.case.dnr not in client.get("/arenden/export.csv", {"q": words}).text
    export = client.get("/arenden/export.csv").content.decode()
    assert secret.case.dnr in export
    hidden(export, "/arenden/export.csv")


def test_the_agenda_and_minutes_name_it_by_provision_and_number(client, secret):
    meeting = secret.case.decisions.get(meeting__body__name="Kommunstyrelsen").meeting
    for url in (f"/sammantraden/{meeting.pk}/", f"/sammantraden/{meeting.pk}/protokoll/"):
        page = " ".join(client.get(url).text.split())
        hidden(page, url)
        assert f"{SHOWN}, dnr {secret.dnr}" in page, url


def test_the_feeds_never_carry_it(client, secret):
    meeting = secret.case.decisions.get(meeting__body__name="Kommunstyrelsen").meeting
    for url in (
        "/flode/beslut/",
        f"/flode/organ/{meeting.body_id}/",
        f"/flode/arenden/{secret.case.slug}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        hidden(response.content.decode(), url)


def test_the_oparl_paper_lists_it_by_number_date_and_provision_and_offers_no_file(client, secret):
    paper = client.get(f"/oparl/v1/paper/{secret.case.pk}/")
    hidden(paper.content.decode(), "paper")
    (listed,) = [d for d in paper.json()["arende:handlingar"] if d["diarienummer"] == secret.dnr]
    assert listed == {
        "diarienummer": secret.dnr,
        "datum": DATED.isoformat(),
        "registrerad": timezone.localdate().isoformat(),
        "rubrik": SHOWN,
        "riktning": "inkommen",
        "avsandareMottagare": "",
        "makulerad": False,
        "fil": None,
    }
    files = client.get(reverse("oparl:file_list", kwargs={"pk": 1}))
    assert files.status_code == 200
    hidden(files.content.decode(), "file list")
    assert client.get(reverse("oparl:file", args=[str(secret.pk)])).status_code == 404


def test_a_clerk_sees_it_whole_on_the_case_page(client, user_with_role, secret):
    client.force_login(user_with_role("registrator", "diariet"))
    row = row_of(client.get(secret.case.get_absolute_url()).text, secret.dnr)
    assert TITLE in row and SENDER in row and SHOWN not in row
    assert reverse("document_file", args=[secret.pk]) in row
