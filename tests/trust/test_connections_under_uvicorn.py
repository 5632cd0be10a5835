"""Requests at once under the ASGI server, which runs the synchronous part of every request in one
thread per process (config/asgi.py): every one is answered, and a process never holds more than
one PostgreSQL connection, whatever the screens following the meeting. (With Django's thread per
request, each thread opened and kept a connection of its own, and 101 members voting at once
across two app servers went past PostgreSQL's max_connections: bench/live_votes.py found it.)"""

import asyncio
import datetime
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection

from bench.serve import Uvicorn, spare_port
from bench.sse import Follower

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
PAGES = ["/arenden/", "/sammantraden/", "/diarium/", "/oparl/v1/body/"]


def connections_to(database: str, own_pid: int) -> int:
    """How many connections others than the test hold to the database now."""
    own = connection.settings_dict
    with psycopg.connect(
        host=own["HOST"], port=own["PORT"], user=own["USER"], dbname="postgres", autocommit=True
    ) as admin:
        return admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
            [database, own_pid],
        ).fetchone()[0]


def test_requests_at_once_under_uvicorn_share_the_process_s_one_connection(world):
    name = connection.settings_dict["NAME"]
    connection.ensure_connection()  # the test's own, not counted
    own_pid = connection.connection.info.backend_pid
    env = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": "",
        "SECRET_KEY": "x",
        "DEBUG": "false",
    }
    before = connections_to(name, own_pid)
    with Uvicorn(spare_port(), "/sammantraden/", env) as server:
        seen, done = [], threading.Event()

        def watch() -> None:
            while not done.is_set():
                seen.append(connections_to(name, own_pid))

        def read(n: int) -> int:
            with urllib.request.urlopen(server.base + PAGES[n % len(PAGES)], timeout=60) as r:
                return r.status

        watcher = threading.Thread(target=watch)
        watcher.start()
        with ThreadPoolExecutor(30) as readers:
            statuses = list(readers.map(read, range(90)))
        done.set()
        watcher.join()

    assert statuses == [200] * 90
    assert max(seen) - before == 1


def test_screens_following_a_meeting_hold_no_connection(world):
    meeting = world.meeting(world.kf, datetime.date(2026, 12, 7), place="Stadshuset")
    name = connection.settings_dict["NAME"]
    connection.ensure_connection()
    own_pid = connection.connection.info.backend_pid
    before = connections_to(name, own_pid)
    env = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": "",
        "SECRET_KEY": "x",
        "DEBUG": "false",
    }
    with Uvicorn(spare_port(), "/sammantraden/", env) as server:

        def follow_and_read() -> tuple[int, int, float, int]:
            """On an event loop of its own thread (a browser test's may run in this one)."""
            loop = asyncio.new_event_loop()
            path = f"{server.base}/sammantraden/{meeting.pk}/live/"
            screens = [Follower(path) for _ in range(10)]
            tasks = [loop.create_task(s.run()) for s in screens]
            loop.run_until_complete(asyncio.sleep(3))  # every screen connected, and stays
            streaming = sum(s.connections for s in screens)
            started = time.monotonic()
            page = f"{server.base}/sammantraden/{meeting.pk}/"
            with urllib.request.urlopen(page, timeout=30) as r:
                status = r.status
            waited = time.monotonic() - started
            held = connections_to(name, own_pid) - before
            for task in tasks:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            loop.close()
            return streaming, status, waited, held

        with ThreadPoolExecutor(1) as own_thread:
            streaming, status, waited, held = own_thread.submit(follow_and_read).result()

    assert streaming == 10
    assert status == 200 and waited < 2  # not waiting for a connection the screens hold
    assert held <= 1
