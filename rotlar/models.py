"""Rotlar: the departments of a city council each headed by a politician (in Stockholm a
borgarråd), to which the cases are assigned; the head of a case's rotel presents it in
kommunstyrelsen. Most municipalities have none: the app is in use when its profile says so."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import Case, Period, Person, SingleRow


class RotelStyle(models.TextChoices):
    WORD = "ord", _("Rotel III")
    LETTER = "bokstav", _("RIII")


class RotlarProfile(SingleRow):
    """One row (id 1): whether the municipality assigns its cases to rotlar. Read through
    `RotlarProfile.current()`."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    in_use = models.BooleanField(
        _("ärenden hör till en rotel"),
        default=False,
        help_text=_("Kommuner med borgarråd fördelar ärendena på rotlar."),
    )

    rotel_style = models.CharField(
        _("roteln skrivs"),
        max_length=10,
        choices=RotelStyle.choices,
        default=RotelStyle.WORD,
        help_text=_("Hur en rotel skrivs i handlingar och på sidorna: ”Rotel III” eller ”RIII”."),
    )

    class Meta:
        verbose_name = _("rotelindelning")
        verbose_name_plural = _("rotelindelning")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="rotlar_rotlarprofile_single"),
            models.CheckConstraint(
                condition=Q(rotel_style__in=RotelStyle.values),
                name="rotlar_rotlarprofile_rotel_style_valid",
            ),
        ]

    def __str__(self):
        return str(_("Rotlar används")) if self.in_use else str(_("Rotlar används inte"))

    def rotel_name(self, numeral: str) -> str:
        """A rotel as the profile writes it: 'Rotel III' or 'RIII'."""
        return f"R{numeral}" if self.rotel_style == RotelStyle.LETTER else f"Rotel {numeral}"

    @classmethod
    def set_in_use(cls, in_use: bool) -> None:
        cls.objects.update_or_create(pk=1, defaults={"in_use": in_use})
        cls.forget()


class Rotel(models.Model):
    numeral = models.CharField(
        _("nummer"), max_length=10, unique=True, help_text=_("Romersk siffra, t.ex. I.")
    )
    name = models.CharField(_("namn"), max_length=150)

    class Meta:
        db_table = "casework_rotel"  # made by casework before the app had its own
        verbose_name = _("rotel")
        verbose_name_plural = _("rotlar")
        ordering = ["id"]

    def __str__(self):
        return RotlarProfile.current().rotel_name(self.numeral)

    def head_on(self, date: datetime.date) -> Person | None:
        term = self.heads.filter(Period.on(date)).select_related("person").first()
        return term.person if term else None


class RotelHead(Period):
    """The politician heading a rotel over a period (titled as the profile says)."""

    rotel = models.ForeignKey(
        Rotel, verbose_name=_("rotel"), on_delete=models.CASCADE, related_name="heads"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("roteln leds av"),
        on_delete=models.PROTECT,
        related_name="rotel_terms",
    )

    class Meta:
        db_table = "casework_rotelhead"  # made by casework before the app had its own
        verbose_name = _("rotelns ledare")
        verbose_name_plural = _("rotlarnas ledare")
        ordering = ["rotel", "-starts_on"]

    def __str__(self):
        return f"{self.person.full_name}, {self.rotel}"


def heads_rotel_on(person: Person, date: datetime.date) -> bool:
    """Read from prefetched terms when a list has prefetched them (`rotel_terms`)."""
    return any(term.holds_on(date) for term in person.rotel_terms.all())


class CaseRotel(models.Model):
    """The rotel a case belongs to: the rotel whose head presents it in kommunstyrelsen."""

    CASE_LOOKUP = "pk"  # the case's changed_at follows a change of its rotel

    case = models.OneToOneField(
        Case,
        verbose_name=_("ärende"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="rotel_link",
    )
    rotel = models.ForeignKey(
        Rotel, verbose_name=_("rotel"), on_delete=models.PROTECT, related_name="case_links"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ärendets rotel")
        verbose_name_plural = _("ärendenas rotlar")
        ordering = ["case"]

    def __str__(self):
        return str(self.rotel)


def rotel_of(case: Case) -> Rotel | None:
    """The case's rotel, or None (read from select_related("rotel_link__rotel") when a list has
    selected it)."""
    link = getattr(case, "rotel_link", None)
    return link.rotel if link else None
