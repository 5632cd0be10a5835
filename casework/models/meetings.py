"""Meetings of bodies, their decisions, and reservations and special statements on them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models.fields import items_field
from casework.models.people import Body, Person
from casework.models.registry import Case
from casework.text import join_sv

# --- Meetings, decisions, reservations ----------------------------------------------------


class Meeting(models.Model):
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


class Decision(models.Model):
    """A decision of a body at a meeting, in a case: the att-satser it adopted."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("sammanträde"), on_delete=models.PROTECT, related_name="decisions"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), on_delete=models.PROTECT, related_name="decisions"
    )
    items = items_field(
        _("beslut"), _("Beslutet, en att-sats per rad; en ensam sats skrivs utan nummer.")
    )

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


class MemberStatementQuerySet(models.QuerySet):
    def reservations(self):
        return self.filter(kind=MemberStatement.Kind.RESERVATION)

    def special_statements(self):
        return self.filter(kind=MemberStatement.Kind.SPECIAL_STATEMENT)


class StatementKind(models.TextChoices):
    RESERVATION = "reservation", _("reservation")
    SPECIAL_STATEMENT = "sarskilt_uttalande", _("särskilt uttalande")


class MemberStatement(models.Model):
    """A reservation or a special statement (särskilt uttalande) by members on a decision."""

    Kind = StatementKind

    decision = models.ForeignKey(
        Decision, verbose_name=_("beslut"), on_delete=models.CASCADE, related_name="statements"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    items = items_field(
        _("förslag"), _("Reservationens egna att-satser; den sista inleder ofta motiveringen.")
    )
    text = models.TextField(
        _("text"), help_text=_("Motivering eller uttalande; stycken skiljs med en tom rad.")
    )
    authors = models.ManyToManyField(
        Person, verbose_name=_("författare"), through="StatementAuthor", related_name="statements"
    )

    objects = MemberStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("reservation eller särskilt uttalande")
        verbose_name_plural = _("reservationer och särskilda uttalanden")
        ordering = ["decision", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StatementKind.values),
                name="casework_memberstatement_kind_valid",
            ),
        ]

    def __str__(self):
        return self.heading

    @property
    def ordered_authors(self) -> list[Person]:
        return [a.person for a in self.authorships.all()]

    @property
    def author_names(self) -> str:
        """'borgarrådet Jan Jonsson (L) och Jonas Naddebo (C)' on the decision's date."""
        date = self.decision.date
        return join_sv([p.title_and_name(date) for p in self.ordered_authors])

    @property
    def author_names_plain(self) -> str:
        date = self.decision.date
        return join_sv([p.name_with_party(date) for p in self.ordered_authors])

    @property
    def heading(self) -> str:
        """'Reservation av Ann-Christine Carlberg (SD)'."""
        return f"{self.get_kind_display().capitalize()} av {self.author_names_plain}"

    @property
    def pronoun(self) -> str:
        return "Vi" if self.authorships.count() > 1 else "Jag"

    @staticmethod
    def check_authors(decision: Decision, authors: list[Person]) -> None:
        """KL 4 kap. 27 §: only a member of the body on the meeting's date may reserve or make a statement."""
        if not authors:
            raise ValidationError({"authors": _("Ange minst en författare.")})
        members = set(decision.body.members_on(decision.date).values_list("pk", flat=True))
        outsiders = [p for p in authors if p.pk not in members]
        if outsiders:
            raise ValidationError(
                {
                    "authors": _(
                        "%(names)s var inte ledamot eller ersättare i %(body)s den %(date)s."
                    )
                    % {
                        "names": join_sv([p.full_name for p in outsiders]),
                        "body": decision.body.in_running_text,
                        "date": decision.date.isoformat(),
                    }
                }
            )


class StatementAuthor(models.Model):
    statement = models.ForeignKey(
        MemberStatement,
        verbose_name=_("reservation/uttalande"),
        on_delete=models.CASCADE,
        related_name="authorships",
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("ordning"), default=1)

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
