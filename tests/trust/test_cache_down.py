"""The cache is an optimisation: with Redis stopped, or not answering, the pages that use it
(the case list, a case page, the minutes, the statistics) are made without it, signing in still
works, and the failure is logged.

A real redis-server on a spare port, stopped in the middle; the cache settings are the ones
config/settings.py makes from REDIS_URL."""

import logging
import runpy
import socket
import subprocess
import time
from pathlib import Path

import pytest

from bench.serve import spare_port
from casework.cache import ForgivingRedisCache
from casework.models import Meeting
from meetings import services
from meetings.models import MinutesPage
from tests.meetings.conftest import MEETING_DAY, at, decided_meeting, motion_at_ks

SETTINGS = Path(__file__).resolve().parent.parent.parent / "config" / "settings.py"


def start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        if redis_cli(port, "ping") == "PONG":
            break
        time.sleep(0.05)
    return server


def redis_cli(port: int, *command: str) -> str:
    return subprocess.run(
        ["redis-cli", "-p", str(port), *command], capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def redis_port():
    """A spare port for redis-servers of the test's own; any left running are stopped after."""
    port = spare_port()
    yield port
    redis_cli(port, "shutdown", "nosave")


def use_redis(settings, monkeypatch, port: int) -> None:
    """The cache as config/settings.py makes it when REDIS_URL names this server."""
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{port}/0")
    settings.CACHES = runpy.run_path(str(SETTINGS))["CACHES"]


@pytest.fixture
def minutes(world, user_with_role) -> Meeting:
    """Kommunstyrelsen's justerade minutes, deciding a motion."""
    meeting = Meeting.objects.create(body=world.ks, date=MEETING_DAY, place="Stadshuset")
    decided_meeting(world, meeting, motion_at_ks(world, title="Motion om fler parkbänkar"))
    user = user_with_role("registrator")
    for person in (world.wanngard, world.jonsson):
        services.meeting_justera(meeting=meeting, person=person, by=user, now=at(MEETING_DAY, 16))
    return meeting


def pages(client, minutes: Meeting) -> None:
    """The pages that use the cache answer, each with its content."""
    case = minutes.agenda_items.order_by("number").first().decision.case
    expected = {
        "/arenden/": case.dnr,
        case.get_absolute_url(): "Motion om fler parkbänkar",
        f"/sammantraden/{minutes.pk}/protokoll/": "Motion om fler parkbänkar",
        "/statistik/": "Statistik",
    }
    for path, text in expected.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:300])
        assert text in response.text, (path, text)


def test_the_pages_are_served_while_redis_is_stopped_and_cached_again_once_it_is_back(
    client, minutes, redis_port, settings, monkeypatch, caplog
):
    use_redis(settings, monkeypatch, redis_port)
    server = start_redis(redis_port)
    pages(client, minutes)
    # the list and the case page were cached in this Redis; the justerade minutes
    # (MinutesPage) and the statistics (KeptFigures) are kept in the database, which does not go
    # down with the cache
    assert int(redis_cli(redis_port, "dbsize")) == 2
    assert MinutesPage.objects.filter(meeting=minutes).exists()

    redis_cli(redis_port, "shutdown", "nosave")
    server.wait()
    with caplog.at_level(logging.WARNING):
        pages(client, minutes)
        assert (
            client.post(
                "/konto/logga-in/", {"username": "registrator", "password": "demo"}
            ).status_code
            == 302
        )
        pages(client, minutes)  # signed in: the case page is made for a clerk
    assert any("Redis" in record.getMessage() for record in caplog.records)

    server = start_redis(redis_port)
    time.sleep(ForgivingRedisCache.PAUSE)
    client.logout()
    pages(client, minutes)
    assert int(redis_cli(redis_port, "dbsize")) == 2
    server.terminate()
    server.wait()


def test_the_pages_are_served_quickly_when_redis_does_not_answer(
    client, minutes, settings, monkeypatch, caplog
):
    with socket.socket() as silent:  # takes connections (the kernel's backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(100)
        use_redis(settings, monkeypatch, silent.getsockname()[1])
        started = time.monotonic()
        with caplog.at_level(logging.WARNING):
            pages(client, minutes)
            pages(client, minutes)
        assert time.monotonic() - started < 5
    assert any("Redis" in record.getMessage() for record in caplog.records)
