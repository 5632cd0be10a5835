"""Live updates of a meeting: a small event naming what changed ("yrkanden", "votering", "paragraf",
"talarlista") published after each change is committed, and streamed to the browsers that follow
the meeting (the big screen) as server-sent events.

With REDIS_URL set, every app server shares the events through Redis: each event is added to a
short stream per meeting (kept for replay, so a browser that reconnects with Last-Event-ID gets what
it missed) and announced on pub/sub, where each app server process listens once for all its
browsers. Without it, one process keeps the events in memory: enough for a small installation on
one server.

Event ids are Redis stream ids ("<milliseconds>-<sequence>"), ordered, in both cases."""

import asyncio
import contextlib
import itertools
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass

import redis
import redis.asyncio
from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

KEPT = 500  # events kept per meeting for replay: a whole fullmäktige voting, and more
KEPT_SECONDS = 24 * 3600
CHANNELS = "live:meeting:*"

# One script, so the event is in the stream before anyone hears of it, with the id it got there.
_PUBLISH = """
local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*', 'what', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[2])
return id
"""


@dataclass(frozen=True)
class Event:
    key: tuple[int, int]  # the id's order
    what: str

    @property
    def id(self) -> str:
        return f"{self.key[0]}-{self.key[1]}"


def event_key(event_id: str) -> tuple[int, int] | None:
    """The order of an event id ("1733-0"); None for an id we never gave out."""
    millis, _, sequence = event_id.strip().partition("-")
    try:
        return int(millis), int(sequence or 0)
    except ValueError:
        return None


def stream_key(meeting_id: int) -> str:
    """The Redis key of the meeting's stream of events."""
    return f"live:stream:{meeting_id}"


def _channel(meeting_id: int) -> str:
    return f"live:meeting:{meeting_id}"


def changed(meeting_id: int, what: str, count=None) -> None:
    """The services' one call: tell those following the meeting that `what` changed, once the
    transaction it changed in commits (nothing is told of a change rolled back). `count`, if
    given, is called once committed and its number sent with the event ("röst 47"), so that a
    page shows it without fetching anything."""
    transaction.on_commit(lambda: publish(meeting_id, f"{what} {count()}" if count else what))


def publish(meeting_id: int, what: str) -> None:
    """Publish the event now. A live update is a convenience: if Redis does not answer, the change
    stands, the failure is logged, and the screens catch up at their next change or reload."""
    try:
        broker().publish(meeting_id, what)
    except redis.RedisError:
        log.warning("Live update for meeting %s not published", meeting_id, exc_info=True)


def latest(meeting_id: int) -> str:
    """The id of the meeting's latest event ("" if none, or Redis does not answer): a page shows
    the state after it, and its stream starts from there."""
    try:
        return broker().latest(meeting_id)
    except redis.RedisError:
        log.warning("Live updates for meeting %s not reachable", meeting_id, exc_info=True)
        return ""


class RedisBroker:
    def __init__(self, url: str):
        self.url = url
        # Writers at once beyond the pool's connections wait (a second at most) for one to free.
        pool = redis.BlockingConnectionPool.from_url(
            url, max_connections=50, timeout=1, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        self.client = redis.Redis(connection_pool=pool)
        self.script = self.client.register_script(_PUBLISH)
        self.hubs: dict[asyncio.AbstractEventLoop, Hub] = {}

    def publish(self, meeting_id: int, what: str) -> None:
        self.script(
            keys=[stream_key(meeting_id), _channel(meeting_id)], args=[KEPT, what, KEPT_SECONDS]
        )

    def latest(self, meeting_id: int) -> str:
        last = self.client.xrevrange(stream_key(meeting_id), count=1)
        return last[0][0].decode() if last else ""

    async def since(self, meeting_id: int, last: tuple[int, int]) -> list[Event]:
        hub = self.hub()
        rows = await hub.client.xrange(stream_key(meeting_id), min=f"({last[0]}-{last[1]}")
        return [Event(event_key(i.decode()), row[b"what"].decode()) for i, row in rows]

    def hub(self) -> "Hub":
        loop = asyncio.get_running_loop()
        if loop not in self.hubs:
            client = redis.asyncio.Redis.from_url(self.url, socket_connect_timeout=0.5)
            self.hubs[loop] = Hub(client)
        return self.hubs[loop]


class Hub:
    """This process's browsers, by meeting, and the one pub/sub connection that feeds them. If
    Redis goes away every stream is ended: the browsers reconnect, with Last-Event-ID, once it is
    back, and get what they missed from the stream."""

    def __init__(self, client):
        self.client = client
        self.queues: dict[int, set[asyncio.Queue]] = {}
        self.reader: asyncio.Task | None = None
        self.ready = asyncio.Event()

    @property
    def connections(self) -> int:
        return sum(len(q) for q in self.queues.values())

    @contextlib.asynccontextmanager
    async def listen(self, meeting_id: int):
        if self.reader is None or self.reader.done():
            self.ready.clear()
            self.reader = asyncio.create_task(self._read())
        queue = asyncio.Queue()
        self.queues.setdefault(meeting_id, set()).add(queue)
        try:
            await asyncio.wait_for(self.ready.wait(), timeout=2)
            yield queue
        finally:  # a browser gone frees its place at once
            self.queues[meeting_id].discard(queue)
            if not self.queues[meeting_id]:
                del self.queues[meeting_id]

    async def _read(self) -> None:
        try:
            async with self.client.pubsub() as pubsub:
                await pubsub.psubscribe(CHANNELS)
                self.ready.set()
                async for message in pubsub.listen():
                    if message["type"] == "pmessage":
                        self._deliver(message["channel"].decode(), message["data"].decode())
        except (redis.RedisError, OSError):
            log.warning("Live updates: lost Redis; the screens will reconnect", exc_info=True)
        finally:
            self.ready.clear()
            for queues in self.queues.values():
                for queue in queues:
                    queue.put_nowait(None)

    def _deliver(self, channel: str, data: str) -> None:
        meeting_id = int(channel.rsplit(":", 1)[1])
        event_id, _, what = data.partition(" ")
        event = Event(event_key(event_id), what)
        for queue in self.queues.get(meeting_id, ()):
            queue.put_nowait(event)


class LocalBroker:
    """The events in this process's memory, for an installation without Redis (one process)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.kept: dict[int, deque[Event]] = {}
        self.listeners: dict[int, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = {}
        self.sequence = itertools.count()

    def publish(self, meeting_id: int, what: str) -> None:
        with self.lock:
            event = Event((int(time.time() * 1000), next(self.sequence)), what)
            self.kept.setdefault(meeting_id, deque(maxlen=KEPT)).append(event)
            listeners = list(self.listeners.get(meeting_id, ()))
        for loop, queue in listeners:
            loop.call_soon_threadsafe(queue.put_nowait, event)

    def latest(self, meeting_id: int) -> str:
        with self.lock:
            kept = self.kept.get(meeting_id)
            return kept[-1].id if kept else ""

    async def since(self, meeting_id: int, last: tuple[int, int]) -> list[Event]:
        with self.lock:
            return [e for e in self.kept.get(meeting_id, ()) if e.key > last]

    def hub(self) -> "LocalBroker":
        return self

    @property
    def connections(self) -> int:
        return sum(len(q) for q in self.listeners.values())

    @contextlib.asynccontextmanager
    async def listen(self, meeting_id: int):
        listener = (asyncio.get_running_loop(), asyncio.Queue())
        with self.lock:
            self.listeners.setdefault(meeting_id, set()).add(listener)
        try:
            yield listener[1]
        finally:
            with self.lock:
                self.listeners[meeting_id].discard(listener)
                if not self.listeners[meeting_id]:
                    del self.listeners[meeting_id]


_brokers: dict[str, RedisBroker | LocalBroker] = {}


def broker() -> RedisBroker | LocalBroker:
    """The broker for the settings now (REDIS_URL), one per process."""
    url = settings.REDIS_URL
    if url not in _brokers:
        _brokers[url] = RedisBroker(url) if url else LocalBroker()
    return _brokers[url]


RETRY_MILLISECONDS = 2000


async def stream(meeting_id: int, last_id: str):
    """The meeting's events as server-sent events: first those after `last_id` (kept for replay),
    then each as it comes; a comment every LIVE_HEARTBEAT_SECONDS keeps proxies from closing the line.
    Ends when the broker is lost (the browser reconnects)."""
    source = broker()
    yield f"retry: {RETRY_MILLISECONDS}\n\n"
    try:
        async with source.hub().listen(meeting_id) as queue:
            sent = event_key(last_id) if last_id else None
            missed = await source.since(meeting_id, sent) if sent is not None else []
            if missed:
                yield "".join(_sse(e) for e in missed)
                sent = missed[-1].key
            async for events in _batches(queue):
                fresh = [e for e in events if sent is None or e.key > sent]
                if events == [HEARTBEAT]:
                    yield ": ping\n\n"
                elif fresh:
                    yield "".join(_sse(e) for e in fresh)  # one write for all that waited
                    sent = fresh[-1].key
    except (TimeoutError, redis.RedisError, OSError):
        log.warning("Live updates for meeting %s: Redis not reachable", meeting_id)


HEARTBEAT = Event((0, 0), "")


async def _batches(queue: asyncio.Queue):
    """What comes on the queue, all that waits at once, with [HEARTBEAT] after each quiet
    LIVE_HEARTBEAT_SECONDS; until None."""
    while True:
        try:
            events = [await asyncio.wait_for(queue.get(), timeout=settings.LIVE_HEARTBEAT_SECONDS)]
        except TimeoutError:
            yield [HEARTBEAT]
            continue
        while not queue.empty():
            events.append(queue.get_nowait())
        if None in events:
            yield events[: events.index(None)]
            return
        yield events


def _sse(event: Event) -> str:
    return f"id: {event.id}\ndata: {event.what}\n\n"


def connections() -> int:
    """How many browsers this process streams to now (called from an async view)."""
    return broker().hub().connections
