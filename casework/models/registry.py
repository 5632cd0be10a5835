"""The registry (diarium): cases with their dnr and workflow log, and documents."""

import datetime
import hashlib
import logging
import re

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import kinds, workflow
from casework.dnr import dnr_read
from casework.models.fields import AppendOnly, choice_label
from casework.models.people import Body
from casework.models.profile import ChainStep, Classification, Municipality
from casework.search import fold, folded_match
from casework.uploads import document_path

logger = logging.getLogger(__name__)

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


# The one rule for how long a löpnummer is: a dnr is read back (from an address, a search box)
# with at most this many digits, and no case is registered with a longer one (Case.clean).
SEQUENCE_DIGITS = 9
SEQUENCE_MAX = 10**SEQUENCE_DIGITS - 1
SEQUENCE_RE = rf"\d{{1,{SEQUENCE_DIGITS}}}"

DNR_PATTERN = re.compile(
    r"^(?P<prefix>[A-ZÅÄÖ]{1,10})[ -](?P<year>\d{4})[/-](?P<sequence>" + SEQUENCE_RE + ")$"
    r"|^(?P<year2>\d{4})/(?P<prefix2>[A-ZÅÄÖ]{1,10}) (?P<sequence2>"
    + SEQUENCE_RE
    + r")(?: [0-9A-ZÅÄÖ.]{1,20})?$"
)


def parse_dnr(text: str) -> tuple[str, int, int]:
    """A registry number as the profile's pattern writes it (casework.dnr), or in either common
    style whatever the profile prints:
    'KS 2023/1387' (or 'KS-2023-1387', as in URLs) -> ('KS', 2023, 1387);
    '2022/KS 0247' or '2021/KS 0033 001' (with a classification code) -> ('KS', 2022, 247)."""
    read = dnr_read(Municipality.current().dnr_pattern, text)
    if read is not None:
        return read
    match = DNR_PATTERN.match(" ".join(text.split()).upper())
    if not match:
        raise ValidationError(
            _(
                "Diarienumret ”%(dnr)s” har inte formen PREFIX ÅÅÅÅ/NNNN (KS 2023/1387) "
                "eller ÅÅÅÅ/PREFIX NNNN (2022/KS 0247)."
            ),
            params={"dnr": text},
            code="invalid_dnr",
        )
    if match["prefix"]:
        return match["prefix"], int(match["year"]), int(match["sequence"])
    return match["prefix2"], int(match["year2"]), int(match["sequence2"])


def dnr_lookup(text: str, path: str = "") -> dict:
    """Filter arguments finding the case with that dnr, from a model related to cases by `path`."""
    prefix, year, sequence = parse_dnr(text)
    return {f"{path}registry__prefix": prefix, f"{path}year": year, f"{path}sequence": sequence}


SEARCH_CONFIG = {"config": "swedish", "search_type": "websearch"}


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=workflow.CLOSED)

    def search(self, query: str, *, fields: list[str], many: bool = False):
        """Swedish full-text search on PostgreSQL ("återvandringen" finds "återvandring");
        a contains-match over `fields` elsewhere. Both ignore case and diacritics ("wanngard"
        finds "Wanngård"): the index holds its words folded (casework.search.fold) and the
        words typed are folded the same way; an index stored before folding is matched by the
        words as typed until the case is indexed again. The text of the case's public documents'
        files is searched too (`DocumentText`)."""
        texts = apps.get_model("casework", "DocumentText")  # its module imports this one
        if connection.vendor == "postgresql":
            # Two plans, each quick where the other is slow (bench/pages.py, 100,000 cases):
            # the hits (a UNION of both indexes') each looked up among the cases, for a word
            # found a few hundred times or not at all (counting: 21 ms to 8; no hit: 81 ms to
            # 0.1); and for `many` hits (over a thousand), each index's hits looked up in a hash
            # as the list walks the cases in its order, which finds a page of a common word
            # soonest (8 ms where the UNION's hits, all sorted, take 58).
            in_words = CaseSearchIndex.objects.filter(
                Q(vector=SearchQuery(fold(query), **SEARCH_CONFIG))
                | Q(vector=SearchQuery(query, **SEARCH_CONFIG))
            ).values("case_id")
            in_documents = texts.objects.public().matching(query).values("document__case_id")
            if many:
                return self.filter(Q(pk__in=in_words) | Q(pk__in=in_documents))
            return self.filter(pk__in=in_words.union(in_documents))
        in_documents = Q(  # the words of its public documents' files
            Exists(texts.objects.public().matching(query).filter(document__case=OuterRef("pk")))
        )
        return self.filter(folded_match(fields, query) | in_documents).distinct()

    def by_dnr(self, text: str):
        return self.filter(**dnr_lookup(text))

    def awaiting_justering(self, at: datetime.datetime):
        """The cases a meeting decided in whose minutes are not justerade at `at`."""
        return self.filter(models.Exists(_meetings_awaiting_justering(models.OuterRef("pk"), at)))

    def with_justering(self, at: datetime.datetime):
        """Each case marked `awaiting_justering` (read by Case.awaits_justering): the minutes of
        the meeting of its latest decision are not justerade at `at`; so a list says which
        decided cases wait for the minutes of the decision that closed them without a query per
        row."""
        Meeting = apps.get_model("casework", "Meeting")  # defined after Case, which it refers to
        Decision = apps.get_model("casework", "Decision")
        latest = Decision.objects.filter(case=models.OuterRef("pk")).order_by(
            "-meeting__date", "-id"
        )
        return self.annotate(
            latest_decision_meeting=models.Subquery(latest.values("meeting")[:1])
        ).annotate(
            awaiting_justering=models.Exists(
                Meeting.objects.filter(
                    Meeting.decisions_await_justering(at),
                    pk=models.OuterRef("latest_decision_meeting"),
                )
            )
        )


def _meetings_awaiting_justering(case, at: datetime.datetime):
    Meeting = apps.get_model("casework", "Meeting")  # defined after Case, which it refers to

    return Meeting.objects.filter(Meeting.decisions_await_justering(at), decisions__case=case)


class Case(models.Model):
    """An ärende: the unit of tracking, with one diarienummer."""

    CASE_LOOKUP = "pk"  # from Case to this row: which case a change touches

    registry = models.ForeignKey(
        Registry, verbose_name=_("diarium"), on_delete=models.PROTECT, related_name="cases"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    sequence = models.PositiveIntegerField(_("löpnummer"))
    kind = models.CharField(_("ärendetyp"), max_length=20, choices=kinds.case_kind_choices)
    title = models.CharField(_("ärendemening"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=workflow.Status.choices,
        default=workflow.Status.REGISTERED,
    )
    registered_on = models.DateField(_("registrerat"), default=timezone.localdate)
    classification = models.ForeignKey(
        Classification,
        verbose_name=_("klassificering"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    step = models.ForeignKey(
        ChainStep,
        verbose_name=_("ligger hos"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Steget i beslutsgången ärendet väntar på."),
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
    changed_at = models.DateTimeField(
        _("senast ändrat"),
        default=timezone.now,
        editable=False,
        db_index=True,
        help_text=_("När något av ärendets uppgifter senast ändrades; sidornas cache följer den."),
    )
    registration_key = models.UUIDField(
        _("registreringsnyckel"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Registreringsformulärets engångsnyckel: samma formulär skickat två gånger ger ett ärende."
        ),
    )

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["changed_at"])

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["-year", "-sequence"]
        indexes = [
            models.Index(fields=["-year", "-sequence"], name="casework_case_newest_idx"),
            models.Index(fields=["status", "year"], name="casework_case_status_year_idx"),
            # The statistics join cases by id for their kind and status: read from this narrow
            # index alone (PostgreSQL's index-only scan), not from the wide rows.
            models.Index(
                fields=["id"], include=["kind", "status"], name="casework_case_kind_status_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registry", "year", "sequence"], name="casework_case_dnr_unique"
            ),
            models.UniqueConstraint(
                fields=["registration_key"], name="casework_case_registration_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in workflow.Status]),
                name="casework_case_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.dnr} {self.title}"

    def get_absolute_url(self):
        return reverse("case_detail", args=[self.slug])

    def clean(self):
        if self.sequence is not None and self.sequence > SEQUENCE_MAX and self.registry_id:
            dnr = Municipality.current().format_dnr(self.registry.prefix, self.year, self.sequence)
            raise ValidationError(
                _(
                    "%(dnr)s kan inte bli ett diarienummer: löpnumret har högst %(digits)s siffror. "
                    "Ärendet är inte registrerat."
                ),
                params={"dnr": dnr, "digits": SEQUENCE_DIGITS},
                code="sequence_too_long",
            )

    @property
    def dnr(self) -> str:
        """As the municipality's profile writes it: 'KS 2023/1387', '2022/KS 0247'."""
        profile = Municipality.current()
        shown = profile.dnr_shows_classification and self.classification_id
        return profile.format_dnr(
            self.registry.prefix,
            self.year,
            self.sequence,
            self.classification.code if shown else "",
        )

    def get_kind_display(self) -> str:
        return kinds.case_kind_label(self.kind)

    def get_status_display(self) -> str:
        return choice_label(workflow.Status, self.status)

    @property
    def stage(self) -> str:
        """The status as the case page says it: 'hos kommunstyrelsen' in the decision chain;
        'avgjord (protokollet ej justerat)' while the decision that closed the case is not yet
        final. The earlier steps' minutes do not count: a preparatory body's endorsement keeps
        no justering of its own, and a later body's decision has taken its place."""
        if self.status == workflow.Status.IN_DECISION and self.step_id:
            return f"hos {self.step.body.in_running_text}"
        if self.status in workflow.CLOSED_BY_DECISION and self.awaits_justering:
            return f"{self.get_status_display()} (protokollet ej justerat)"
        return self.get_status_display()

    @property
    def awaits_justering(self) -> bool:
        """The minutes of the meeting of the case's latest decision are not yet justerade: that
        decision is not final (KL 5 kap. 69 §)."""
        annotated = getattr(self, "awaiting_justering", None)  # CaseQuerySet.with_justering
        if annotated is not None:
            return annotated
        latest = (
            self.decisions.prefetch_related(None)  # not what a page prefetched with its decisions
            .select_related("meeting")
            .order_by("-meeting__date", "-id")
            .first()
        )
        return latest is not None and not latest.meeting.is_justerad(timezone.now())

    def meetings_awaiting_justering(self, at: datetime.datetime | None = None):
        """The meetings that decided in the case whose minutes are not justerade at `at` (now):
        KL 5 kap. 69 §, until they are, what was decided there is not final."""
        return _meetings_awaiting_justering(self, at or timezone.now()).select_related("body")

    def chain(self):
        """The steps of the decision chain for this kind of case, in order."""
        return ChainStep.chain(self.kind)

    def latest_event_at(self) -> datetime.datetime | None:
        """When the latest thing that happened in the case happened (its timeline's last step)."""
        return self.events.order_by("-at", "-id").values_list("at", flat=True).first()

    def current_on(self) -> datetime.date:
        """The day the case stands at: today for a case in progress, and for a case entered
        afterwards the day of its latest step, so that what is proposed for its next step (the
        rapporteur, say) is who held the post then."""
        latest = self.latest_event_at()
        return timezone.localdate(latest) if latest else timezone.localdate()

    def moment_of(self, day: datetime.date) -> datetime.datetime:
        """The moment a step dated only by its day is logged at: now if it is today; otherwise
        8 o'clock that day, or just after the case's latest event if that was later the same day,
        so that the timeline keeps the order in which what happened is entered. A step entered
        afterwards cannot be dated before the case's latest event."""
        if day >= timezone.localdate():
            return timezone.now()
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
        latest = self.latest_event_at()
        if latest is None:
            return moment
        if day < timezone.localdate(latest):
            raise ValidationError(
                _(
                    "Ärendets senaste händelse är från den %(latest)s; det som hände därefter kan "
                    "inte dateras före den dagen."
                ),
                params={"latest": f"{timezone.localdate(latest):%Y-%m-%d}"},
                code="before_latest_event",
            )
        return max(moment, latest + datetime.timedelta(seconds=1))

    def refuse_unless_at(self, body: Body) -> None:
        """Only the body of the step the case is at decides it now."""
        if self.status != workflow.Status.IN_DECISION or self.step is None:
            raise ValidationError(_("Ärendet ligger inte i beslutsgången."))
        if self.step.body_id != body.pk:
            raise ValidationError(
                _("Ärendet ligger hos %(here)s, inte hos %(there)s."),
                params={"here": self.step.body.in_running_text, "there": body.in_running_text},
            )

    def next_step(self) -> ChainStep | None:
        """The step the case goes to next: the first, or the one after where it is."""
        chain = self.chain()
        if self.step_id:
            chain = chain.filter(position__gt=self.step.position)
        return chain.first()

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

    def decided_at(self, step: ChainStep) -> bool:
        """Whether the step's body has decided the case since it last came back (återremiss):
        a decision before the case was sent back no longer counts."""
        decisions = self.decisions.filter(step__isnull=False)
        last_return = decisions.filter(sends_back=True).order_by("-pk").first()
        if last_return is not None:
            decisions = decisions.filter(pk__gt=last_return.pk)
        return decisions.filter(step=step, sends_back=False).exists()

    def transition_to(
        self,
        status: str,
        *,
        by=None,
        note: str = "",
        at: datetime.datetime | None = None,
        step: ChainStep | None = None,
    ) -> "CaseEvent":
        """Move the case on in its workflow; refuses a move the table or a guard does not allow.

        The case row is locked and its status read afresh, so of two parallel moves one wins
        and the other is refused; the event and the status are written together or not at all.
        """
        with transaction.atomic():
            self.status, self.step_id = (
                Case.objects.select_for_update().values_list("status", "step").get(pk=self.pk)
            )
            return self._transition(status, by=by, note=note, at=at or timezone.now(), back_to=step)

    transition_to.alters_data = True

    def take_over_state(
        self, status: str, *, step: ChainStep | None = None, by=None
    ) -> "CaseEvent":
        """A case imported from another diarium comes in the state it has there: one event from
        registered to that state, on the day of registration, without the workflow's steps or
        guards (their history is in the other diarium, not here)."""
        if self.status != workflow.Status.REGISTERED or self.events.count() != 1:
            raise ValidationError(
                _("Bara ett nyss inläst ärende tar över läget från ett annat diarium.")
            )
        if (status == workflow.Status.IN_DECISION) != (step is not None):
            raise ValidationError(_("Ett ärende i beslutsgången ligger hos ett av dess organ."))
        event = CaseEvent.objects.create(
            case=self,
            at=self.moment_of(self.registered_on),
            by=by,
            from_status=self.status,
            to_status=status,
            note=_("Läget enligt det tidigare diariet."),
        )
        self.status, self.step = status, step
        self.save(update_fields=["status", "step"])
        return event

    take_over_state.alters_data = True

    def _transition(
        self, status: str, *, by, note: str, at: datetime.datetime, back_to: ChainStep | None = None
    ) -> "CaseEvent":
        status = workflow.Status(status)
        if status not in workflow.TRANSITIONS[self.status]:
            raise ValidationError(
                _("Ärendet kan inte gå från ”%(from)s” till ”%(to)s”."),
                params={"from": self.get_status_display(), "to": status.label},
                code="forbidden_transition",
            )
        if back_to is not None or (status == workflow.Status.IN_PREPARATION and self.step_id):
            problems = self._return_problems(back_to)  # återremiss: the guards look forward
        else:
            problems = [*self._chain_problems(status), *workflow.check_guards(self, status)]
        if problems:
            raise ValidationError(problems, code="guard")
        step = None
        if status == workflow.Status.IN_DECISION and back_to is not None:
            step = back_to
        elif status == workflow.Status.IN_DECISION:
            step = self.next_step()
            if step is None:
                raise ValidationError(
                    _("Beslutsgången för %(kind)s har inget %(which)s steg."),
                    params={
                        "kind": self.get_kind_display(),
                        "which": _("nästa") if self.step_id else _("första"),
                    },
                    code="no_step",
                )
            if not note:
                note = f"Till {step.body.in_running_text}."
        event = CaseEvent.objects.create(
            case=self, from_status=self.status, to_status=status, by=by, note=note, at=at
        )
        self.status = status
        self.step = step
        self.save(update_fields=["status", "step"])
        return event

    _transition.alters_data = True

    def _chain_problems(self, status: str) -> list[str]:
        """In the decision chain a case leaves a step once that body has decided, or, for a
        step that may be skipped, without; it is decided only by the chain's last step."""
        if self.status != workflow.Status.IN_DECISION or status in (
            workflow.Status.WITHDRAWN,
            workflow.Status.WRITTEN_OFF,
        ):
            return []
        step = self.step
        decided = self.decided_at(step)
        if status == workflow.Status.DECIDED and (not decided or not step.is_last):
            return [_("Ärendet avgörs genom beslut i beslutsgångens sista steg.")]
        if status == workflow.Status.IN_DECISION and not (decided or step.optional):
            return [_("%(body)s har inte beslutat i ärendet.") % {"body": step.body.name}]
        return []

    def _return_problems(self, back_to: ChainStep | None) -> list[str]:
        """Återremiss: the case goes back from the step it is at, to an earlier step of its chain
        or to the office's preparation; the step's body has sent it back."""
        if self.status != workflow.Status.IN_DECISION or self.step_id is None:
            return [_("Bara ett ärende i beslutsgången kan återremitteras.")]
        if back_to is not None and (
            back_to.case_kind != self.kind or back_to.position >= self.step.position
        ):
            return [_("Ärendet kan bara återremitteras till ett tidigare steg i beslutsgången.")]
        return []

    def next_document_number(self) -> int:
        last = self.documents.aggregate(models.Max("number"))["number__max"]
        return (last or 0) + 1


class CaseEvent(AppendOnly):
    """Append-only: one row per workflow move."""

    CASE_LOOKUP = "events"  # from Case to this row: which case a change touches

    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, help_text=_("När det hände."))
    recorded_at = models.DateTimeField(
        _("registrerat i systemet"),
        default=timezone.now,
        editable=False,
        help_text=_(
            "När händelsen fördes in; senare än tidpunkten för det som förs in i efterhand."
        ),
    )
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

    def get_from_status_display(self) -> str:
        return choice_label(workflow.Status, self.from_status)

    def get_to_status_display(self) -> str:
        return choice_label(workflow.Status, self.to_status)

    @property
    def entered_afterwards(self) -> bool:
        """Entered on a later day than it happened: the timeline says when it was entered too."""
        return timezone.localdate(self.recorded_at) > timezone.localdate(self.at)


class ChangeCounter(models.Model):
    """One row per topic counting changes; cached pages are keyed by its value. The topic
    REFERENCE counts changes to the reference data shown beside cases; an app's cached figures
    that depend on some rows only have a topic of their own (`signals.register_topic`)."""

    REFERENCE = "referensdata"

    topic = models.SlugField(
        _("ämne"),
        max_length=40,
        default=REFERENCE,
        help_text=_("Vad räknaren räknar ändringar av."),
    )
    value = models.PositiveBigIntegerField(_("värde"), default=0)
    changed_at = models.DateTimeField(_("senast ändrat"), default=timezone.now)

    class Meta:
        verbose_name = _("ändringsräknare")
        verbose_name_plural = _("ändringsräknare")
        constraints = [
            models.UniqueConstraint(fields=["topic"], name="casework_changecounter_topic_unique")
        ]

    def __str__(self):
        return f"{self.topic}: {self.value}"

    @classmethod
    def current(cls, topic: str = REFERENCE) -> int:
        return cls.objects.filter(topic=topic).values_list("value", flat=True).first() or 0

    @classmethod
    def changed(cls, topic: str = REFERENCE) -> datetime.datetime | None:
        """When the topic's rows last changed (None: not since this database was made)."""
        return cls.objects.filter(topic=topic).values_list("changed_at", flat=True).first()

    @classmethod
    def bump(cls, topic: str = REFERENCE) -> None:
        now = timezone.now()
        if cls.objects.filter(topic=topic).update(value=models.F("value") + 1, changed_at=now):
            return
        _, created = cls.objects.get_or_create(
            topic=topic, defaults={"value": 1, "changed_at": now}
        )
        if not created:  # made by a parallel first bump: count this one too
            cls.objects.filter(topic=topic).update(value=models.F("value") + 1, changed_at=now)


class CaseSearchIndex(models.Model):
    """The case's words for Swedish full-text search, kept beside the case so lists stay lean.

    Filled on PostgreSQL only (its GIN index is made by migration 0005), its words folded
    (casework.search.fold); SQLite searches the fields themselves, folded.
    """

    case = models.OneToOneField(
        Case,
        verbose_name=_("ärende"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_index",
    )
    vector = SearchVectorField(_("sökvektor"), null=True)

    class Meta:
        verbose_name = _("sökindex")
        verbose_name_plural = _("sökindex")

    def __str__(self):
        return str(self.case_id)


class DocumentKind(models.TextChoices):
    """The kinds every case may have; the kinds of case add their own (`kinds`)."""

    REFERRAL = "remiss", _("remiss")
    REFERRAL_ANSWER = "remissvar", _("remissvar")
    REPORT = "tjansteutlatande", _("tjänsteutlåtande eller tjänsteskrivelse")
    MINUTES = "protokollsutdrag", _("protokollsutdrag")
    OTHER = "ovrigt", _("övrigt")


class DocumentDirection(models.TextChoices):
    """OSL 5 kap. 1 §: a document is registered as received (inkommen), drawn up (upprättad)
    here, or sent (utgående)."""

    INCOMING = "inkommen", _("inkommen")
    DRAWN_UP = "upprattad", _("upprättad")
    OUTGOING = "utgaende", _("utgående")


class DocumentQuerySet(models.QuerySet):
    def public(self) -> "DocumentQuerySet":
        """The documents whose title, sender and file anyone may read: those not under secrecy
        (`Document.is_secret`). Every document is listed in the diarium; this is the filter for
        whatever reads or searches a title, a sender or a file."""
        return self.filter(secrecy_provision="")

    def public_attachments(self) -> "DocumentQuerySet":
        """Public and not cancelled: what a public document (an utlåtande, the open data) may
        list as its attachment or offer as a file (`Document.is_public_attachment`)."""
        return self.public().filter(cancelled_at__isnull=True)


class Document(models.Model):
    """A handling registered on a case: an entry in the diarium, numbered -1, -2, …"""

    CASE_LOOKUP = "documents"  # from Case to this row: which case a change touches

    Kind = DocumentKind
    Direction = DocumentDirection

    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), on_delete=models.PROTECT, related_name="documents"
    )
    number = models.PositiveIntegerField(_("nummer"))
    dated = models.DateField(_("datum"))
    registered_on = models.DateField(
        _("registrerad"),
        default=timezone.localdate,
        help_text=_(
            "Dagen då handlingen registrerades i diariet; postlistan är per registreringsdag."
        ),
    )
    kind = models.CharField(_("handlingstyp"), max_length=20, choices=kinds.document_kind_choices)
    direction = models.CharField(
        _("riktning"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.INCOMING,
        help_text=_("Inkommen till kommunen, upprättad här eller utgående."),
    )
    title = models.CharField(_("rubrik"), max_length=300)
    counterpart = models.CharField(
        _("avsändare/mottagare"),
        max_length=200,
        blank=True,
        help_text=_("Vem handlingen kom från eller gick till."),
    )
    file = models.FileField(_("fil"), upload_to=document_path, blank=True)
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
    cancelled_at = models.DateTimeField(
        _("makulerad"),
        null=True,
        blank=True,
        help_text=_("En handling tas aldrig bort; den makuleras."),
    )
    cancel_reason = models.CharField(_("skäl till makulering"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        ordering = ["case", "number"]
        indexes = [  # the diarium, newest first, and the postlista per day
            models.Index(fields=["-registered_on", "-id"], name="casework_document_registered"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "number"], name="casework_document_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=DocumentDirection.values),
                name="casework_document_direction_valid",
            ),
            models.CheckConstraint(
                condition=Q(secrecy_provision="") | Q(secrecy_marked_on__isnull=False),
                name="casework_document_secrecy_dated",
            ),
        ]

    def __str__(self):
        return f"{self.dnr} {self.title}"

    def get_kind_display(self) -> str:
        return kinds.document_kind_label(self.kind)

    def get_direction_display(self) -> str:
        return choice_label(DocumentDirection, self.direction)

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
        """Offentlighets- och sekretesslagen (2009:400) 5 kap. 2 §: a secret document is still
        registered, and the register shows its date and diarienummer, but the sender and what
        the document is about are left out where they would reveal what is secret; 5 kap. 5 §:
        its secrecy marking names the provision. So the public sees a secret document by its
        number, its dates, its kind and direction and its provision (`public_title`), never by
        its title, its sender (`public_counterpart`) or its file (`Document.objects.public()`).
        Clerks, who work under the secrecy, see it whole."""
        return bool(self.secrecy_provision)

    @property
    def public_title(self) -> str:
        """The title as the public reads it: for a secret document its provision in its place,
        "Sekretess enligt OSL 26 kap. 1 §" (`is_secret`)."""
        return f"Sekretess enligt {self.secrecy_provision}" if self.is_secret else self.title

    @property
    def public_counterpart(self) -> str:
        """The sender or receiver as the public reads it: none for a secret document
        (`is_secret`)."""
        return "" if self.is_secret else self.counterpart

    @property
    def is_public_attachment(self) -> bool:
        """May be listed in a public document: neither secret nor cancelled
        (`Document.objects.public_attachments()`)."""
        return not self.is_secret and self.cancelled_at is None

    def read_verified(self) -> bytes:
        """The stored file's bytes, if they are the ones registered (SHA-256); otherwise the
        damage is logged and DamagedFile raised: a changed or lost record is never served."""
        try:
            with self.file.open("rb") as stored:
                content = stored.read()
        except (OSError, ValueError) as error:
            logger.error(
                "Handlingen %s: filen %s kan inte läsas (%s).", self.dnr, self.file.name, error
            )
            raise DamagedFile(self) from None
        if hashlib.sha256(content).hexdigest() != self.sha256:
            logger.error(
                "Handlingen %s: filen %s stämmer inte med sin SHA-256.", self.dnr, self.file.name
            )
            raise DamagedFile(self)
        return content


class DamagedFile(Exception):
    """A registered document's file is missing or no longer the one registered."""

    def __init__(self, document: Document):
        super().__init__(f"Filen till handlingen {document.dnr} saknas eller har ändrats.")
        self.document = document
