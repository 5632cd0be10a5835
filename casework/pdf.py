"""Turn a template into a PDF: a Django template rendered to HTML, then WeasyPrint.

Printing takes up to seconds, so pages never print inside a request: `pdf_for` returns a PDF
printed before from the same HTML, or asks a background worker to print it (casework.tasks).
"""

import datetime
import hashlib

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

ARCHIVAL = "pdf/a-2a"  # PDF/A-2, level A: archival and tagged for screen readers
# A print ordered this long ago and still not done is ordered again: its task failed. (A task
# lost with a killed worker is back in the queue within seconds: casework.tasks.tasks_requeue_lost.)
REORDER_AFTER = datetime.timedelta(minutes=5)


def html_to_pdf(html: str, *, stylesheets: list[str], variant: str = ARCHIVAL) -> bytes:
    """Print HTML with the given static stylesheets; fonts named there are embedded."""
    from weasyprint import CSS, HTML  # imported here: it takes ~0.6 s and only printing needs it

    css = [CSS(filename=finders.find(name)) for name in stylesheets]
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(stylesheets=css, pdf_variant=variant, uncompressed_pdf=False)


def pdf_key(html: str, stylesheets: list[str]) -> str:
    return hashlib.sha256("\0".join([html, *stylesheets]).encode()).hexdigest()


def pdf_for(html: str, *, stylesheets: list[str]) -> bytes | None:
    """The PDF of this HTML if it has been printed; otherwise order it from the worker and
    return None (with the immediate task backend the order is printed at once)."""
    from casework.models import RenderedPdf
    from casework.tasks import print_pdf

    key = pdf_key(html, stylesheets)
    row, created = RenderedPdf.objects.get_or_create(key=key)
    if row.pdf is not None:
        return bytes(row.pdf)
    now = timezone.now()
    if created or row.requested_at < now - REORDER_AFTER:
        RenderedPdf.objects.filter(key=key).update(requested_at=now)
        print_pdf.enqueue(key=key, html=html, stylesheets=stylesheets)
        row.refresh_from_db()
        if row.pdf is not None:
            return bytes(row.pdf)
    return None
