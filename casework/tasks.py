"""Background work, run by `python manage.py db_worker` (django-tasks-db)."""

from django.tasks import task
from django.utils import timezone

from casework.models import RenderedPdf
from casework.pdf import html_to_pdf


@task()
def print_pdf(*, key: str, html: str, stylesheets: list[str]) -> None:
    """Print an ordered PDF and keep its bytes for every server to serve."""
    pdf = html_to_pdf(html, stylesheets=stylesheets)
    RenderedPdf.objects.filter(key=key).update(pdf=pdf, printed_at=timezone.now())
