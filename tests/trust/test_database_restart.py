"""PostgreSQL restarted under load: a request whose database connection is lost, or refused, is
answered with a Swedish 503 that says when to try again, never a 500, and the next requests
succeed; nobody is signed out.

A real gunicorn server against the test database. As a restart does, the test ends the server's
connections (pg_terminate_backend) and refuses new ones for a moment (ALLOW_CONNECTIONS false,
on the test database alone) while people read pages, signed in or not."""

import threading
import time
import urllib.error
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from bench.serve import gunicorn, spare_port
from tests.trust.test_scale_out import Browser

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
PAGES = [
    "/arenden/",
    "/arenden/KS-2023-1387/",
    "/statistik/",
    "/diarium/",
    "/oparl/v1/body/1/paper/",
]


@pytest.fixture
def fast_password_hashing():
    """The server checks passwords with the real hashers: the demo accounts must use them."""


def fetch(browser: Browser, path: str) -> tuple[int, str, str]:
    """The status, the Retry-After header and the page."""
    try:
        with browser.opener.open(browser.base + path, timeout=30) as response:
            return (
                response.status,
                response.headers.get("Retry-After", ""),
                response.read().decode(),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After", ""), error.read().decode()


def restart(database: str, *, down_for: float) -> int:
    """What a restart does to the database's clients: their connections end, and for a moment
    new ones are refused. How many connections were ended. (From the server's maintenance
    database: PostgreSQL does not let a connection refuse connections to its own database.)"""
    own = connection.settings_dict
    with psycopg.connect(
        host=own["HOST"],
        port=own["PORT"],
        user=own["USER"],
        password=own["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS false')
        try:
            ended = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> %s",
                [database, connection.connection.info.backend_pid],
            ).fetchone()[0]
            time.sleep(down_for)
        finally:
            admin.execute(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS true')
    return ended


def test_a_lost_database_connection_is_a_swedish_503_never_a_500_and_the_next_request_works():
    with override_settings(DEBUG=True):
        call_command("load_demo", "--utan-ovning", stdout=StringIO())
    name = connection.settings_dict["NAME"]
    connection.ensure_connection()  # the test's own connection is kept
    env = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": "",
        "SECRET_KEY": "x",
        "DEBUG": "false",
        "TASKS_BACKEND": "immediate",
    }
    with gunicorn("config.wsgi:application", spare_port(), "/arenden/", env) as base:
        readers = [Browser(base), Browser(base), Browser(base), Browser(base)]
        for browser, username in zip(readers[2:], ["registrator", "handlaggare"], strict=True):
            browser.log_in(username)
        answers: list[tuple[str, int, str, str]] = []
        stop = threading.Event()

        def read(browser: Browser) -> None:
            while not stop.is_set():
                for path in PAGES:
                    answers.append((path, *fetch(browser, path)))

        threads = [threading.Thread(target=read, args=(b,)) for b in readers]
        for thread in threads:
            thread.start()
        ended = 0
        for down_for in (0, 0.3, 0, 1.0, 0, 0.3):
            time.sleep(0.4)
            ended += restart(name, down_for=down_for)
        time.sleep(0.4)
        stop.set()
        for thread in threads:
            thread.join()

        assert ended >= 3  # the server's connections were ended while it answered
        statuses = {status for _, status, _, _ in answers}
        assert 503 in statuses  # some requests came while connections were refused
        failed = [
            (path, status, page[:2000])
            for path, status, _, page in answers
            if status not in (200, 503)
        ]
        assert not failed, (statuses, failed[:3])
        for _, status, retry_after, page in answers:
            if status == 503:
                assert retry_after.isdigit() and "Databasen" in page, page
        for number, browser in enumerate(readers):
            for path in PAGES:
                status, _, page = fetch(browser, path)
                assert status == 200, (path, page[:2000])
            signed_in = "Logga ut" in fetch(browser, "/arenden/")[2]
            assert signed_in == (number >= 2)  # the sessions survived
