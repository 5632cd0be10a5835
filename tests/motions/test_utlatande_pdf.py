"""The utlåtande printed from data: the reference case word for word, archival, frozen once final."""

import datetime
import hashlib
import os
import re
from io import StringIO

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from casework.models import Document, Meeting, RenderedPdf
from motions.models import Utlatande
from motions.services import utlatande_pdf, utlatanden_freeze_due
from tests.conftest import pdf_text
from tests.motions.test_demo import REFERENCE, reference_paragraphs

pytestmark = pytest.mark.usefixtures("demo")
FURNITURE = re.compile(r"^Sida \d+ \(\d+\)$")


@pytest.fixture
def utlatande():
    return Utlatande.objects.get(motion__case__sequence=1387)


def without_page_furniture(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    header = lines[0]  # the document's own header line; repeated from page 2 as a running header
    return [header] + [line for line in lines[1:] if line != header and not FURNITURE.match(line)]


def squeeze(text: str) -> str:
    """Whitespace removed altogether, so line breaks (even after a hyphen) do not count."""
    return re.sub(r"\s+", "", text)


def expected_text() -> str:
    paragraphs = []
    for paragraph in reference_paragraphs():
        paragraph = re.sub(r"^#+ ", "", paragraph).replace("**", "")
        # The source omits the final period in one cross-reference (sic); we print it.
        if paragraph == "Särskilt uttalande av Christina Tufvesson (L), se Reservationer m.m":
            paragraph += "."
        paragraphs.append(paragraph)
    return " ".join(paragraphs)


def test_the_pdf_holds_every_heading_paragraph_and_item_of_the_reference_in_order(utlatande):
    text = " ".join(without_page_furniture(pdf_text(utlatande_pdf(utlatande=utlatande))))
    actual, expected = squeeze(text), squeeze(expected_text())
    if actual != expected:
        at = next(i for i, (a, b) in enumerate(zip(actual, expected, strict=False)) if a != b)
        pytest.fail(
            f"differs at {at}:\nPDF:       …{actual[at - 80 : at + 80]}\nreference: …{expected[at - 80 : at + 80]}"
        )
    assert (
        "Reservation av borgarrådet Jan Jonsson (L) och Jonas Naddebo (C) enligt följande." in text
    )
    assert REFERENCE.exists()


def test_the_pdf_is_pdf_a_2a_tagged_swedish_with_embedded_fonts(utlatande, tmp_path):
    pdf = utlatande_pdf(utlatande=utlatande)
    path = tmp_path / "u.pdf"
    path.write_bytes(pdf)
    with pikepdf.open(path) as document:
        meta = document.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
        assert "Motion om samverkan med Migrationsverket" in meta["dc:title"]
        assert str(document.Root.Lang) == "sv"
        assert "/StructTreeRoot" in document.Root and document.Root.MarkInfo.Marked
        fonts = {
            str(font.BaseFont): font
            for page in document.pages
            for font in page.Resources.Font.values()
        }
        assert fonts and all("Liberation" in name for name in fonts)
        for font in fonts.values():
            descriptor = (
                font.DescendantFonts[0].FontDescriptor
                if "/DescendantFonts" in font
                else font.FontDescriptor
            )
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
    with pikepdf.open(path) as document:
        assert document.check_pdf_syntax() == []  # qpdf's check, through pikepdf
    text = pdf_text(pdf)
    for word in [
        "Utlåtande",
        "Wanngård",
        "återvandring",
        "Remissammanställning",
        "förslag",
        "övriga",
        "Särskilt",
    ]:
        assert word in text


def test_the_final_pdf_is_frozen_as_a_registered_document_with_its_checksum(utlatande):
    document = utlatande.frozen_document  # load_demo fastställer: KS's justering passed in 2024
    first = utlatande_pdf(utlatande=utlatande)
    assert (document.kind, document.dnr) == ("utlatande", "KS 2023/1387-8")
    assert document.sha256 == hashlib.sha256(first).hexdigest()
    Utlatande.objects.filter(pk=utlatande.pk).update(summary="Ändrad i efterhand.")
    utlatande.refresh_from_db()
    assert utlatande_pdf(utlatande=utlatande) == first


def unfreeze(utlatande) -> Utlatande:
    """The demo's utlåtande as it was before it was fastställt (only a test may do this)."""
    Utlatande.objects.filter(pk=utlatande.pk).update(frozen_document=None, frozen_html="")
    utlatande.refresh_from_db()
    return utlatande


def test_a_draft_is_marked_and_follows_the_data(utlatande):
    utlatande = unfreeze(utlatande)
    Meeting.objects.filter(pk=utlatande.ks_decision.meeting_id).update(
        justering_deadline=timezone.now() + datetime.timedelta(days=2)
    )
    utlatande.refresh_from_db()
    draft = utlatande_pdf(utlatande=utlatande)
    assert "UTKAST" in pdf_text(draft)
    Utlatande.objects.filter(pk=utlatande.pk).update(summary="En ny sammanfattning.")
    utlatande.refresh_from_db()
    changed = utlatande_pdf(utlatande=utlatande)
    assert changed != draft and "En ny sammanfattning." in pdf_text(changed)
    assert utlatande.frozen_document is None


def test_downloading_never_freezes_and_each_version_is_printed_once(
    utlatande, client, user_with_role
):
    utlatande = unfreeze(utlatande)
    client.force_login(user_with_role("handläggare"))
    first = client.get("/arenden/KS-2023-1387/utlatande.pdf")
    assert first.status_code == 200 and "utkast" in first["Content-Disposition"]
    utlatande.refresh_from_db()
    assert utlatande.frozen_document is None
    assert RenderedPdf.objects.count() == 1
    assert client.get("/arenden/KS-2023-1387/utlatande.pdf").content == first.content
    assert RenderedPdf.objects.count() == 1


def test_a_decision_without_a_justering_time_is_never_final(utlatande):
    utlatande = unfreeze(utlatande)
    Meeting.objects.filter(pk=utlatande.ks_decision.meeting_id).update(justering_deadline=None)
    utlatande.refresh_from_db()
    assert not utlatande.is_final(timezone.now())
    assert utlatande.ks_decision.meeting.accepts_written_statements(timezone.now())
    assert utlatanden_freeze_due(at=timezone.now()) == []


def test_the_cron_command_fastställer_what_has_become_final(utlatande):
    utlatande = unfreeze(utlatande)
    out = StringIO()
    call_command("freeze_utlatanden", stdout=out)
    utlatande.refresh_from_db()
    assert utlatande.frozen_document and "KS 2023/1387-9" in out.getvalue()
    call_command("freeze_utlatanden", stdout=StringIO())
    assert Document.objects.filter(kind="utlatande").count() == 2  # one more, once


@pytest.mark.parametrize("damage", ["changed", "missing"])
def test_a_frozen_pdf_whose_file_changed_or_vanished_is_refused_and_logged(
    utlatande, client, caplog, damage
):
    path = utlatande.frozen_document.file.path
    if damage == "changed":
        with open(path, "r+b") as stored:
            stored.seek(200)
            stored.write(b"X")
    else:
        os.remove(path)
    response = client.get("/arenden/KS-2023-1387/utlatande.pdf")
    assert response.status_code == 503 and "saknas eller har ändrats" in response.text
    assert any("KS 2023/1387-8" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    document_response = client.get(f"/handlingar/{utlatande.frozen_document.pk}/fil/")
    assert document_response.status_code == 503


def test_the_public_page_of_a_frozen_utlatande_is_the_text_the_pdf_was_printed_from(
    utlatande, client
):
    Utlatande.objects.filter(pk=utlatande.pk).update(summary="Ändrad i efterhand.")
    page = client.get("/arenden/KS-2023-1387/utlatande/")
    assert page.status_code == 200 and "Ändrad i efterhand." not in page.text
    assert page.text == utlatande.frozen_html


def test_the_command_writes_the_pdf(tmp_path):
    out = StringIO()
    call_command("render_utlatande", "KS 2023/1387", output=str(tmp_path / "u.pdf"), stdout=out)
    assert (tmp_path / "u.pdf").read_bytes().startswith(b"%PDF-")
    assert "fastställt" in out.getvalue()


@pytest.mark.parametrize(
    ("dnr", "message"),
    [
        ("KS 2023/9999", "Ärendet KS 2023/9999 finns inte."),
        ("KS/1387", "har inte formen PREFIX ÅÅÅÅ/NNNN"),
    ],
)
def test_the_command_names_what_is_wrong_in_swedish(tmp_path, dnr, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("render_utlatande", dnr, output=str(tmp_path / "u.pdf"))


def test_the_final_utlatande_is_public_as_html_and_pdf(client):
    preview = client.get("/arenden/KS-2023-1387/utlatande/")
    assert preview.status_code == 200
    assert (
        "Föredragande borgarrådet Karin Wanngård" in preview.text and "UTKAST" not in preview.text
    )
    download = client.get("/arenden/KS-2023-1387/utlatande.pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert 'filename="KS-2023-1387-utlatande.pdf"' in download["Content-Disposition"]
