"""Benchmark: the clerks' pages against a bare SELECT 1 view, 100,000 cases in a scratch PostgreSQL database.

Run with `make bench`. gunicorn (2 sync workers) and wrk share this machine's cores, so only the
ratios measured in this one run mean anything. Prints requests/s, p50 and p99 per page.
Two phases in the one run: "warm" with the pages' cache in use, "cold" with no cache at all, so
every request renders from the database (each phase measures its own baseline). Then the pages
whose SQL grows with the register are measured cold on a register of BENCH_SMALL cases, in a
database of their own, and their ratios printed beside those on the full register.
"""

import datetime
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from serve import gunicorn

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_DB", "arenden_bench")
# BENCH_KEEP=true reuses the database an earlier run left (generating 100,000 cases takes minutes).
KEEP = os.environ.get("BENCH_KEEP") == "true"
# BENCH_ONLY=word,word measures only the pages whose names contain one of the words (and the baseline).
ONLY = [w for w in os.environ.get("BENCH_ONLY", "").split(",") if w]
CASES = int(os.environ.get("BENCH_CASES", "100000"))
# The pages whose SQL grows with the register are measured cold again on a register of
# BENCH_SMALL cases (a database of its own), to show how flat they stay; 0 leaves that out.
SMALL = int(os.environ.get("BENCH_SMALL", "10000"))
GROWING = ("case list", "filtered list", "full-text search", "search 'skolor'", "statistics")
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 16
PORT = 8765
WORDS = [
    "cykelbanor",
    "skolor",
    "parker",
    "bibliotek",
    "äldreomsorg",
    "bostäder",
    "kollektivtrafik",
    "idrottshallar",
    "förskolor",
    "belysning",
    "trygghet",
    "klimat",
    "återvandring",
    "integration",
    "simhallar",
    "vatten",
]


def referral(case, body):
    """Unanswered (a third), answered late (a third) or in time, 60 days to answer."""
    from referrals.models import Referral

    sent = datetime.date.fromisoformat(case.registered_on)
    due = sent + datetime.timedelta(days=60)
    answered = {0: None, 2: due + datetime.timedelta(days=30)}.get(case.sequence % 6, due)
    state = Referral.State.ANSWERED if answered else Referral.State.SENT
    return Referral(
        case=case, body=body, sent_on=sent, due_on=due, state=state, answered_on=answered
    )


def generate() -> int:
    """The scratch database; returns the id of a justerad meeting with 40 paragraphs."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        kept = (
            KEEP and conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone()
        )
        if not kept:
            conn.execute(f"DROP DATABASE IF EXISTS {DB}")
            conn.execute(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a kept database: this branch's migrations too
    if kept:
        from casework.models import Meeting

        return (
            Meeting.objects.filter(
                body__name="Kommunstyrelsen", date="2024-09-04", justerad_at__isnull=False
            )
            .latest("pk")
            .pk
        )
    from django.db import connection
    from django.utils import timezone

    from casework.models import Body, Case, CaseEvent, Person, Registry
    from casework.workflow import Status
    from motions import demo
    from motions.models import Motion, Mover
    from referrals.models import Referral

    call_command("load_demo", verbosity=0)
    registry, people = Registry.objects.get(prefix="KS"), list(Person.objects.all())
    bodies = list(Body.objects.exclude(kind=Body.Kind.COUNCIL))
    rng = random.Random(1387)
    statuses = [s for s in Status if s not in (Status.DECIDED, Status.IN_DECISION)]
    batch = 5000
    for start in range(0, CASES - 1, batch):
        cases = []
        for i in range(start, min(start + batch, CASES - 1)):
            year = 2015 + i % 11
            title = f"Motion om {rng.choice(WORDS)} och {rng.choice(WORDS)} i {rng.choice(['Kista', 'Farsta', 'Skarpnäck', 'Bromma', 'Älvsjö'])}"
            cases.append(
                Case(
                    registry=registry,
                    year=year,
                    sequence=10000 + i,
                    title=title,
                    kind="motion",
                    status=rng.choice(statuses),
                    registered_on=f"{year}-03-01",
                )
            )
        Case.objects.bulk_create(cases)
        Motion.objects.bulk_create(
            Motion(case=c, filed_on=c.registered_on, text=f"Motionären föreslår {c.title.lower()}.")
            for c in cases
        )
        Mover.objects.bulk_create(
            Mover(motion_id=c.pk, person=rng.choice(people), position=1) for c in cases
        )
        # For the statistics: every third case settled some months after filing, and every
        # second referred to a body, answered in time, late or not at all.
        settled = [c for c in cases if c.sequence % 3 == 0]
        CaseEvent.objects.bulk_create(
            CaseEvent(
                case=c,
                from_status=Status.IN_DECISION,
                to_status=Status.DECIDED,
                at=timezone.make_aware(datetime.datetime.fromisoformat(c.registered_on))
                + datetime.timedelta(days=rng.randint(60, 700)),
            )
            for c in settled
        )
        Case.objects.filter(pk__in=[c.pk for c in settled]).update(status=Status.DECIDED)
        Motion.objects.filter(case__in=settled).update(outcome="avslag")
        Referral.objects.bulk_create(
            referral(c, rng.choice(bodies)) for c in cases if c.sequence % 2 == 0
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO casework_casesearchindex (case_id, vector) "
            "SELECT c.id, to_tsvector('swedish', c.title || ' ' || m.text) FROM casework_case c "
            "JOIN motions_motion m ON m.case_id = c.id ON CONFLICT (case_id) DO NOTHING"
        )
        cursor.execute("VACUUM ANALYZE")  # the visibility map, for index-only scans
    print(f"{Case.objects.count()} cases in {DB} (the reference case {demo.DNR} among them)")
    return minutes()


def minutes(paragraphs: int = 40) -> int:
    """A justerad, signed meeting of KS with `paragraphs` paragraphs, each with two yrkanden and a
    votering by roll call of every serving member, posted on the anslagstavla; its id."""
    import datetime

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from casework.models import Body, Meeting, Membership, Period
    from meetings import services

    call_command("make_signing_certificate", verbosity=0)
    ks, day = Body.objects.get(name="Kommunstyrelsen"), datetime.date(2024, 9, 4)
    meeting = Meeting.objects.create(body=ks, date=day, place="Stadshuset")
    for n in range(paragraphs):
        services.agenda_add(
            meeting=meeting, title=f"Ärende {n + 1}", proposal=["Förslaget bifalls."]
        )
    serving = list(
        {m.person for m in ks.memberships.filter(Period.on(day), role__in=Meeting.ORDINARY_ROLES)}
    )
    chair = next(
        m.person for m in ks.memberships.filter(Period.on(day), role=Membership.Role.CHAIR)
    )
    now = timezone.now()
    services.meeting_open(
        meeting=meeting,
        serving=serving,
        chair=chair,
        justerare=[p for p in serving if p != chair][:1],
        justering_deadline=now + datetime.timedelta(days=2),
        now=now,
    )
    for item in meeting.agenda_items.all():
        yes = services.yrkande_add(
            item=item, mover=serving[0], text="bifall till förslaget", items=[]
        )
        no = services.yrkande_add(
            item=item,
            mover=serving[1],
            text="avslag",
            items=["Förslaget avslås."],
            supporters=serving[2:4],
        )
        services.item_decide(
            item=item,
            vote=(yes, no),
            ballots={p.pk: ("ja", "nej")[i % 2] for i, p in enumerate(serving)},
            now=now,
        )
    clerk, _ = User.objects.get_or_create(username="bench")
    meeting.refresh_from_db()
    services.meeting_close(meeting=meeting, ends_at=datetime.time(23, 59))
    for person in services.signers(meeting):
        services.meeting_justera(meeting=meeting, person=person, by=clerk, now=now)
    services.meeting_post_anslag(
        meeting=meeting,
        posted_on=timezone.localdate(),
        kept_at="Stadsledningskontoret",
        today=timezone.localdate(),
    )
    return meeting.pk


def captured(paths: dict[str, str]) -> dict[str, list[str]]:
    """The statements each page runs with no cache, in order (reads only), for its ceiling row."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    statements = {}
    with override_settings(CACHES=dummy):
        for name, url in paths.items():
            Client().get(url, HTTP_HOST="127.0.0.1")  # first use: lookups cached per process
            with CaptureQueriesContext(connection) as queries:
                assert Client().get(url, HTTP_HOST="127.0.0.1").status_code == 200, url
            statements[name] = [
                q["sql"]
                for q in queries
                if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
            ]
    return statements


def wrk(
    url: str, script: str | None = None, connections: int = CONNECTIONS
) -> tuple[float, float, float, int]:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{SECONDS}s", "--latency", url]
    if script:
        lua = Path(tempfile.mkstemp(suffix=".lua")[1])
        lua.write_text(script)
        command += ["-s", str(lua)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def ms(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, ms("50"), ms("99"), int(errors[1]) if errors else 0


def measure(pages: list[tuple[str, str]], env: dict) -> list[tuple]:
    """(name, req/s, p50, p99, non-2xx) of each page, the first being the baseline."""
    with gunicorn("bench.wsgi_app:application", PORT, "/bench/select1/", env) as base:
        results = []
        for name, path in pages:
            urllib.request.urlopen(base + path).read()  # warm up: imports, connections
            results.append((name, *wrk(base + path)))
    return results


def compare_sizes(pages: list[tuple[str, str]], cold: dict[str, float]) -> None:
    """The growing pages cold on SMALL cases beside their ratios on CASES, from one run."""
    small = f"{DB}_{SMALL}"
    subprocess.run(
        [sys.executable, __file__],
        env={**os.environ, "BENCH_GENERATE": "only", "BENCH_DB": small, "BENCH_CASES": str(SMALL)},
        stdout=subprocess.DEVNULL,  # the demo's own lines
        check=True,
    )
    measured = [pages[0]] + [p for p in pages if p[0] in GROWING]
    results = measure(measured, {"BENCH_COLD": "true", "DATABASE_URL": f"{SERVER}/{small}"})
    print(f"\ncold, {SMALL} against {CASES} cases (ratios to SELECT 1; flat is 1.00)")
    print(f"{'page':<20} {SMALL:>9} {CASES:>9} {'kept':>7}")
    baseline = results[0][1]
    for name, rps, *_ in results[1:]:
        at_small = rps / baseline
        print(f"{name:<20} {at_small:9.3f} {cold[name]:9.3f} {cold[name] / at_small:7.2f}")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS="127.0.0.1",
    )
    meeting = generate()
    if os.environ.get("BENCH_GENERATE") == "only":  # the smaller register (compare_sizes)
        return
    # The ceiling rows: the same SQL as the cold case list and case page, in a bare view.
    ceilings = {"list": "/arenden/", "case": "/arenden/KS-2023-1387/"}
    os.environ["BENCH_CEILING"] = json.dumps(captured(ceilings))
    pages = [
        ("baseline: SELECT 1", "/bench/select1/"),
        ("ceiling: list SQL", "/bench/ceiling/list/"),
        ("case list", "/arenden/"),
        ("filtered list", "/arenden/?status=remitterad&year=2019&ordning=titel"),
        ("full-text search", "/arenden/?q=" + urllib.parse.quote("återvandringen simhallarna")),
        ("search 'skolor'", "/arenden/?q=" + urllib.parse.quote("skolor")),
        ("ceiling: case SQL", "/bench/ceiling/case/"),
        ("case page", "/arenden/KS-2023-1387/"),
        ("anslagstavla", "/anslagstavla/"),
        ("meeting, 40 §", f"/sammantraden/{meeting}/"),
        ("minutes, 40 §", f"/sammantraden/{meeting}/protokoll/"),
        ("statistics", "/statistik/"),
        ("OParl papers, 50", "/oparl/v1/body/1/paper/"),
    ]
    if ONLY:
        pages = [pages[0]] + [p for p in pages[1:] if any(w in p[0] for w in ONLY)]
    print(
        f"\n{CASES} cases, wrk -t2 -c{CONNECTIONS} -d{SECONDS}s, gunicorn 2 sync workers, PostgreSQL, one run"
    )
    print(
        f"{'cache':<6} {'page':<20} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} {'non-2xx':>8}"
    )
    # Warm: the pages' cache (local memory) in use. Cold: no cache, every request renders anew.
    # cold-u: cold again with PostgreSQL's prepared statements off (DB_PREPARED=false), to show
    # what they bring to the pages whose SQL is planned on every request.
    unprepared = [p for p in pages if p[0] in ("baseline: SELECT 1", "case list", "case page")]
    cold = {}
    for phase, env, measured in (
        ("warm", {}, pages),
        ("cold", {"BENCH_COLD": "true"}, pages),
        ("cold-u", {"BENCH_COLD": "true", "DB_PREPARED": "false"}, unprepared),
    ):
        results = measure(measured, env)
        baseline = results[0][1]
        for name, rps, p50, p99, errors in results:
            print(
                f"{phase:<6} {name:<20} {rps:9.0f} {p50:8.1f} {p99:8.1f} {rps / baseline:7.2f} {errors:8d}",
                flush=True,
            )
            if phase == "cold":
                cold[name] = rps / baseline
    if any("statistics" in name for name, _ in pages):
        statistics_latency()
    if SMALL and SMALL < CASES and any(name in cold for name in GROWING):
        compare_sizes(pages, cold)


def statistics_latency() -> None:
    """The statistics as a reader waits for them, one request at a time with no page cache:
    the figures kept in the database, and the recount the first reader after a change to what
    they count waits for."""
    import time

    from opendata import statistics

    with gunicorn(
        "bench.wsgi_app:application", PORT, "/bench/select1/", {"BENCH_COLD": "true"}
    ) as base:
        urllib.request.urlopen(base + "/statistik/").read()
        _, p50, p99, errors = wrk(base + "/statistik/", connections=1)
    recounts = []
    for _ in range(3):
        started = time.perf_counter()
        statistics.all_tables()
        recounts.append((time.perf_counter() - started) * 1000)
    print(
        f"\nstatistics, one reader at a time, cold: p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"{errors} non-2xx; recounted after a change: {sorted(recounts)[1]:.0f} ms (median of 3)"
    )


if __name__ == "__main__":
    main()
