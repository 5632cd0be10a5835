"""History of every change, a hardened deployment, throttled logins."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from casework import roles
from casework.models import Case
from casework.workflow import Status


def test_every_change_is_recorded_with_who_when_before_and_after(client, world, user_with_role):
    clerk = user_with_role(roles.ADMINISTRATOR)
    client.force_login(clerk)
    case = world.motion(title="Motion om cykelbanor").case
    client.post(f"/arenden/{case.slug}/aterkalla/", {"note": "Motionären återkallade."})
    page = client.get(f"/arenden/{case.slug}/historik/")
    assert page.status_code == 200
    assert "”registrerad” → ”återkallad”" in page.text
    assert clerk.username in page.text
    assert Case.history.filter(id=case.pk).count() == 2
    assert Case.objects.get().status == Status.WITHDRAWN


def test_the_history_shows_edited_att_satser_as_text(client, world, user_with_role):
    client.force_login(user_with_role(roles.ADMINISTRATOR))
    motion = world.motion(att_satser=["att göra något"])
    motion.att_satser = ["att göra något", "att göra mer"]
    motion.save()
    page = client.get(f"/arenden/{motion.case.slug}/historik/")
    assert page.status_code == 200
    assert "”att göra något” → ”att göra något; att göra mer”" in page.text


def test_politicians_do_not_read_the_history(client, world, user_with_role):
    case = world.motion().case
    client.force_login(user_with_role(roles.POLITIKER))
    assert client.get(f"/arenden/{case.slug}/historik/").status_code == 403


def test_production_settings_pass_check_deploy_without_warnings():
    env = {
        **os.environ,
        "DEBUG": "false",
        "HTTPS": "true",
        "ALLOWED_HOSTS": "arenden.example.se",
        "SECRET_KEY": "a-long-random-production-secret-key-with-more-than-fifty-characters-1387",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_smtp_server_is_read_from_the_environment():
    """README, "Konfiguration": EMAIL_HOST and the others reach Django's SMTP mailer."""
    env = {
        **os.environ,
        "DEBUG": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.kommunen.se",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "true",
        "EMAIL_HOST_USER": "arenden",
        "EMAIL_HOST_PASSWORD": "hemligt",
    }
    show = "from django.core.mail import mailers as m; d = m['default']; print(d.host, d.port, d.use_tls, d.use_ssl, d.username, d.password)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == [
        "smtp.kommunen.se",
        "587",
        "True",
        "False",
        "arenden",
        "hemligt",
    ], result.stderr


def test_pages_carry_a_strict_content_security_policy_and_security_headers(client, db):
    response = client.get("/arenden/")
    csp = response["Content-Security-Policy"]
    assert (
        "default-src 'self'" in csp
        and "script-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
    )
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_scripts_or_styles():
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        assert "<script>" not in text and "style=" not in text and "<style" not in text, path


@pytest.mark.django_db
def test_logins_are_throttled_after_five_failures_with_a_swedish_message(client, user_with_role):
    user_with_role(roles.REGISTRATOR)
    for _ in range(4):
        response = client.post("/konto/logga-in/", {"username": "registrator", "password": "fel"})
        assert response.status_code == 200 and "korrekt användarnamn och lösenord" in response.text
    assert (
        client.post("/konto/logga-in/", {"username": "registrator", "password": "fel"}).status_code
        == 429
    )
    response = client.post("/konto/logga-in/", {"username": "registrator", "password": "demo"})
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.text


def test_sessions_expire(db):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_AGE <= 8 * 3600


def test_the_history_names_rows_instead_of_showing_their_ids(client, demo, user_with_role):
    client.force_login(user_with_role(roles.ADMINISTRATOR))
    page = client.get("/arenden/KS-2023-1387/historik/").text
    assert "”–” → ”Socialnämnden 2024-03-19: KS 2023/1387”" in page
