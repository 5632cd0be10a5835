"""Writes when someone signs in through an identity provider."""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.identity import PROVIDER_ROLES


@transaction.atomic
def user_roles_replace(*, user, granted: set[str]) -> None:
    """Give `user` exactly the roles the provider `granted`, of those a provider may grant; the
    groups that are not roles (a second factor required) stay as the administrator set them."""
    user.groups.remove(*Group.objects.filter(name__in=set(PROVIDER_ROLES) - granted))
    user.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in sorted(granted)))
    user.__dict__.pop("_role_names", None)  # casework.roles caches them on the object
