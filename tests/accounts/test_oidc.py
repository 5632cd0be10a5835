"""Staff sign in through a real OpenID Connect provider started by the tests (conftest.py)."""

import pytest
import requests
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import identity
from casework import roles
from casework.models import Person
from tests.accounts.conftest import CLERK_EMAIL, PASSWORD, TEST_CLIENT_BASE
from tests.oidc_provider import TAMPERED

pytestmark = pytest.mark.django_db


def person(django_user_model, username: str, email: str, *, active: bool = True, groups=()):
    user = django_user_model.objects.create_user(
        username=username, email=email, is_active=active, first_name=username.title()
    )
    user.groups.set(Group.objects.get_or_create(name=g)[0] for g in groups)
    Person.objects.create(first_name=username.title(), last_name="Test", user=user)
    return user


@pytest.fixture
def people(django_user_model):
    return {
        "anna": person(django_user_model, "anna.ek", CLERK_EMAIL.upper()),  # case is no matter
        "karin": person(django_user_model, "karin", "karin.wanngard@kommun.example"),
        "slutat": person(django_user_model, "slutat", "slutat@kommun.example", active=False),
    }


def provider_browser(provider, username: str) -> requests.Session:
    """A browser signed in at the provider as `username`."""
    browser = requests.Session()
    browser.get(provider.url + "/login/")
    browser.post(
        provider.url + "/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
        },
        allow_redirects=False,
    ).raise_for_status()
    return browser


def back_from_provider(client, browser) -> str:
    """Start the sign-in here, let the provider answer; the address it sends the browser back
    to (here, with code and state)."""
    start = client.get(reverse("accounts:oidc_start"))
    answer = browser.get(start["Location"], allow_redirects=False)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"].removeprefix(TEST_CLIENT_BASE)


def sign_in(client, provider, username: str):
    return client.get(back_from_provider(client, provider_browser(provider, username)))


def test_a_clerk_lands_on_the_clerks_start_page_with_the_role_the_provider_gives(
    client, oidc, people
):
    response = sign_in(client, oidc, "anna")
    assert response.status_code == 302
    page = client.get(response["Location"], follow=True)
    assert page.context["user"] == people["anna"]
    assert "motions/dashboard.html" in [t.name for t in page.templates]
    assert roles.role_names(people["anna"]) == {roles.REGISTRATOR}


def test_a_politician_lands_on_the_politicians_start_page(client, oidc, people):
    response = sign_in(client, oidc, "karin")
    page = client.get(response["Location"], follow=True)
    assert page.context["user"] == people["karin"]
    assert "motions/dashboard_politician.html" in [t.name for t in page.templates]
    assert roles.role_names(people["karin"]) == {roles.POLITIKER}


def test_a_role_the_provider_no_longer_gives_is_taken_away_but_the_second_factor_stays(
    client, oidc, django_user_model
):
    karin = person(
        django_user_model,
        "karin",
        "karin.wanngard@kommun.example",
        groups=[roles.HANDLAGGARE, roles.SECOND_FACTOR],
    )
    sign_in(client, oidc, "karin")
    karin.refresh_from_db()
    assert set(karin.groups.values_list("name", flat=True)) == {
        roles.POLITIKER,
        roles.SECOND_FACTOR,
    }


def test_without_a_roles_claim_the_roles_stay_as_the_administrator_gave_them(
    client, oidc, settings, django_user_model
):
    settings.OIDC_ROLES_CLAIM = ""
    anna = person(django_user_model, "anna.ek", CLERK_EMAIL, groups=[roles.HANDLAGGARE])
    sign_in(client, oidc, "anna")
    assert set(anna.groups.values_list("name", flat=True)) == {roles.HANDLAGGARE}


def test_an_unknown_person_is_refused_in_swedish_and_no_account_is_made(
    client, oidc, people, django_user_model
):
    accounts = django_user_model.objects.count()
    response = sign_in(client, oidc, "okand")
    assert response.status_code == 403
    assert identity.UNKNOWN in response.content.decode()
    assert django_user_model.objects.count() == accounts
    assert not client.get(reverse("home"), follow=True).context["user"].is_authenticated


def test_an_inactive_person_is_refused(client, oidc, people):
    response = sign_in(client, oidc, "slutat")
    assert response.status_code == 403
    assert identity.INACTIVE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_id_token_changed_after_signing_is_refused(client, oidc, people):
    response = sign_in(client, oidc, TAMPERED)
    assert response.status_code == 400
    assert "Inloggningen misslyckades" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_answer_from_the_provider_cannot_be_used_twice(client, oidc, people):
    back = back_from_provider(client, provider_browser(oidc, "anna"))
    assert client.get(back).status_code == 302
    client.logout()
    replayed = client.get(back)  # the same state: no longer in the session
    assert replayed.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_used_code_is_refused_with_a_fresh_state(client, oidc, people):
    browser = provider_browser(oidc, "anna")
    used = back_from_provider(client, browser)
    assert client.get(used).status_code == 302
    client.logout()
    fresh = back_from_provider(client, browser)  # a state this session really asked for
    code_of_used = used.split("code=")[1].split("&")[0]
    state_of_fresh = fresh.split("state=")[1].split("&")[0]
    path = reverse("accounts:oidc_callback")
    replayed = client.get(f"{path}?code={code_of_used}&state={state_of_fresh}")
    assert replayed.status_code == 400  # the provider refuses the code a second time
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session_at_the_provider_too(client, oidc, people):
    browser = provider_browser(oidc, "anna")
    client.get(back_from_provider(client, browser))
    response = client.post(reverse("logout"))
    assert response["Location"].startswith(oidc.issuer + "/logout/?id_token_hint=")
    assert "_auth_user_id" not in client.session
    at_provider = browser.get(response["Location"], allow_redirects=False)
    assert at_provider.headers["Location"] == TEST_CLIENT_BASE + "/"
    start = client.get(reverse("accounts:oidc_start"))
    again = browser.get(start["Location"], allow_redirects=False)
    assert again.headers["Location"].startswith("/login/")  # asked to sign in anew


def test_a_local_login_logs_out_here_only(client, oidc, people):
    client.force_login(people["anna"])
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("home")


def test_the_login_page_offers_the_provider_only_when_configured(client, settings):
    settings.OIDC_ENABLED = False
    page = client.get(reverse("login"))
    assert "Logga in med kommunens konto" not in page.content.decode()
    assert client.get(reverse("accounts:oidc_start")).status_code == 404
    settings.OIDC_ENABLED = True
    assert "Logga in med kommunens konto" in client.get(reverse("login")).content.decode()


def test_the_second_factor_is_asked_unless_the_provider_verified_one(
    client, oidc, django_user_model
):
    """A user the administrator put in "kräver tvåfaktor" types the app's code after a sign-in
    by password at the provider, but not after one the provider says was multi-factor (amr)."""
    anna = person(django_user_model, "anna.ek", CLERK_EMAIL, groups=[roles.SECOND_FACTOR])
    person(django_user_model, "kerstin", "kerstin@kommun.example", groups=[roles.SECOND_FACTOR])
    sign_in(client, oidc, "anna")
    assert client.get("/start/")["Location"].startswith(reverse("second_factor"))
    client.logout()
    sign_in(client, oidc, "kerstin")
    assert client.get("/start/").status_code == 200
    assert roles.SECOND_FACTOR in roles.role_names(anna)
