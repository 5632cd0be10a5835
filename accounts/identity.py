"""Who a signed-in identity is: the Person an identity provider vouches for, and the user account
that signs in as that person, with the roles (groups) an administrator gave it. Nothing is
created here: an administrator adds the person and the account under /admin/ first."""

from django.core.exceptions import PermissionDenied

from casework.models import Person

# The attribute of an identity that names a person, and the Person field it is matched on.
MATCHED_ON = {
    "personal_identity_number": "personal_identity_number",
    "email": "user__email__iexact",
}

UNKNOWN = (
    "Din e-legitimation godtogs, men ingen person i systemet har den identiteten. Be kommunens "
    "registrator eller administratör att lägga in dig, så kan du logga in sedan."
)
NO_ACCOUNT = (
    "Du finns i systemet men har inget aktivt användarkonto. Be kommunens administratör att "
    "ge dig ett, så kan du logga in sedan."
)


class IdentityRefused(PermissionDenied):
    """Signing in refused, with the reason in Swedish for the person trying."""


def person_for_identity(*, field: str, value: str) -> Person:
    """The person whose `field` ("personal_identity_number" or "email") is `value`, with an
    active user account; IdentityRefused for anyone else."""
    value = value.strip()
    if field == "personal_identity_number":
        value = value.replace("-", "")  # 19811218-9876 as some providers write it
    matches = list(Person.objects.select_related("user").filter(**{MATCHED_ON[field]: value})[:2])
    if not value or len(matches) != 1:
        raise IdentityRefused(UNKNOWN)
    person = matches[0]
    if person.user is None or not person.user.is_active:
        raise IdentityRefused(NO_ACCOUNT)
    return person
