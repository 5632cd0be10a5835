import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_the_start_page_leads_to_the_case_list(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/arenden/"


def test_the_case_list_shows_each_case_with_its_dnr(client, world):
    world.motion(title="Motion om cykelbanor")
    response = client.get("/arenden/")
    assert response.status_code == 200
    assert "KS 2023/1" in response.text and "Motion om cykelbanor" in response.text


def test_the_case_page_shows_movers_documents_and_the_one_year_clock(client, world):
    motion = world.motion(title="Motion om cykelbanor")
    response = client.get(motion.case.get_absolute_url())
    assert response.status_code == 200
    for text in ["Gabriel Kroon (SD)", "KS 2023/1-1", "25 september 2024", "Registrerad"]:
        assert text in response.text


@pytest.mark.parametrize("slug", ["KS-2023-999", "nonsense", "KS-20x3-1"])
def test_an_unknown_or_malformed_dnr_is_a_404(client, world, slug):
    assert client.get(f"/arenden/{slug}/").status_code == 404


def test_the_case_list_runs_a_fixed_number_of_queries(client, world):
    world.motion()
    with CaptureQueriesContext(connection) as few:
        client.get("/arenden/")
    for _ in range(10):
        world.motion()
    with CaptureQueriesContext(connection) as many:
        client.get("/arenden/")
    assert len(many) == len(few)


def test_the_header_and_start_page_greet_the_person_by_name_not_the_user_name(
    client, world, user_with_role
):
    from casework import roles

    named = user_with_role(roles.REGISTRATOR)
    named.first_name, named.last_name = "Rut", "Registrator"
    named.save()
    client.force_login(named)
    page = client.get("/start/").text
    assert "<span>Rut Registrator</span>" in page and "Hej Rut Registrator." in page
    assert "Hej registrator" not in page
    client.force_login(user_with_role(roles.HANDLAGGARE, username="utan.namn"))
    assert "Hej utan.namn." in client.get("/start/").text  # no name given: the user name


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({}, "http://127.0.0.1:8000"),
        (
            {"PORT": "8123", "SITE_URL": "https://arenden.example.org"},
            "https://arenden.example.org",
        ),
    ],
)
def test_mail_links_follow_the_port_the_server_runs_on(environment, expected):
    """SITE_URL follows PORT (make run PORT=8001) unless it is set itself."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL")}
    env.update(environment, SECRET_KEY="x", DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == expected
