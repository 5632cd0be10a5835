"""Uploaded documents: recognised by their content, not their name; stored under generated names."""

import datetime
import re
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

ODT = b"application/vnd.oasis.opendocument.text"


# Bounds on what an archive may claim before a byte of it is inflated (zip bombs).
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_TOTAL = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
MARKUP = re.compile(rb"^\s*<(\?xml|!doctype|html|head|body|svg|script|iframe|meta|object)", re.I)
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _sniff_zip(file) -> str | None:
    """DOCX or ODT from the archive's directory and at most a few bytes of one member."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                return None
            if sum(m.file_size for m in members) > ZIP_MAX_TOTAL:
                return None
            if any(m.file_size > ZIP_MAX_RATIO * max(m.compress_size, 1024) for m in members):
                return None
            names = {m.filename for m in members}
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    if member.read(len(ODT) + 2).strip() == ODT:
                        return "odt"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError):
        return None
    finally:
        file.seek(0)
    return None


def _is_plain_text(head: bytes) -> bool:
    """UTF-8 text without control characters and not markup (HTML, SVG, XML) or a program."""
    if CONTROL.search(head) or MARKUP.match(head.removeprefix(b"\xef\xbb\xbf")):
        return False
    if b"<script" in head.lower():
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 4  # a character cut at the end of the sample is fine
    return True


def sniff(file) -> str | None:
    """The file's type from its bytes: 'pdf', 'docx', 'odt', 'txt', or None."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(file)
    if _is_plain_text(head):
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
    """A generated name: the uploader's file name never reaches the disk. The extension is the
    detected type's (document_register names the file after it before saving)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    extension = extension if extension in {"pdf", "docx", "odt", "txt"} else "bin"
    return f"handlingar/{datetime.date.today():%Y}/{uuid.uuid4().hex}.{extension}"
