"""Register the app as a client and set the test users, from one JSON argument:
{"redirect_uris": [...], "post_logout_redirect_uris": [...],
 "users": [{"username", "password", "email", "first_name", "last_name", "groups": [...]}]}."""

import json

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application

from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("setup")

    def handle(self, *args, setup, **options):
        setup = json.loads(setup)
        Application.objects.filter(client_id=CLIENT_ID).delete()
        Application.objects.create(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            name="Motionsärenden",
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(setup["redirect_uris"]),
            post_logout_redirect_uris=" ".join(setup["post_logout_redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
        for spec in setup["users"]:
            user, _ = User.objects.get_or_create(username=spec["username"])
            user.email = spec.get("email", "")
            user.first_name = spec.get("first_name", "")
            user.last_name = spec.get("last_name", "")
            user.set_password(spec["password"])
            user.save()
            user.groups.set(Group.objects.get_or_create(name=g)[0] for g in spec.get("groups", []))
