"""A SAML identity provider of the tests' own (saml_idp.py, pysaml2's IdP in its own process),
with keys and certificates made for the run; nothing of it is checked in."""

import datetime
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from bench.serve import spare_port
from casework import roles
from casework.models import Person
from tests.accounts import saml_idp as idp_server

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
