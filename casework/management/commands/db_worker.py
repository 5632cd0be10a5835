"""django-tasks-db's worker, with a beat: python manage.py db_worker [its options].

django-tasks-db leaves a task RUNNING for ever when its worker is killed mid-task (its issue #5),
so a PDF someone waits for is never printed. Here each worker beats every few seconds from its
start, also while it runs a task, and with each beat puts back in the queue the tasks of workers
that have stopped beating (casework.tasks.tasks_requeue_lost): a worker started after a crash, or
any other one still running, takes them up within seconds. Every minute it also runs the scheduled
work that has become due (casework.tasks.scheduled_run): reminders, utlåtanden to fastställa."""

import logging
import os
import threading
import time

from django.db import DatabaseError, close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from casework.tasks import (
    BEAT_EVERY,
    SCHEDULE_EVERY,
    scheduled_run,
    tasks_requeue_lost,
    worker_beat,
)

logger = logging.getLogger(__name__)


def beat(worker_id: str) -> None:
    """Until the process ends: the worker's sign of life, and lost tasks back in the queue."""
    while True:
        close_old_connections()  # this thread's own connection; a broken one is opened anew
        try:
            worker_beat(worker_id=worker_id)
            tasks_requeue_lost()
        except DatabaseError:
            logger.exception("Arbetsprocessen %s kunde inte ge livstecken.", worker_id)
        time.sleep(BEAT_EVERY)


def schedule() -> None:
    """Until the process ends: every minute, the scheduled work that has become due (a reminder
    before justering, an utlåtande whose minutes are justerade), so nothing needs cron."""
    while True:
        close_old_connections()
        try:
            scheduled_run()
        except DatabaseError:
            logger.exception("Det schemalagda arbetet kunde inte köras.")
        time.sleep(SCHEDULE_EVERY)


class Command(db_worker.Command):
    help = (
        "Kör bakgrundsarbetet (utskrifter, arkivpaket, det schemalagda varje minut). Uppgifter som en stoppad arbetsprocess "
        "lämnade halvgjorda körs om inom sekunder."
    )

    def handle(self, *args, **options):
        # With --reload the first process only watches the files; the one it starts runs tasks.
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            threading.Thread(
                target=beat, args=(options["worker_id"],), name="beat", daemon=True
            ).start()
            threading.Thread(target=schedule, name="schedule", daemon=True).start()
        return super().handle(*args, **options)
