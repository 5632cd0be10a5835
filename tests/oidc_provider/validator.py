import base64
import json

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider import TAMPERED


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "name": user.get_full_name(),
            "groups": sorted(user.groups.values_list("name", flat=True)),
            # RFC 8176: a user in the provider's group "MFA" proved a second factor there
            "amr": ["pwd", "mfa"] if user.groups.filter(name="MFA").exists() else ["pwd"],
        }

    def finalize_id_token(self, id_token, token, token_handler, request):
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if request.user.username != TAMPERED:
            return signed
        header, payload, signature = signed.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["email"] = request.user.last_name  # the victim's address, kept there by the test
        return ".".join([header, _b64(json.dumps(claims).encode()), signature])
