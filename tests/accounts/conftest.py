"""A real OpenID Connect provider for the sign-in tests: django-oauth-toolkit in its OIDC mode
(tests/oidc_provider), in a process of its own on a spare port, with an RS256 key made here.
Beside it a SAML identity provider (saml_idp.py, pysaml2's IdP in its own process), with
keys and certificates made for the run; nothing of either is checked in."""

import datetime
import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import Group

from bench.serve import ROOT, gunicorn, spare_port
from casework import roles
from casework.models import Person
from tests.accounts import saml_idp as idp_server
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, TAMPERED

PASSWORD = "provider-password"
CLERK_EMAIL = "anna.ek@kommun.example"
# The provider's users, with the claims it vouches for: e-mail, name and its groups.
PROVIDER_USERS = [
    {"username": "anna", "email": CLERK_EMAIL, "groups": ["KS-registratorer"]},
    {"username": "karin", "email": "karin.wanngard@kommun.example", "groups": ["KF-ledamöter"]},
    {
        "username": "kerstin",
        "email": "kerstin@kommun.example",
        "groups": ["KS-registratorer", "MFA"],
    },
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


# --- SAML -----------------------------------------------------------------------------------

# Skatteverket's test numbers: valid check digits, never given to anyone.
KARIN = "198112189876"
STRANGER = "199001012392"


def make_key_and_certificate(directory: Path, name: str) -> tuple[str, str]:
    """An RSA key and a self-signed certificate for it, as PEM files in `directory`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / f"{name}-key.pem", directory / f"{name}-cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


@pytest.fixture(scope="session")
def saml_keys(tmp_path_factory):
    directory = tmp_path_factory.mktemp("saml-keys")
    return {
        "sp": make_key_and_certificate(directory, "sp"),
        "idp": make_key_and_certificate(directory, "idp"),
    }


@pytest.fixture
def saml_idp(settings, saml_keys, tmp_path):
    """Start the identity provider for the app at settings.SITE_URL (set it first), configure
    SAML_* for it, and yield its base URL; stopped after the test."""
    from djangosaml2.conf import get_config
    from saml2.metadata import entity_descriptor

    port = spare_port()
    idp_settings = {
        "port": port,
        "key_file": saml_keys["idp"][0],
        "cert_file": saml_keys["idp"][1],
    }
    idp_metadata = tmp_path / "idp-metadata.xml"
    idp_metadata.write_text(idp_server.metadata_xml(idp_server.make_idp(idp_settings)))
    settings.SAML_IDP_METADATA = str(idp_metadata)
    settings.SAML_KEY_FILE, settings.SAML_CERT_FILE = saml_keys["sp"]
    sp_metadata = tmp_path / "sp-metadata.xml"
    sp_metadata.write_text(str(entity_descriptor(get_config())))
    config = tmp_path / "idp.json"
    config.write_text(json.dumps({**idp_settings, "sp_metadata": str(sp_metadata)}))
    server = subprocess.Popen([sys.executable, idp_server.__file__, str(config)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            assert server.poll() is None, "the test IdP did not start"
            try:
                urllib.request.urlopen(base + "/metadata", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait()


@pytest.fixture
def karin(db, django_user_model):
    """A politician who signs in with e-legitimation."""
    user = django_user_model.objects.create_user(username="karin", first_name="Karin")
    user.groups.add(Group.objects.get_or_create(name=roles.POLITIKER)[0])
    return Person.objects.create(
        first_name="Karin", last_name="Wanngård", user=user, personal_identity_number=KARIN
    )
