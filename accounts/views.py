import logging

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts import oidc, saml
from accounts.identity import IdentityRefused

logger = logging.getLogger(__name__)


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/refused.html", {"message": message}, status=403)


def _failed(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_in_failed.html", status=400)


class _Callback(OIDCAuthenticationCallbackView):
    def login_failure(self):
        return _failed(self.request)


_start = OIDCAuthenticationRequestView.as_view()
_callback = _Callback.as_view()


def oidc_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the provider's sign-in page."""
    if not oidc.enabled():
        raise Http404
    return _start(request)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code; refusals are shown in Swedish."""
    if not oidc.enabled():
        raise Http404
    try:
        return _callback(request)
    except IdentityRefused as refusal:
        logger.warning("OpenID Connect sign-in refused: %s", refusal.message)
        return _refused(request, refusal.message)
    except (SuspiciousOperation, requests.RequestException) as error:
        # a replayed state or code, a token with a bad signature, the provider unreachable
        logger.warning("OpenID Connect sign-in failed: %s", error)
        return _failed(request)


class LogoutView(auth_views.LogoutView):
    """Logs out here, then at the identity provider the user signed in through, if any."""

    def post(self, request, *args, **kwargs):
        if settings.SAML_IDP_METADATA and "_saml2_subject_id" in request.saml_session:
            return saml.LogoutView.as_view()(request)  # SAML Single Logout
        at_provider = oidc.end_session_url(request)
        response = super().post(request, *args, **kwargs)
        return redirect(at_provider) if at_provider else response


def saml_refused(request: HttpRequest, exception=None, status=403, **kwargs) -> HttpResponse:
    """djangosaml2's failure page (SAML_ACS_FAILURE_RESPONSE_FUNCTION), in Swedish: why for an
    unknown or inactive person; for a response that is invalid, changed or used before, that."""
    if isinstance(exception, saml.SamlRefused):
        logger.warning("SAML sign-in refused: %s", exception)
        return _refused(request, str(exception))
    logger.warning("SAML sign-in failed: %r", exception)
    return _failed(request)
