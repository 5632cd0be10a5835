"""Uploaded documents: recognised by their content, not their name; stored under generated names."""

import datetime
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

ODT = b"application/vnd.oasis.opendocument.text"


def sniff(file) -> str | None:
    """The file's type from its bytes: 'pdf', 'docx', 'odt', 'txt', or None."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    return "docx"
                if "mimetype" in names and archive.read("mimetype").strip() == ODT:
                    return "odt"
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
        return None
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # a character cut at the end of the sample is fine
                return None
        return "txt"
    return None


def validate_upload(file) -> str:
    """Refuse, in Swedish, a file that is too large or not PDF, DOCX, ODT or plain text."""
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if file.size > limit:
        raise ValidationError(
            f"Filen är för stor ({file.size / 1024 / 1024:.1f} MB); högst {settings.UPLOAD_MAX_MB} MB."
        )
    if file.size == 0:
        raise ValidationError("Filen är tom.")
    kind = sniff(file)
    if kind is None:
        raise ValidationError(
            "Filen är inte en PDF, ett Word-dokument (DOCX), ett ODT-dokument eller vanlig text."
        )
    return kind


def document_path(document, filename: str) -> str:
    """A generated name: the uploader's file name never reaches the disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    extension = extension if extension in {"pdf", "docx", "odt", "txt"} else "bin"
    return f"handlingar/{datetime.date.today():%Y}/{uuid.uuid4().hex}.{extension}"
