from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    name = "motions"
    verbose_name = _("Motioner")

    def ready(self):
        from motions import guards, kinds  # noqa: F401  (registers the kinds and the guards)
