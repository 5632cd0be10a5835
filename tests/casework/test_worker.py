"""A worker killed in the middle of a task (kill -9, its machine lost) leaves the task RUNNING.
A worker that is alive puts it back in the queue within seconds, so the PDF someone waits for is
printed by it (before, nobody did until a page ordered it again five minutes later). Real
`manage.py db_worker` processes on the test database; and the rule, in one process, at its
edges: a task whose worker still beats is left alone, one lost again and again is failed."""

import contextlib
import datetime
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from casework.models import RenderedPdf, WorkerBeat
from casework.tasks import (
    GONE_AFTER,
    LOST_AT_MOST,
    pdf_for,
    print_pdf,
    tasks_requeue_lost,
    worker_beat,
)

ROOT = Path(__file__).resolve().parents[2]
STYLESHEETS = ["css/utlatande.css"]
HTML = "".join(  # some twenty pages: printing takes a second or two, not a blink
    f"<h2>Avsnitt {n}</h2>" + "<p>Kommunfullmäktige beslutar att besvara motionen. </p>" * 40
    for n in range(20)
)


@pytest.fixture
def database_url(transactional_db, tmp_path, settings):
    """The test database where another process reaches it, and the queue in it: PostgreSQL's
    own; SQLite's (in memory) copied to a file, which this test then uses too."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        yield (
            f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        )
        return
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    memory, name = connection.connection, database["NAME"]
    with contextlib.closing(sqlite3.connect(path)) as copy:
        memory.backup(copy)
    connection.connection, database["NAME"] = None, str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        connection.connection, database["NAME"] = memory, name


def start_worker(database_url: str, worker_id: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "x",
        "DEBUG": "false",
        "TASKS_BACKEND": "database",
    }
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-startup-delay",
        "--no-reload",
        "--interval",
        "0.2",
        "--worker-id",
        worker_id,
    ]
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_for(condition, seconds: float, failing: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{failing}\n{log.read_text(errors='replace')}"
        time.sleep(0.05)


def test_a_print_lost_with_its_killed_worker_is_printed_by_the_next_within_seconds(
    database_url, tmp_path
):
    log = tmp_path / "workers.log"
    assert pdf_for(HTML, stylesheets=STYLESHEETS) is None  # ordered from the worker
    task = DBTaskResult.objects.get()

    first = start_worker(database_url, "forsta", log)
    try:
        wait_for(
            lambda: DBTaskResult.objects.get().status == "RUNNING",
            60,
            "the first worker never took the task",
            log,
        )
    finally:
        first.kill()  # kill -9: no chance to say anything
        first.wait()
    task.refresh_from_db()
    assert task.status == "RUNNING" and RenderedPdf.objects.get().pdf is None, "printed already"

    started = time.monotonic()
    second = start_worker(database_url, "andra", log)
    try:
        wait_for(
            lambda: RenderedPdf.objects.filter(pdf__isnull=False).exists(),
            45,
            "the lost print was not printed again",
            log,
        )
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert time.monotonic() - started < 45  # seconds, not five minutes
    assert pdf_for(HTML, stylesheets=STYLESHEETS).startswith(b"%PDF-")
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.worker_ids == ["forsta", "andra"]


def claimed(worker_id: str, started_ago: datetime.timedelta) -> DBTaskResult:
    """A print task taken by a worker that long ago."""
    result = print_pdf.enqueue(key="x", html="<p>x</p>", stylesheets=STYLESHEETS)
    task = DBTaskResult.objects.get(pk=result.id)
    task.claim(worker_id)
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - started_ago)
    task.refresh_from_db()
    return task


def test_a_task_goes_back_to_the_queue_only_when_its_worker_has_stopped_beating(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    long_ago = GONE_AFTER * 6  # longer than any print takes
    alive = claimed("levande", long_ago)
    worker_beat(worker_id="levande", now=now - GONE_AFTER / 2)
    silent = claimed("tyst", long_ago)
    worker_beat(worker_id="tyst", now=now - GONE_AFTER * 2)
    just_taken = claimed("ny", GONE_AFTER / 2)  # its worker has not beaten yet
    never_beat = claimed("okand", long_ago)

    assert tasks_requeue_lost(now=now) == 2
    for task in (alive, silent, just_taken, never_beat):
        task.refresh_from_db()
    assert (alive.status, just_taken.status) == ("RUNNING", "RUNNING")
    assert (silent.status, never_beat.status) == ("READY", "READY")
    assert DBTaskResult.objects.ready().filter(pk=silent.pk).exists()  # the next worker takes it
    assert WorkerBeat.objects.filter(worker_id="levande").exists()


def test_a_task_lost_again_and_again_is_failed_not_run_for_ever(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task = claimed("forsta", GONE_AFTER * 2)
    for n in range(2, LOST_AT_MOST + 1):
        tasks_requeue_lost(now=timezone.now())
        task.refresh_from_db()
        assert task.status == "READY"
        task.claim(f"worker-{n}")
        DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - GONE_AFTER * 2)
    tasks_requeue_lost(now=timezone.now())
    task.refresh_from_db()
    assert task.status == "FAILED" and len(task.worker_ids) == LOST_AT_MOST
    assert "Arbetsprocessen stoppades" in task.traceback
