"""Background work, run by `python manage.py db_worker` (django-tasks-db, with the beat that
casework/management/commands/db_worker.py adds)."""

import datetime
import logging

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from casework import kinds
from casework.models import RenderedPdf, WorkerBeat
from casework.pdf import html_to_pdf, pdf_key
from casework.services import document_text_read
from casework.text import count

logger = logging.getLogger(__name__)

# Each worker beats this often (seconds), also while it runs a task; one silent for GONE_AFTER
# (five missed beats) is gone. No print takes that long to be taken up and run.
BEAT_EVERY = 2
GONE_AFTER = datetime.timedelta(seconds=10)
SCHEDULE_EVERY = 60  # seconds: how often the worker runs what has become due (scheduled_run)
LOST_AT_MOST = 3  # a task lost with its worker this many times is failed, not run again
# A print ordered this long ago and still not done is ordered again: its task failed. (A task
# lost with a killed worker is back in the queue within seconds: tasks_requeue_lost.)
REORDER_AFTER = datetime.timedelta(minutes=5)


@task()
def print_pdf(*, key: str, html: str, stylesheets: list[str]) -> None:
    """Print an ordered PDF and keep its bytes for every server to serve."""
    pdf = html_to_pdf(html, stylesheets=stylesheets)
    RenderedPdf.objects.filter(key=key).update(pdf=pdf, printed_at=timezone.now())


def pdf_for(html: str, *, stylesheets: list[str]) -> bytes | None:
    """The PDF of this HTML if it has been printed; otherwise order it from the worker and
    return None (with the immediate task backend the order is printed at once)."""
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


class WorkerLost(Exception):
    """The worker that ran the task stopped before it finished (killed, its machine gone)."""


def worker_beat(*, worker_id: str, now: datetime.datetime | None = None) -> None:
    """The worker's sign of life."""
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id, defaults={"beat_at": now or timezone.now()}
    )


def tasks_requeue_lost(*, now: datetime.datetime | None = None) -> int:
    """A task still RUNNING under a worker that has stopped beating was lost with it (django-tasks-db
    leaves it RUNNING for ever): it goes back in the queue, for a worker that is alive to take at
    once; one lost LOST_AT_MOST times is failed instead (it may be what stops its workers). A task
    taken less than GONE_AFTER ago is left alone: its worker may not have beaten yet. Run by every
    worker at start and with each beat. Returns how many went back."""
    now = now or timezone.now()
    alive = set(
        WorkerBeat.objects.filter(beat_at__gte=now - GONE_AFTER).values_list("worker_id", flat=True)
    )
    requeued = 0
    for lost in DBTaskResult.objects.running().filter(started_at__lt=now - GONE_AFTER):
        if lost.worker_ids and lost.worker_ids[-1] in alive:
            continue
        if len(lost.worker_ids) >= LOST_AT_MOST:
            lost.set_failed(
                WorkerLost(
                    "Arbetsprocessen stoppades under uppgiften "
                    f"{count(len(lost.worker_ids), 'gång', 'gånger')}."
                )
            )
            logger.error(
                "Uppgiften %s (%s) gavs upp: arbetsprocessen stoppades %d gånger.",
                lost.pk,
                lost.task_path,
                len(lost.worker_ids),
            )
            continue
        requeued += DBTaskResult.objects.filter(
            pk=lost.pk, status=TaskResultStatus.RUNNING, started_at=lost.started_at
        ).update(status=TaskResultStatus.READY)  # unless another worker was first
        logger.warning(
            "Uppgiften %s (%s) köades om: arbetsprocessen %s har stoppat.",
            lost.pk,
            lost.task_path,
            lost.worker_ids[-1] if lost.worker_ids else "–",
        )
    WorkerBeat.objects.filter(beat_at__lt=now - datetime.timedelta(days=1)).delete()
    return requeued


def scheduled_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """One pass of the scheduled work the apps register (`kinds.AppHooks.scheduled`): each job
    does what has become due by `now`, at most once (each locks the rows it changes and skips
    what is done, so two workers running it at once do nothing twice). The worker runs it every
    SCHEDULE_EVERY seconds, so nothing needs cron. A job that fails is logged and the others
    still run. Returns how many things each job did."""
    now = now or timezone.now()
    done = {}
    for job in kinds.scheduled_jobs():
        name = f"{job.__module__}.{job.__qualname__}"
        try:
            done[name] = len(job(at=now))
        except Exception:
            logger.exception("Det schemalagda arbetet %s misslyckades.", name)
            continue
        if done[name]:
            logger.info("Schemalagt: %s gjorde %d.", name, done[name])
    return done


@task()
def read_document_text(*, document_id: int) -> None:
    """Read a registered document's text for search (casework.services.document_text_read)."""
    document_text_read(document_id=document_id)
