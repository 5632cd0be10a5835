"""Sign-in with Swedish e-legitimation over SAML 2.0 (djangosaml2 on pysaml2), as Sweden
Connect's technical framework brokers BankID and Freja eID: the identity provider vouches for a
personal identity number (attribute urn:oid:1.2.752.29.4.13), matched to a Person with an
active account (accounts.identity). Off unless SAML_IDP_METADATA is set (README, "Inloggning
med e-legitimation")."""

import functools
import time

import saml2
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from djangosaml2.views import AssertionConsumerServiceView, LogoutInitView
from saml2.config import SPConfig

from accounts.identity import IdentityRefused, person_for_identity
from casework import roles


def sp_config(request=None) -> SPConfig:
    """The service provider's pysaml2 configuration, from the settings (SAML_* in the
    environment); a 404 when SAML is not configured. The provider's metadata (a federation's
    can be megabytes) is read once an hour, not at every request."""
    if not settings.SAML_IDP_METADATA:
        raise Http404("Inloggning med e-legitimation är inte inställd.")
    names = ["SITE_URL", *(name for name in dir(settings) if name.startswith("SAML_"))]
    return _sp_config(
        tuple((name, repr(getattr(settings, name))) for name in names),
        hour=int(time.time() // 3600),
    )


@functools.lru_cache(maxsize=4)
def _sp_config(configured: tuple, *, hour: int) -> SPConfig:
    base = settings.SITE_URL.rstrip("/")
    metadata = settings.SAML_IDP_METADATA
    config = SPConfig()
    config.load(
        {
            "entityid": settings.SAML_ENTITY_ID or base + reverse("saml2_metadata"),
            "allow_unknown_attributes": True,  # personalIdentityNumber is not in pysaml2's maps
            "service": {
                "sp": {
                    "name": "Motionsärenden",
                    "endpoints": {
                        "assertion_consumer_service": [
                            (base + reverse("saml2_acs"), saml2.BINDING_HTTP_POST)
                        ],
                        "single_logout_service": [
                            (base + reverse("saml2_ls"), saml2.BINDING_HTTP_REDIRECT),
                            (base + reverse("saml2_ls_post"), saml2.BINDING_HTTP_POST),
                        ],
                    },
                    "allow_unsolicited": False,  # a response must answer a request of ours, once
                    "authn_requests_signed": True,
                    "logout_requests_signed": True,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "requested_authn_context": (
                        {"authn_context_class_ref": [settings.SAML_AUTHN_CONTEXT]}
                        if settings.SAML_AUTHN_CONTEXT
                        else None
                    ),
                }
            },
            "metadata": (
                {"remote": [{"url": metadata, "cert": settings.SAML_IDP_METADATA_CERT}]}
                if metadata.startswith(("https://", "http://"))
                else {"local": [metadata]}
            ),
            "key_file": settings.SAML_KEY_FILE,
            "cert_file": settings.SAML_CERT_FILE,
            "encryption_keypairs": [
                {"key_file": settings.SAML_KEY_FILE, "cert_file": settings.SAML_CERT_FILE}
            ],
        }
    )
    return config


def user_for_session(session_info: dict):
    """The user of the person the assertion names by the configured attribute (SAML_ATTRIBUTE,
    matched on SAML_MATCH_FIELD); IdentityRefused for someone unknown or inactive."""
    values = session_info["ava"].get(settings.SAML_ATTRIBUTE) or [""]
    return person_for_identity(settings.SAML_MATCH_FIELD, values[0])


class SamlRefused(PermissionDenied):
    """An IdentityRefused, as the PermissionDenied that djangosaml2 turns into its failure page."""


class PersonBackend(ModelBackend):
    """Signs in the user of the person a verified assertion names; never creates one."""

    def authenticate(self, request, session_info=None, **kwargs):
        if session_info is None:
            return None
        try:
            return user_for_session(session_info)
        except IdentityRefused:
            return None


class AssertionConsumerView(AssertionConsumerServiceView):
    def authenticate_user(self, request, session_info, *args):
        try:
            user_for_session(session_info)  # refused here with its reason, before Django's login
        except IdentityRefused as refusal:
            raise SamlRefused(refusal.message) from refusal
        user = super().authenticate_user(request, session_info, *args)
        contexts = {info[0] for info in session_info.get("authn_info") or []}
        if contexts & set(settings.SAML_SECOND_FACTOR_CONTEXTS):  # e-legitimation is two-factor
            request.session[roles.SECOND_FACTOR_AT_PROVIDER] = True
        return user


class LogoutView(LogoutInitView):
    """Logging out of a SAML session: ends it here and, by a LogoutRequest, at the identity
    provider where it supports Single Logout (else only here)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        response = self.get(request, *args, **kwargs)
        del request.saml_session["_saml2_subject_id"]  # a later password session logs out here
        if isinstance(response, HttpResponseRedirect):
            # The browser refuses a form's redirect to another site (the CSP's form-action
            # 'self'): it goes on to the provider from a page of ours instead.
            location = response["Location"]
            return render(request, "accounts/logging_out.html", {"location": location})
        return response
