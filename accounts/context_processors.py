from django.conf import settings

from accounts import oidc


def sign_in_methods(request) -> dict:
    """Which sign-in buttons the login page shows."""
    return {"oidc_sign_in": oidc.enabled(), "saml_sign_in": bool(settings.SAML_IDP_METADATA)}
