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
    for text in ["Gabriel Kroon (SD)", "KS 2023/1-1", "25 september 2024", "registrerad"]:
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
