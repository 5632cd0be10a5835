"""Uploads: recognised by content, limited in size, stored under generated names, served with checks."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework import roles
from casework.models import Document
from casework.services import document_register
from casework.uploads import sniff

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (DOCX, "docx"),
        (ODT, "odt"),
        ("Motion om cykelbanor, åäö.\n".encode(), "txt"),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00", None),
        (zipped({"evil.exe": b"MZ"}), None),
        (b"PK\x03\x04broken", None),
        ("åäö".encode("latin-1") * 10, None),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", None),
        (b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", None),
        (b"<?xml version='1.0'?><x/>", None),
        (b"Hej\n<script>alert(1)</script>", None),
        (b"\x7fELF\x02\x01\x01", None),
        (b"text med \x1b[31m terminalkoder", None),
    ],
)
def test_a_file_is_recognised_by_its_content(content, kind):
    assert sniff(io.BytesIO(content)) == kind


@pytest.fixture
def clerk(client, user_with_role):
    client.force_login(user_with_role(roles.REGISTRATOR))
    return client


def post_document(client, case, name, content, **extra):
    data = {
        "dated": "2024-01-10",
        "kind": "ovrigt",
        "title": "Skrivelse",
        "file": SimpleUploadedFile(name, content),
        **extra,
    }
    return client.post(f"/arenden/{case.slug}/handlingar/ny/", data)


def test_a_pdf_named_like_an_exe_is_accepted_and_stored_under_a_generated_name(clerk, world):
    case = world.motion().case
    assert post_document(clerk, case, "../../etc/passwd.exe", PDF).status_code == 302
    document = case.documents.get(number=2)
    assert document.file.name.startswith("handlingar/") and "passwd" not in document.file.name
    assert len(document.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "motion.pdf",
            b"MZ\x90\x00 not a pdf",
            "Filen är inte en PDF, ett Word-dokument (DOCX), ett ODT-dokument eller vanlig text.",
        ),
        ("tom.txt", b"", "Den skickade filen är tom."),
    ],
)
def test_a_refused_file_gets_a_swedish_message_and_nothing_is_registered(
    clerk, world, name, content, message
):
    case = world.motion().case
    response = post_document(clerk, case, name, content)
    assert response.status_code == 400 and message in response.text
    assert case.documents.count() == 1


def test_a_file_over_the_size_limit_is_refused(clerk, world, settings):
    settings.UPLOAD_MAX_MB = 1
    case = world.motion().case
    response = post_document(clerk, case, "stor.txt", b"a" * (1024 * 1024 + 1))
    assert (
        response.status_code == 400 and "Filen är för stor (1.0 MB); högst 1 MB." in response.text
    )
    assert case.documents.count() == 1


def test_a_secret_document_reaches_only_clerks(client, world, user_with_role):
    case = world.motion().case
    document = document_register(
        case=case,
        dated=case.registered_on,
        kind=Document.Kind.OTHER,
        title="Personuppgifter om en enskild",
        file=SimpleUploadedFile("x.pdf", PDF),
        secrecy_provision="OSL 26 kap. 1 §",
        secrecy_marked_on=case.registered_on,
    )
    url = f"/handlingar/{document.pk}/fil/"
    assert client.get(url).status_code == 404
    assert "Personuppgifter om en enskild" not in client.get(case.get_absolute_url()).text
    client.force_login(user_with_role(roles.POLITIKER, "politiker"))
    assert client.get(url).status_code == 404
    client.force_login(user_with_role(roles.REGISTRATOR))
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == f'attachment; filename="{case.slug}-2.pdf"'


def test_a_document_is_cancelled_with_a_reason_and_stays_listed(clerk, world):
    case = world.motion().case
    document = case.documents.get()
    assert clerk.post(f"/handlingar/{document.pk}/makulera/", {"reason": ""}).status_code == 400
    assert (
        clerk.post(
            f"/handlingar/{document.pk}/makulera/", {"reason": "Registrerad i fel ärende."}
        ).status_code
        == 302
    )
    page = clerk.get(case.get_absolute_url()).text
    assert "Makulerad" in page and "Registrerad i fel ärende." in page
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_zip_bomb_is_refused_without_inflating_it():
    import tracemalloc

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (50 * 1024 * 1024))
        archive.writestr("mimetype", b"\x00" * (50 * 1024 * 1024))
    bomb = buffer.getvalue()
    assert len(bomb) < 200 * 1024
    tracemalloc.start()
    kind = sniff(io.BytesIO(bomb))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert kind is None and peak < 5 * 1024 * 1024


def test_the_stored_extension_is_the_detected_type_not_the_client_name(clerk, world):
    case = world.motion().case
    assert post_document(clerk, case, "skrivelse.pdf", b"Vanlig text.\n").status_code == 302
    assert post_document(clerk, case, "rapport.txt", PDF).status_code == 302
    assert case.documents.get(number=2).file.name.endswith(".txt")
    assert case.documents.get(number=3).file.name.endswith(".pdf")


def test_a_request_larger_than_the_upload_limit_is_refused_before_it_is_read(
    clerk, world, settings
):
    settings.UPLOAD_MAX_MB = 1
    case = world.motion().case
    response = clerk.post(
        f"/arenden/{case.slug}/handlingar/ny/",
        data=b"x" * 10,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(3 * 1024 * 1024),
    )
    assert response.status_code == 413 and "Inget sparades" in response.text
    assert case.documents.count() == 1
