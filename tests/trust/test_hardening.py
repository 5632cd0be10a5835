"""Defects an attacker or an unlucky clerk found: each test failed before its fix."""

import csv
import datetime
import io
import subprocess
import sys
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import roles
from casework.models import Case
from casework.services import case_register, decision_record, statement_announce
from motions.models import Motion


def test_a_withdrawn_motion_gets_the_outcome_aterkallad(client, world, user_with_role):
    client.force_login(user_with_role(roles.REGISTRATOR))
    motion = world.motion()
    response = client.post(f"/arenden/{motion.case.slug}/aterkalla/", {"note": "Återkallad."})
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.outcome == Motion.Outcome.WITHDRAWN
    assert "återkallad" in client.get(motion.case.get_absolute_url()).text


def test_cases_after_lopnummer_999999_are_reachable(client, world):
    case_register(
        registry=world.registry,
        title="Sista sexsiffriga",
        registered_on=datetime.date(2024, 1, 2),
        sequence=999999,
        kind="motion",
    )
    after = case_register(
        registry=world.registry,
        title="Första sjusiffriga",
        registered_on=datetime.date(2024, 1, 3),
        kind="motion",
    )
    assert after.dnr == "KS 2024/1000000"
    assert Case.objects.by_dnr("KS 2024/1000000").get() == after


def test_a_lopnummer_wider_than_a_dnr_is_refused_and_never_makes_an_unreachable_case(
    client, world, user_with_role
):
    client.force_login(user_with_role(roles.REGISTRATOR))
    data = {
        "registry": world.registry.pk,
        "title": "Motion om bänkar",
        "first_mover": world.kroon.pk,
        "filed_on": "2024-02-12",
        "registered_on": "2024-02-14",
    }
    widest = client.post(
        "/arenden/ny-motion/", {**data, "sequence": "999999999", "registration_key": uuid.uuid4()}
    )
    assert widest.status_code == 302 and widest["Location"] == "/arenden/KS-2024-999999999/"
    assert client.get(widest["Location"]).status_code == 200
    refused = client.post("/arenden/ny-motion/", {**data, "registration_key": uuid.uuid4()})
    assert refused.status_code == 400
    assert "KS 2024/1000000000 kan inte bli ett diarienummer" in refused.text
    assert Case.objects.count() == 1
    for case in Case.objects.all():  # every case there is answers at its address
        assert client.get(case.get_absolute_url()).status_code == 200
    with pytest.raises(ValidationError, match="löpnumret har högst 9 siffror"):
        case_register(
            registry=world.registry,
            title="B",
            registered_on=datetime.date(2024, 3, 1),
            sequence=1_000_000_000,
            kind="motion",
        )


def test_the_csv_export_neutralises_formulas(client, world):
    world.motion(title='=HYPERLINK("http://example.org","klicka")')
    world.motion(title="+1+1")
    world.motion(title="@SUM(A1)")
    world.motion(title="-2")
    text = client.get("/arenden/export.csv").content.decode("utf-8-sig")
    titles = [row[2] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert sorted(titles) == sorted(
        ['\'=HYPERLINK("http://example.org","klicka")', "'+1+1", "'@SUM(A1)", "'-2"]
    )


def test_a_registrator_without_a_person_inviting_is_refused_not_a_500(
    client, world, user_with_role
):
    now = timezone.now()
    meeting = world.meeting(
        world.ks, timezone.localdate(now), justering_deadline=now + datetime.timedelta(days=2)
    )
    decision = decision_record(meeting=meeting, case=world.motion().case, items=["Beslut."])
    statement = statement_announce(
        decision=decision, kind="reservation", author=world.kroon, by_clerk=True, at=now
    )
    client.force_login(user_with_role(roles.REGISTRATOR))
    response = client.post(
        f"/uttalanden/{statement.pk}/", {"invitee": world.jonsson.pk, "bjud_in": ""}
    )
    assert response.status_code in (302, 403, 404)
    assert statement.authorships.count() == 1
    response = client.post(f"/uttalanden/{statement.pk}/bekrafta/")
    assert response.status_code in (302, 403, 404)


def test_a_case_address_with_a_line_break_is_not_a_500(client, demo):
    response = client.get("/arenden/KS-2023-1387%0A/utlatande.pdf")
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "\n" not in response["Content-Disposition"]


@pytest.mark.urls("tests.trust.failing_urls")
def test_errors_get_swedish_pages(client, db, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/fel/")
    assert response.status_code == 500 and "Något gick fel" in response.text
    response = client.get("/finns-inte/")
    assert response.status_code == 404 and "Sidan finns inte" in response.text
    response = client.get("/forbjuden/")
    assert response.status_code == 403 and "Ingen behörighet" in response.text


@pytest.mark.urls("tests.trust.failing_urls")
def test_a_lost_database_connection_is_a_swedish_503_that_says_when_to_try_again(
    client, db, settings, caplog
):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/databasen-borta/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Databasen svarar inte just nu" in response.text
    assert "administrator command" in caplog.text  # logged with its traceback


def test_a_500_reaches_the_log_with_its_traceback_when_debug_is_off():
    code = (
        "import django, logging; django.setup()\n"
        "try:\n    1/0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('django.request').exception('Internal Server Error: /x/')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "x",
            "DEBUG": "false",
            "PATH": "/usr/bin:/bin",
        },
    )
    assert "Internal Server Error: /x/" in result.stderr
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


@pytest.mark.django_db
def test_behind_the_proxy_one_attacker_does_not_lock_out_the_real_user(
    client, settings, user_with_role
):
    settings.TRUSTED_PROXIES = 1
    user_with_role(roles.REGISTRATOR)
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(6):
        client.post("/konto/logga-in/", {"username": "registrator", "password": "fel"}, **attacker)
    assert (
        client.post(
            "/konto/logga-in/", {"username": "registrator", "password": "fel"}, **attacker
        ).status_code
        == 429
    )
    real = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    response = client.post(
        "/konto/logga-in/", {"username": "registrator", "password": "demo"}, **real
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_spraying_across_many_user_names_is_refused(client, settings, user_with_role):
    settings.LOGIN_SPRAY_LIMIT = 10
    user_with_role(roles.REGISTRATOR)
    for i in range(10):
        response = client.post(
            "/konto/logga-in/", {"username": f"namn{i}", "password": "Sommar2026"}
        )
        assert response.status_code == 200
    response = client.post("/konto/logga-in/", {"username": "registrator", "password": "demo"})
    assert response.status_code == 429


def test_an_overlong_user_name_is_refused_before_the_login_log_would_store_it(client, db):
    """Found by hypothesis on PostgreSQL: the login log's column holds 255 characters."""
    response = client.post("/konto/logga-in/", {"username": "9" * 300, "password": "x"})
    assert response.status_code == 200
    assert "Det finns inget konto med så långt användarnamn." in response.text
