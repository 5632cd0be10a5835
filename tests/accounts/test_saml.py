"""Sign-in with e-legitimation over SAML 2.0, against the tests' own identity provider
(conftest.saml_idp: pysaml2's IdP in a process of its own), through the app's pages."""

import base64
import html
import re

import pytest
import requests
from django.contrib.auth import get_user
from django.contrib.auth.models import Group
from django.test import Client

from accounts.identity import IdentityRefused, person_for_identity
from casework import roles
from casework.models import Person
from tests.accounts.conftest import KARIN, STRANGER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"  # the Django test client's address


def hidden_fields(page: str) -> dict[str, str]:
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', page)
    }


def response_from_idp(client, personal_identity_number: str, next_path: str = "/") -> dict:
    """Start signing in at the app, prove who one is at the IdP: the signed response the IdP
    has the browser post to the app (SAMLResponse, RelayState), not yet posted."""
    start = client.get("/konto/saml2/login/", {"next": next_path})
    assert start.status_code == 302
    asked = requests.get(start["Location"], timeout=10)
    asked.raise_for_status()
    answered = requests.post(
        asked.url.split("?")[0] + "/legitimera",
        data={**hidden_fields(asked.text), "pnr": personal_identity_number},
        timeout=10,
    )
    answered.raise_for_status()
    return hidden_fields(answered.text)


def test_a_politician_signs_in_and_lands_on_her_start_page(client, saml_idp, karin):
    response = client.post("/konto/saml2/acs/", response_from_idp(client, KARIN))
    assert response.status_code == 302, response.text
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == "/start/"
    assert get_user(client) == karin.user


def test_an_unknown_person_is_refused_in_swedish(client, saml_idp, karin):
    response = client.post("/konto/saml2/acs/", response_from_idp(client, STRANGER))
    assert response.status_code == 403
    assert "Du är inte upplagd i Motionsärenden" in response.text
    assert not get_user(client).is_authenticated
    assert not Person.objects.exclude(pk=karin.pk).exists()  # no one was created


def test_an_inactive_account_is_refused_in_swedish(client, saml_idp, karin):
    karin.user.is_active = False
    karin.user.save()
    response = client.post("/konto/saml2/acs/", response_from_idp(client, KARIN))
    assert response.status_code == 403
    assert "Ditt användarkonto i Motionsärenden är inaktiverat" in response.text
    assert not get_user(client).is_authenticated


def test_an_assertion_changed_after_signing_is_refused(client, saml_idp, karin, django_user_model):
    other = django_user_model.objects.create_user(username="jan")
    Person.objects.create(
        first_name="Jan", last_name="Jonsson", user=other, personal_identity_number="194906140176"
    )
    form = response_from_idp(client, KARIN)
    signed = base64.b64decode(form["SAMLResponse"]).decode()
    tampered = signed.replace(KARIN, "194906140176")
    assert tampered != signed
    form["SAMLResponse"] = base64.b64encode(tampered.encode()).decode()
    response = client.post("/konto/saml2/acs/", form)
    assert response.status_code == 400
    assert "kunde inte godkännas" in response.text
    assert not get_user(client).is_authenticated


def test_a_response_posted_twice_is_refused_the_second_time(client, saml_idp, karin):
    form = response_from_idp(client, KARIN)
    assert client.post("/konto/saml2/acs/", form).status_code == 302
    again = client.post("/konto/saml2/acs/", form)
    assert again.status_code == 400
    assert "redan har använts" in again.text
    thief = Client()  # someone who captured the response, in a browser of their own
    stolen = thief.post("/konto/saml2/acs/", form)
    assert stolen.status_code == 400
    assert not get_user(thief).is_authenticated


def test_logging_out_ends_the_session_at_the_identity_provider_too(client, saml_idp, karin):
    client.post("/konto/saml2/acs/", response_from_idp(client, KARIN))
    assert get_user(client).is_authenticated
    leaving = client.post("/konto/logga-ut/")
    assert not get_user(client).is_authenticated
    to_idp = html.unescape(re.search(r'<a href="([^"]+)">Fortsätt</a>', leaving.text)[1])
    assert to_idp.startswith(saml_idp + "/slo?SAMLRequest=")
    back = requests.get(to_idp, allow_redirects=False, timeout=10)
    assert back.status_code == 302
    done = client.get(back.headers["Location"])
    assert done.status_code == 302
    assert done["Location"] == "/"
    assert len(requests.get(saml_idp + "/logouts", timeout=10).json()) == 1
    client.force_login(karin.user)  # later, with a password in the same browser
    assert client.post("/konto/logga-ut/")["Location"] == "/"


def test_the_login_page_offers_e_legitimation_only_when_it_is_configured(client, settings):
    settings.SAML_IDP_METADATA = ""
    assert "Logga in med e-legitimation" not in client.get("/konto/logga-in/").text
    assert client.get("/konto/saml2/login/").status_code == 404
    settings.SAML_IDP_METADATA = "https://idp.example.org/metadata"
    assert "Logga in med e-legitimation" in client.get("/konto/logga-in/").text


def test_a_person_is_found_by_e_mail_or_personal_identity_number(karin):
    karin.user.email = "karin.wanngard@example.org"
    karin.user.save()
    assert person_for_identity("email", "Karin.Wanngard@example.org") == karin.user
    assert person_for_identity("personal_identity_number", "19811218-9876") == karin.user
    Person.objects.create(first_name="Utan", last_name="Konto", personal_identity_number=STRANGER)
    with pytest.raises(IdentityRefused, match="Du är inte upplagd"):
        person_for_identity("personal_identity_number", STRANGER)


def test_a_personal_identity_number_needs_its_check_digit(karin):
    from django.core.exceptions import ValidationError

    karin.personal_identity_number = "198112189875"
    with pytest.raises(ValidationError, match="Kontrollsiffran"):
        karin.full_clean()
    karin.personal_identity_number = "8112189876"
    with pytest.raises(ValidationError, match="tolv siffror"):
        karin.full_clean()


def test_e_legitimation_is_the_second_factor_itself(client, saml_idp, karin):
    """Someone in "kräver tvåfaktor" is not asked for the app's code after signing in with
    e-legitimation at LoA3 (the IdP's assurance level): it is two-factor already."""
    karin.user.groups.add(Group.objects.get_or_create(name=roles.SECOND_FACTOR)[0])
    client.post("/konto/saml2/acs/", response_from_idp(client, KARIN))
    assert client.get("/start/").status_code == 200

    other = Client()
    other.force_login(karin.user)  # a password sign-in: the code is asked
    assert other.get("/start/")["Location"].startswith("/konto/tvafaktor")
