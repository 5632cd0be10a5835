"""Benchmark: 101 members' votes reaching 101 big screens through two app servers sharing Redis.

Run with `make bench`. Two uvicorn app servers (one process each) on spare ports share a
redis-server of the bench's own and a scratch SQLite database; 101 followers of the meeting's live
stream (the screens, as a browser's EventSource follows it: reconnecting after the stream's
`retry:` with Last-Event-ID) are spread over both.

1. Burst: 101 writers publish one vote event each at the same moment (meetings.broadcast.publish, what
   each service calls after its commit; a service for a member's own vote does not exist yet).
   Prints p50, p99 and the largest time from publish to receipt, over every screen and event.
2. Restart: 101 more votes, one every 20 ms, while app server B is stopped and started again.
   Prints how many events any screen lost (should be 0), the reconnections, p99 for the screens
   on A, and how long the screens on B waited for an event at most (the restart's gap).
The writers and the screens run in this process, with the same clock.
"""

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from serve import Uvicorn, spare_port
from sse import Follower

ROOT = Path(__file__).resolve().parent.parent
SCREENS = VOTES = 101
STAGGER = 0.02  # seconds between the votes of the restart phase


def start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        ping = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True)
        if ping.stdout.strip() == b"PONG":
            return server
        time.sleep(0.05)
    raise RuntimeError("redis-server startade inte.")


def scratch_meeting() -> int:
    """Migrate the scratch database and plan one meeting in it."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from casework.models import Body, Meeting

    body = Body.objects.create(name="Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    return Meeting.objects.create(body=body, date=time.strftime("%Y-%m-%d")).pk


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def publish_all(meeting: int, first: int, delays: list[float]) -> dict[str, float]:
    """One writer per vote, each publishing after its delay; the moment each was published."""
    from meetings import broadcast

    start, sent = threading.Barrier(len(delays)), {}

    def vote(n: int, delay: float) -> None:
        start.wait()
        time.sleep(delay)
        sent[f"vote {first + n}"] = time.perf_counter()
        broadcast.publish(meeting, f"vote {first + n}")

    with ThreadPoolExecutor(len(delays)) as writers:
        list(writers.map(vote, range(len(delays)), delays))
    return sent


async def until(condition, timeout: float) -> None:
    """Wait for the condition, at most `timeout` seconds (what is missing then is reported)."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)


def lost(screens: list[Follower], sent: dict[str, float]) -> int:
    """Events published and not received, summed over the screens."""
    return sum(len(sent.keys() - {data for _, data, _ in s.events}) for s in screens)


def delays_of(screens: list[Follower], sent: dict[str, float]) -> list[float]:
    return [at - sent[data] for s in screens for _, data, at in s.events if data in sent]


async def run(meeting: int, env: dict) -> None:
    path = f"/sammantraden/{meeting}/live/"
    a, b = (Uvicorn(spare_port(), "/sammantraden/", env) for _ in range(2))
    await asyncio.gather(asyncio.to_thread(a.start), asyncio.to_thread(b.start))
    screens = [Follower((a if i % 2 else b).base + path) for i in range(SCREENS)]
    on_a, on_b = screens[1::2], screens[0::2]
    tasks = [asyncio.create_task(s.run()) for s in screens]
    try:
        await until(lambda: all(s.connections for s in screens), 30)

        sent = await asyncio.to_thread(publish_all, meeting, 0, [0.0] * VOTES)
        await until(lambda: all(len(s.events) >= VOTES for s in screens), 30)
        burst = delays_of(screens, sent)
        print(
            f"Burst: {VOTES} röster till {SCREENS} skärmar ({len(burst)} mottagna, "
            f"{lost(screens, sent)} förlorade) via 2 appservrar: "
            f"p50 {statistics.median(burst) * 1000:.0f} ms, p99 {percentile(burst, 0.99) * 1000:.0f} ms, "
            f"max {max(burst) * 1000:.0f} ms"
        )

        async def restart_b():
            await asyncio.sleep(VOTES * STAGGER / 4)
            await asyncio.to_thread(b.stop)
            await asyncio.to_thread(b.start)

        delays = [n * STAGGER for n in range(VOTES)]
        sent, _ = await asyncio.gather(
            asyncio.to_thread(publish_all, meeting, VOTES, delays), restart_b()
        )
        await until(lambda: all(len(s.events) >= 2 * VOTES for s in screens), 60)
        twice = sum(len(s.events) - len({data for _, data, _ in s.events}) for s in screens)
        steady, waited = delays_of(on_a, sent), delays_of(on_b, sent)
        print(
            f"Omstart av appserver B under {VOTES} röster: {lost(screens, sent)} förlorade, {twice} dubbletter, "
            f"{sum(s.connections - 1 for s in on_b)} av {len(on_b)} skärmar på B anslöt igen; "
            f"skärmarna på A p99 {percentile(steady, 0.99) * 1000:.0f} ms, "
            f"på B högst {max(waited):.1f} s (omstarten)"
        )
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        a.stop()
        b.stop()


def main() -> None:
    if not shutil.which("redis-server"):
        print("live_votes: redis-server saknas; mätningen hoppas över.")
        return
    scratch = Path(tempfile.mkdtemp(prefix="live-votes-"))
    port = spare_port()
    redis = start_redis(port)
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "SECRET_KEY": "bench-only",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",  # a publish that fails is logged
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    try:
        meeting = scratch_meeting()
        asyncio.run(run(meeting, env))
    finally:
        redis.terminate()
        redis.wait()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
