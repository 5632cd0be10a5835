from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Remisser")

    def ready(self):
        from referrals import guards  # noqa: F401  (registers the workflow guards)
