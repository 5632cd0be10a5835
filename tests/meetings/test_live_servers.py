"""The live streams on real app servers: two uvicorn processes sharing PostgreSQL and a
redis-server of the test's own. A yrkande registered through one server reaches the screens
following either; a server restarted loses none of them (the screens reconnect with
Last-Event-ID and get the events kept in Redis); a process streams to at most
LIVE_MAX_CONNECTIONS browsers, and a browser that leaves frees its place. Without Redis one server
streams what its own process publishes."""

import asyncio
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from bench.serve import Uvicorn, spare_port
from bench.sse import Follower
from meetings import services
from tests.meetings.conftest import opened
from tests.trust.test_cache_down import redis_cli, start_redis
from tests.trust.test_scale_out import Browser

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fast_password_hashing():
    """The servers check passwords with the real hashers: the accounts must use them."""


@pytest.fixture
def env(tmp_path):
    port = spare_port()
    server = start_redis(port)
    name = connection.settings_dict["NAME"]
    yield {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SECRET_KEY": "x",
        "DEBUG": "false",
    }
    redis_cli(port, "shutdown", "nosave")
    server.wait()


@pytest.fixture
def item(world, meeting, at_ks, user_with_role):
    services.agenda_build(meeting=meeting)
    opened(world, meeting)
    user_with_role("nämndsekreterare", "sekreterare")
    return meeting.agenda_items.get()


class Screens:
    """Followers of live streams, run on an event loop of their own beside the test."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.tasks = {}

    def follow(self, url: str) -> Follower:
        follower = Follower(url)
        self.tasks[follower] = asyncio.run_coroutine_threadsafe(follower.run(), self.loop)
        wait_until(lambda: follower.connections, f"{url} följs inte")
        return follower

    def leave(self, follower: Follower) -> None:
        self.tasks.pop(follower).cancel()

    def close(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        self.loop.call_soon_threadsafe(self.loop.stop)


def wait_until(condition, message: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.05)


def add_yrkande(secretary: Browser, item, world, text: str) -> None:
    status = secretary.post(
        f"/sammantraden/{item.meeting_id}/paragrafer/{item.pk}/",
        {
            "form": "proposal",
            "yrkande-mover": world.kroon.pk,
            "yrkande-kind": "sak",
            "yrkande-text": text,
            "yrkande-items": "",
        },
    )
    assert status == 302


def test_a_yrkande_reaches_screens_on_both_servers_and_a_restart_loses_none(env, item, world):
    screens = Screens()
    path = f"/sammantraden/{item.meeting_id}/live/"
    with Uvicorn(spare_port(), "/sammantraden/", env) as one:
        two = Uvicorn(spare_port(), "/sammantraden/", env)
        two.start()
        try:
            on_one, on_two = screens.follow(one.base + path), screens.follow(two.base + path)
            secretary = Browser(one.base)
            secretary.log_in("sekreterare")
            add_yrkande(secretary, item, world, "avslag på motionen")
            wait_until(lambda: len(on_one.events) == len(on_two.events) == 1, "inte framme")
            assert on_one.events[0][:2] == on_two.events[0][:2]
            assert on_two.events[0][1] == "yrkanden"

            two.stop()  # restarted while the meeting goes on
            add_yrkande(secretary, item, world, "återremiss")
            two.start()
            wait_until(lambda: len(on_two.events) == 2, "förlorades vid omstarten")
            assert [e[:2] for e in on_two.events] == [e[:2] for e in on_one.events]
            assert on_two.connections == 2 and on_one.connections == 1
        finally:
            screens.close()
            two.stop()


def test_without_redis_one_server_streams_its_own_changes(env, item, world):
    screens = Screens()
    alone = {k: v for k, v in env.items() if k != "REDIS_URL"}
    with Uvicorn(spare_port(), "/sammantraden/", alone) as server:
        try:
            screen = screens.follow(f"{server.base}/sammantraden/{item.meeting_id}/live/")
            secretary = Browser(server.base)
            secretary.log_in("sekreterare")
            add_yrkande(secretary, item, world, "avslag på motionen")
            wait_until(lambda: [e[1] for e in screen.events] == ["yrkanden"], "inte framme")
        finally:
            screens.close()


def test_a_server_streams_to_at_most_its_limit_and_a_screen_gone_frees_its_place(env, item):
    screens = Screens()
    path = f"/sammantraden/{item.meeting_id}/live/"
    with Uvicorn(spare_port(), "/sammantraden/", env | {"LIVE_MAX_CONNECTIONS": "2"}) as server:
        try:
            first = screens.follow(server.base + path)
            screens.follow(server.base + path)
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(server.base + path, timeout=5)
            assert refused.value.code == 503
            assert refused.value.headers["Retry-After"] == "10"
            assert "Försök igen om en stund" in refused.value.read().decode()

            screens.leave(first)
            wait_until(lambda: _answers(server.base + path) == 200, "platsen frigjordes inte")
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(server.base + "/sammantraden/999999/live/", timeout=5)
            assert missing.value.code == 404
        finally:
            screens.close()


def _answers(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
