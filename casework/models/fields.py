"""Field helpers and the abstract period every dated relation shares."""

import datetime
import time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ITEMS_MAX = 50


def choice_label(choices: type[models.Choices], value: str) -> str:
    """What get_FOO_display says for a field with these choices, read off the enum: Django's own
    builds the field's whole list anew on each call and translates every label in it, which a
    page listing many rows pays for many times."""
    try:
        return str(choices(value).label)  # a str, translated now, as Django gives it
    except ValueError:  # not among the choices (an empty from_status, say): shown as it is
        return value


ITEM_MAX_CHARS = 2_000


def validate_items(value) -> None:
    """An ordered list of att-satser: non-empty strings, no gaps, within bounds."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Att-satserna ska vara en lista med texter."))
    if any(not v.strip() for v in value):
        raise ValidationError(_("En att-sats får inte vara tom."))
    if len(value) > ITEMS_MAX:
        raise ValidationError(
            _("Högst %(max)d att-satser (det finns %(count)d)."),
            params={"max": ITEMS_MAX, "count": len(value)},
        )
    for number, item in enumerate(value, start=1):
        if len(item) > ITEM_MAX_CHARS:
            raise ValidationError(
                _("Att-sats %(number)d är för lång: högst %(max)d tecken (den har %(count)d)."),
                params={"number": number, "max": ITEM_MAX_CHARS, "count": len(item)},
            )


def items_field(verbose_name, help_text=""):
    return models.JSONField(
        verbose_name,
        default=list,
        blank=True,
        validators=[validate_items],
        help_text=help_text or _("Numrerade att-satser, i ordning."),
    )


class SingleRow(models.Model):
    """A table of one row, such as a profile, read on nearly every page: each process keeps it a
    short while. A save in this process forgets it at once; other processes see a change within
    MEMORY_SECONDS."""

    MEMORY_SECONDS = 30

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._memory = {"until": 0.0, "row": None}

    def save(self, *args, **kwargs):
        self.id = 1
        super().save(*args, **kwargs)
        self.forget()

    @classmethod
    def current(cls):
        memory = cls._memory
        if memory["until"] < time.monotonic():
            memory["row"] = cls.objects.filter(pk=1).first() or cls()
            memory["until"] = time.monotonic() + cls.MEMORY_SECONDS
        return memory["row"]

    @classmethod
    def forget(cls) -> None:
        cls._memory["until"] = 0.0


class AppendOnly(models.Model):
    """A row of a log the record relies on: written once, never changed or deleted one by one."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(
                _("%(what)s kan inte ändras i efterhand.")
                % {"what": self._meta.verbose_name.capitalize()}
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(
            _("%(what)s kan inte tas bort.") % {"what": self._meta.verbose_name.capitalize()}
        )


class Period(models.Model):
    """Something that holds from one date to another (open-ended when ``ends_on`` is empty)."""

    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(
        _("till"), null=True, blank=True, help_text=_("Tomt om det gäller tills vidare.")
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Slutdatumet kan inte ligga före startdatumet.")})

    @staticmethod
    def on(date: datetime.date) -> Q:
        return Q(starts_on__lte=date) & (Q(ends_on__isnull=True) | Q(ends_on__gte=date))

    def holds_on(self, date: datetime.date) -> bool:
        return self.starts_on <= date and (self.ends_on is None or date <= self.ends_on)
