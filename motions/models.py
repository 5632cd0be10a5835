"""Cases raised in KF or KS (motion, medborgarförslag, skrivelse): who raised them, filing, the
one-year clock, the outcome, and KS's document answering them (the utlåtande)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import attributes, workflow
from casework.models import (
    Body,
    Case,
    Decision,
    Document,
    Municipality,
    PartyAffiliation,
    Period,
    Person,
    items_field,
)
from casework.text import add_years
from motions import kinds
from referrals.models import Referral


def kinds_with_deadline() -> list[str]:
    """KL 5 kap. 35 §: motions are to be decided within a year; medborgarförslag too where KF
    has decided so (KL 8 kap. 1 §), as the profile says."""
    if Municipality.current().citizen_proposals_have_deadline:
        return [kinds.MOTION, kinds.CITIZEN_PROPOSAL]
    return [kinds.MOTION]


def one_year_deadline(filed_on: datetime.date) -> datetime.date:
    """KL 5 kap. 35 §: a motion is to be decided within one year of its filing."""
    return add_years(filed_on, 1)


class OneYearDeadline(models.Func):
    """`one_year_deadline` of a date column, computed by the database: the same day a year
    later, 29 February becoming 28 February in a common year (KL 5 kap. 35 §)."""

    template = "CAST(%(expressions)s + INTERVAL '1 year' AS date)"  # PostgreSQL keeps 28 Feb
    output_field = models.DateField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite's date(…, '+1 year') makes 1 March of 29 February; a date there is YYYY-MM-DD.
        sql, params = self.as_sql(compiler, connection, template="%(expressions)s")
        return (
            f"CASE WHEN substr({sql}, 6) = '02-29' THEN date({sql}, '+1 year', '-1 day') "
            f"ELSE date({sql}, '+1 year') END",
            (*params, *params, *params),
        )


def first_filing_with_deadline_on_or_after(date: datetime.date) -> datetime.date:
    """The earliest filing date whose one-year deadline falls on `date` or later."""
    candidate = add_years(date, -1)
    while one_year_deadline(candidate - datetime.timedelta(days=1)) >= date:
        candidate -= datetime.timedelta(days=1)
    while one_year_deadline(candidate) < date:
        candidate += datetime.timedelta(days=1)
    return candidate


def document_may_change(case: Case) -> bool:
    """KS's document is written during preparation and may be changed until KS has decided."""
    if case.status in (workflow.Status.REFERRED, workflow.Status.IN_PREPARATION):
        return True
    executive = case.chain().filter(body__kind=Body.Kind.EXECUTIVE)
    return case.status == workflow.Status.IN_DECISION and not any(
        case.decided_at(step)
        for step in executive  # since any återremiss
    )


class MotionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(case__status__in=workflow.CLOSED)

    def on_the_clock(self):
        """Open cases of the kinds the one-year rule applies to."""
        return self.open().filter(case__kind__in=kinds_with_deadline())

    def past_deadline(self, *, on: datetime.date):
        """KL 5 kap. 35 §: open motions whose year from filing ended before `on`."""
        return self.on_the_clock().filter(filed_on__lt=first_filing_with_deadline_on_or_after(on))

    def to_report(self, *, on: datetime.date):
        """KL 5 kap. 35 §: the motions whose preparation cannot be finished within the year:
        those past their deadline and those whose deadline falls within the warning days."""
        return self.past_deadline(on=on) | self.approaching_deadline(on=on)

    def approaching_deadline(self, *, on: datetime.date, days: int | None = None):
        """Open motions whose deadline falls within `days` (the setting by default) from `on`."""
        days = settings.MOTION_DEADLINE_WARNING_DAYS if days is None else days
        return self.on_the_clock().filter(
            filed_on__gte=first_filing_with_deadline_on_or_after(on),
            filed_on__lt=first_filing_with_deadline_on_or_after(
                on + datetime.timedelta(days=days + 1)
            ),
        )


NUMBER_TAKEN = _("Motionsnumret används redan av en annan motion.")


def next_motion_number(year: int) -> str:
    """The next number of the year's own series of motions (KF's 'Motion 2023:45'): one after
    the highest given that year, ':1' for the first."""
    taken = Motion.objects.filter(number__startswith=f"{year}:").values_list("number", flat=True)
    return f"{year}:{max((int(n.partition(':')[2]) for n in taken), default=0) + 1}"


class MotionOutcome(models.TextChoices):
    APPROVED = "bifall", _("bifall")
    PARTLY_APPROVED = "delvis_bifall", _("delvis bifall")
    REJECTED = "avslag", _("avslag")
    ANSWERED = "besvarad", _("besvarad")
    WRITTEN_OFF = "avskriven", _("avskriven")
    WITHDRAWN = "aterkallad", _("återkallad")


def movers_text(movers: list[Person], *, proposer: str, on: datetime.date) -> str:
    """The movers as the profile names them (`Municipality.names_with_parties`): 'Gabriel Kroon
    (SD)', 'Ann Svensson m.fl. (S)'; a medborgarförslag's proposer by name. The parties are those
    of the day it was filed (`on`)."""
    if not movers:
        return proposer
    return Municipality.current().names_with_parties(
        [(p.full_name, p.party_letters_on(on)) for p in movers]
    )


def movers_texts(motions: list["Motion"]) -> dict[int, str]:
    """`Motion.movers_display` of each motion (by its case's id), read for a list in one query
    of plain values: each mover's name and the party they belonged to on the filing day."""
    party = PartyAffiliation.objects.filter(
        Period.on(OuterRef("motion__filed_on")), person=OuterRef("person")
    ).values("party__abbreviation")[:1]
    movers = Mover.objects.filter(motion__in=motions).values_list(
        "motion", "person__first_name", "person__last_name", Subquery(party)
    )
    profile = Municipality.current()
    named: dict[int, list[tuple[str, str]]] = {}
    for motion, first, last, letters in movers:
        named.setdefault(motion, []).append(
            (f"{first} {last}", profile.party_letters(letters or ""))
        )
    return {
        m.pk: profile.names_with_parties(named[m.pk]) if m.pk in named else m.proposer
        for m in motions
    }


class Motion(models.Model):
    """The case as raised: a motion, a medborgarförslag or a skrivelse (the case's kind says which)."""

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
        _("väckt"),
        help_text=_("Datum för sammanträdet där ärendet väcktes, eller då skrivelsen kom in."),
    )
    proposer = models.CharField(
        _("förslagsställare"),
        max_length=200,
        blank=True,
        help_text=_("Medborgarförslag: den folkbokförda som lämnade förslaget."),
    )
    text = models.TextField(
        _("motionstext"), blank=True, help_text=_("Stycken skiljs med en tom rad.")
    )
    att_satser = items_field(
        _("motionärens förslag"), _("Att-satserna motionen föreslår, en per rad.")
    )
    movers = models.ManyToManyField(
        Person, verbose_name=_("motionärer"), through="Mover", related_name="motions"
    )
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)

    objects = MotionQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motioner")
        ordering = ["-filed_on"]
        indexes = [
            # The statistics read each motion's filing day and outcome: from this narrow index
            # alone (PostgreSQL's index-only scan), not from the rows with their text.
            models.Index(
                fields=["case"], include=["filed_on", "outcome"], name="motions_motion_filing_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=MotionOutcome.values),
                name="motions_motion_outcome_valid",
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(number=""),
                name="motions_motion_number_unique",
                violation_error_message=NUMBER_TAKEN,
            ),
        ]

    def __str__(self):
        return self.case.title

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def kind_label(self) -> str:
        """'Motion', 'Medborgarförslag', 'Skrivelse'."""
        return self.case.get_kind_display().capitalize()

    @property
    def mover_label(self) -> str:
        """What the one who raised the case is called: 'Motionär', 'Förslagsställare' (a
        medborgarförslag) or 'Undertecknare' (a skrivelse)."""
        if self.proposer:
            return "Förslagsställare"
        if self.case.kind == kinds.SKRIVELSE:
            return "Undertecknare"
        return "Motionär"

    @property
    def mover_label_definite(self) -> str:
        """'Motionären', 'Förslagsställaren', 'Undertecknaren' (or 'Undertecknarna', several)."""
        if self.mover_label == "Undertecknare":
            return "Undertecknarna" if len(self.ordered_movers) > 1 else "Undertecknaren"
        return self.mover_label + "en"

    @cached_property
    def answering_utlatande(self) -> "Utlatande | None":
        """KS's document answering this case: its own, or one it is joined to (reads what a
        list has prefetched: `utlatande`, `case__joint_utlatanden`; looked up once)."""
        own = getattr(self, "utlatande", None)
        return own or next(iter(self.case.joint_utlatanden.all()), None)

    @property
    def ordered_movers(self) -> list[Person]:
        return [m.person for m in self.moverships.all()]

    @property
    def movers_display(self) -> str:
        """The movers as the profile names them; a medborgarförslag's proposer by name."""
        return movers_text(self.ordered_movers, proposer=self.proposer, on=self.filed_on)

    @property
    def numbered_label(self) -> str:
        """'Motion 2023:45' where the profile prints the motion's number; else ''."""
        if self.number and Municipality.current().motion_number_printed:
            return f"{self.kind_label} {self.number}"
        return ""

    @property
    def deadline(self) -> datetime.date | None:
        """KL 5 kap. 35 §: KF should decide the motion within one year of its filing (and a
        medborgarförslag, where KF has said so); other kinds have no such clock."""
        if self.case.kind not in kinds_with_deadline():
            return None
        return one_year_deadline(self.filed_on)

    def days_left(self, on: datetime.date | None = None) -> int | None:
        if self.deadline is None:
            return None
        return (self.deadline - (on or timezone.localdate())).days

    def is_past_deadline(self, on: datetime.date | None = None) -> bool:
        return self.case.is_open and self.deadline is not None and self.days_left(on) < 0

    def is_approaching_deadline(self, on: datetime.date | None = None) -> bool:
        return (
            self.case.is_open
            and self.deadline is not None
            and 0 <= self.days_left(on) <= settings.MOTION_DEADLINE_WARNING_DAYS
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


@dataclass(frozen=True)
class MissingPart:
    """A part the utlåtande cannot be printed without, and the page where it is filled in."""

    label: str  # in Swedish, in lower case
    url: str  # the page and the anchor of its field
    admin_only: bool = False  # set up in the admin: linked for administrators only
    who: str = ""  # for the others: who sets it up
    section: str = ""  # the editor's section that fills it in, if one does


class UtlatandeQuerySet(models.QuerySet):
    def answering(self, case: Case):
        """The document answering the case: its own, or one it is joined to."""
        return self.filter(Q(motion__case=case) | Q(joint_cases=case)).distinct()


class Utlatande(models.Model):
    """KS's document proposing KF's decision (in Stockholm the utlåtande; the profile names it),
    drafted by the office. It answers its own case and any others joined to it."""

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
        Person,
        verbose_name=_("föredragande"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    joint_cases = models.ManyToManyField(
        Case,
        verbose_name=_("besvarar också"),
        blank=True,
        related_name="joint_utlatanden",
        help_text=_("Ärenden som handlingen besvarar tillsammans med sitt eget."),
    )
    proposed_items = items_field(
        _("förslag till beslut"), _("Kommunstyrelsens förslag till kommunfullmäktige.")
    )
    own_items = items_field(
        _("kommunstyrelsens beslut för egen del"),
        _(
            "Det kommunstyrelsen själv beslutar bredvid förslaget till fullmäktige, t.ex. om en skrivelse."
        ),
    )
    summary = models.TextField(_("sammanfattning av ärendet"), blank=True)
    views = models.TextField(_("synpunkter"), blank=True)
    matter = models.TextField(
        _("ärendet"), blank=True, help_text=_("Rotelns redogörelse för vad motionen säger.")
    )
    attachments = models.ManyToManyField(
        Document, verbose_name=_("bilagor"), blank=True, related_name="+"
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

    # What the clerk writes in the draft (the rest is set by the decisions, or when fastställt).
    DRAFT_FIELDS = [
        "number",
        "rapporteur",
        "proposed_items",
        "own_items",
        "summary",
        "views",
        "matter",
    ]

    objects = UtlatandeQuerySet.as_manager()

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

    @classmethod
    def answering(cls, case: Case) -> "Utlatande | None":
        return cls.objects.answering(case).first()

    @property
    def chain_decisions(self) -> list[Decision]:
        """The decisions of the chain on this case, in order (borgarrådsberedningen or the
        arbetsutskott, kommunstyrelsen, kommunfullmäktige)."""
        decisions = (
            self.motion.case.decisions.filter(step__isnull=False, sends_back=False)
            .select_related("meeting__body", "step__body")
            .order_by("pk")
        )
        latest = {d.step_id: d for d in decisions}  # after an återremiss, the step's new decision
        return sorted(latest.values(), key=lambda d: d.step.position)

    @staticmethod
    def signing_decision(decisions: list[Decision]) -> Decision | None:
        """Of the chain's decisions, kommunstyrelsen's: its chair signs the document after it."""
        return next((d for d in decisions if d.step.signs_document), None)

    @property
    def ks_decision(self) -> Decision | None:
        return self.signing_decision(self.chain_decisions)

    @property
    def signed_on(self) -> datetime.date | None:
        ks_decision = self.ks_decision
        return ks_decision.date if ks_decision else None

    @property
    def cases(self) -> list[Case]:
        """Every case the document answers: its own first, then those joined to it."""
        return [self.motion.case, *self.joint_cases.select_related("registry", "classification")]

    @staticmethod
    def required_parts() -> list[tuple[str, str]]:
        """(attribute, Swedish name) of each part the printed document cannot do without."""
        return [(field, label) for field, label, _section, _input in Utlatande.required_inputs()]

    @staticmethod
    def required_inputs() -> list[tuple[str, str, str, str]]:
        """(attribute, Swedish name, editor section, input) of each required part: where the
        editor's task list fills it in."""
        profile = Municipality.current()
        parts = [
            ("proposal", "förslag till beslut", "forslag", "proposed_items"),
            ("summary", "sammanfattning av ärendet", "sammanfattning", "summary"),
        ]
        if profile.rapporteur_title:
            parts.append(("rapporteur", profile.rapporteur_label().lower(), "rubrik", "rapporteur"))
        return [
            *parts,
            ("views", profile.views_heading.lower(), "synpunkter", "views"),
            ("matter", "ärendet", "arendet", "matter"),
        ]

    @property
    def proposal(self) -> list[str]:
        """What KS proposes to KF and decides för egen del: one of them at least."""
        return [*self.proposed_items, *self.own_items]

    def missing(self) -> list["MissingPart"]:
        """What the printed document cannot do without, each with where it is filled in: the one
        answer the preview's "Det här saknas" and the PDF's refusal both give."""
        case = self.motion.case
        parts = []
        for attribute in attributes.missing_attributes_for_document(case):
            choices = attribute.choices() if attribute.choices else None
            if choices is not None and not choices.exists():  # nothing to choose: set up in admin
                opts = choices.model._meta
                parts.append(
                    MissingPart(
                        label=attribute.label.lower(),
                        url=reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                        admin_only=True,
                        who=f"En administratör lägger upp {opts.verbose_name_plural}.",
                    )
                )
            else:
                url = reverse("motions:edit_details", args=[case.slug])
                parts.append(MissingPart(attribute.label.lower(), f"{url}#id_{attribute.name}"))
        for field, label, section, name in self.required_inputs():
            if not getattr(self, field):
                url = reverse("motions:draft_section", args=[case.slug, section])
                parts.append(MissingPart(label, f"{url}#id_{name}", section=section))
        return parts

    def missing_parts(self) -> list[str]:
        """What the printed document cannot do without, in Swedish."""
        return [part.label for part in self.missing()]

    def is_final(self, now: datetime.datetime) -> bool:
        """Signed after KS's decision, and KS's minutes are justerade (KL 5 kap. 69 §), so the
        written reservations are in. Until then it is a draft, however it is downloaded."""
        ks_decision = self.ks_decision
        if not (ks_decision and self.signatory_id):
            return False
        return ks_decision.meeting.is_justerad(now)


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


class DeadlineReport(models.Model):
    """KL 5 kap. 35 §: KS's report to KF of the motions whose preparation could not be finished
    within a year, with what the preparation has found so far. Made once, as of a date; its rows
    keep what was reported. KF may then write the reported motions off."""

    as_of = models.DateField(_("per"))
    made_at = models.DateTimeField(_("upprättad"), default=timezone.now, editable=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("redovisning enligt ettårsregeln")
        verbose_name_plural = _("redovisningar enligt ettårsregeln")
        ordering = ["-as_of", "-id"]

    def __str__(self):
        return f"Redovisning av motioner som inte beretts färdigt, per {self.as_of:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("motions:deadline_report", args=[self.pk])


class DeadlineReportItem(models.Model):
    """One reported motion, as it stood on the report's date."""

    report = models.ForeignKey(
        DeadlineReport,
        verbose_name=_("redovisning"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.PROTECT, related_name="reported"
    )
    deadline = models.DateField(_("ettårsgräns"))
    found = models.TextField(_("vad som har framkommit vid beredningen"))

    class Meta:
        verbose_name = _("redovisad motion")
        verbose_name_plural = _("redovisade motioner")
        ordering = ["report", "deadline", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "motion"], name="motions_deadlinereportitem_once"
            ),
        ]

    def __str__(self):
        return str(self.motion)
