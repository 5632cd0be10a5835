"""The public diarium and the postlista: found by number, words, dates, kind and direction; a secret
document is there by its number, date and provision, and never by its title or sender."""

import datetime

import pytest
from django.utils import timezone

from casework.models import Case, Document
from casework.services import document_register

SECRET_TITLE = "Uppgifter om en enskild persons hälsa"


@pytest.fixture
def secret(demo):
    case = Case.objects.by_dnr("KS-2023-1387").get()
    return document_register(
        case=case,
        dated=datetime.date(2024, 5, 2),
        kind="ovrigt",
        title=SECRET_TITLE,
        counterpart="Anna Andersson",
        secrecy_provision="OSL 25 kap. 1 §",
        secrecy_marked_on=datetime.date(2024, 5, 2),
    )


def test_every_document_is_listed_and_found_by_its_number(client, demo):
    page = client.get("/diarium/")
    assert page.status_code == 200
    assert f"{Document.objects.count()} handlingar" in page.text
    one = Document.objects.get(case__sequence=1387, number=8)
    found = client.get("/diarium/", {"q": "KS 2023/1387-8"}).text
    assert "1 handling<" in found and one.title in found
    whole_case = f"{Document.objects.filter(case__sequence=1387).count()} handlingar"
    assert whole_case in client.get("/diarium/", {"q": "KS 2023/1387"}).text
    assert (
        whole_case in client.get("/diarium/", {"q": "KS-2023-1387"}).text
    )  # as in the case's address


def test_the_filters_narrow_by_words_direction_kind_and_dates(client, demo):
    outgoing = Document.objects.filter(direction="utgaende")
    page = client.get("/diarium/", {"riktning": "utgaende"}).text
    assert f"{outgoing.count()} handlingar" in page or f"{outgoing.count()} handling<" in page
    received = Document.objects.filter(
        kind="remissvar", dated__gte="2024-03-20", dated__lte="2024-03-31"
    )
    page = client.get(
        "/diarium/", {"typ": "remissvar", "fran": "2024-03-20", "till": "2024-03-31"}
    ).text
    assert all(d.title in page for d in received) and f"{received.count()} handling" in page
    assert "Remissvar från socialnämnden" in client.get("/diarium/", {"q": "socialnämnden"}).text


def test_a_secret_document_shows_its_number_and_provision_but_never_its_title_or_sender(
    client, secret
):
    for url, params in [
        ("/diarium/", {}),
        ("/diarium/", {"q": secret.dnr}),
        ("/diarium/postlista/", {}),
        (secret.case.get_absolute_url(), {}),
    ]:
        page = client.get(url, params).text
        assert SECRET_TITLE not in page and "Anna Andersson" not in page, url
        assert "OSL 25 kap. 1 §" in page, url
    for words in ("enskild persons hälsa", "Anna Andersson"):
        assert "0 handlingar" in client.get("/diarium/", {"q": words}).text


def test_the_postlista_is_the_documents_registered_that_day(client, secret):
    today = timezone.localdate()
    assert secret.registered_on == today
    page = client.get("/diarium/postlista/").text
    assert secret.dnr in page
    Document.objects.filter(pk=secret.pk).update(registered_on=today - datetime.timedelta(days=3))
    assert secret.dnr not in client.get("/diarium/postlista/").text
    earlier = (today - datetime.timedelta(days=3)).isoformat()
    assert secret.dnr in client.get("/diarium/postlista/", {"dag": earlier}).text
    assert (
        client.get("/diarium/postlista/", {"dag": "0001-01-01"}).status_code == 200
    )  # today, then
