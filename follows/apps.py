from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "follows"
    verbose_name = _("Bevakningar")

    def ready(self):
        from casework import kinds

        kinds.register(kinds.AppHooks(app=self.label, scheduled=(_send_digests,)))


def _send_digests(*, at) -> list:
    """The worker's scheduled run: the day's digest to each address that has something new."""
    from follows.services import digests_send

    return digests_send(now=at)
