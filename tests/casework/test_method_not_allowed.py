"""A page that only takes a form, opened directly (a reload after sending it, the history, a
bookmark), answers 405 with a Swedish page in the site's layout and a way back, not the
browser's own English error page."""

import pytest
from django.http import HttpResponseNotAllowed
from django.urls import reverse

from casework import roles
from casework.middleware import MethodNotAllowedPageMiddleware
from casework.services import decision_record

NOTICE = "Sidan kan bara användas för att skicka ett formulär."


@pytest.fixture
def decision_url(world):
    meeting = world.meeting(world.ks, world.motion().case.registered_on)
    decision = decision_record(meeting=meeting, case=world.motion().case, items=["Beslut."])
    return reverse("statement_announce", args=[decision.pk])


def test_opening_a_form_only_address_says_so_in_swedish_and_keeps_the_allow_header(
    client, user_with_role, decision_url
):
    client.force_login(user_with_role(roles.POLITIKER))
    response = client.get(decision_url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.text
    assert NOTICE in page and '<html lang="sv"' in page
    assert f'href="{reverse("home")}">Till startsidan</a>' in page
    assert "Tillbaka till sidan du kom från" not in page


def test_the_way_back_is_the_page_the_reader_came_from_on_this_site(
    client, user_with_role, decision_url
):
    client.force_login(user_with_role(roles.POLITIKER))
    came_from = "http://testserver/mina-beslut/"
    page = client.get(decision_url, HTTP_REFERER=came_from).text
    assert f'<a href="{came_from}">Tillbaka till sidan du kom från</a>' in page


@pytest.mark.parametrize(
    "referer",
    ["https://example.org/mina-beslut/", "javascript:alert(1)", "http://testserver{url}"],
)
def test_no_way_back_to_another_site_or_to_the_same_address(
    client, user_with_role, decision_url, referer
):
    client.force_login(user_with_role(roles.POLITIKER))
    page = client.get(decision_url, HTTP_REFERER=referer.format(url=decision_url)).text
    assert NOTICE in page and "Tillbaka till sidan du kom från" not in page


def test_a_405_that_says_something_itself_is_left_alone(rf):
    own = HttpResponseNotAllowed(["GET"], content=b"Bara GET.")
    assert MethodNotAllowedPageMiddleware(lambda request: own)(rf.post("/")) is own
