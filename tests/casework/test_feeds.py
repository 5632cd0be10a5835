"""The Atom feeds: well-formed Atom, the entries a reader expects, and nothing that is not public."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from casework.models import Body, Case, Decision, MemberStatement
from casework.services import document_register

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/atom+xml"
    )
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}title").text
    return [
        {
            "title": e.find(f"{ATOM}title").text,
            "summary": (e.find(f"{ATOM}summary").text or ""),
            "link": e.find(f"{ATOM}link").get("href"),
        }
        for e in feed.findall(f"{ATOM}entry")
    ]


def test_the_decisions_feed_holds_every_bodys_latest_decisions(client, demo):
    feed = entries(client, "/flode/beslut/")
    assert len(feed) == Decision.objects.count()
    kf = next(e for e in feed if e["title"].startswith("Kommunstyrelsen"))
    assert "KS 2023/1387" in kf["title"] and kf["link"].endswith("/arenden/KS-2023-1387/#beslut")


def test_a_bodys_feed_holds_only_its_decisions(client, demo):
    body = Body.objects.get(name="Socialnämnden")
    feed = entries(client, f"/flode/organ/{body.pk}/")
    assert feed and all(e["title"].startswith("Socialnämnden") for e in feed)


def test_a_case_feed_follows_its_moves_and_decisions_and_keeps_secrets_and_drafts_out(client, demo):
    case = Case.objects.by_dnr("KS-2023-1387").get()
    document_register(
        case=case,
        dated=datetime.date(2024, 5, 2),
        kind="ovrigt",
        title="Hemlig uppgift om en enskild",
        secrecy_provision="OSL 26 kap. 1 §",
        secrecy_marked_on=datetime.date(2024, 5, 2),
    )
    draft = MemberStatement.objects.filter(decision__case=case).first()
    MemberStatement.objects.create(
        decision=draft.decision, kind="reservation", status="utkast", text="Hemligt utkast"
    )
    feed = entries(client, "/flode/arenden/KS-2023-1387/")
    titles = [e["title"] for e in feed]
    assert "Kommunstyrelsen beslutade 2024-06-05" in titles and any(
        t.startswith("Nu ") for t in titles
    )
    text = client.get("/flode/arenden/KS-2023-1387/").text
    assert "Hemlig uppgift" not in text and "Hemligt utkast" not in text


@pytest.mark.parametrize("slug", ["KS-2023-999999", "inget-dnr", "%00"])
def test_a_feed_of_a_case_that_does_not_exist_is_404(client, demo, slug):
    assert client.get(f"/flode/arenden/{slug}/").status_code == 404
