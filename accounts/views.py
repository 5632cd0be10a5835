from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts import saml
from accounts.identity import IdentityRefused


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Log out; a session signed in with e-legitimation is ended at the identity provider too
    (SAML Single Logout), where it supports that."""
    if settings.SAML_IDP_METADATA and "_saml2_subject_id" in request.saml_session:
        return saml.LogoutView.as_view()(request)
    return auth_views.LogoutView.as_view()(request)


def saml_refused(request: HttpRequest, exception=None, status=403, **kwargs) -> HttpResponse:
    """djangosaml2's failure page (SAML_ACS_FAILURE_RESPONSE_FUNCTION), in Swedish: the reason
    for an unknown or inactive person, one plain sentence for an invalid or replayed response."""
    reason = str(exception) if isinstance(exception, IdentityRefused) else saml.INVALID
    return render(request, "accounts/refused.html", {"reason": reason}, status=status)
