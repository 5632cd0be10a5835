"""Turn a template into a PDF: a Django template rendered to HTML, then WeasyPrint.

Printing takes up to seconds, so pages never print inside a request: `casework.tasks.pdf_for`
returns a PDF printed before from the same HTML, or asks the background worker to print it.
"""

import hashlib

from django.conf import settings
from django.contrib.staticfiles import finders

ARCHIVAL = "pdf/a-2a"  # PDF/A-2, level A: archival and tagged for screen readers


def html_to_pdf(html: str, *, stylesheets: list[str], variant: str = ARCHIVAL) -> bytes:
    """Print HTML with the given static stylesheets; fonts named there are embedded."""
    from weasyprint import CSS, HTML  # imported here: it takes ~0.6 s and only printing needs it

    css = [CSS(filename=finders.find(name)) for name in stylesheets]
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(stylesheets=css, pdf_variant=variant, uncompressed_pdf=False)


def pdf_key(html: str, stylesheets: list[str]) -> str:
    return hashlib.sha256("\0".join([html, *stylesheets]).encode()).hexdigest()
