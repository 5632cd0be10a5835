"""Nothing private reaches the public: no secret document's title, no draft statement, no
member's private note and no author who has not confirmed appears in any public page, feed, API
object or CSV export. The archive package, which is not public, carries the secret document (with its provision) for the
archive authority, but no draft, no private note and no unconfirmed author either."""

import io
import zipfile

from archive.sip import case_package
from tests.opendata.conftest import DRAFT_TEXT, INVITEE, NOTE_TEXT, SECRET_TITLE
from tests.opendata.test_oparl import crawl

POSTLISTA = "/diarium/postlista/"  # today's: the documents were registered today
PRIVATE = (
    SECRET_TITLE,
    DRAFT_TEXT,
    INVITEE,
    NOTE_TEXT,
)  # a cancelled document stays public, marked


def public_addresses(record) -> list[str]:
    meeting = record.decisions.filter(meeting__body__name="Kommunstyrelsen").get().meeting
    slug = record.slug
    return [
        "/arenden/",
        f"/arenden/{slug}/",
        "/arenden/export.csv",
        "/diarium/",
        f"/diarium/?q={slug}",
        POSTLISTA,
        "/sammantraden/",
        f"/sammantraden/{meeting.pk}/",
        f"/sammantraden/{meeting.pk}/protokoll/",
        "/anslagstavla/",
        "/ettarsredovisning/",
        "/statistik/",
        "/statistik/handlaggningstid.csv",
        "/statistik/remissvar.csv",
        "/statistik/motioner-per-parti.csv",
        "/statistik/inom-ett-ar.csv",
        "/flode/beslut/",
        f"/flode/organ/{meeting.body_id}/",
        f"/flode/arenden/{slug}/",
        "/flode/anslagstavla/",
    ]


def test_no_public_page_feed_export_or_api_object_shows_anything_private(client, record):
    for address in public_addresses(record):
        response = client.get(address)
        assert response.status_code == 200, address
        text = response.content.decode()
        for private in PRIVATE:
            assert private not in text, f"{private!r} on {address}"
    assert "Sekretess enligt OSL 26 kap. 1 §" in client.get(POSTLISTA).text
    seen, _ = crawl(client)
    api = "".join(client.get(u).content.decode() for ids in seen.values() for u in ids)
    for private in PRIVATE:
        assert private not in api


def test_the_archive_package_keeps_the_secret_document_but_no_draft_or_unconfirmed_author(record):
    _, content = case_package(record)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        text = "".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())
    assert SECRET_TITLE in text and 'sekretess="OSL 26 kap. 1 §"' in text
    assert DRAFT_TEXT not in text and INVITEE not in text and NOTE_TEXT not in text
