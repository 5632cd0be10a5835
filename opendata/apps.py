from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Öppna data")

    def ready(self):
        from django.db.backends.signals import connection_created

        from casework.signals import register_topic
        from opendata import statistics

        register_topic(statistics.TOPIC, *statistics.COUNTED)
        connection_created.connect(
            statistics.register_sqlite_median, dispatch_uid="opendata_median"
        )
