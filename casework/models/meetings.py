"""Meetings of bodies, their decisions, and reservations and special statements on them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import kinds
from casework.models.fields import AppendOnly, Period, choice_label, items_field
from casework.models.people import Body, Membership, Person
from casework.models.profile import ChainStep
from casework.models.registry import Case
from casework.workdays import period_end

# --- Meetings, decisions, reservations ----------------------------------------------------


class Meeting(models.Model):
    CASE_LOOKUP = "decisions__meeting"  # from Case to this row: which case a change touches
    MEETING_LOOKUP = "pk"  # from Meeting to this row: which meeting a change touches
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    justering_deadline = models.DateTimeField(
        _("justering senast"),
        null=True,
        blank=True,
        help_text=_(
            "Tiden för justering av protokollet; skriftliga reservationer lämnas före den."
        ),
    )
    participants = models.ManyToManyField(
        Person,
        verbose_name=_("tjänstgörande"),
        blank=True,
        related_name="meetings_served",
        help_text=_(
            "Ledamöter och ersättare som deltog i besluten. Tomt: de ordinarie ledamöterna."
        ),
    )
    reminder_sent_at = models.DateTimeField(
        _("påminnelse skickad"), null=True, blank=True, editable=False
    )
    # The minutes' header block, for a meeting whose minutes are kept here (see `opened_at`).
    place = models.CharField(_("plats"), max_length=200, blank=True)
    starts_at = models.TimeField(_("tid, från"), null=True, blank=True)
    ends_at = models.TimeField(_("tid, till"), null=True, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("ordförande"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
    )
    justerare = models.ManyToManyField(
        Person,
        verbose_name=_("justerare"),
        blank=True,
        related_name="meetings_to_justera",
        help_text=_("Utses på sammanträdet bland de tjänstgörande; justerar med ordföranden."),
    )
    justering_place = models.CharField(_("plats för justering"), max_length=200, blank=True)
    kallelse_sent_at = models.DateTimeField(
        _("kallelse skickad"), null=True, blank=True, editable=False
    )
    opened_at = models.DateTimeField(
        _("öppnat"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("När sammanträdet öppnades här: protokollet förs och justeras då här."),
    )
    justerad_at = models.DateTimeField(_("justerat"), null=True, blank=True, editable=False)
    anslag_on = models.DateField(
        _("anslaget"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Dagen då justeringen tillkännagavs på anslagstavlan."),
    )
    minutes_kept_at = models.CharField(_("protokollet förvaras"), max_length=200, blank=True)
    changed_at = models.DateTimeField(
        _("senast ändrat"),
        default=timezone.now,
        editable=False,
        db_index=True,
        help_text=_(
            "När något av sammanträdets uppgifter senast ändrades (öppna data följer den)."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["-date", "body"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date"], name="casework_meeting_body_date_unique"
            ),
        ]

    def __str__(self):
        return f"{self.body} {self.date:%Y-%m-%d}"

    def clean(self):
        if self.justering_deadline and timezone.localdate(self.justering_deadline) < self.date:
            raise ValidationError(
                {"justering_deadline": _("Justeringen kan inte ligga före sammanträdet.")}
            )

    ORDINARY_ROLES = (Membership.Role.MEMBER, Membership.Role.CHAIR, Membership.Role.VICE_CHAIR)

    def serving_members(self) -> list[Person]:
        """Who took part in the meeting's decisions: those recorded, or else the ordinary members."""
        recorded = list(self.participants.all())
        if recorded:
            return recorded
        return list(
            Person.objects.filter(
                memberships__in=self.body.memberships.filter(
                    Period.on(self.date), role__in=self.ORDINARY_ROLES
                )
            ).distinct()
        )

    def took_part(self, person: Person, memberships: list[Membership] | None = None) -> bool:
        """As serving_members says; `memberships`, the person's own, spares a query per meeting."""
        recorded = list(self.participants.all())
        if recorded:
            return any(p.pk == person.pk for p in recorded)
        if memberships is None:
            memberships = list(person.memberships.filter(body=self.body_id))
        return any(
            m.body_id == self.body_id and m.role in self.ORDINARY_ROLES and m.holds_on(self.date)
            for m in memberships
        )

    @property
    def minutes_kept_here(self) -> bool:
        return self.opened_at is not None

    @property
    def held_here(self) -> bool:
        """Its minutes are, or will be, kept here: it is opened, or called, or has an agenda."""
        return bool(self.opened_at or self.kallelse_sent_at or kinds.planned_here(self))

    def is_justerad(self, at: datetime.datetime) -> bool:
        """KL 5 kap. 69 §: only when the minutes are justerade is anything decided at the meeting
        final. Minutes kept here are justerade when the chair and the justerare have approved
        them; minutes kept elsewhere count as justerade at the time set for it (none set: not yet)."""
        if self.minutes_kept_here:
            return self.justerad_at is not None and at >= self.justerad_at
        return self.justering_deadline is not None and at >= self.justering_deadline

    @staticmethod
    def decisions_await_justering(at: datetime.datetime, prefix: str = "") -> Q:
        """The meetings (reached by `prefix`) whose decisions are not final at `at` because their
        minutes are not justerade (KL 5 kap. 69 §, 6 kap. 35 §). A beredning's meeting is never
        among them: what it decides prepares the case for the body it serves and is not a
        decision of its own that could become final or be appealed (KL 13 kap. 2 §)."""
        return ~Meeting.justerad_by(at, prefix) & ~Q(
            **{f"{prefix}body__kind": Body.Kind.PREPARATORY}
        )

    @staticmethod
    def justerad_by(at: datetime.datetime, prefix: str = "") -> Q:
        """is_justerad as a filter: the meetings (reached by `prefix`, e.g. "meeting__") whose
        minutes are justerade at `at`."""
        return Q(**{f"{prefix}opened_at__isnull": False, f"{prefix}justerad_at__lte": at}) | Q(
            **{f"{prefix}opened_at__isnull": True, f"{prefix}justering_deadline__lte": at}
        )

    def justerad_on(self) -> datetime.date | None:
        if self.justerad_at:
            return timezone.localdate(self.justerad_at)
        if self.justering_deadline and not self.minutes_kept_here:
            return timezone.localdate(self.justering_deadline)
        return None

    def appeal_ends_on(self) -> datetime.date | None:
        """KL 13 kap. 5 §: an appeal must reach the förvaltningsrätt within three weeks from the
        day the justering was announced on the anslagstavla (the last day moved to a workday,
        lag (1930:173) om beräkning av lagstadgad tid)."""
        if self.anslag_on is None:
            return None
        return period_end(self.anslag_on + datetime.timedelta(weeks=3))

    def accepts_announcements(self, at: datetime.datetime) -> bool:
        """KL 4 kap. 27 §: a reservation is announced before the meeting ends: on its day, and,
        for a meeting held here, not after the secretary has closed it."""
        if timezone.localdate(at) != self.date:
            return False
        return not (self.minutes_kept_here and self.ends_at)

    def accepts_written_statements(self, at: datetime.datetime) -> bool:
        """KL 4 kap. 27 §: a written reservation is handed in before the minutes are justerade."""
        return not self.is_justerad(at)


class Substitution(models.Model):
    """A substitute (ersättare) serving at the meeting in a member's place (KL 5 kap. 17 §,
    6 kap. 11 §), as the minutes say it."""

    MEETING_LOOKUP = "substitutions"

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("sammanträde"),
        on_delete=models.PROTECT,
        related_name="substitutions",
    )
    substitute = models.ForeignKey(
        Person, verbose_name=_("ersättare"), on_delete=models.PROTECT, related_name="+"
    )
    replaces = models.ForeignKey(
        Person, verbose_name=_("i stället för"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tjänstgörande ersättare")
        verbose_name_plural = _("tjänstgörande ersättare")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "substitute"], name="casework_substitution_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "replaces"], name="casework_substitution_replaced_once"
            ),
        ]

    def __str__(self):
        return f"{self.substitute.full_name} för {self.replaces.full_name}"


class JusteringChange(AppendOnly):
    """Append-only: each time a meeting's time for justering is set or moved, by whom and why."""

    CASE_LOOKUP = "decisions__meeting__justering_changes"  # from Case to this row: which case a change touches
    MEETING_LOOKUP = "justering_changes"

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("sammanträde"),
        on_delete=models.PROTECT,
        related_name="justering_changes",
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    previous = models.DateTimeField(_("tidigare tid"), null=True, blank=True)
    new = models.DateTimeField(_("ny tid"))
    reason = models.CharField(_("skäl"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("ändrad tid för justering")
        verbose_name_plural = _("ändrade tider för justering")
        ordering = ["meeting", "at", "id"]

    def __str__(self):
        return f"{self.meeting}: {self.previous or '–'} → {self.new}"


class Decision(models.Model):
    """A decision of a body at a meeting, in a case: the att-satser it adopted."""

    CASE_LOOKUP = "decisions"  # from Case to this row: which case a change touches
    MEETING_LOOKUP = "decisions"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("sammanträde"), on_delete=models.PROTECT, related_name="decisions"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), on_delete=models.PROTECT, related_name="decisions"
    )
    items = items_field(
        _("beslut"), _("Beslutet, en att-sats per rad; en ensam sats skrivs utan nummer.")
    )
    step = models.ForeignKey(
        ChainStep,
        verbose_name=_("steg i beslutsgången"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_("Tomt för beslut utanför beslutsgången, t.ex. en nämnds remissvar."),
    )
    sends_back = models.BooleanField(
        _("återremiss"),
        default=False,
        help_text=_("Organet avgjorde inte ärendet utan återremitterade det för mer beredning."),
    )
    paragraph_number = models.PositiveIntegerField(
        _("paragraf"),
        null=True,
        blank=True,
        help_text=_(
            "Beslutets § i ett protokoll som förs utanför systemet; protokoll som förs här "
            "numrerar sina paragrafer själva."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["meeting__date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "case"], name="casework_decision_meeting_case_unique"
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.case.dnr}"

    @property
    def body(self) -> Body:
        return self.meeting.body

    @property
    def date(self) -> datetime.date:
        return self.meeting.date

    def took_part(self, person: Person) -> bool:
        """Served at the meeting and did not step aside for jäv in this matter."""
        if person.pk in kinds.stepped_aside(self):
            return False
        return self.meeting.took_part(person)

    def legal_force_on(self) -> datetime.date | None:
        """The day the decision gains legal force (vinner laga kraft) unless appealed: the day
        after the time for appeal ends (KL 13 kap. 5 §); unknown until the anslag is posted.
        An appeal is not recorded here; the förvaltningsrätt's register says whether one came."""
        ends = self.meeting.appeal_ends_on()
        return ends + datetime.timedelta(days=1) if ends else None


class MemberStatementQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=MemberStatement.Status.SUBMITTED)

    def on_record(self):
        """What the decision's record holds: the texts handed in, and the statements announced
        at the meeting whose text is still to come (their draft text is not part of it)."""
        return self.filter(
            Q(status=MemberStatement.Status.SUBMITTED) | Q(announced_at__isnull=False)
        )

    def visible_to(self, person: Person | None):
        """Submitted texts, and the drafts the person is an author of or invited to."""
        if person is None:
            return self.submitted()
        return self.filter(
            Q(status=MemberStatement.Status.SUBMITTED) | Q(authors=person)
        ).distinct()

    def reservations(self):
        return self.filter(kind=MemberStatement.Kind.RESERVATION)


class StatementKind(models.TextChoices):
    RESERVATION = "reservation", _("reservation")
    SPECIAL_STATEMENT = "sarskilt_uttalande", _("särskilt uttalande")


class StatementStatus(models.TextChoices):
    DRAFT = "utkast", _("utkast")
    SUBMITTED = "inlamnad", _("inlämnad")


class MemberStatement(models.Model):
    """A reservation or a special statement (särskilt uttalande) by members on a decision.

    A draft is private to its authors; a submitted one is public with the decision.
    """

    CASE_LOOKUP = "decisions__statements"  # from Case to this row: which case a change touches
    MEETING_LOOKUP = "decisions__statements"

    Kind = StatementKind
    Status = StatementStatus

    decision = models.ForeignKey(
        Decision, verbose_name=_("beslut"), on_delete=models.CASCADE, related_name="statements"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    items = items_field(
        _("förslag"), _("Reservationens egna att-satser; den sista inleder ofta motiveringen.")
    )
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Motivering eller uttalande; stycken skiljs med en tom rad."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    announced_at = models.DateTimeField(
        _("anmäld"), null=True, blank=True, help_text=_("När reservationen anmäldes på mötet.")
    )
    submitted_at = models.DateTimeField(_("inlämnad"), null=True, blank=True)
    authors = models.ManyToManyField(
        Person, verbose_name=_("författare"), through="StatementAuthor", related_name="statements"
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_(
            "Räknas upp vid varje sparning, så att medförfattare inte skriver över varandra."
        ),
    )

    objects = MemberStatementQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reservation eller särskilt uttalande")
        verbose_name_plural = _("reservationer och särskilda uttalanden")
        ordering = ["decision", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StatementKind.values),
                name="casework_memberstatement_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=StatementStatus.values),
                name="casework_memberstatement_status_valid",
            ),
        ]

    def __str__(self):
        return self.heading

    def get_kind_display(self) -> str:
        return choice_label(StatementKind, self.kind)

    def clean(self):
        errors = {}
        if self.kind == self.Kind.SPECIAL_STATEMENT and self.items:
            errors["items"] = _("Ett särskilt uttalande har inga att-satser.")
        if self.status == self.Status.SUBMITTED and not self.text.strip():
            errors["text"] = _("Skriv motiveringen innan texten lämnas in.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def submit_refusal(self) -> ValidationError | None:
        """What stops the text, as it stands, from being handed in (an empty motivation)."""
        status, self.status = self.status, self.Status.SUBMITTED
        try:
            self.clean()
        except ValidationError as error:
            return error
        finally:
            self.status = status
        return None

    @property
    def ordered_authors(self) -> list[Person]:
        """The authors who have confirmed, in order: only they are shown and printed."""
        return [a.person for a in self.authorships.all() if a.confirmed_at]

    @property
    def invited_authors(self) -> list[Person]:
        return [a.person for a in self.authorships.all() if not a.confirmed_at]

    def has_author(self, person: Person | None, *, confirmed: bool = True) -> bool:
        people = self.ordered_authors if confirmed else [a.person for a in self.authorships.all()]
        return person is not None and any(p.pk == person.pk for p in people)

    @property
    def author_names(self) -> str:
        """'kommunalrådet Eva Ek (L) och Jonas Naddebo (C)' on the decision's date, with the
        title an app gives them (`casework.attributes`)."""
        date = self.decision.date
        return get_text_list([p.title_and_name(date) for p in self.ordered_authors], "och")

    @property
    def author_names_plain(self) -> str:
        date = self.decision.date
        return get_text_list([p.name_with_party(date) for p in self.ordered_authors], "och")

    @property
    def heading(self) -> str:
        """'Reservation av Ann-Christine Carlberg (SD)'."""
        return f"{self.get_kind_display().capitalize()} av {self.author_names_plain}"

    def corrections_after_justering(self) -> list[tuple["StatementCorrection", list[str], str]]:
        """The clerk's corrections made after the minutes were justerade, each with the text it
        gave (reads prefetched `corrections` and the decision's meeting)."""
        justerad = self.decision.meeting.justerad_at
        corrections = [c for c in self.corrections.all() if justerad and c.at > justerad]
        if not corrections:
            return []
        after = [(c.previous_items, c.previous_text) for c in corrections[1:]]
        after.append((self.items, self.text))
        return [(c, items, text) for c, (items, text) in zip(corrections, after, strict=True)]

    @property
    def text_as_justerat(self) -> str:
        """The text as the justerade minutes hold it, whatever was corrected afterwards."""
        later = self.corrections_after_justering()
        return later[0][0].previous_text if later else self.text

    @property
    def items_as_justerat(self) -> list[str]:
        later = self.corrections_after_justering()
        return later[0][0].previous_items if later else self.items

    @property
    def pronoun(self) -> str:
        return "Vi" if len(self.ordered_authors) > 1 else "Jag"

    @staticmethod
    def refusal_for(decision: Decision, person: Person, kind: str) -> str | None:
        """KL 4 kap. 27 §: who may file on a decision, or why not (in Swedish).

        A reservation: only a member who took part in the decision. A special statement:
        a member who took part, or a substitute where the body allows substitutes to make one.
        """
        meeting = decision.meeting
        body = meeting.body
        if not body.memberships.filter(Period.on(meeting.date), person=person).exists():
            return _("%(name)s var inte ledamot eller ersättare i %(body)s den %(date)s.") % {
                "name": person.full_name,
                "body": body.in_running_text,
                "date": meeting.date.isoformat(),
            }
        if decision.took_part(person):
            return None
        if meeting.took_part(person):  # served, but stepped aside for jäv in this matter
            return _("%(name)s anmälde jäv i ärendet och deltog inte i beslutet.") % {
                "name": person.full_name
            }
        if kind == StatementKind.SPECIAL_STATEMENT and body.substitutes_may_make_statements:
            return None
        if kind == StatementKind.SPECIAL_STATEMENT:
            return _(
                "%(name)s deltog inte i beslutet, och ersättare får inte lämna särskilda uttalanden i %(body)s."
            ) % {
                "name": person.full_name,
                "body": body.in_running_text,
            }
        return _("%(name)s deltog inte i beslutet och kan därför inte reservera sig.") % {
            "name": person.full_name
        }

    @classmethod
    def check_authors(cls, decision: Decision, authors: list[Person], kind: str) -> None:
        if not authors:
            raise ValidationError({"authors": _("Ange minst en författare.")})
        refusals = [r for p in authors if (r := cls.refusal_for(decision, p, kind))]
        if refusals:
            raise ValidationError({"authors": refusals})


class StatementAuthor(models.Model):
    CASE_LOOKUP = (
        "decisions__statements__authorships"  # from Case to this row: which case a change touches
    )
    MEETING_LOOKUP = "decisions__statements__authorships"
    statement = models.ForeignKey(
        MemberStatement,
        verbose_name=_("reservation/uttalande"),
        on_delete=models.CASCADE,
        related_name="authorships",
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("ordning"), default=1)
    confirmed_at = models.DateTimeField(
        _("bekräftad"),
        null=True,
        blank=True,
        help_text=_("En inbjuden medförfattare står som författare först när hen har bekräftat."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("författare")
        verbose_name_plural = _("författare")
        ordering = ["statement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "person"], name="casework_statementauthor_unique"
            ),
        ]

    def __str__(self):
        return self.person.full_name


class StatementCorrection(AppendOnly):
    """A clerk's correction of a statement after the deadline; the text before it stays readable."""

    CASE_LOOKUP = (
        "decisions__statements__corrections"  # from Case to this row: which case a change touches
    )

    statement = models.ForeignKey(
        MemberStatement,
        verbose_name=_("reservation/uttalande"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rättad av"), on_delete=models.PROTECT
    )
    reason = models.TextField(_("skäl"))
    previous_items = items_field(_("tidigare att-satser"))
    previous_text = models.TextField(_("tidigare text"), blank=True)

    class Meta:
        verbose_name = _("rättelse")
        verbose_name_plural = _("rättelser")
        ordering = ["statement", "at", "id"]

    def __str__(self):
        return f"Rättelse {self.at:%Y-%m-%d %H:%M} av {self.statement}"
