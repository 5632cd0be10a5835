"""Making archive packages: a closed case, or all cases closed in a year."""

import hashlib
import tempfile
import zipfile

from django.core.exceptions import ValidationError
from django.core.files import File
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
    """Make the package on disk, case by case, counting each one done so the archivist's page
    shows progress; a year's cases are one SIP each inside one zip."""
    with tempfile.TemporaryFile() as made:
        if export.case_id:
            made.write(case_package(export.case)[1])
        else:
            with zipfile.ZipFile(made, "w", zipfile.ZIP_STORED) as outer:
                for n, case in enumerate(closed_in(export.year).order_by("pk").iterator(), start=1):
                    name, package = case_package(case)
                    outer.writestr(name, package)
                    ArchiveExport.objects.filter(pk=export.pk).update(done=n)
        made.seek(0)
        digest = hashlib.file_digest(made, "sha256").hexdigest()
        made.seek(0)
        export.package.save(export.file_name, File(made), save=False)
    ArchiveExport.objects.filter(pk=export.pk).update(
        done=export.total, package=export.package.name, sha256=digest, finished_at=timezone.now()
    )
    export.refresh_from_db()
    return export
