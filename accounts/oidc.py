"""Staff sign in through the municipality's OpenID Connect provider (Entra ID, Keycloak, ...),
with mozilla-django-oidc doing the protocol: the authorization code flow with PKCE, state and
nonce, and the ID token's signature checked against the provider's published keys (RS256)."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts import identity, services
from casework import roles


def enabled() -> bool:
    """Sign-in through the provider is on when its client id is configured (README)."""
    return settings.OIDC_ENABLED


class Backend(OIDCAuthenticationBackend):
    """Matches the provider's identity to a Person by the configured claim, never creating an
    account; sets the roles from the provider's roles claim when one is configured."""

    def verify_token(self, token, **kwargs):
        """The library checks the signature, the algorithm and the nonce; this adds the audience
        and the issuer, so a token made for another client or by another issuer is refused."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued for another client.")
        if settings.OIDC_OP_ISSUER and payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        user = identity.person_for_identity(
            settings.OIDC_USER_FIELD, str(claims.get(settings.OIDC_USER_CLAIM) or "")
        )
        methods = claims.get("amr") or []  # RFC 8176: how the provider authenticated the user
        if set(methods) & set(settings.OIDC_SECOND_FACTOR_AMR):
            self.request.session[roles.SECOND_FACTOR_AT_PROVIDER] = True
        if settings.OIDC_ROLES_CLAIM:
            values = claims.get(settings.OIDC_ROLES_CLAIM) or []
            values = [values] if isinstance(values, str) else values
            services.user_roles_replace(
                user=user,
                granted=identity.roles_for_provider_values(
                    values, identity.parse_role_map(settings.OIDC_ROLE_MAP)
                ),
            )
        return user


def end_session_url(request) -> str | None:
    """Where the browser goes to end the session at the provider too (RP-initiated logout), if
    the user signed in there and the provider has an end_session_endpoint; read before logout."""
    id_token = request.session.get("oidc_id_token")
    if not (enabled() and settings.OIDC_OP_LOGOUT_ENDPOINT and id_token):
        return None
    back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": back,
        }
    )
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"
