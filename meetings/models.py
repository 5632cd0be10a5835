"""A meeting as it runs: the agenda (föredragningslista), each item's paragraph (§) with its
yrkanden, the chair's proposition and any votering, the justering of the minutes, and the
extracts sent (expediering). The meeting itself, its decisions and the reservations on them are
the core's (casework.models.meetings)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.models import Case, Decision, Document, Meeting, Person, items_field
from casework.models.fields import AppendOnly
from casework.text import genitive


class AgendaItem(models.Model):
    """An item of the föredragningslista; at the meeting, a paragraph of the minutes."""

    CASE_LOOKUP = "agenda_items"  # from Case to this row: which case a change touches
    MEETING_LOOKUP = "agenda_items"

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("sammanträde"),
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("nummer på föredragningslistan"))
    number = models.PositiveIntegerField(
        _("paragraf"), null=True, blank=True, help_text=_("Löpande per organ och år.")
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    title = models.CharField(_("rubrik"), max_length=300)
    matter = models.CharField(
        _("slag av ärende"),
        max_length=30,
        blank=True,
        editable=False,
        help_text=_("Tomt för ärendets steg i beslutsgången; annars t.ex. ”remissvar”."),
    )
    proposed_by = models.CharField(
        _("förslag från"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. ”Arbetsutskottets förslag”."),
    )
    proposal = items_field(_("förslag till beslut"))
    preceding = items_field(
        _("föregående organs beslut"), _("Det beredande organets beslut, som dess förslag.")
    )
    earlier = models.CharField(
        _("tidigare behandling"),
        max_length=300,
        blank=True,
        help_text=_("T.ex. ”Bordlagt 2026-03-10 § 37. Kommunledningsutskottet 2026-02-18 § 12.”"),
    )
    added_late = models.BooleanField(
        _("tillagd efter kallelsen"),
        default=False,
        editable=False,
        help_text=_("Punkten lades till efter att kallelsen skickades."),
    )
    recused = models.ManyToManyField(
        Person,
        verbose_name=_("jäv"),
        blank=True,
        related_name="agenda_items_recused",
        help_text=_("Tjänstgörande som anmälde jäv och inte deltog i ärendet."),
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("beslut i ärendet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_item",
    )
    att_satser = items_field(
        _("beslut"), _("Beslutet i en punkt utan ärende (ärendets eget beslut annars).")
    )
    outcome = models.CharField(_("utfall"), max_length=20, blank=True)
    winner = models.ForeignKey(
        "Yrkande",
        verbose_name=_("bifallet yrkande"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beslutat"), null=True, blank=True, editable=False)
    minority = models.BooleanField(
        _("på minoritetens begäran"),
        default=False,
        editable=False,
        help_text=_(
            "Återremitterad eller bordlagd för att minst en tredjedel av de närvarande begärde det."
        ),
    )
    postponed = models.BooleanField(
        _("bordlagt"),
        default=False,
        editable=False,
        help_text=_("Inget beslut i sak; ärendet kan tas upp igen."),
    )
    extract = models.OneToOneField(
        Document,
        verbose_name=_("protokollsutdrag"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="agenda_item",
        help_text=_("Registrerat på ärendet när paragrafen första gången expedieras."),
    )
    taken_up_at = models.DateTimeField(
        _("upptagen"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("När ordföranden tog upp paragrafen på sammanträdet."),
    )
    speakers_closed_at = models.DateTimeField(
        _("talarlistan stängd"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("punkt på föredragningslistan")
        verbose_name_plural = _("punkter på föredragningslistan")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="meetings_agendaitem_position_unique"
            ),
            models.UniqueConstraint(
                fields=["meeting", "number"], name="meetings_agendaitem_number_unique"
            ),
            models.UniqueConstraint(
                fields=["meeting", "case"],
                condition=Q(case__isnull=False),
                name="meetings_agendaitem_case_unique",
            ),
        ]

    def __str__(self):
        return f"§ {self.number} {self.title}" if self.number else f"{self.position}. {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:item", args=[self.meeting_id, self.pk])

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    @property
    def sent_back(self) -> bool:
        return bool(self.decision_id and self.decision.sends_back)

    @property
    def decided_items(self) -> list[str]:
        return self.decision.items if self.decision_id else self.att_satser

    @property
    def matter_yrkanden(self) -> list["Yrkande"]:
        return [p for p in self.yrkanden.all() if not p.is_procedural]

    @property
    def procedural_yrkanden(self) -> list["Yrkande"]:
        return [p for p in self.yrkanden.all() if p.is_procedural]

    @property
    def vote(self) -> "Vote | None":
        """The main votering, if there was one (reads prefetched `votes`)."""
        return next((v for v in self.votes.all() if v.stage == Vote.Stage.MAIN), None)

    @property
    def counter_vote(self) -> "Vote | None":
        return next((v for v in self.votes.all() if v.stage == Vote.Stage.COUNTER), None)

    def serving(self) -> list[Person]:
        """Who took part in this paragraph: those serving at the meeting, less any with jäv."""
        recused = {p.pk for p in self.recused.all()}
        return [p for p in self.meeting.serving_members() if p.pk not in recused]


class Yrkande(models.Model):
    """A yrkande: who moved what at the paragraph, who supported it, and the decision it asks for."""

    CASE_LOOKUP = "agenda_items__yrkanden"
    MEETING_LOOKUP = "agenda_items__yrkanden"
    REJECTED = "Förslaget avslås."  # an avslag's one att-sats

    class Kind(models.TextChoices):
        MATTER = "sak", _("i sak")
        SEND_BACK = "aterremiss", _("återremiss")
        POSTPONE = "bordlaggning", _("bordläggning")

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("paragraf"), on_delete=models.CASCADE, related_name="yrkanden"
    )
    kind = models.CharField(
        _("slag av yrkande"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.MATTER,
        help_text=_("Ett yrkande om återremiss eller bordläggning avgörs före frågan i sak."),
    )
    position = models.PositiveSmallIntegerField(_("ordning"))
    mover = models.ForeignKey(
        Person,
        verbose_name=_("yrkande av"),
        on_delete=models.PROTECT,
        related_name="yrkanden_moved",
    )
    supporters = models.ManyToManyField(
        Person, verbose_name=_("instämmer"), blank=True, related_name="yrkanden_supported"
    )
    text = models.CharField(
        _("yrkande"), max_length=500, help_text=_("T.ex. ”bifall till motionen”.")
    )
    items = items_field(_("beslut om yrkandet bifalls"))
    amends = models.JSONField(
        _("ändrar att-satser"),
        default=list,
        blank=True,
        help_text=_("Ett ändringsyrkandes nummer på de att-satser i förslaget som det ändrar."),
    )

    # The instämmanden too: one given and one taken back are both in the history.
    history = HistoricalRecords(m2m_fields=[supporters])

    class Meta:
        verbose_name = _("yrkande")
        verbose_name_plural = _("yrkanden")
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "position"], name="meetings_proposal_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["sak", "aterremiss", "bordlaggning"]),
                name="meetings_proposal_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.mover.full_name}: {self.text}"

    @property
    def label(self) -> str:
        """'Anna Eks (S) yrkande', as the minutes name it in the propositionsordning."""
        name = genitive(self.mover.full_name)
        party = self.mover.party_letters_on(self.item.meeting.date)
        return f"{name} ({party}) yrkande" if party else f"{name} yrkande"

    @property
    def is_procedural(self) -> bool:
        return self.kind != self.Kind.MATTER

    @property
    def own_items(self) -> list[str]:
        """The att-satser of an eget yrkande, shown with it on the live pages: not those of a
        bifall (the proposal's, shown above it), an avslag's one line, or an ändringsyrkande's
        (its sentence words the changes)."""
        if self.is_procedural or self.amends or self.items == list(self.item.proposal):
            return []
        return [] if self.items == [self.REJECTED] else list(self.items)

    def requesters(self) -> int:
        """How many ask for it: the mover and those who support it."""
        return 1 + len(self.supporters.all())

    def sentence(self) -> str:
        """'Anna Ek (S) yrkar bifall till motionen. Bo Ås (M) instämmer.'"""
        date = self.item.meeting.date
        sentence = f"{self.mover.name_with_party(date)} yrkar {self.text.rstrip('.')}."
        supporters = [p.name_with_party(date) for p in self.supporters.all()]
        if supporters:
            sentence += f" {get_text_list(supporters, 'och')} instämmer."
        return sentence


class Vote(models.Model):
    """A votering by roll call between two proposals: Ja for one, Nej for the other. With three
    or more yrkanden a kontrapropositionsvotering may first pick, between two of them, the
    counter-proposal (motförslag) the main votering sets against the chair's main proposal."""

    class Stage(models.TextChoices):
        COUNTER = "kontraproposition", _("kontrapropositionsvotering")
        MAIN = "huvudvotering", _("huvudvotering")

    CASE_LOOKUP = "agenda_items__votes"
    MEETING_LOOKUP = "agenda_items__votes"
    ABSENT = "franvarande"  # a member's row in the voteringslista when marked frånvarande

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("paragraf"), on_delete=models.CASCADE, related_name="votes"
    )
    stage = models.CharField(_("slag"), max_length=20, choices=Stage.choices, default=Stage.MAIN)
    yes = models.ForeignKey(
        Yrkande, verbose_name=_("ja för"), on_delete=models.PROTECT, related_name="+"
    )
    no = models.ForeignKey(
        Yrkande, verbose_name=_("nej för"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        Person,
        verbose_name=_("begärd av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(
        _("öppnad"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("En elektronisk votering: när ordföranden öppnade den."),
    )
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True, editable=False)
    roll = models.ManyToManyField(
        Person,
        verbose_name=_("röstlängd"),
        blank=True,
        related_name="+",
        help_text=_("De som fick rösta, fastställt när voteringen öppnades."),
    )
    absent = models.ManyToManyField(
        Person,
        verbose_name=_("frånvarande"),
        blank=True,
        related_name="+",
        help_text=_(
            "De på röstlängden som lämnade salen under voteringen utan att rösta; "
            "voteringslistan visar dem som frånvarande."
        ),
    )

    # Who was marked frånvarande, and marked back, is in the history too.
    history = HistoricalRecords(m2m_fields=[absent])

    class Meta:
        verbose_name = _("votering")
        verbose_name_plural = _("voteringar")
        ordering = ["item", "-stage"]  # kontraproposition before huvudvotering
        constraints = [
            models.CheckConstraint(
                condition=~Q(yes=models.F("no")), name="meetings_vote_two_proposals"
            ),
            models.UniqueConstraint(fields=["item", "stage"], name="meetings_vote_one_per_stage"),
            models.CheckConstraint(
                condition=Q(stage__in=["kontraproposition", "huvudvotering"]),
                name="meetings_vote_stage_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display().capitalize()}, {self.item}"

    @property
    def is_open(self) -> bool:
        """An electronic votering the members may still vote in."""
        return self.opened_at is not None and self.closed_at is None

    def count(self) -> dict[str, int]:
        tally = dict.fromkeys(Ballot.Choice.values, 0)
        for ballot in self.ballots.all():
            tally[ballot.choice] += 1
        return tally

    @property
    def carried(self) -> "Yrkande":
        """The proposal the votering carried (reads prefetched ballots)."""
        ballots = {b.person_id: b.choice for b in self.ballots.all()}
        return carried_by(self.yes, self.no, ballots, chair_id=self.item.meeting.chair_id)

    @property
    def fallen(self) -> "Yrkande | None":
        """The proposal the votering did not carry: after a kontrapropositionsvotering, the
        yrkande that falls and is not put in the huvudvotering (reads prefetched ballots)."""
        carried = self.carried
        if carried is None:
            return None
        return self.no if carried == self.yes else self.yes

    def voteringslista(self) -> list[tuple[Person, str]]:
        """The voteringslista's rows: each member on the röstlängd with their choice, or ABSENT
        for one marked frånvarande, in the order of their names (reads prefetched ballots and
        absent)."""
        rows = [(b.person, b.choice) for b in self.ballots.all()]
        absent = [(p, self.ABSENT) for p in self.absent.all()]
        if not absent:
            return rows  # in the database's order of names, as the minutes always had it
        return sorted(
            rows + absent,
            key=lambda row: (row[0].last_name.casefold(), row[0].first_name.casefold()),
        )


def carried_by(yes: Yrkande, no: Yrkande, ballots: dict[int, str], *, chair_id: int | None):
    """The proposal a votering carried: the more of Ja and Nej; at a tie, the chair's vote, the
    chair's utslagsröst (KL 5 kap. 57 § for fullmäktige, 6 kap. 33 § for nämnder). None when the
    chair at a tie voted neither Ja nor Nej."""
    choices = list(ballots.values())
    if choices.count("ja") != choices.count("nej"):
        return yes if choices.count("ja") > choices.count("nej") else no
    return {"ja": yes, "nej": no}.get(ballots.get(chair_id))


class Ballot(models.Model):
    """One serving member's vote in a votering (the voteringslista's row). Not tracked for the
    page caches (no CASE_LOOKUP/MEETING_LOOKUP): an open votering's ballots are on no page kept by
    `changed_at`; closing the votering marks its meeting changed, and its case when it decides the
    paragraph (`meetings.live.vote_close`)."""

    class Choice(models.TextChoices):
        YES = "ja", _("Ja")
        NO = "nej", _("Nej")
        ABSTAIN = "avstar", _("Avstår")

    vote = models.ForeignKey(
        Vote, verbose_name=_("votering"), on_delete=models.CASCADE, related_name="ballots"
    )
    person = models.ForeignKey(Person, verbose_name=_("ledamot"), on_delete=models.PROTECT)
    choice = models.CharField(_("röst"), max_length=10, choices=Choice.choices)
    by_clerk = models.BooleanField(
        _("registrerad av sekreteraren"),
        default=False,
        help_text=_(
            "Rösten lades av sekreteraren för ledamoten, t.ex. när enheten inte fungerade."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        ordering = ["vote", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="meetings_ballot_unique"),
            models.CheckConstraint(
                condition=Q(choice__in=["ja", "nej", "avstar"]), name="meetings_ballot_choice_valid"
            ),
        ]

    def __str__(self):
        return f"{self.person.full_name}: {self.get_choice_display()}"

    @property
    def receipt(self) -> str:
        """What the member's device is told once the vote is stored (the page says for what)."""
        return f"Din röst är registrerad: {self.get_choice_display()}."


class SpeakerRequest(models.Model):
    """A serving member's request to speak on a paragraph (the talarlista's row): waiting in its
    place, speaking since `started_at`, done at `finished_at`."""

    MEETING_LOOKUP = "agenda_items__speakers"

    class Kind(models.TextChoices):
        SPEECH = "inlagg", _("inlägg")
        REPLY = "replik", _("replik")
        ORDER = "ordningsfraga", _("ordningsfråga")

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("paragraf"), on_delete=models.CASCADE, related_name="speakers"
    )
    person = models.ForeignKey(Person, verbose_name=_("talare"), on_delete=models.PROTECT)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices, default=Kind.SPEECH)
    reply_to = models.ForeignKey(
        Person,
        verbose_name=_("replik på"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("plats i talarlistan"))
    requested_at = models.DateTimeField(_("begärde ordet"))
    started_at = models.DateTimeField(_("fick ordet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        verbose_name = _("begäran om ordet")
        verbose_name_plural = _("begäran om ordet")
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(  # one waiting request of each kind: an inlägg and a replik
                fields=["item", "person", "kind"],
                condition=Q(finished_at__isnull=True),
                name="meetings_speakerrequest_one_waiting_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["inlagg", "replik", "ordningsfraga"]),
                name="meetings_speakerrequest_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="replik") | Q(reply_to__isnull=True),
                name="meetings_speakerrequest_reply_to_only_replik",
            ),
        ]

    def __str__(self):
        return f"{self.person.full_name}, {self.get_kind_display()} ({self.item})"

    @property
    def is_speaking(self) -> bool:
        return self.started_at is not None and self.finished_at is None


class Justering(AppendOnly):
    """The chair's or a justerare's justering of the minutes, given in their own session."""

    MEETING_LOOKUP = "justeringar"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("sammanträde"), on_delete=models.PROTECT, related_name="justeringar"
    )
    person = models.ForeignKey(Person, verbose_name=_("justerat av"), on_delete=models.PROTECT)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inloggad som"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    fingerprint = models.CharField(
        _("justerad version"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 av protokollets innehåll så som det var när det justerades."),
    )

    class Meta:
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        ordering = ["meeting", "at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "fingerprint"], name="meetings_approval_unique"
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.person.full_name} {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_void(self) -> bool:
        return hasattr(self, "voided")


class VoidedJustering(AppendOnly):
    """A justering that no longer holds: the minutes changed after it was given, so what was
    justerat is not what would be signed. The person justerar the new version, or not."""

    MEETING_LOOKUP = "justeringar__voided"

    justering = models.OneToOneField(
        Justering, verbose_name=_("justering"), on_delete=models.PROTECT, related_name="voided"
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    fingerprint = models.CharField(_("ny version"), max_length=64)

    class Meta:
        verbose_name = _("upphävd justering")
        verbose_name_plural = _("upphävda justeringar")
        ordering = ["justering", "at"]

    def __str__(self):
        return f"{self.justering} (upphävd {self.at:%Y-%m-%d %H:%M})"


class KallelseSent(AppendOnly):
    """The kallelse as it was sent: its printed PDF is made from this HTML, whatever the agenda
    becomes at the meeting (paragraph numbers, items added later)."""

    MEETING_LOOKUP = "kallelser"

    meeting = models.ForeignKey(  # sent again when the agenda changed before the meeting
        Meeting, verbose_name=_("sammanträde"), on_delete=models.PROTECT, related_name="kallelser"
    )
    html = models.TextField(_("HTML"))
    sent_at = models.DateTimeField(_("skickad"))

    class Meta:
        verbose_name = _("skickad kallelse")
        verbose_name_plural = _("skickade kallelser")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Kallelse {self.meeting}"


class ProtocolSigning(models.Model):
    """The minutes as they were justerade, waiting for the worker to print and sign them (or
    failed at it, to be tried again). The HTML is fixed at the last approval: a correction made
    later is shown beside the minutes, never printed into them."""

    MEETING_LOOKUP = "signing"

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("sammanträde"), on_delete=models.PROTECT, related_name="signing"
    )
    html = models.TextField(_("HTML"))
    ordered_at = models.DateTimeField(_("beställd"), default=timezone.now)
    failed_at = models.DateTimeField(_("misslyckades"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)

    class Meta:
        verbose_name = _("signering av protokoll")
        verbose_name_plural = _("signeringar av protokoll")
        ordering = ["-ordered_at"]

    def __str__(self):
        return f"Signering {self.meeting}"


class Protocol(AppendOnly):
    """The justerat protokoll as signed: its bytes, their SHA-256 and the HTML printed from."""

    MEETING_LOOKUP = "protocol"

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("sammanträde"), on_delete=models.PROTECT, related_name="protocol"
    )
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    html = models.TextField(_("HTML"))
    signed_at = models.DateTimeField(_("signerat"))

    class Meta:
        verbose_name = _("justerat protokoll")
        verbose_name_plural = _("justerade protokoll")
        ordering = ["-signed_at"]

    def __str__(self):
        return f"Protokoll {self.meeting}"


class MinutesPage(models.Model):
    """The public page of justerade minutes as last rendered, with the stamp of what it shows
    (`selectors.minutes_stamp`): the minutes never change after the justering, so the page is
    read from here, not from its rows, until a later correction or change beside them makes a
    new stamp."""

    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("sammanträde"),
        on_delete=models.CASCADE,
        related_name="minutes_page",
    )
    stamp = models.CharField(_("stämpel"), max_length=200)
    html = models.TextField(_("HTML"))

    class Meta:
        verbose_name = _("protokollsida")
        verbose_name_plural = _("protokollsidor")
        ordering = ["meeting_id"]  # not the meeting's own ordering: no join to read one page

    def __str__(self):
        return f"Protokollsida {self.meeting}"

    def get_absolute_url(self):
        return reverse("meetings:protocol", args=[self.meeting_id])


class Dispatch(AppendOnly):
    """Expediering: a paragraph's extract sent to someone who must act or be informed."""

    CASE_LOOKUP = "agenda_items__dispatches"
    MEETING_LOOKUP = "agenda_items__dispatches"

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("paragraf"), on_delete=models.PROTECT, related_name="dispatches"
    )
    recipient = models.CharField(_("mottagare"), max_length=200)
    sent_on = models.DateField(_("expedierat"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("av"), null=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("expediering")
        verbose_name_plural = _("expedieringar")
        ordering = ["item", "sent_on", "id"]

    def __str__(self):
        return f"{self.item} till {self.recipient} {self.sent_on:%Y-%m-%d}"


# Models kept in modules of their own, loaded with the app's models.
from meetings.election_models import (  # noqa: E402, F401
    BallotReceipt,
    Candidate,
    Election,
    ElectionVoter,
    SecretBallot,
)
from meetings.note_models import PrivateNote  # noqa: E402, F401
