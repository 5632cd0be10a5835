"""Who an identity from a provider is here (accounts.identity), at the edges."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts import identity
from accounts.services import user_roles_replace
from bench.serve import ROOT
from casework import roles
from casework.models import Person


@pytest.fixture
def anna(django_user_model):
    user = django_user_model.objects.create_user(username="anna.ek", email="Anna.Ek@kommun.se")
    Person.objects.create(first_name="Anna", last_name="Ek", user=user)
    return user


@pytest.mark.django_db
def test_a_person_is_found_by_e_mail_whatever_its_case_or_by_user_name(anna):
    assert identity.person_for_identity("email", " anna.ek@KOMMUN.se ") == anna
    assert identity.person_for_identity("username", "anna.ek") == anna


@pytest.mark.django_db
def test_an_account_without_a_person_is_not_enough(django_user_model):
    django_user_model.objects.create_user(username="registrator", email="reg@kommun.se")
    with pytest.raises(identity.IdentityRefused) as refusal:
        identity.person_for_identity("email", "reg@kommun.se")
    assert refusal.value.message == identity.UNKNOWN


@pytest.mark.django_db
def test_an_empty_claim_names_no_one(anna):
    with pytest.raises(identity.IdentityRefused, match="inte upplagd"):
        identity.person_for_identity("email", "")


@pytest.mark.django_db
def test_two_people_with_the_same_address_are_refused_rather_than_one_picked(
    anna, django_user_model
):
    other = django_user_model.objects.create_user(username="anna.ek2", email="anna.ek@kommun.se")
    Person.objects.create(first_name="Anna", last_name="Ek", user=other)
    with pytest.raises(identity.IdentityRefused) as refusal:
        identity.person_for_identity("email", "anna.ek@kommun.se")
    assert refusal.value.message == identity.AMBIGUOUS


def test_an_unknown_field_to_match_on_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="personnummer"):
        identity.person_for_identity("personnummer", "194001019999")


def test_the_role_map_names_only_our_roles_and_grants_only_mapped_values():
    role_map = identity.parse_role_map("KS-reg=registrator, a=b=handläggare,")
    assert role_map == {"KS-reg": roles.REGISTRATOR, "a=b": roles.HANDLAGGARE}
    assert identity.roles_for_provider_values(["KS-reg", "okänd"], role_map) == {roles.REGISTRATOR}
    with pytest.raises(ImproperlyConfigured, match="värde=roll"):
        identity.parse_role_map("KS-reg=chef")
    with pytest.raises(ImproperlyConfigured):  # the second factor is the administrator's to set
        identity.parse_role_map(f"MFA={roles.SECOND_FACTOR}")


@pytest.mark.django_db
def test_replacing_roles_clears_the_cached_role_names(anna):
    assert roles.role_names(anna) == set()
    user_roles_replace(user=anna, granted={roles.HANDLAGGARE})
    assert roles.role_names(anna) == {roles.HANDLAGGARE}


def test_a_client_id_without_the_provider_endpoints_stops_the_start():
    env = {**os.environ, "SECRET_KEY": "x", "OIDC_RP_CLIENT_ID": "motionsarenden"}
    env.pop("OIDC_OP_TOKEN_ENDPOINT", None)
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "OIDC_OP_TOKEN_ENDPOINT" in result.stderr
