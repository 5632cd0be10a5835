"""A pg_dump of the database, restored into an empty one, holds the same cases (README, "Drift")."""

import shutil
import subprocess
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from casework.models import Case

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed"),
]

RESTORED = "arenden_restore_test"


def cases_in(conninfo: str) -> list[tuple]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(
            "SELECT r.prefix, c.year, c.sequence, c.title, c.status FROM casework_case c "
            "JOIN casework_registry r ON r.id = c.registry_id ORDER BY 1, 2, 3"
        ).fetchall()


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_an_empty_database_gives_the_same_cases(tmp_path):
    with override_settings(DEBUG=True):
        call_command("load_demo", "--utan-ovning", stdout=StringIO())
    params = connection.get_connection_params()
    server = {k: str(params[k]) for k in ("host", "port", "user") if params.get(k)}
    source = " ".join(f"{k}={v}" for k, v in {**server, "dbname": params["dbname"]}.items())
    target = " ".join(f"{k}={v}" for k, v in {**server, "dbname": RESTORED}.items())
    admin = " ".join(f"{k}={v}" for k, v in {**server, "dbname": "postgres"}.items())
    dump = tmp_path / "arenden.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", source], check=True)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {RESTORED}")
        conn.execute(f"CREATE DATABASE {RESTORED}")
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={target}", str(dump)], check=True)
        restored = cases_in(target)
        assert restored == cases_in(source)
        assert ("KS", 2023, 1387) in [row[:3] for row in restored]
        assert len(restored) == Case.objects.count() == 1
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {RESTORED}")
