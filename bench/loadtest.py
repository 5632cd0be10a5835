"""Load and fault test: 50 users mix page views, searches and writes against gunicorn + PostgreSQL
on loopback for 60 s; then the same run with PostgreSQL restarted in the middle.

Run with `make loadtest`. Bounded in users, time and addresses (127.0.0.1 only). Afterwards it checks
that every write that got a success answer is in the database and that no case is half-saved.
"""

import http.client
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from serve import gunicorn

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "arenden_load"
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
PORT = 8766
BASE = f"http://127.0.0.1:{PORT}"
# What a form carries hidden: the CSRF token, and a registration's one-time key.
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def prepare() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{DB}", "DEBUG": "true"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


class User(threading.Thread):
    def __init__(self, number: int, stop_at: float, results: list, written: list):
        super().__init__(daemon=True)
        self.rng = random.Random(number)
        self.stop_at, self.results, self.written = stop_at, results, written
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, kind: str, path: str, data: dict | None = None) -> str:
        start = time.perf_counter()
        try:
            body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
            with self.opener.open(BASE + path, data=body, timeout=30) as response:
                text, ok = response.read().decode(), 200 <= response.status < 400
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException):
            text, ok = "", False
        self.results.append((kind, time.perf_counter() - start, ok, start))
        return text

    def form(self, path: str, data: dict) -> str:
        hidden = dict(HIDDEN.findall(self.request("form", path)))
        return self.request("write", path, {**hidden, **data})

    def run(self) -> None:
        self.form("/konto/logga-in/", {"username": "registrator", "password": "demo"})
        while time.perf_counter() < self.stop_at:
            roll = self.rng.random()
            if roll < 0.45:
                self.request(
                    "list",
                    f"/arenden/?sida={self.rng.randint(1, 3)}&status={self.rng.choice(['', 'registrerad'])}",
                )
            elif roll < 0.60:
                self.request(
                    "search",
                    "/arenden/?q="
                    + urllib.parse.quote(self.rng.choice(["återvandring", "motion", "cykel"])),
                )
            elif roll < 0.85:
                self.request("case", "/arenden/KS-2023-1387/")
            else:
                title = f"Lasttest {uuid.uuid4().hex}"
                page = self.form(
                    "/arenden/ny-motion/",
                    {
                        "registry": "1",
                        "title": title,
                        "first_mover": "1",
                        "filed_on": "2026-11-01",
                        "registered_on": "2026-11-02",
                        "att_satser": "att pröva systemet",
                    },
                )
                if f"<h1>{title}</h1>" in page:  # the case page after a successful registration
                    self.written.append(title)


def run(label: str, restart_at: float | None) -> None:
    env = {
        "DATABASE_URL": f"{SERVER}/{DB}",
        "DEBUG": "false",
        "SECRET_KEY": "load-only",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    with gunicorn("config.wsgi:application", PORT, "/arenden/", env):
        results, written = [], []
        start = time.perf_counter()
        users = [User(i, start + SECONDS, results, written) for i in range(USERS)]
        for user in users:
            user.start()
        if restart_at is not None:
            time.sleep(restart_at)
            version = sorted(os.listdir("/etc/postgresql"))[0]
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                check=True,
            )
            print(f"  PostgreSQL restarted at {time.perf_counter() - start:.0f} s")
        for user in users:
            user.join()
        elapsed = time.perf_counter() - start
    report(label, results, written, elapsed)


def report(label: str, results: list, written: list, elapsed: float) -> None:
    import psycopg

    times = sorted(t for _, t, _, _ in results)
    errors = sum(1 for _, _, ok, _ in results if not ok)
    begin = min((at for *_, at in results), default=0)
    buckets = [0] * (int(elapsed) // 10 + 1)
    for _, _, ok, at in results:
        if not ok:
            buckets[min(int((at - begin) // 10), len(buckets) - 1)] += 1
    p95 = times[int(len(times) * 0.95)] * 1000 if times else 0
    with psycopg.connect(f"{SERVER}/{DB}") as conn:
        stored = {
            row[0]
            for row in conn.execute("SELECT title FROM casework_case WHERE title LIKE 'Lasttest %'")
        }
        half = conn.execute(
            "SELECT count(*) FROM casework_case c WHERE NOT EXISTS (SELECT 1 FROM motions_motion m WHERE m.case_id = c.id)"
            " OR NOT EXISTS (SELECT 1 FROM casework_document d WHERE d.case_id = c.id AND d.number = 1)"
        ).fetchone()[0]
    missing = [t for t in written if t not in stored]
    print(f"\n{label}: {USERS} users, {elapsed:.0f} s, {len(results)} requests")
    print(
        f"  requests/s {len(results) / elapsed:.0f}   p50 {statistics.median(times) * 1000:.0f} ms   p95 {p95:.0f} ms"
    )
    print(f"  errors {errors} ({100 * errors / max(len(results), 1):.2f} %); per 10 s: {buckets}")
    print(
        f"  writes answered as saved: {len(written)}; of those missing from the database: {len(missing)}"
    )
    print(f"  cases stored without their motion or document -1 (half-saved): {half}")
    if missing or half:
        sys.exit(1)


def main() -> None:
    prepare()
    run("steady", restart_at=None)
    run("PostgreSQL restarted mid-run", restart_at=SECONDS / 2)


if __name__ == "__main__":
    main()
