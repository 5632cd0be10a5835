from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Ärenden och register")

    def ready(self):
        from django.db.models import fields

        from casework import signals

        signals.connect()
        # Django 6.1's empty choice, untranslated in Swedish; Django asks apps to set it here.
        fields.BLANK_CHOICE_LABEL = "– Välj –"
