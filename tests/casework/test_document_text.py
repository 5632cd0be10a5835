"""The case search finds a case by the words in its documents' files (PDF, DOCX, ODT, a scan
read by OCR), read by the background worker; never by a secret or cancelled document's words;
and a file that cannot be read breaks nothing."""

import datetime
import io
import logging
import zipfile
from io import StringIO

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from odf import text as odf_text
from odf.opendocument import OpenDocumentText
from PIL import Image, ImageDraw, ImageFont

from casework import doctext
from casework.models import DocumentText
from casework.pdf import html_to_pdf
from casework.services import document_cancel, document_register

FONT = "static/fonts/LiberationSans-Regular.ttf"


def pdf_with(words: str) -> bytes:
    return html_to_pdf(
        f'<html lang="sv"><head><title>Brev</title></head><body><p>{words}</p></body></html>',
        stylesheets=[],
    )


def docx_with(words: str) -> bytes:
    document = docx.Document()
    document.add_paragraph("Till kommunstyrelsen")
    document.add_table(rows=1, cols=1).rows[0].cells[0].text = words
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_with(words: str) -> bytes:
    document = OpenDocumentText()
    document.text.addElement(odf_text.H(outlinelevel=1, text="Skrivelse"))
    document.text.addElement(odf_text.P(text=words))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def scanned_pdf_with(words: str) -> bytes:
    """A page as a scanner makes it: an image of the text, no text layer."""
    page = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi
    ImageDraw.Draw(page).text((200, 300), words, font=ImageFont.truetype(FONT, 90), fill=0)
    out = io.BytesIO()
    page.save(out, "PDF", resolution=300)
    return out.getvalue()


@pytest.fixture
def case(world):
    return world.motion(title="Motion om parkbänkar").case


@pytest.fixture
def register(case, django_capture_on_commit_callbacks):
    """Register a document with a file on the case; the worker reads it after the commit."""

    def register(content: bytes, name: str, title: str = "Skrivelse", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return document_register(
                case=case,
                dated=datetime.date(2023, 10, 2),
                kind="ovrigt",
                title=title,
                file=ContentFile(content, name=name),
                **kwargs,
            )

    return register


def search(words: str) -> str:
    """The case list as a reader who is not signed in gets it, searched for the words."""
    response = Client().get("/arenden/", {"q": words})
    assert response.status_code == 200
    return response.content.decode()


def finds(case, words: str) -> bool:
    return case.get_absolute_url() in search(words)


@pytest.mark.parametrize(
    ("make", "name"), [(pdf_with, "brev.pdf"), (docx_with, "brev.docx"), (odt_with, "brev.odt")]
)
def test_a_word_only_inside_an_attached_file_finds_its_case(case, register, make, name):
    assert not finds(case, "cyanobakterier")
    document = register(make("Vi har mätt cyanobakterier vid badplatsen."), name, title="Mätningar")
    document.refresh_from_db()
    assert document.extracted.status == DocumentText.Status.DONE
    assert "cyanobakterier" in document.extracted.text
    assert finds(case, "cyanobakterier")
    assert "Träff i handlingen: Mätningar" in search("cyanobakterier")


def test_the_search_ignores_diacritics_in_a_documents_text(case, register):
    register(pdf_with("Stöd till unga som lider av ångest."), "brev.pdf")
    assert finds(case, "ANGEST")


def test_a_word_only_inside_a_secret_document_finds_nothing_publicly(case, register):
    document = register(
        pdf_with("Hemliga uppgifter om vattenverket Norsborg."),
        "brev.pdf",
        title="Säkerhetsskydd",
        secrecy_provision="OSL 18 kap. 8 §",
        secrecy_marked_on=datetime.date(2023, 10, 2),
    )
    assert not finds(case, "Norsborg")
    assert not DocumentText.objects.filter(document=document).exists()  # never read or stored


def test_a_cancelled_documents_text_leaves_the_index(case, register):
    document = register(pdf_with("Om tunnelbanan till Nacka."), "brev.pdf")
    assert finds(case, "tunnelbanan")
    document_cancel(document=document, reason="Registrerad på fel ärende.")
    assert not finds(case, "tunnelbanan")
    assert not DocumentText.objects.filter(document=document).exists()


@pytest.mark.skipif(not doctext.ocr_available(), reason="tesseract och pdftoppm saknas")
def test_a_scanned_pdf_is_read_by_ocr(case, register):
    document = register(scanned_pdf_with("Motion om snöröjning i parkerna"), "skanning.pdf")
    document.refresh_from_db()
    assert document.extracted.method == DocumentText.Method.OCR
    assert "snöröjning" in document.extracted.text.lower()
    assert finds(case, "snöröjning")


def test_a_broken_pdf_is_recorded_as_failed_and_breaks_nothing(case, register, caplog):
    with caplog.at_level(logging.WARNING, logger="casework.services"):
        document = register(b"%PDF-1.7\n" + b"\x00\xff trasig " * 500, "trasig.pdf")
    document.refresh_from_db()
    assert document.extracted.status == DocumentText.Status.FAILED
    assert document.extracted.error
    assert document.dnr in caplog.text
    assert not finds(case, "trasig")
    assert Client().get(case.get_absolute_url()).status_code == 200


def test_a_docx_that_does_not_parse_is_recorded_as_failed(case, register):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<inte xml")
    document = register(out.getvalue(), "trasig.docx")
    document.refresh_from_db()
    assert document.extracted.status == DocumentText.Status.FAILED
    assert "DOCX" in document.extracted.error


def test_a_reader_that_takes_too_long_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(doctext, "TIMEOUT", 1)
    with pytest.raises(doctext.ExtractionFailed, match="stoppades"):
        doctext._run(["sleep", "5"], timeout=doctext.TIMEOUT, what="sleep")


def test_the_backfill_reads_documents_registered_before(
    case, register, django_capture_on_commit_callbacks
):
    document = register(pdf_with("Om fjärrvärme i Hammarby."), "brev.pdf")
    DocumentText.objects.filter(document=document).delete()  # as before texts were read
    assert not finds(case, "fjärrvärme")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the worker reads what is ordered
        call_command("read_document_texts", stdout=out)
    assert "1 handlingar beställda" in out.getvalue()
    assert finds(case, "fjärrvärme")
    call_command("read_document_texts", "--nu", stdout=out)
    assert "0 handlingar lästa" in out.getvalue()


def test_a_zip_bomb_docx_is_refused_before_it_is_inflated(tmp_path):
    """Uploads refuse such a file; the reader checks again, whatever put it in the storage."""
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (10 * 1024 * 1024))
    with pytest.raises(doctext.ExtractionFailed, match="inte en godtagbar DOCX"):
        doctext.extract(bomb, "docx")


def test_a_document_made_secret_in_the_admin_loses_its_text(
    case, register, admin_client, django_capture_on_commit_callbacks
):
    document = register(pdf_with("Om skyddsobjektet vid Lovön."), "brev.pdf")
    assert finds(case, "skyddsobjektet")
    data = {
        "dated": document.dated.isoformat(),
        "registered_on": document.registered_on.isoformat(),
        "kind": document.kind,
        "direction": document.direction,
        "title": document.title,
        "counterpart": "",
        "secrecy_provision": "OSL 18 kap. 8 §",
        "secrecy_marked_on": "2023-10-03",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/casework/document/{document.pk}/change/", data)
    assert response.status_code == 302
    assert not finds(case, "skyddsobjektet")
    assert not DocumentText.objects.filter(document=document).exists()
