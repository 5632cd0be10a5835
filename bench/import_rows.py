"""Benchmark: importing an earlier diarium of 10,000 cases (motions.importing) into a fresh database.

Run with `make bench`. Generates a file in the format of the case list's export (motions, citizens'
proposals and skrivelser in every state, one or two movers, a rotel on some), then times the dry
run, the import and a second (idempotent) run, each in rows per second. SQLite always; when
DATABASE_URL names a PostgreSQL server, also a scratch database on that server (its own database
is left alone).
"""

import datetime
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
SCRATCH_DB = "arenden_bench_import"
HEADER = "Diarienummer;Ärendetyp;Ärendemening;Väckt av;Motionärer;Väckt;Rotel;Status;Registrerat"
STATUSES = [
    "registrerad",
    "remitterad",
    "under beredning",
    "hos kommunstyrelsen",
    "avgjord",
    "återkallad",
]


def generate(path: Path, rows: int) -> None:
    """`rows` cases over 2015–2024, in the export's columns (motions.views.cases.case_export)."""
    movers = ["Gabriel Kroon (SD)", "Karin Wanngård (S)", "Jan Jonsson (L)"]
    rotlar = ["", "", "Rotel I", "Rotel XII"]
    lines = [HEADER]
    for n in range(rows):
        year, sequence = 2015 + n % 10, 100 + n // 10
        filed = datetime.date(year, 1, 1) + datetime.timedelta(days=n % 300)
        registered = filed + datetime.timedelta(days=1)
        status = STATUSES[n % len(STATUSES)]
        if n % 5 == 4:
            kind, raised, named = "medborgarförslag", "Eva Andersson", ""
        else:
            kind = "skrivelse" if n % 5 == 3 else "motion"
            named = ", ".join(movers[n % 3 : n % 3 + 1 + n % 2])
            raised = named
        lines.append(
            f"KS {year}/{sequence:04d};{kind};Ärende nummer {n} om cykelbanor i Farsta;{raised};"
            f"{named};{filed};{rotlar[n % 4]};{status};{registered}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(database_url: str, file: Path) -> None:
    """In this process: a fresh database at `database_url`, the reference data, three runs."""
    os.environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings")
    os.environ.setdefault("DEBUG", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from casework.models import Case
    from motions import demo
    from motions.importing import import_file

    call_command("migrate", verbosity=0)
    demo.load_reference_data()
    runs = [("dry run", True), ("import", False), ("second run", False)]
    name = f"{connection.vendor} ({connection.settings_dict['NAME']})"
    for label, dry_run in runs:
        start = time.perf_counter()
        report = import_file(file, dry_run=dry_run)
        seconds = time.perf_counter() - start
        assert report.ok, report.problems[:5]
        print(
            f"  {name:<40} {label:<11} {len(report.added):6d} added {len(report.existing):6d} here"
            f" {seconds:7.1f} s {ROWS / seconds:8.0f} rows/s",
            flush=True,
        )
    assert Case.objects.count() == ROWS


def fresh_postgres(url: str) -> str:
    """A scratch database on the server DATABASE_URL names, dropped and created anew."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        conn.execute(f"CREATE DATABASE {SCRATCH_DB}")
    return parts._replace(path=f"/{SCRATCH_DB}").geturl()


def main() -> None:
    if len(sys.argv) == 3:  # one database, in a process of its own (settings are read once)
        measure(sys.argv[1], Path(sys.argv[2]))
        return
    scratch = Path(tempfile.mkdtemp(prefix="bench-import-"))
    file = scratch / "diarium.csv"
    generate(file, ROWS)
    databases = [f"sqlite:///{scratch / 'bench.sqlite3'}"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        databases.append(fresh_postgres(os.environ["DATABASE_URL"]))
    print(f"import of {ROWS} rows ({file.stat().st_size // 1024} kB CSV), one run each:")
    env = {**os.environ, "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only")}
    for url in databases:
        subprocess.run([sys.executable, __file__, url, str(file)], check=True, env=env)


if __name__ == "__main__":
    main()
