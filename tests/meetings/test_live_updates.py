"""Live updates of a meeting (meetings.broadcast) and the big screen: each change the meeting's
services commit is published once, and only then; a stream replays what came after the
Last-Event-ID it is given and then follows live; a stream that ends frees its place; a quiet
stream gets a heartbeat; with Redis away the change stands. With a real redis-server of the test's
own, and without Redis (one process's memory)."""

import asyncio
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError

from bench.serve import spare_port
from meetings import broadcast, services
from meetings.models import Yrkande
from tests.meetings.conftest import MEETING_DAY, at, opened
from tests.trust.test_cache_down import redis_cli, start_redis

MEETING = 424242  # the streams below need no meeting row; an id no test's meeting has


def in_a_loop_of_its_own(coroutine):
    """Run the coroutine on a thread of its own: the browser tests leave an event loop running on
    the main thread."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture
def redis_url(settings):
    port = spare_port()
    server = start_redis(port)
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    yield settings.REDIS_URL
    redis_cli(port, "shutdown", "nosave")
    server.wait()


@pytest.fixture(params=["redis", "memory"])
def any_broker(request, settings):
    """Each test with these runs twice: through Redis, and in this process's memory."""
    if request.param == "redis":
        return request.getfixturevalue("redis_url")
    settings.REDIS_URL = ""
    broadcast._brokers.pop("", None)  # a fresh memory for the test
    return ""


@pytest.fixture
def item(world, meeting, at_ks):
    services.agenda_build(meeting=meeting)
    opened(world, meeting)
    return meeting.agenda_items.get()


def kept(meeting_id: int) -> list[str]:
    """What was published for the meeting, oldest first, as a stream from the beginning replays it."""

    async def replay():
        stream = broadcast.stream(meeting_id, "0-0")
        await anext(stream)  # the retry line
        try:
            return re.findall(r"data: (.*)", await asyncio.wait_for(anext(stream), timeout=0.3))
        except TimeoutError:  # nothing kept
            return []
        finally:
            await stream.aclose()

    return in_a_loop_of_its_own(replay())


def test_a_yrkande_is_published_when_it_is_committed(
    redis_url, item, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.yrkande_add(item=item, mover=world.kroon, text="avslag på motionen", items=[])
        assert broadcast.latest(item.meeting_id) == ""  # not before the commit
    for callback in callbacks:
        callback()
    assert kept(item.meeting_id) == ["yrkanden"]


def test_a_refused_decision_publishes_nothing(
    redis_url, item, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for mover in (world.kroon, world.jonsson):
            services.yrkande_add(item=item, mover=mover, text=f"förslag av {mover}", items=["X"])
        with pytest.raises(ValidationError):  # two yrkanden, and no winner named
            services.item_decide(item=item, now=at(MEETING_DAY, 10))
    assert kept(item.meeting_id) == ["yrkanden", "yrkanden"]


def test_a_votering_is_published_with_the_decision(
    redis_url, item, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, second = (
            services.yrkande_add(item=item, mover=m, text=f"förslag av {m}", items=["X"])
            for m in (world.kroon, world.jonsson)
        )
        ballots = {world.kroon.pk: "ja", world.wanngard.pk: "nej", world.jonsson.pk: "nej"}
        services.item_decide(
            item=item, vote=(first, second), ballots=ballots, now=at(MEETING_DAY, 10)
        )
    assert kept(item.meeting_id) == ["yrkanden", "yrkanden", "votering"]


def test_a_hundred_and_one_writers_at_once_lose_no_event(redis_url):
    with ThreadPoolExecutor(101) as writers:
        list(writers.map(lambda n: broadcast.publish(MEETING, f"vote {n}"), range(101)))
    assert sorted(kept(MEETING)) == sorted(f"vote {n}" for n in range(101))


def test_with_redis_away_the_change_stands_and_the_failure_is_logged(
    settings, item, world, django_capture_on_commit_callbacks, caplog
):
    settings.REDIS_URL = f"redis://127.0.0.1:{spare_port()}/0"  # no one listens
    with (
        caplog.at_level(logging.WARNING, logger="meetings.broadcast"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.yrkande_add(item=item, mover=world.kroon, text="avslag på motionen", items=[])
    assert Yrkande.objects.filter(item=item, text="avslag på motionen").exists()
    assert "not published" in caplog.text


def test_a_stream_replays_what_came_after_its_last_event_id_then_follows(any_broker):
    for what in ("opened", "yrkande", "vote"):
        broadcast.publish(MEETING, what)
    first = broadcast.stream(MEETING, "0-0")

    async def follow():
        stream = broadcast.stream(MEETING, await _id_of_first(first))
        assert await anext(stream) == f"retry: {broadcast.RETRY_MILLISECONDS}\n\n"
        replayed = await anext(stream)  # what was missed comes in one piece
        later = asyncio.create_task(anext(stream))
        await asyncio.sleep(0.1)  # listening now
        threading.Thread(target=broadcast.publish, args=(MEETING, "decision")).start()
        return replayed, await asyncio.wait_for(later, timeout=2)

    replayed, later = in_a_loop_of_its_own(follow())
    assert re.findall("data: (.*)", replayed) == ["yrkande", "vote"]
    assert re.match(r"id: \d+-\d+\ndata: decision\n\n", later)
    assert broadcast.latest(MEETING) == re.search(r"id: (\S+)", later).group(1)


async def _id_of_first(stream) -> str:
    await anext(stream)
    chunk = await anext(stream)
    await stream.aclose()
    return re.search(r"id: (\S+)", chunk).group(1)


def test_a_stream_that_ends_frees_its_place(any_broker):
    async def connect_and_leave():
        stream = broadcast.stream(MEETING, "")
        await anext(stream)
        waiting = asyncio.create_task(anext(stream))
        await asyncio.sleep(0.1)
        during = broadcast.connections()
        waiting.cancel()  # the browser went away
        await asyncio.gather(waiting, return_exceptions=True)
        await stream.aclose()
        return during, broadcast.connections()

    assert in_a_loop_of_its_own(connect_and_leave()) == (1, 0)


def test_a_stream_ends_when_redis_goes_away_so_that_the_browser_reconnects(redis_url):
    port = redis_url.rsplit(":", 1)[1].split("/")[0]

    async def follow():
        stream = broadcast.stream(MEETING, "")
        await anext(stream)
        ended = asyncio.create_task(anext(stream, "ended"))
        await asyncio.sleep(0.1)
        redis_cli(port, "shutdown", "nosave")
        return await asyncio.wait_for(ended, timeout=5)

    assert in_a_loop_of_its_own(follow()) == "ended"


def test_a_quiet_stream_gets_a_heartbeat(any_broker, settings):
    settings.LIVE_HEARTBEAT_SECONDS = 0.05

    async def two_chunks():
        stream = broadcast.stream(MEETING, "")
        chunks = [await anext(stream), await anext(stream)]
        await stream.aclose()
        return chunks

    assert in_a_loop_of_its_own(two_chunks())[1] == ": ping\n\n"


# --- The big screen ------------------------------------------------------------------------------


def test_the_big_screen_shows_the_paragraph_and_its_yrkanden_to_everyone(client, item, world):
    services.yrkande_add(item=item, mover=world.kroon, text="avslag på motionen", items=[])
    page = client.get(f"/sammantraden/{item.meeting_id}/skarm/").content.decode()
    assert f"§ {item.number}</span> {item.title}" in page
    assert "Gabriel Kroon (SD) yrkar avslag på motionen." in page
    assert 'aria-live="polite"' in page
    assert f'href="/sammantraden/{item.meeting_id}/skarm/">Uppdatera</a>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script (CSP)
    assert "http-equiv" not in page


def test_the_big_screen_shows_the_latest_votering(client, item, world):
    first, second = (
        services.yrkande_add(item=item, mover=m, text=f"förslag av {m.last_name}", items=["X"])
        for m in (world.kroon, world.jonsson)
    )
    ballots = {world.kroon.pk: "ja", world.wanngard.pk: "nej", world.jonsson.pk: "nej"}
    services.item_decide(item=item, vote=(first, second), ballots=ballots, now=at(MEETING_DAY, 10))
    page = client.get(f"/sammantraden/{item.meeting_id}/skarm/?del=innehall").content.decode()
    assert "<html" not in page  # only the part that changes
    assert f"Votering, § {item.number}" in page
    assert re.search(r"<dt>Ja</dt><dd>1</dd>.*<dt>Nej</dt><dd>2</dd>", page, re.S)
    assert "Bifall till Jan Jonssons (L) yrkande." in page  # as the minutes name it


def test_a_meeting_in_progress_links_its_big_screen(client, item):
    page = client.get(f"/sammantraden/{item.meeting_id}/").content.decode()
    assert f'<a href="/sammantraden/{item.meeting_id}/skarm/">Storbilden</a>' in page


def test_the_big_screen_says_when_the_meeting_is_not_opened(client, meeting):
    page = client.get(f"/sammantraden/{meeting.pk}/skarm/").content.decode()
    assert "Sammanträdet har inte öppnats." in page


def test_the_live_stream_needs_the_asgi_server(client, meeting):
    response = client.get(f"/sammantraden/{meeting.pk}/live/")
    assert response.status_code == 503
    assert "ASGI-servern" in response.content.decode()
