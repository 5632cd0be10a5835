"""Making archive packages: a closed case, or all cases closed in a year."""

import datetime
import hashlib
import logging
import tempfile
import zipfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone
from django.utils.text import get_text_list

from archive.models import ArchiveExport
from archive.sip import case_package
from casework import workflow
from casework.models import Case, CaseEvent, DamagedFile, Meeting

logger = logging.getLogger(__name__)


class ExportFailed(Exception):
    """The package could not be made; the message, in Swedish, says why."""


def closed_in(year: int):
    """The cases whose last move, to a closing status, was in that year."""
    closing = CaseEvent.objects.filter(to_status__in=workflow.CLOSED, at__year=year)
    return Case.objects.filter(status__in=workflow.CLOSED, events__in=closing).distinct()


def justering_refusal(case: Case, at: datetime.datetime) -> str | None:
    """Why the case may not be archived yet, in Swedish: a meeting decided in it and its minutes
    are not justerade, so the decision is not final (KL 5 kap. 69 §) and the package would lack
    the justerat protokoll and any written reservation still to come; or minutes justerade here
    are still being printed and signed by the worker. None: it may be."""
    meetings = [str(meeting) for meeting in case.meetings_awaiting_justering(at)]
    unsigned = Meeting.objects.filter(
        decisions__case=case, justerad_at__isnull=False, protocol__isnull=True
    )
    reasons = []
    if meetings:
        reasons.append(
            f"protokollet från {meetings[0]} är inte justerat"
            if len(meetings) == 1
            else f"protokollen från {get_text_list(meetings, 'och')} är inte justerade"
        )
    if unsigned.exists():
        names = get_text_list([str(m) for m in unsigned.select_related("body").distinct()], "och")
        reasons.append(f"det signerade protokollet från {names} är inte utskrivet")
    if not reasons:
        return None
    return f"{case.dnr} kan inte arkiveras än: {get_text_list(reasons, 'och')}. Beslutet är slutligt först när protokollet är justerat."


def archivable_in(year: int, at: datetime.datetime) -> tuple[QuerySet, list[str]]:
    """The cases closed in the year that may be archived, and the dnrs of those left out: they
    wait for their minutes to be justerade (see justering_refusal)."""
    closed = closed_in(year)
    unsigned = closed.filter(
        decisions__meeting__justerad_at__isnull=False, decisions__meeting__protocol__isnull=True
    )
    waiting = closed.awaiting_justering(at) | unsigned
    dnrs = [
        case.dnr for case in waiting.select_related("registry", "classification").order_by("pk")
    ]
    return closed.exclude(pk__in=waiting.values("pk")), dnrs


def waiting_for_justering(dnrs: list[str]) -> str:
    minutes = "protokollet" if len(dnrs) == 1 else "protokollen"
    return f"{get_text_list(dnrs, 'och')} väntar på justering av {minutes}"


def left_out(dnrs: list[str]) -> str:
    """What a year's package says of the cases it leaves out."""
    return f"{waiting_for_justering(dnrs)} och ingår inte." if dnrs else ""


@transaction.atomic
def export_order(
    *, case: Case | None = None, year: int | None = None, by=None, background: bool = True
) -> ArchiveExport:
    """Order a package; it is made in the background (`python manage.py db_worker`), or by
    the caller with export_run."""
    now = timezone.now()
    omitted = ""
    if case is not None:
        if case.is_open:
            raise ValidationError("Ärendet är inte avslutat; bara avslutade ärenden arkiveras.")
        if refusal := justering_refusal(case, now):
            raise ValidationError(refusal)
        total = 1
    else:
        if not closed_in(year).exists():
            raise ValidationError(f"Inga ärenden avslutades {year}.")
        cases, waiting = archivable_in(year, now)
        total = cases.count()
        if not total:
            raise ValidationError(
                f"Inga ärenden avslutade {year} kan arkiveras än: {waiting_for_justering(waiting)}."
            )
        omitted = left_out(waiting)
    export = ArchiveExport.objects.create(
        case=case, year=year, ordered_by=by, total=total, left_out=omitted
    )
    if background:
        transaction.on_commit(lambda: export_make.enqueue(export_id=export.pk))
    return export


@transaction.atomic
def export_retry(*, export: ArchiveExport) -> ArchiveExport:
    """Make a failed export again, once its cause is put right (a file restored, say)."""
    export = ArchiveExport.objects.select_for_update().get(pk=export.pk)
    if not export.failure:
        raise ValidationError("Bara en export som misslyckades kan göras om.")
    export.failure, export.done = "", 0
    export.save(update_fields=["failure", "done"])
    transaction.on_commit(lambda: export_make.enqueue(export_id=export.pk))
    return export


@task()
def export_make(*, export_id: int) -> None:
    export_run(ArchiveExport.objects.get(pk=export_id))


def export_run(export: ArchiveExport) -> ArchiveExport:
    """Make the package on disk, case by case, counting each one done so the archivist's page
    shows progress; a year's cases are one SIP each inside one zip. If it cannot be made, the
    reason is recorded for the page and ExportFailed raised."""
    try:
        digest = _make(export)
    except Exception as error:
        if isinstance(error, DamagedFile):
            reason = str(error)
        elif isinstance(error, ValidationError):
            reason = " ".join(error.messages)
        else:
            logger.exception("Arkivpaketet %s kunde inte göras.", export.pk)
            reason = f"ett oväntat fel ({type(error).__name__}); se serverns logg."
        ArchiveExport.objects.filter(pk=export.pk).update(failure=reason)
        raise ExportFailed(reason) from error
    ArchiveExport.objects.filter(pk=export.pk).update(
        done=export.total, package=export.package.name, sha256=digest, finished_at=timezone.now()
    )
    export.refresh_from_db()
    return export


def _make(export: ArchiveExport) -> str:
    """Write the package to export.package; its SHA-256."""
    now = timezone.now()
    with tempfile.TemporaryFile() as made:
        if export.case_id:
            if refusal := justering_refusal(export.case, now):
                raise ValidationError(refusal)
            made.write(case_package(export.case, now)[1])
        else:
            cases, waiting = archivable_in(export.year, now)
            export.total = cases.count()  # as they stand now that it is made
            export.left_out = left_out(waiting)
            ArchiveExport.objects.filter(pk=export.pk).update(
                total=export.total, left_out=export.left_out
            )
            with zipfile.ZipFile(made, "w", zipfile.ZIP_STORED) as outer:
                for n, case in enumerate(cases.order_by("pk").iterator(), start=1):
                    name, package = case_package(case, now)
                    outer.writestr(name, package)
                    ArchiveExport.objects.filter(pk=export.pk).update(done=n)
        made.seek(0)
        digest = hashlib.file_digest(made, "sha256").hexdigest()
        made.seek(0)
        export.package.save(export.file_name, File(made), save=False)
    return digest
