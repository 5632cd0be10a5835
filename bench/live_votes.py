"""Benchmark: 101 members of a council vote at once from their own devices through two app
servers, and big screens on both servers show each vote.

Run with `make bench`. Two uvicorn app servers (one process each) on spare ports share a
redis-server of the bench's own and a scratch PostgreSQL database (BENCH_PG, as bench/pages.py).
The meeting has 101 serving members, each a Person with a User signed in up front (a session
and a CSRF cookie per device); the chair opens a votering (meetings.live.vote_open), and each
member's device sends its vote on the socket its member page keeps open (meetings.live_socket),
as the page's script does, or, for comparison, POSTs it to the member page,
/sammantraden/<pk>/deltar/, as the script does without a socket (the answer shown in place;
without JavaScript the browser would load the page again, ~40 ms each): half the devices
through app server A, half through B. The app servers' CPU per vote is read from /proc. SCREENS big
screens (half on each server) follow the meeting's live stream as a browser's EventSource does
(reconnecting after the stream's `retry:` with Last-Event-ID).

A vote is shown when a screen receives an event published after the vote was committed: a
vote's event carries how many have voted ("röst 47"), which the big screen shows as it comes,
fetching nothing (static/js/screen.js). The bench reads the meeting's latest event id as soon
as the device has its answer (the vote's own event, published at its commit, is that one or an
earlier one), and takes the moment each screen receives that event: an upper bound on "cast to
shown", per vote and screen.

As a votering opens, each phone's member page loads itself again (a GET through its app
server) and opens its socket; the members then vote.

1. Burst: all 101 devices vote at the same moment, on their sockets; then in the next
   paragraph by form. p50, p99 and the largest time from sending the vote to the screens
   receiving its event, and the devices' round trips.
2. Restart: the third paragraph's votering, one vote every STAGGER seconds on the sockets,
   while app server B is stopped and started again. A device whose socket closed, or that gets
   no answer, sends the vote by form as the page does, and tries again as a phone would: half
   of B's devices through A (a load balancer), half through B once it is back. Then:
   the Ballot rows (101, each with the choice its member sent), the events each screen missed
   (every screen must have every event, the last included), and the times.
The devices and the screens run in this process, with the same clock.
"""

import asyncio
import datetime
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from serve import Uvicorn, spare_port
from sse import Follower

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_LIVE_DB", "arenden_bench_live")
# BENCH_PORTS=8700-8799 takes the servers' ports from that range (a shared machine's rule).
PORTS = os.environ.get("BENCH_PORTS", "")
MEMBERS = 101
SCREENS = int(os.environ.get("BENCH_SCREENS", "10"))
STAGGER = 0.02  # seconds between the votes of the restart phase
CHOICES = ("ja", "nej", "avstar")


def port() -> int:
    if not PORTS:
        return spare_port()
    low, high = (int(p) for p in PORTS.split("-"))
    for candidate in random.sample(range(low, high + 1), high - low + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", candidate)) != 0:
                return candidate
    raise RuntimeError(f"Ingen ledig port i {PORTS}.")


def start_redis(at: int) -> subprocess.Popen:
    server = subprocess.Popen(
        ["redis-server", "--port", str(at), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        ping = subprocess.run(["redis-cli", "-p", str(at), "ping"], capture_output=True)
        if ping.stdout.strip() == b"PONG":
            return server
        time.sleep(0.05)
    raise RuntimeError("redis-server startade inte.")


def scratch_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")


def drop_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


@dataclass
class Council:
    meeting: int
    items: list  # the three paragraphs, one votering each
    members: list  # the Persons, the chair first
    devices: list["Device"]


@dataclass
class Device:
    """A member's phone, signed in: its session and CSRF cookies, the token its form sends, and
    the socket its member page opens (meetings.live_socket, with the page's pass)."""

    person: int
    cookie: str
    token: str
    socket: str = ""


def council() -> Council:
    """Migrate the scratch database; a council of 101 members, each with a User, at a meeting
    opened today with three paragraphs, each with a bifall and an avslag; every member signed in."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from casework.models import Body, Meeting, Membership, Party, PartyAffiliation, Person
    from meetings import live, live_socket, services

    now = timezone.now()
    term = {"starts_on": now.date().replace(month=1, day=1)}
    body = Body.objects.create(name="Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    parties = [
        Party.objects.create(abbreviation=a, name=n)
        for a, n in [("S", "Socialdemokraterna"), ("M", "Moderaterna"), ("V", "Vänsterpartiet")]
    ]
    members, devices = [], []
    for n in range(MEMBERS):
        user = User.objects.create_user(username=f"ledamot{n:03d}")
        person = Person.objects.create(first_name=f"Ledamot{n:03d}", last_name="Bench", user=user)
        PartyAffiliation.objects.create(person=person, party=parties[n % 3], **term)
        Membership.objects.create(person=person, body=body, **term)
        members.append(person)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        token = secrets.token_hex(16)  # an unmasked CSRF secret: 32 characters
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={token}"
        devices.append(Device(person.pk, cookie, token))
    meeting = Meeting.objects.create(body=body, date=now.date(), place="Rådssalen")
    items = [
        services.agenda_add(meeting=meeting, title=title, proposal=[f"{title} fastställs."])
        for title in ("Budget för 2027", "Skattesats för 2027", "Investeringsplan för 2027")
    ]
    services.meeting_open(
        meeting=meeting,
        serving=members,
        chair=members[0],
        justerare=members[1:3],
        justering_deadline=now + datetime.timedelta(days=3),
        now=now,
    )
    for item in items:
        live.yrkande_put(item=item, mover=members[0], form="bifall")
        live.yrkande_put(item=item, mover=members[1], form="avslag")
    for device in devices:
        session = device.cookie.split(";")[0].split("=")[1]
        device.socket = live_socket.socket_url(meeting.pk, session)
    return Council(meeting.pk, [i.pk for i in items], members, devices)


def vote_open(item_pk: int) -> int:
    """The chair takes up the paragraph and opens its votering: Ja for bifall, Nej for avslag."""
    from django.utils import timezone

    from meetings import live
    from meetings.models import AgendaItem

    item = live.item_take_up(item=AgendaItem.objects.get(pk=item_pk), now=timezone.now())
    bifall, avslag = item.yrkanden.order_by("position")
    return live.vote_open(item=item, yes=bifall, no=avslag, now=timezone.now()).pk


def vote_close(vote_pk: int) -> None:
    from django.utils import timezone

    from meetings import live
    from meetings.models import Vote

    live.vote_close(vote=Vote.objects.get(pk=vote_pk), now=timezone.now())


def ballots(vote_pk: int) -> dict[int, str]:
    from meetings.models import Ballot

    return dict(Ballot.objects.filter(vote_id=vote_pk).values_list("person_id", "choice"))


READERS = asyncio.Semaphore(20)  # the hub's client opens a connection per read at once


async def latest(meeting: int) -> str:
    """The meeting's latest event id, read on the bench's event loop (no thread per device)."""
    from meetings import broadcast

    async with READERS:
        client = broadcast.broker().hub().client
        last = await client.xrevrange(broadcast.stream_key(meeting), count=1)
    return last[0][0].decode() if last else ""


async def stream_ids(meeting: int) -> list[str]:
    """Every event id the meeting's stream keeps, in order."""
    from meetings import broadcast

    return [e.id for e in await broadcast.broker().since(meeting, (0, 0))]


@dataclass
class Cast:
    """One member's vote: when the device sent it, when it had its answer, through which servers,
    and the meeting's latest event id then."""

    choice: str
    page: dict  # the form's hidden fields: the paragraph and the votering the page shows
    sent: float = 0.0
    answered: float = 0.0
    servers: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    event: str = ""


async def post(base: str, path: str, device: Device, choice: str, page: dict) -> int:
    """The member page's vote form, sent as its script sends it (asking for JSON: the answer is
    shown in place, no page is loaded again); the status of the answer (200 when the vote stands)."""
    parts = urllib.parse.urlsplit(base)
    body = urllib.parse.urlencode(
        {"action": "vote", "choice": choice, "csrfmiddlewaretoken": device.token, **page}
    ).encode()
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nCookie: {device.cookie}\r\n"
            "Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        await reader.read()  # the rest, until the server closes
        return status
    finally:
        writer.close()


async def load(base: str, path: str, device: Device) -> int:
    """The member page loaded, as the phone's page loads itself again when a votering opens."""
    parts = urllib.parse.urlsplit(base)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nCookie: {device.cookie}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        await reader.read()
        return status
    finally:
        writer.close()


class Phone:
    """A member page's socket to one app server (`open`), as the page's script holds it while the
    votering is shown."""

    def __init__(self, server: Uvicorn, device: Device):
        self.server, self.device, self.socket = server, device, None

    async def open(self) -> None:
        self.socket = await websockets.connect(
            self.server.base.replace("http://", "ws://") + self.device.socket,
            origin=self.server.base,
            additional_headers={"Cookie": self.device.cookie},
        )

    async def vote(self, cast: Cast) -> bool:
        """Send the vote on the socket; False if it closed before answering (the page then sends
        the same vote as a form)."""
        cast.servers.append(self.server.base)
        try:
            await self.socket.send(
                json.dumps({"votering": cast.page["votering"], "choice": cast.choice})
            )
            answer = json.loads(await self.socket.recv())
        except websockets.ConnectionClosed:
            cast.statuses.append("socket stängd")
            return False
        cast.statuses.append("200" if "meddelande" in answer else answer["fel"])
        return True

    async def close(self) -> None:
        if self.socket:
            await self.socket.close()


async def cast(
    cast: Cast,
    device: Device,
    path: str,
    servers: list[Uvicorn],
    meeting: int,
    phone: Phone | None = None,
) -> None:
    """Vote on the phone's socket, if given; else, or if it closed, by the form through
    servers[0]; without an answer (a server stopped, or a 5xx) try again after 0.2 s through the
    next server in `servers`, round, as a phone would, for at most 30 s."""
    cast.sent = time.perf_counter()
    attempt = 0
    voted = phone is not None and await phone.vote(cast)
    while not voted and time.perf_counter() - cast.sent < 30:
        server = servers[attempt % len(servers)]
        cast.servers.append(server.base)
        try:
            status = await post(server.base, path, device, cast.choice, cast.page)
        except (OSError, IndexError, ValueError, asyncio.IncompleteReadError) as error:
            cast.statuses.append(type(error).__name__)
        else:
            cast.statuses.append(str(status))
            voted = status < 500
        if not voted:
            attempt += 1
            await asyncio.sleep(0.2)
    cast.answered = time.perf_counter()
    cast.event = await latest(meeting)


def cpu_seconds(server: Uvicorn) -> float:
    """The app server process's CPU time so far (user and system)."""
    fields = Path(f"/proc/{server.server.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def shown(casts: list[Cast], screens: list[Follower]) -> tuple[list[float], int]:
    """Each vote's time from sending to each screen receiving its event; and how many
    (vote, screen) pairs never saw it."""
    received = [{i: at for i, _, at in s.events} for s in screens]
    times, unseen = [], 0
    for c in casts:
        for got in received:
            if c.event in got:
                times.append(got[c.event] - c.sent)
            else:
                unseen += 1
    return times, unseen


def ms(values: list[float], share: float | None = None) -> str:
    if not values:
        return "–"
    value = (
        statistics.median(values)
        if share == 0.5
        else max(values)
        if share is None
        else percentile(values, share)
    )
    return f"{value * 1000:.0f} ms"


def row(*cells) -> str:
    widths = (46, 10, 10, 10)
    return "  ".join(
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


async def until(condition, timeout: float) -> None:
    """Wait for the condition, at most `timeout` seconds (what is missing then is reported)."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)


def choices_for(offset: int) -> list[str]:
    return [CHOICES[(n + offset) % 3] for n in range(MEMBERS)]


async def run(c: Council, env: dict) -> None:
    path = f"/sammantraden/{c.meeting}/deltar/"
    a, b = (Uvicorn(port(), "/sammantraden/", env) for _ in range(2))
    await asyncio.gather(asyncio.to_thread(a.start), asyncio.to_thread(b.start))
    screens = [
        Follower((a, b)[i % 2].base + f"/sammantraden/{c.meeting}/live/") for i in range(SCREENS)
    ]
    tasks = [asyncio.create_task(s.run()) for s in screens]
    loop = asyncio.get_running_loop()
    db = ThreadPoolExecutor(1)  # Django's connection belongs to the thread that opened it

    async def django(function, *args):
        return await loop.run_in_executor(db, function, *args)

    try:
        await until(lambda: all(s.connections for s in screens), 30)
        print(
            f"live_votes: {MEMBERS} ledamöter, {SCREENS} storbildsskärmar (hälften på varje "
            f"appserver), PostgreSQL, Redis, 2 uvicorn-processer\n"
        )
        print(row("", "p50", "p99", "max"))

        async def burst(label: str, item: int, offset: int, phones: list[Phone] | None):
            """Every device at once, half through A and half through B: on their member pages'
            sockets (opened when the page showed the votering), or sending the form."""
            vote = await django(vote_open, item)
            page = {"paragraf": item, "votering": vote}
            casts = [Cast(choice, page) for choice in choices_for(offset)]
            # Each phone's page loads itself again as the votering opens (and opens its socket).
            loaded = await asyncio.gather(
                *(load(home[n].base, path, d) for n, d in enumerate(c.devices))
            )
            assert set(loaded) == {200}, loaded
            if phones:
                await asyncio.gather(*(phone.open() for phone in phones))
            await asyncio.sleep(0.5)  # the screens have the votering's opening
            before = cpu_seconds(a) + cpu_seconds(b)
            await asyncio.gather(
                *(
                    cast(casts[n], d, path, [(a, b)[n % 2]], c.meeting, phones and phones[n])
                    for n, d in enumerate(c.devices)
                )
            )
            used = cpu_seconds(a) + cpu_seconds(b) - before
            await until(lambda: not shown(casts, screens)[1], 10)
            times, unseen = shown(casts, screens)
            trips = [x.answered - x.sent for x in casts]
            stored = await django(ballots, vote)
            expected = {d.person: x.choice for d, x in zip(c.devices, casts, strict=True)}
            refused = sum(1 for x in casts if x.statuses[-1] != "200")
            print(row(f"{label}: avgiven → på skärmen", ms(times, 0.5), ms(times, 0.99), ms(times)))
            print(
                row("   avgiven → svar till telefonen", ms(trips, 0.5), ms(trips, 0.99), ms(trips))
            )
            print(
                f"   {len(stored)} röster sparade, "
                f"{sum(stored.get(p) == ch for p, ch in expected.items())} rätt, {refused} nekade; "
                f"{unseen} (röst, skärm) aldrig visade; appservrarnas CPU {used * 1000 / MEMBERS:.1f} ms "
                f"per röst, skärmarnas strömmar medräknade\n"
            )
            for phone in phones or []:
                await phone.close()
            await django(vote_close, vote)

        # 1. Burst on the pages' sockets, then (for comparison) as forms sent by fetch.
        home = [(a, b)[n % 2] for n in range(MEMBERS)]
        await burst(
            "1. samtidigt, socket",
            c.items[0],
            0,
            [Phone(home[n], d) for n, d in enumerate(c.devices)],
        )
        await burst("   samtidigt, formulär (HTTP)", c.items[1], 1, None)

        # 2. Restart: one vote every STAGGER seconds while B is stopped and started again.
        vote = await django(vote_open, c.items[2])
        await asyncio.gather(*(load(home[n].base, path, d) for n, d in enumerate(c.devices)))
        phones = [Phone(home[n], d) for n, d in enumerate(c.devices)]
        await asyncio.gather(*(phone.open() for phone in phones))
        await asyncio.sleep(0.5)  # the screens have the votering's opening
        before = set(await stream_ids(c.meeting))
        page = {"paragraf": c.items[2], "votering": vote}
        casts = [Cast(choice, page) for choice in choices_for(2)]

        async def later(n: int, device: Device) -> None:
            await asyncio.sleep(n * STAGGER)
            home, other = (a, b)[n % 2], (b, a)[n % 2]
            route = [home] if home is a or n % 4 == 3 else [home, other]
            await cast(casts[n], device, path, route, c.meeting, phones[n])

        async def restart_b() -> float:
            await asyncio.sleep(MEMBERS * STAGGER / 4)
            stopped = time.perf_counter()
            await asyncio.to_thread(b.stop)
            await asyncio.to_thread(b.start)
            return time.perf_counter() - stopped

        *_, down = await asyncio.gather(
            *(later(n, d) for n, d in enumerate(c.devices)), restart_b()
        )
        for phone in phones:
            await phone.close()
        ids = [i for i in await stream_ids(c.meeting) if i not in before]
        await until(lambda: all(ids[-1] in {i for i, _, _ in s.events} for s in screens), 30)
        missed = sum(len(set(ids) - {i for i, _, _ in s.events}) for s in screens)
        twice = sum(len(s.events) - len({i for i, _, _ in s.events}) for s in screens)
        got_last = sum(ids[-1] in {i for i, _, _ in s.events} for s in screens)
        stored = await django(ballots, vote)
        expected = {d.person: x.choice for d, x in zip(c.devices, casts, strict=True)}
        right = sum(stored.get(p) == ch for p, ch in expected.items())
        retried = [x for x in casts if len(x.servers) > 1]
        steady = [x for x in casts if len(x.servers) == 1]
        times, unseen = shown(casts, screens)
        first, _ = shown(steady, screens)
        late, _ = shown(retried, screens)
        print(
            row(
                "2. omstart av B: avgiven → på skärmen, alla",
                ms(times, 0.5),
                ms(times, 0.99),
                ms(times),
            )
        )
        print(
            row(
                "   de som fick svar på första försöket", ms(first, 0.5), ms(first, 0.99), ms(first)
            )
        )
        print(
            row(f"   de {len(retried)} som försökte igen", ms(late, 0.5), ms(late, 0.99), ms(late))
        )
        print(
            f"   B var borta {down:.1f} s (stopp till svar igen); "
            f"{sum(x.servers[-1] != x.servers[0] for x in retried)} röster lades om via A, "
            f"{sum(x.servers[-1] == x.servers[0] for x in retried)} via B efter omstarten; "
            f"svar: {sorted({s for x in casts for s in x.statuses})}\n"
            f"   {len(stored)} röster sparade, {right} med rätt val ({MEMBERS - right} förlorade); "
            f"{got_last} av {SCREENS} skärmar fick den sista händelsen, {missed} händelser missade, "
            f"{twice} dubbletter; {sum(s.connections - 1 for s in screens)} återanslutningar"
        )
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        db.shutdown(wait=False)
        a.stop()
        b.stop()


def main() -> None:
    if not shutil.which("redis-server"):
        print("live_votes: redis-server saknas; mätningen hoppas över.")
        return
    scratch_database()
    redis_port = port()
    redis = start_redis(redis_port)
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"{SERVER}/{DB}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "SECRET_KEY": "bench-only",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",  # a publish that fails is logged
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    try:
        c = council()
        from django.db import connection

        connection.close()  # council() ran in this thread; the bench's own thread opens its own
        asyncio.run(run(c, env))
    finally:
        redis.terminate()
        redis.wait()
        drop_database()


if __name__ == "__main__":
    main()
