"""An OpenID Connect provider of the tests' own (django-oauth-toolkit in its OIDC mode), run in a
process of its own by the fixture in tests/accounts/conftest.py; never part of the app."""

CLIENT_ID = "motionsarenden"
CLIENT_SECRET = "test-client-secret"
# A user of this name gets an ID token whose claims were changed after signing: the signature
# no longer fits, as when someone between the provider and the app rewrites the token.
TAMPERED = "manipulerad"
