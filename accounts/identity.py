"""Who an identity from an identity provider is here: the Person it names and that person's user
account. Every way of signing in through a provider (OpenID Connect, SAML) asks this module; none
of them creates an account for someone the municipality has not entered."""

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from casework import roles
from casework.models import Person

# What a provider's value is compared with, by name (settings OIDC_USER_FIELD and the like).
MATCHERS: dict[str, Callable[[str], Q]] = {
    "email": lambda value: Q(user__email__iexact=value),
    "username": lambda value: Q(user__username=value),
    # e-legitimation's personnummer (SAML), which some providers write 19811218-9876
    "personal_identity_number": lambda value: Q(personal_identity_number=value.replace("-", "")),
}

# The roles a provider may grant; the group that demands a second factor stays the admin's.
PROVIDER_ROLES = [role for role in roles.ALL if role != roles.SECOND_FACTOR]

UNKNOWN = (
    "Du är inte upplagd i Motionsärenden. Kontakta systemets administratör så lägger hen upp dig "
    "som person med ett användarkonto."
)
AMBIGUOUS = (
    "Fler än en person i Motionsärenden har samma uppgift som ditt konto hos kommunen. Kontakta "
    "systemets administratör."
)
INACTIVE = (
    "Ditt användarkonto i Motionsärenden är inaktiverat. Kontakta systemets administratör om du "
    "ska ha tillgång igen."
)


class IdentityRefused(Exception):
    """The provider vouched for someone who may not sign in here; `message` says why, in Swedish.
    Not a PermissionDenied: django.contrib.auth.authenticate() would swallow that."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def person_for_identity(attribute: str, value: str):
    """The active user account of the one Person whose account's `attribute` ("email" or
    "username") or own personal identity number is `value`; IdentityRefused for no such person, more than one, or an inactive
    account."""
    if attribute not in MATCHERS:
        raise ImproperlyConfigured(
            f"Okänt fält att känna igen användare på: {attribute!r} (välj {', '.join(MATCHERS)})."
        )
    value = (value or "").strip()
    if not value:
        raise IdentityRefused(UNKNOWN)
    people = list(Person.objects.filter(MATCHERS[attribute](value)).select_related("user")[:2])
    if not people:
        raise IdentityRefused(UNKNOWN)
    if len(people) > 1:
        raise IdentityRefused(AMBIGUOUS)
    user = people[0].user
    if user is None:  # a person entered without an account (a personnummer alone)
        raise IdentityRefused(UNKNOWN)
    if not user.is_active:
        raise IdentityRefused(INACTIVE)
    return user


def parse_role_map(text: str) -> dict[str, str]:
    """'KS-registratorer=registrator, KS-handläggare=handläggare' as a dict from the provider's
    value (a group name, an app role or, in Entra ID, a group's object id) to our role."""
    role_map = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        provider_value, _, role = pair.rpartition("=")
        if not provider_value or role.strip() not in PROVIDER_ROLES:
            raise ImproperlyConfigured(
                f"Rollmappningen {pair!r} ska skrivas värde=roll, med en av rollerna "
                f"{', '.join(PROVIDER_ROLES)}."
            )
        role_map[provider_value.strip()] = role.strip()
    return role_map


def roles_for_provider_values(values: Iterable[str], role_map: dict[str, str]) -> set[str]:
    """Our roles for the values a provider sent in its roles claim; values not mapped grant
    nothing."""
    return {role_map[value] for value in values if value in role_map}
