"""A real OpenID Connect provider for the sign-in tests: django-oauth-toolkit in its OIDC mode
(tests/oidc_provider), in a process of its own on a spare port, with an RS256 key made here."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bench.serve import ROOT, gunicorn, spare_port
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, TAMPERED

PASSWORD = "provider-password"
CLERK_EMAIL = "anna.ek@kommun.example"
# The provider's users, with the claims it vouches for: e-mail, name and its groups.
PROVIDER_USERS = [
    {"username": "anna", "email": CLERK_EMAIL, "groups": ["KS-registratorer"]},
    {"username": "karin", "email": "karin.wanngard@kommun.example", "groups": ["KF-ledamöter"]},
    {"username": "okand", "email": "ny.medarbetare@kommun.example", "groups": ["KS-registratorer"]},
    {"username": "slutat", "email": "slutat@kommun.example", "groups": ["KS-registratorer"]},
    # its ID token is rewritten after signing to claim the clerk's address (the last name)
    {"username": TAMPERED, "email": "manipulerad@kommun.example", "last_name": CLERK_EMAIL},
]
ROLE_MAP = "KS-registratorer=registrator, KF-ledamöter=politiker"
TEST_CLIENT_BASE = "http://testserver"


@dataclass
class Provider:
    url: str
    env: dict

    @property
    def issuer(self) -> str:
        return self.url + "/o"

    def register(self, *app_bases: str) -> None:
        """Register the app at `app_bases` (the test client's, a live server's) as the client."""
        setup = {
            "redirect_uris": [f"{base}/konto/oidc/klar/" for base in app_bases],
            "post_logout_redirect_uris": [f"{base}/" for base in app_bases],
            "users": [{"password": PASSWORD, **user} for user in PROVIDER_USERS],
        }
        _django(self.env, "provider_setup", json.dumps(setup))


def _django(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "django", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    port = spare_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "PROVIDER_DATABASE": str(tmp_path_factory.mktemp("provider") / "provider.sqlite3"),
        "PROVIDER_ISSUER": f"http://127.0.0.1:{port}/o",
        "PROVIDER_RSA_KEY": key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    }
    _django(env, "migrate", "--noinput")
    provider = Provider(url=f"http://127.0.0.1:{port}", env=env)
    provider.register(TEST_CLIENT_BASE)
    with gunicorn(
        "tests.oidc_provider.wsgi:application",
        port,
        "/o/.well-known/openid-configuration",
        env=env,
    ):
        yield provider


@pytest.fixture
def oidc(settings, provider):
    """The app configured for the provider, as the environment variables of the README do."""
    endpoint = provider.issuer
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{endpoint}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{endpoint}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{endpoint}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{endpoint}/.well-known/jwks.json"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{endpoint}/logout/"
    settings.OIDC_ROLES_CLAIM = "groups"
    settings.OIDC_ROLE_MAP = ROLE_MAP
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "accounts.oidc.Backend"]
    return provider
