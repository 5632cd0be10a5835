"""The core every kind of case shares.

Reference data (parties, people, bodies, memberships, rotlar), the registry
(diarium) with its cases and documents, the workflow event log, and the
meetings of bodies with their decisions, reservations and special statements.
"""

import datetime
import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import workflow
from casework.text import join_sv


def validate_items(value) -> None:
    """An ordered list of att-satser: non-empty strings, no gaps."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Att-satserna ska vara en lista med texter."))
    if any(not v.strip() for v in value):
        raise ValidationError(_("En att-sats får inte vara tom."))


def items_field(verbose_name, help_text=""):
    return models.JSONField(
        verbose_name,
        default=list,
        blank=True,
        validators=[validate_items],
        help_text=help_text or _("Numrerade att-satser, i ordning."),
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


# --- People, parties, bodies -------------------------------------------------------------


class Party(models.Model):
    abbreviation = models.CharField(_("förkortning"), max_length=10, unique=True)
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        verbose_name = _("parti")
        verbose_name_plural = _("partier")
        ordering = ["abbreviation"]

    def __str__(self):
        return self.abbreviation


class Person(models.Model):
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("admin:casework_person_change", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def party_on(self, date: datetime.date) -> Party | None:
        """Read from prefetched affiliations when a list has prefetched them."""
        for affiliation in self.affiliations.all():
            if affiliation.holds_on(date):
                return affiliation.party
        return None

    def name_with_party(self, date: datetime.date) -> str:
        """'Gabriel Kroon (SD)': the party the person belonged to on that date."""
        party = self.party_on(date)
        return f"{self.full_name} ({party})" if party else self.full_name

    def heads_rotel_on(self, date: datetime.date) -> bool:
        return any(term.holds_on(date) for term in self.rotel_terms.all())

    def title_and_name(self, date: datetime.date) -> str:
        """'borgarrådet Jan Jonsson (L)' for whoever heads a rotel on that date."""
        name = self.name_with_party(date)
        return f"borgarrådet {name}" if self.heads_rotel_on(date) else name


class PartyAffiliation(Period):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("parti"), on_delete=models.PROTECT, related_name="affiliations"
    )

    class Meta:
        verbose_name = _("partitillhörighet")
        verbose_name_plural = _("partitillhörigheter")
        ordering = ["person", "-starts_on"]

    def __str__(self):
        return f"{self.person.full_name} ({self.party}) från {self.starts_on}"


class BodyKind(models.TextChoices):
    COUNCIL = "fullmaktige", _("fullmäktige")
    EXECUTIVE = "styrelse", _("styrelse")
    PREPARATORY = "beredning", _("beredning")
    COMMITTEE = "namnd", _("nämnd")
    OFFICE = "forvaltning", _("förvaltning/kontor")
    COMPANY = "bolag", _("bolag")


class Body(models.Model):
    Kind = BodyKind

    name = models.CharField(
        _("namn"), max_length=150, unique=True, help_text=_("T.ex. Socialnämnden.")
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    office = models.ForeignKey(
        "self",
        verbose_name=_("förvaltning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="served_bodies",
        limit_choices_to={"kind": Kind.OFFICE},
        help_text=_("Förvaltningen eller kontoret som bereder nämndens ärenden."),
    )

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BodyKind.values), name="casework_body_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:casework_body_change", args=[self.pk])

    def clean(self):
        if self.office_id and self.office.kind != self.Kind.OFFICE:
            raise ValidationError({"office": _("Det valda organet är inte en förvaltning.")})

    @property
    def in_running_text(self) -> str:
        """'socialnämnden': the name as it stands inside a sentence."""
        return self.name[:1].lower() + self.name[1:]

    @property
    def genitive(self) -> str:
        """'Socialnämndens'."""
        return self.name if self.name.endswith("s") else f"{self.name}s"

    @property
    def answers_by_decision(self) -> bool:
        """A political body answers a referral by a decision at its meeting; an office by a report."""
        return self.kind != self.Kind.OFFICE

    def members_on(self, date: datetime.date):
        return Person.objects.filter(
            memberships__in=self.memberships.filter(Period.on(date))
        ).distinct()


class MembershipRole(models.TextChoices):
    MEMBER = "ledamot", _("ledamot")
    SUBSTITUTE = "ersattare", _("ersättare")
    CHAIR = "ordforande", _("ordförande")
    VICE_CHAIR = "vice_ordforande", _("vice ordförande")


class Membership(Period):
    Role = MembershipRole

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["body", "role", "person"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="casework_membership_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="casework_membership_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.person.full_name}, {self.get_role_display()} i {self.body}"


class Rotel(models.Model):
    numeral = models.CharField(
        _("nummer"), max_length=10, unique=True, help_text=_("Romersk siffra, t.ex. I.")
    )
    name = models.CharField(_("namn"), max_length=150)

    class Meta:
        verbose_name = _("rotel")
        verbose_name_plural = _("rotlar")
        ordering = ["id"]

    def __str__(self):
        return f"Rotel {self.numeral}"

    def head_on(self, date: datetime.date) -> Person | None:
        term = self.heads.filter(Period.on(date)).select_related("person").first()
        return term.person if term else None


class RotelHead(Period):
    """The borgarråd heading a rotel over a period."""

    rotel = models.ForeignKey(
        Rotel, verbose_name=_("rotel"), on_delete=models.CASCADE, related_name="heads"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("borgarråd"), on_delete=models.PROTECT, related_name="rotel_terms"
    )

    class Meta:
        verbose_name = _("borgarråd för rotel")
        verbose_name_plural = _("borgarråd för rotlar")
        ordering = ["rotel", "-starts_on"]

    def __str__(self):
        return f"{self.person.full_name}, {self.rotel}"


# --- The registry -------------------------------------------------------------------------


class Registry(models.Model):
    """A diarium with its own number series, e.g. KS (kommunstyrelsen)."""

    prefix = models.CharField(
        _("prefix"),
        max_length=10,
        unique=True,
        validators=[
            RegexValidator(r"^[A-ZÅÄÖ]{1,10}$", _("Prefixet skrivs med versaler, t.ex. KS."))
        ],
    )
    name = models.CharField(_("namn"), max_length=150)
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="registries"
    )

    class Meta:
        verbose_name = _("diarium")
        verbose_name_plural = _("diarier")
        ordering = ["prefix"]

    def __str__(self):
        return f"{self.prefix} – {self.name}"


DNR_PATTERN = re.compile(
    r"^(?P<prefix>[A-ZÅÄÖ]{1,10})[ -](?P<year>\d{4})[/-](?P<sequence>\d{1,6})$"
)


def parse_dnr(text: str) -> tuple[str, int, int]:
    """'KS 2023/1387' (or 'KS-2023-1387', as in URLs) -> ('KS', 2023, 1387)."""
    match = DNR_PATTERN.match(text.strip().upper())
    if not match:
        raise ValidationError(
            _("Diarienumret ”%(dnr)s” har inte formen PREFIX ÅÅÅÅ/NNNN, t.ex. KS 2023/1387."),
            params={"dnr": text},
            code="invalid_dnr",
        )
    return match["prefix"], int(match["year"]), int(match["sequence"])


def dnr_lookup(text: str, path: str = "") -> dict:
    """Filter arguments finding the case with that dnr, from a model related to cases by `path`."""
    prefix, year, sequence = parse_dnr(text)
    return {f"{path}registry__prefix": prefix, f"{path}year": year, f"{path}sequence": sequence}


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=workflow.CLOSED)

    def search(self, query: str, *, fields: list[str]):
        """Swedish full-text search on PostgreSQL ("återvandringen" finds "återvandring");
        a plain contains-match over `fields` elsewhere."""
        if connection.vendor == "postgresql":
            return self.filter(search_index__vector=SearchQuery(query, config="swedish", search_type="websearch"))
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": query})
        return self.filter(match).distinct()

    def by_dnr(self, text: str):
        return self.filter(**dnr_lookup(text))


class CaseKind(models.TextChoices):
    MOTION = "motion", _("motion")


class Case(models.Model):
    """An ärende: the unit of tracking, with one diarienummer."""

    Kind = CaseKind

    Status = workflow.Status
    TRANSITIONS = workflow.TRANSITIONS

    registry = models.ForeignKey(
        Registry, verbose_name=_("diarium"), on_delete=models.PROTECT, related_name="cases"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    sequence = models.PositiveIntegerField(_("löpnummer"))
    kind = models.CharField(
        _("ärendetyp"), max_length=20, choices=Kind.choices, default=Kind.MOTION
    )
    title = models.CharField(_("ärendemening"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=workflow.Status.choices,
        default=workflow.Status.REGISTERED,
    )
    registered_on = models.DateField(_("registrerat"), default=timezone.localdate)
    rotel = models.ForeignKey(
        Rotel,
        verbose_name=_("rotel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handläggare"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_cases",
        help_text=_("Den som ansvarar för ärendets beredning."),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["-year", "-sequence"]
        indexes = [
            models.Index(fields=["-year", "-sequence"], name="casework_case_newest_idx"),
            models.Index(fields=["status", "year"], name="casework_case_status_year_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registry", "year", "sequence"], name="casework_case_dnr_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in workflow.Status]),
                name="casework_case_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CaseKind.values), name="casework_case_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.dnr} {self.title}"

    def get_absolute_url(self):
        return reverse("case_detail", args=[self.slug])

    @property
    def dnr(self) -> str:
        return f"{self.registry.prefix} {self.year}/{self.sequence}"

    @property
    def slug(self) -> str:
        """The dnr as it stands in a URL: KS-2023-1387."""
        return f"{self.registry.prefix}-{self.year}-{self.sequence}"

    @property
    def is_open(self) -> bool:
        return self.status not in workflow.CLOSED

    @property
    def allowed_next(self) -> list:
        return [workflow.Status(s) for s in workflow.TRANSITIONS[self.status]]

    def transition_to(self, status: str, *, by=None, note: str = "") -> "CaseEvent":
        """Move the case on in its workflow; refuses a move the table or a guard does not allow."""
        status = workflow.Status(status)
        if status not in workflow.TRANSITIONS[self.status]:
            raise ValidationError(
                _("Ärendet kan inte gå från ”%(from)s” till ”%(to)s”."),
                params={"from": self.get_status_display(), "to": status.label},
                code="forbidden_transition",
            )
        problems = workflow.check_guards(self, status)
        if problems:
            raise ValidationError(problems, code="guard")
        event = CaseEvent.objects.create(
            case=self, from_status=self.status, to_status=status, by=by, note=note
        )
        self.status = status
        self.save(update_fields=["status"])
        return event

    transition_to.alters_data = True

    def next_document_number(self) -> int:
        last = self.documents.aggregate(models.Max("number"))["number__max"]
        return (last or 0) + 1


class CaseEvent(models.Model):
    """Append-only: one row per workflow move."""

    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    from_status = models.CharField(
        _("från"), max_length=30, choices=workflow.Status.choices, blank=True
    )
    to_status = models.CharField(_("till"), max_length=30, choices=workflow.Status.choices)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["case", "at", "id"]

    def __str__(self):
        return f"{self.case.dnr}: {self.get_from_status_display()} → {self.get_to_status_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Händelseloggen kan inte ändras."))
        super().save(*args, **kwargs)


class DocumentKind(models.TextChoices):
    MOTION = "motion", _("motion")
    REFERRAL = "remiss", _("remiss")
    REFERRAL_ANSWER = "remissvar", _("remissvar")
    REPORT = "tjansteutlatande", _("tjänsteutlåtande")
    UTLATANDE = "utlatande", _("utlåtande")
    MINUTES = "protokollsutdrag", _("protokollsutdrag")
    OTHER = "ovrigt", _("övrigt")


class CaseSearchIndex(models.Model):
    """The case's words for Swedish full-text search, kept beside the case so lists stay lean.

    Filled on PostgreSQL only (its GIN index is made by migration 0005); SQLite searches by LIKE.
    """

    case = models.OneToOneField(
        Case, verbose_name=_("ärende"), on_delete=models.CASCADE, primary_key=True, related_name="search_index"
    )
    vector = SearchVectorField(_("sökvektor"), null=True)

    class Meta:
        verbose_name = _("sökindex")
        verbose_name_plural = _("sökindex")

    def __str__(self):
        return str(self.case_id)


class Document(models.Model):
    """A handling registered on a case: an entry in the diarium, numbered -1, -2, …"""

    Kind = DocumentKind

    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), on_delete=models.PROTECT, related_name="documents"
    )
    number = models.PositiveIntegerField(_("nummer"))
    dated = models.DateField(_("datum"))
    kind = models.CharField(_("handlingstyp"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    counterpart = models.CharField(
        _("avsändare/mottagare"),
        max_length=200,
        blank=True,
        help_text=_("Vem handlingen kom från eller gick till."),
    )
    file = models.FileField(_("fil"), upload_to="handlingar/%Y/", blank=True)
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Filens kontrollsumma."),
    )
    secrecy_provision = models.CharField(
        _("sekretessbestämmelse"),
        max_length=100,
        blank=True,
        help_text=_("T.ex. OSL 26 kap. 1 §. Tomt om handlingen är offentlig."),
    )
    secrecy_marked_on = models.DateField(_("sekretessmarkerad"), null=True, blank=True)

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "number"], name="casework_document_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="casework_document_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(secrecy_provision="") | Q(secrecy_marked_on__isnull=False),
                name="casework_document_secrecy_dated",
            ),
        ]

    def __str__(self):
        return f"{self.dnr} {self.title}"

    def clean(self):
        if self.secrecy_provision and not self.secrecy_marked_on:
            raise ValidationError(
                {"secrecy_marked_on": _("Ange när sekretessmarkeringen gjordes.")}
            )

    @property
    def dnr(self) -> str:
        return f"{self.case.dnr}-{self.number}"

    @property
    def is_secret(self) -> bool:
        return bool(self.secrecy_provision)


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
