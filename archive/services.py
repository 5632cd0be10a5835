"""Making archive packages: a closed case, or all cases closed in a year."""

import hashlib
import io
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from archive.models import ArchiveExport
from archive.sip import case_package
from casework import workflow
from casework.models import Case, CaseEvent


def closed_in(year: int):
    """The cases whose last move, to a closing status, was in that year."""
    closing = CaseEvent.objects.filter(to_status__in=workflow.CLOSED, at__year=year)
    return Case.objects.filter(status__in=workflow.CLOSED, events__in=closing).distinct()


@transaction.atomic
def export_order(
    *, case: Case | None = None, year: int | None = None, by=None, background: bool = True
) -> ArchiveExport:
    """Order a package; it is made in the background (`python manage.py db_worker`), or by
    the caller with export_run."""
    if case is not None and case.is_open:
        raise ValidationError("Ärendet är inte avslutat; bara avslutade ärenden arkiveras.")
    total = 1 if case is not None else closed_in(year).count()
    if not total:
        raise ValidationError(f"Inga ärenden avslutades {year}.")
    export = ArchiveExport.objects.create(case=case, year=year, ordered_by=by, total=total)
    if background:
        transaction.on_commit(lambda: export_make.enqueue(export_id=export.pk))
    return export


@task()
def export_make(*, export_id: int) -> None:
    export_run(ArchiveExport.objects.get(pk=export_id))


def export_run(export: ArchiveExport) -> ArchiveExport:
    """Make the package, counting each case done so the archivist's page shows progress."""
    cases = [export.case] if export.case_id else list(closed_in(export.year).order_by("pk"))
    if export.case_id:
        name, content = case_package(export.case)
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as outer:
            for n, case in enumerate(cases, start=1):
                name, package = case_package(case)
                outer.writestr(name, package)
                ArchiveExport.objects.filter(pk=export.pk).update(done=n)
        content = buffer.getvalue()
    ArchiveExport.objects.filter(pk=export.pk).update(
        done=len(cases), package=content, sha256=hashlib.sha256(content).hexdigest(),
        finished_at=timezone.now(),
    )  # fmt: skip
    export.refresh_from_db()
    return export
