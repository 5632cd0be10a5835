"""What is special to motions: movers, filing, the one-year clock, KF's outcome, the utlåtande."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import workflow
from casework.models import Case, Decision, Document, Person, items_field
from casework.text import add_years, join_sv
from referrals.models import Referral


def first_filing_with_deadline_on_or_after(date: datetime.date) -> datetime.date:
    """The earliest filing date whose one-year deadline falls on `date` or later."""
    candidate = add_years(date, -1)
    while add_years(candidate - datetime.timedelta(days=1), 1) >= date:
        candidate -= datetime.timedelta(days=1)
    while add_years(candidate, 1) < date:
        candidate += datetime.timedelta(days=1)
    return candidate


class MotionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(case__status__in=workflow.CLOSED)

    def past_deadline(self, *, on: datetime.date):
        """KL 5 kap. 35 §: open motions whose year from filing ended before `on`."""
        return self.open().filter(filed_on__lt=first_filing_with_deadline_on_or_after(on))

    def approaching_deadline(self, *, on: datetime.date, days: int | None = None):
        """Open motions whose deadline falls within `days` (the setting by default) from `on`."""
        days = settings.MOTION_DEADLINE_WARNING_DAYS if days is None else days
        return self.open().filter(
            filed_on__gte=first_filing_with_deadline_on_or_after(on),
            filed_on__lt=first_filing_with_deadline_on_or_after(
                on + datetime.timedelta(days=days + 1)
            ),
        )


class MotionOutcome(models.TextChoices):
    APPROVED = "bifall", _("bifall")
    PARTLY_APPROVED = "delvis_bifall", _("delvis bifall")
    REJECTED = "avslag", _("avslag")
    ANSWERED = "besvarad", _("besvarad")
    WRITTEN_OFF = "avskriven", _("avskriven")
    WITHDRAWN = "aterkallad", _("återkallad")


class Motion(models.Model):
    CASE_LOOKUP = "motion"  # from Case to this row: which case a change touches
    Outcome = MotionOutcome

    case = models.OneToOneField(
        Case,
        verbose_name=_("ärende"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="motion",
    )
    number = models.CharField(
        _("motionsnummer"),
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(r"^\d{4}:\d{1,4}$", _("Motionsnumret skrivs ÅÅÅÅ:N, t.ex. 2008:39."))
        ],
    )
    filed_on = models.DateField(
        _("väckt"), help_text=_("Datum för kommunfullmäktiges sammanträde där motionen väcktes.")
    )
    text = models.TextField(
        _("motionstext"), blank=True, help_text=_("Stycken skiljs med en tom rad.")
    )
    proposals = items_field(
        _("motionärens förslag"), _("Att-satserna motionen föreslår, en per rad.")
    )
    movers = models.ManyToManyField(
        Person, verbose_name=_("motionärer"), through="Mover", related_name="motions"
    )
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)
    kf_decision = models.OneToOneField(
        Decision,
        verbose_name=_("kommunfullmäktiges beslut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = MotionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motioner")
        ordering = ["-filed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=MotionOutcome.values),
                name="motions_motion_outcome_valid",
            ),
        ]

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def ordered_movers(self) -> list[Person]:
        return [m.person for m in self.moverships.all()]

    @property
    def movers_display(self) -> str:
        """'Gabriel Kroon (SD)'; several from one party: 'Ann Svensson m.fl. (S)'."""
        movers = self.ordered_movers
        parties = {p.party_on(self.filed_on) for p in movers}
        if len(movers) > 1 and len(parties) == 1 and None not in parties:
            return f"{movers[0].full_name} m.fl. ({parties.pop()})"
        return join_sv([p.name_with_party(self.filed_on) for p in movers])

    @property
    def deadline(self) -> datetime.date:
        """KL 5 kap. 35 §: KF should decide the motion within one year of its filing."""
        return add_years(self.filed_on, 1)

    def days_left(self, on: datetime.date | None = None) -> int:
        return (self.deadline - (on or timezone.localdate())).days

    def is_past_deadline(self, on: datetime.date | None = None) -> bool:
        return self.case.is_open and self.days_left(on) < 0

    def is_approaching_deadline(self, on: datetime.date | None = None) -> bool:
        return (
            self.case.is_open and 0 <= self.days_left(on) <= settings.MOTION_DEADLINE_WARNING_DAYS
        )


class Mover(models.Model):
    CASE_LOOKUP = "motion__moverships"  # from Case to this row: which case a change touches
    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.CASCADE, related_name="moverships"
    )
    person = models.ForeignKey(Person, verbose_name=_("motionär"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("ordning"), default=1)

    class Meta:
        verbose_name = _("motionär")
        verbose_name_plural = _("motionärer")
        ordering = ["motion", "position"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="motions_mover_unique"),
        ]

    def __str__(self):
        return self.person.full_name


class Utlatande(models.Model):
    """KS's statement (utlåtande) to KF on a motion, drafted by the rapporteur's office."""

    CASE_LOOKUP = "motion__utlatande"  # from Case to this row: which case a change touches

    motion = models.OneToOneField(
        Motion,
        verbose_name=_("motion"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="utlatande",
    )
    number = models.CharField(
        _("nummer"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{4}:\d{1,4}$", _("Numret skrivs ÅÅÅÅ:N, t.ex. 2024:85."))],
    )
    rapporteur = models.ForeignKey(
        Person, verbose_name=_("föredragande borgarråd"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_items = items_field(
        _("förslag till beslut"), _("Kommunstyrelsens förslag till kommunfullmäktige.")
    )
    summary = models.TextField(_("sammanfattning av ärendet"), blank=True)
    views = models.TextField(_("föredragande borgarrådets synpunkter"), blank=True)
    matter = models.TextField(
        _("ärendet"), blank=True, help_text=_("Rotelns redogörelse för vad motionen säger.")
    )
    attachments = models.ManyToManyField(
        Document, verbose_name=_("bilagor"), blank=True, related_name="+"
    )
    endorsement = models.OneToOneField(
        Decision,
        verbose_name=_("borgarrådsberedningens beslut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ks_decision = models.OneToOneField(
        Decision,
        verbose_name=_("kommunstyrelsens beslut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signatory = models.ForeignKey(
        Person,
        verbose_name=_("undertecknad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    frozen_document = models.OneToOneField(
        Document,
        verbose_name=_("fastställd PDF"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Den registrerade PDF som varje nedladdning ger när utlåtandet är fastställt."),
    )
    frozen_html = models.TextField(
        _("fastställd HTML"),
        blank=True,
        editable=False,
        help_text=_("Den text den fastställda PDF:en skrevs ut från; webbsidan visar den."),
    )
    signatory_title = models.CharField(
        _("undertecknarens titel"), max_length=100, default="Kommunstyrelsens ordförande"
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_(
            "Räknas upp vid varje sparning, så att två handläggare inte skriver över varandra."
        ),
    )

    REQUIRED_PARTS = [
        ("proposed_items", "förslag till beslut"),
        ("summary", "sammanfattning av ärendet"),
        ("views", "föredragande borgarrådets synpunkter"),
        ("matter", "ärendet"),
    ]

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utlåtande")
        verbose_name_plural = _("utlåtanden")
        ordering = ["-motion__filed_on"]

    def __str__(self):
        return (
            f"Utlåtande {self.number} ({self.motion.case.dnr})"
            if self.number
            else f"Utlåtande ({self.motion.case.dnr})"
        )

    def get_absolute_url(self):
        return reverse("motions:utlatande_preview", args=[self.motion.case.slug])

    def clean(self):
        for field in ("endorsement", "ks_decision"):
            decision = getattr(self, field)
            if decision and decision.case_id != self.motion_id:
                raise ValidationError({field: _("Beslutet hör till ett annat ärende.")})

    @property
    def signed_on(self) -> datetime.date | None:
        return self.ks_decision.date if self.ks_decision else None

    def missing_parts(self) -> list[str]:
        """What the printed utlåtande cannot do without, in Swedish."""
        missing = [label for field, label in self.REQUIRED_PARTS if not getattr(self, field)]
        if self.motion.case.rotel_id is None:
            missing.insert(0, "rotel")
        return missing

    def is_final(self, now: datetime.datetime) -> bool:
        """Signed after KS's decision, and KS's minutes are justerade (KL 5 kap. 69 §), so the
        written reservations are in. Until then it is a draft, however it is downloaded."""
        if not (self.ks_decision_id and self.signatory_id):
            return False
        return self.ks_decision.meeting.is_justerad(now)


class PreparationSummary(models.Model):
    """The rapporteur's paragraph in 'Beredning' summarising one body's answer."""

    CASE_LOOKUP = (
        "motion__utlatande__preparation"  # from Case to this row: which case a change touches
    )

    utlatande = models.ForeignKey(
        Utlatande, verbose_name=_("utlåtande"), on_delete=models.CASCADE, related_name="preparation"
    )
    referral = models.OneToOneField(
        Referral, verbose_name=_("remiss"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("sammanfattning"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sammanfattning av remissvar")
        verbose_name_plural = _("sammanfattningar av remissvar")
        ordering = ["utlatande", "referral"]

    def __str__(self):
        return str(self.referral.body)

    def clean(self):
        if self.referral_id and self.utlatande_id and self.referral.case_id != self.utlatande_id:
            raise ValidationError({"referral": _("Remissen hör till ett annat ärende.")})
