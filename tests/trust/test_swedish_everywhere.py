"""Everything a user sees is Swedish: no English empty choices, error pages or library names."""

import re

import pytest

from casework import roles
from tests.trust.test_permissions_matrix import LOGGED_IN, matrix

ENGLISH = [
    "Select an option",
    "Not Found",
    "Forbidden",
    "Server Error",
    "Access attempt",
    "access attempt",
    "TOTP device",
    "Task Result",
    "Axes",
    "AXES",
    "Otp_Totp",
    "OTP_TOTP",
    "Django administration",
    "Django site admin",
    "Django-administration",
    "Tasks Database",
]


# A CSRF token is 64 random letters and digits: now and then one holds "Axes" or "AXES".
RANDOM_TOKENS = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def english_in(text: str) -> list[str]:
    text = RANDOM_TOKENS.sub("", text)
    return [word for word in ENGLISH if word in text]


def test_the_admin_index_and_its_pages_are_swedish(admin_client, demo):
    index = admin_client.get("/admin/").text
    assert english_in(index) == []
    assert "Misslyckade inloggningar" in index and "Tvåfaktorenheter" in index
    for path in (
        "/admin/casework/loginattempt/",
        "/admin/casework/secondfactordevice/",
        "/admin/casework/document/",
        "/admin/motions/motion/add/",
        "/admin/casework/case/",
    ):
        assert english_in(admin_client.get(path).text) == [], path


def test_every_page_of_the_site_is_swedish_for_every_role(client, user_with_role, ids):
    users = {role: user_with_role(role, f"sv-{i}") for i, role in enumerate(LOGGED_IN)}
    found = []
    for name, (url, _expected) in matrix(ids).items():
        for role in [None, *LOGGED_IN]:
            client.logout()
            if role:
                client.force_login(users[role])
            response = client.get(url, follow=True)
            if "text/html" in response.get("Content-Type", "") and (
                words := english_in(response.text)
            ):
                found.append(f"{name} as {role}: {words}")
    client.raise_request_exception = False
    for path in ("/finns-inte/", "/handlingar/999999/fil/"):
        assert english_in(client.get(path).text) == [], path
    assert found == []


@pytest.mark.parametrize("role", [roles.REGISTRATOR, roles.ADMINISTRATOR])
def test_empty_choices_say_valj(client, user_with_role, role, world):
    client.force_login(user_with_role(role))
    page = client.get("/arenden/ny-motion/").text
    assert "Select an option" not in page
