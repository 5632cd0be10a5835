"""Digital signatures on PDFs the law makes final (PAdES, with pyHanko), with the certificate the
installation keeps in SIGNING_DIR: key.pem, certificate.pem and its issuers in chain.pem."""

import datetime
import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

FILES = ("key.pem", "certificate.pem", "chain.pem")


def sign_pdf(pdf: bytes, *, name: str, reason: str, location: str = "") -> bytes:
    """The PDF with a PAdES signature added as an incremental update (its PDF/A part intact)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    key, certificate, chain = (Path(settings.SIGNING_DIR) / f for f in FILES)
    if not (key.exists() and certificate.exists()):
        raise ValidationError(
            "Det finns inget certifikat för signering (SIGNING_DIR); en administratör behöver "
            "installera ett, se README, ”Signering”."
        )
    signer = signers.SimpleSigner.load(
        str(key), str(certificate), ca_chain_files=[str(chain)] if chain.exists() else []
    )
    meta = signers.PdfSignatureMetadata(
        field_name="Justering",
        name=name,
        reason=reason,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
    return out.getvalue()


def signature_status(pdf: bytes):
    """pyHanko's validation of the PDF's signature against the installation's chain as trust root."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = Path(settings.SIGNING_DIR) / "chain.pem"
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(roots))])
    reader = PdfFileReader(io.BytesIO(pdf))
    return validate_pdf_signature(reader.embedded_signatures[0], context)


def make_demo_certificate(directory: Path, *, organisation: str) -> None:
    """A demo CA and a signing certificate it issued, for a demo or test installation only."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)

    def issue(
        common: str, key, *, issuer: x509.Name | None, issuer_key, years: int
    ) -> x509.Certificate:
        """A certificate for `key`: the CA's own when `issuer` is None, else one the CA signs."""
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                x509.NameAttribute(NameOID.COMMON_NAME, common),
            ]
        )
        ca = issuer is None
        # KeyUsage: a CA signs certificates and revocation lists; the signer signs, non-repudiably
        usage = (
            (False, False, False, False, False, True, True, False, False)
            if ca
            else (True, True, *[False] * 7)
        )
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject if ca else issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365 * years))
            .add_extension(
                x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True
            )
            .add_extension(x509.KeyUsage(*usage), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                critical=False,
            )
            .sign(issuer_key, hashes.SHA256())
        )

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = issue(
        "Demo-CA (inte för verklig signering)", ca_key, issuer=None, issuer_key=ca_key, years=10
    )
    certificate = issue(
        f"{organisation}, protokollsignering (demo)",
        key,
        issuer=ca.subject,
        issuer_key=ca_key,
        years=5,
    )
    directory.mkdir(parents=True, exist_ok=True)
    pem = serialization.Encoding.PEM
    (directory / "key.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (directory / "key.pem").chmod(0o600)
    (directory / "certificate.pem").write_bytes(certificate.public_bytes(pem))
    (directory / "chain.pem").write_bytes(ca.public_bytes(pem))
