from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class KeptFigures(models.Model):
    """Figures as last counted, with the stamp of what they counted (their topic's change
    counter and the day): read from here, not counted again, until a row they count changes or
    the day turns. Kept in the database, so that a request without the cache reads them too."""

    topic = models.SlugField(_("ämne"), max_length=40)
    stamp = models.CharField(_("stämpel"), max_length=80)
    tables = models.JSONField(_("tabeller"), encoder=DjangoJSONEncoder)  # labels: lazy text

    class Meta:
        verbose_name = _("sparade siffror")
        verbose_name_plural = _("sparade siffror")
        constraints = [
            models.UniqueConstraint(fields=["topic"], name="opendata_keptfigures_topic_unique")
        ]

    def __str__(self):
        return f"{self.topic}: {self.stamp}"

    @classmethod
    def read(cls, topic: str, stamp: str) -> list | None:
        """The figures kept for `topic` if they were counted for `stamp` (None: count anew)."""
        return cls.objects.filter(topic=topic, stamp=stamp).values_list("tables", flat=True).first()

    @classmethod
    def keep(cls, topic: str, stamp: str, tables: list) -> None:
        """Keep the figures in place of those before (two requests at once both write them: the
        later one wins)."""
        cls.objects.bulk_create(
            [cls(topic=topic, stamp=stamp, tables=tables)],
            update_conflicts=True,
            unique_fields=["topic"],
            update_fields=["stamp", "tables"],
        )
