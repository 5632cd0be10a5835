"""Two app servers share PostgreSQL, Redis and the upload storage: a change made through one is
seen at once through the other, and a PDF printed by the background worker is served by both.

Real gunicorn servers and the real worker (django-tasks-db's db_worker) on loopback."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from bench.serve import gunicorn, spare_port
from motions.models import Utlatande

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def fast_password_hashing():
    """The servers check passwords with the real hashers: the demo accounts must use them."""


class Browser:
    """A client with its own cookies, as one person in one browser."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect,
        )

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post(self, path: str, data: dict) -> int:
        _, page = self.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def log_in(self, username: str) -> None:
        assert self.post("/konto/logga-in/", {"username": username, "password": "demo"}) == 302


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_two_servers_share_the_database_the_cache_the_files_and_the_printed_pdfs(tmp_path):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())
    utlatande = Utlatande.objects.get(motion__case__sequence=1387)  # the reference case's
    Utlatande.objects.filter(pk=utlatande.pk).update(
        frozen_document=None, frozen_html=""
    )  # a draft
    name = connection.settings_dict["NAME"]
    env = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "database",
        "SECRET_KEY": "x",
        "DEBUG": "false",
    }
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, capture_output=True)
    with (
        gunicorn("config.wsgi:application", spare_port(), "/arenden/", env) as one,
        gunicorn("config.wsgi:application", spare_port(), "/arenden/", env) as two,
    ):
        reader = Browser(two)
        assert b"Motionen om ett cykelstr" not in reader.get("/arenden/KS-2023-1387/")[1]
        registrator = Browser(one)
        registrator.log_in("registrator")
        assert reader.get("/arenden/KS-2023-1387/")[0] == 200  # now cached on server two
        status = registrator.post(
            "/arenden/KS-2023-1387/handlingar/ny/",
            {"dated": "2024-06-10", "kind": "ovrigt", "title": "Skrivelse om ett cykelstråk"},
        )
        assert status == 302
        assert "Skrivelse om ett cykelstråk".encode() in reader.get("/arenden/KS-2023-1387/")[1]

        clerk_one, clerk_two = Browser(one), Browser(two)
        clerk_one.log_in("handlaggare")
        clerk_two.log_in("handlaggare")
        status, page = clerk_one.get("/arenden/KS-2023-1387/utlatande.pdf")
        assert status == 202 and "Utlåtandet skrivs ut".encode() in page
        worker = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--no-reload",
            ],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stderr
        deadline = time.monotonic() + 30
        while (status_one := clerk_one.get("/arenden/KS-2023-1387/utlatande.pdf"))[0] != 200:
            assert time.monotonic() < deadline
            time.sleep(0.5)
        status_two = clerk_two.get("/arenden/KS-2023-1387/utlatande.pdf")
        assert status_one[1].startswith(b"%PDF-") and status_two == status_one
