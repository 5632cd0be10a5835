"""Reading the text of a document's file, bounded: every reader runs in a child process with a
time limit and limits on memory, CPU and the size of what it writes, so a hostile PDF or a zip
bomb stops its reader, never the worker. PDF: poppler's pdftotext; a PDF without a text layer
(a scan) is rendered page by page (pdftoppm) and read by OCR (tesseract, Swedish). DOCX:
python-docx; ODT: odfpy; both in `python -m casework.doctext`, which checks the archive's bounds
first (casework.uploads.sniff). Plain text is read directly, a bounded prefix."""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

MAX_CHARS = 200_000  # the text kept of one document (and so its search vector stays small)
TIMEOUT = 60  # seconds for one reader
OCR_TIMEOUT = 300  # seconds for all the pages of one scan together
OCR_MAX_PAGES = 30
OCR_DPI = 300
PDF_MAX_PAGES = 2000
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for a reader
WRITE_LIMIT = 512 * 1024 * 1024  # bytes a reader may write to a file (pdftoppm's pages)
SCANNED_BELOW = 20  # a PDF with fewer letters than this has no text layer worth the name


class ExtractionFailed(Exception):
    """The file's text could not be read; the message says why, in Swedish."""


def _bounded(cpu_seconds: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        resource.setrlimit(resource.RLIMIT_FSIZE, (WRITE_LIMIT, WRITE_LIMIT))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return limit


def _run(args: list[str], *, timeout: int, what: str) -> str:
    """A reader's standard output, or ExtractionFailed if it is missing, fails or takes too long."""
    try:
        done = subprocess.run(
            args,
            capture_output=True,
            timeout=timeout,
            preexec_fn=_bounded(timeout),
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            check=False,
        )
    except FileNotFoundError as error:
        raise ExtractionFailed(f"{what} finns inte på servern.") from error
    except subprocess.TimeoutExpired as error:
        raise ExtractionFailed(f"{what} tog mer än {timeout} sekunder och stoppades.") from error
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["–"]
        raise ExtractionFailed(
            f"{what} kunde inte läsa filen (kod {done.returncode}): {detail[0][:200]}"
        )
    return done.stdout.decode("utf-8", "replace")


def clean(text: str) -> str:
    """At most MAX_CHARS, without NUL (which PostgreSQL's text refuses)."""
    return text.replace("\x00", "")[:MAX_CHARS]


def ocr_available() -> bool:
    return bool(shutil.which("pdftoppm") and shutil.which("tesseract"))


def _ocr(path: Path) -> str:
    """The text of a scanned PDF: each page rendered at OCR_DPI, read by tesseract in Swedish."""
    if not ocr_available():
        raise ExtractionFailed(
            "Filen saknar text och OCR (tesseract, pdftoppm) finns inte på servern."
        )
    with tempfile.TemporaryDirectory(prefix="ocr-") as work:
        _run(
            ["pdftoppm", "-r", str(OCR_DPI), "-l", str(OCR_MAX_PAGES), "-gray", "-png",
             str(path), f"{work}/sida"],
            timeout=OCR_TIMEOUT,
            what="pdftoppm",
        )  # fmt: skip
        pages = sorted(Path(work).glob("sida*.png"))
        texts = [
            _run(["tesseract", str(page), "-", "-l", "swe"], timeout=OCR_TIMEOUT, what="tesseract")
            for page in pages
        ]
    return "\n".join(texts)


def _pdf(path: Path) -> tuple[str, str]:
    text = _run(
        ["pdftotext", "-l", str(PDF_MAX_PAGES), "-enc", "UTF-8", str(path), "-"],
        timeout=TIMEOUT,
        what="pdftotext",
    )
    if sum(c.isalpha() for c in text) >= SCANNED_BELOW:
        return text, "textlager"
    return _ocr(path), "ocr"


def extract(path: Path, kind: str) -> tuple[str, str]:
    """The file's text and how it was read ("textlager" or "ocr"), or ExtractionFailed."""
    if kind == "pdf":
        text, method = _pdf(path)
    elif kind in ("docx", "odt"):
        text = _run(
            [sys.executable, "-m", "casework.doctext", kind, str(path)],
            timeout=TIMEOUT,
            what=f"Läsaren för {kind.upper()}",
        )
        method = "textlager"
    elif kind == "txt":
        with path.open("rb") as file:
            text = file.read(MAX_CHARS * 4).decode("utf-8", "replace")
        method = "textlager"
    else:
        raise ExtractionFailed("Filen är inte en PDF, DOCX, ODT eller vanlig text.")
    return clean(text), method


def _docx_text(path: str) -> str:
    import docx

    document = docx.Document(path)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _odt_text(path: str) -> str:
    from odf import teletype
    from odf import text as odf_text
    from odf.opendocument import load

    document = load(path)
    elements = document.getElementsByType(odf_text.H) + document.getElementsByType(odf_text.P)
    return "\n".join(teletype.extractText(element) for element in elements)


def main(kind: str, path: str) -> int:
    """In the child process: the text of a DOCX or ODT on standard output. The archive is
    checked first against the upload's bounds on members, sizes and ratios (zip bombs)."""
    from casework.uploads import sniff

    with open(path, "rb") as file:
        if sniff(file) != kind:
            print(f"Filen är inte en godtagbar {kind.upper()}.", file=sys.stderr)
            return 2
    sys.stdout.write(clean(_docx_text(path) if kind == "docx" else _odt_text(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
