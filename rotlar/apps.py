from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RotlarConfig(AppConfig):
    name = "rotlar"
    verbose_name = _("Rotlar")

    def ready(self):
        from rotlar import registration

        registration.register()
