"""The page that explains the feeds: what a feed is, how to follow one, each feed's address to
copy; the pages that have a feed link to it (not to the XML) and name their feed in the head
(autodiscovery), and each named feed answers with Atom."""

import re

import pytest

from casework.models import Body, Meeting

pytestmark = pytest.mark.usefixtures("demo")

ALTERNATE = re.compile(
    r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">'
)


def head(html: str) -> str:
    return html.split("</head>", 1)[0]


def test_the_page_explains_feeds_and_lists_each_address_to_copy(client):
    page = client.get("/floden/")
    assert page.status_code == 200
    assert "flödesläsare" in page.text and "Kopiera adressen" in page.text
    for address in ("http://testserver/flode/beslut/", "http://testserver/flode/anslagstavla/"):
        assert f'value="{address}" readonly' in page.text
    body = Body.objects.get(name="Socialnämnden")
    assert f'value="http://testserver/flode/organ/{body.pk}/"' in page.text


def test_with_a_case_its_own_feed_comes_first(client):
    page = client.get("/floden/", {"arende": "KS-2023-1387"})
    assert page.status_code == 200
    text = page.text
    assert "Ärendet KS 2023/1387" in text
    assert text.index("http://testserver/flode/arenden/KS-2023-1387/") < text.index(
        "http://testserver/flode/beslut/"
    )


@pytest.mark.parametrize("dnr", ["KS-2099-9999", "inget nummer", "x" * 500])
def test_a_case_that_is_not_there_is_said_in_swedish(client, dnr):
    page = client.get("/floden/", {"arende": dnr})
    assert page.status_code == 404
    assert "Det finns inget ärende med diarienumret" in page.text
    assert 'value="http://testserver/flode/beslut/"' in page.text


def test_the_case_page_links_to_the_explaining_page_not_to_the_xml(client):
    page = client.get("/arenden/KS-2023-1387/")
    assert 'href="/floden/?arende=KS-2023-1387"' in page.text
    assert 'href="/flode/arenden/KS-2023-1387/">' not in page.text.split("</head>", 1)[1]


def pages() -> list[str]:
    meeting = Meeting.objects.filter(decisions__isnull=False).first()
    return [
        "/arenden/KS-2023-1387/",
        "/arenden/",
        "/anslagstavla/",
        "/sammantraden/",
        f"/sammantraden/{meeting.pk}/",
        "/floden/",
    ]


def test_each_page_with_a_feed_names_it_in_its_head_and_the_feed_is_atom(client):
    for url in pages():
        page = client.get(url)
        assert page.status_code == 200, url
        feeds = ALTERNATE.findall(head(page.text))
        assert feeds, url
        for feed in feeds:
            response = client.get(feed)
            assert response.status_code == 200, feed
            assert response["Content-Type"].startswith("application/atom+xml"), feed
            assert b"<feed" in response.content
