"""Slutna val: an election by closed ballot at a paragraph (KL 5 kap. 52 § for fullmäktige,
6 kap. 24 § for nämnder), a majority election of one or more from the candidates.

Secrecy is a property of what is stored, not of who may read it. The tables are designed so that
an observer holding a copy of the database after the election closed cannot tell who cast which
ballot:

- `ElectionVoter` is the röstlängd, frozen when the election opens; `BallotReceipt` records only
  that a member on it has voted (one per member, so a second ballot is refused by the database).
- `SecretBallot` holds the choice and nothing else: a random UUID (version 4, not a time-based
  UUID) as its key, the election, the candidate or none for a blank ballot. No foreign key to a
  person or a receipt, no timestamp, no auto-increment, no history table (simple_history would
  record who and when), no signal marking the meeting changed as each ballot is cast. It is read
  only in UUID order.
- A ballot and its receipt are written in one transaction as the member votes, so neither is lost
  without the other. While the election is open their physical traces still line up: PostgreSQL's
  heap order and `xmin` (the inserting transaction's id, shared by the ballot and its receipt),
  SQLite's implicit `rowid`. So `election_close` rewrites the ballot box: it deletes the election's
  ballots and inserts them again in UUID order in the closing transaction. Afterwards every ballot
  of the election has the same `xmin`, its heap position and `rowid` follow the random UUIDs, and
  nothing in a ballot row orders or groups it with a receipt.

What an observer with database access can still learn: anyone watching the database while the
election is open (reading the tables between two votes, statement logging, replication or the
write-ahead log, a backup taken during the vote) sees which ballot appeared with which receipt;
deleted ballot rows survive as dead tuples (PostgreSQL, until VACUUM) or free pages (SQLite,
without `secure_delete`) until overwritten. The counts per candidate are public, so a unanimous
or an otherwise one-sided result tells what everyone voted, as with paper ballots. A voter gets no
receipt naming their ballot: it would let them prove their vote to someone buying it. The live
stream (meetings.broadcast) tells the big screen that a ballot was cast, naming no one and no
choice: someone holding both it and the receipts learns when each member voted, never how.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from casework.models import Person


class Election(models.Model):
    """An election at a paragraph: who is to be elected, how many, and the result when closed."""

    MEETING_LOOKUP = "agenda_items__election"

    class Status(models.TextChoices):
        OPEN = "oppet", _("pågår")
        LOT = "lottning", _("lika röstetal, lottning")
        CLOSED = "avslutat", _("avslutat")

    item = models.OneToOneField(
        "meetings.AgendaItem",
        verbose_name=_("paragraf"),
        on_delete=models.PROTECT,
        related_name="election",
    )
    office = models.CharField(
        _("val till"),
        max_length=200,
        help_text=_("T.ex. ”ledamot i valnämnden”: det uppdrag som valet gäller."),
    )
    seats = models.PositiveSmallIntegerField(_("antal att välja"), default=1)
    status = models.CharField(_("läge"), max_length=10, choices=Status.choices, default=Status.OPEN)
    blank = models.PositiveIntegerField(_("blanka röstsedlar"), default=0, editable=False)
    lot_drawn = models.BooleanField(
        _("avgjort genom lottning"),
        default=False,
        editable=False,
        help_text=_("Lika röstetal om sista platsen; ordföranden drog lott (KL 5 kap. 55 §)."),
    )

    class Meta:
        verbose_name = _("slutet val")
        verbose_name_plural = _("slutna val")
        ordering = ["item"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["oppet", "lottning", "avslutat"]),
                name="meetings_election_status_valid",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="meetings_election_seats_min"),
        ]

    def __str__(self):
        return f"Val av {self.office}, {self.item}"

    def get_absolute_url(self):
        return reverse("meetings:election", args=[self.item.meeting_id, self.item_id])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def lot_winners(self) -> str:
        """'Anna Ek (S) och Lisa Holm (V)': those the lot fell on at a tie."""
        return get_text_list([c.name for c in self.candidates.all() if c.won_lot], "och")

    @property
    def ballots_cast(self) -> int:
        """The ballots counted at close (reads prefetched candidates)."""
        return self.blank + sum(c.votes for c in self.candidates.all())


class Candidate(models.Model):
    """A candidate in an election, with the votes counted and whether elected once it closed."""

    election = models.ForeignKey(
        Election, verbose_name=_("val"), on_delete=models.CASCADE, related_name="candidates"
    )
    position = models.PositiveSmallIntegerField(_("ordning"))
    name = models.CharField(_("kandidat"), max_length=200, help_text=_("T.ex. ”Anna Ek (S)”."))
    votes = models.PositiveIntegerField(_("röster"), default=0, editable=False)
    elected = models.BooleanField(_("vald"), default=False, editable=False)
    won_lot = models.BooleanField(_("vald genom lottning"), default=False, editable=False)

    class Meta:
        verbose_name = _("kandidat")
        verbose_name_plural = _("kandidater")
        ordering = ["election", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "position"], name="meetings_candidate_position_unique"
            ),
            models.UniqueConstraint(
                fields=["election", "name"], name="meetings_candidate_name_unique"
            ),
        ]

    def __str__(self):
        return self.name


class ElectionVoter(models.Model):
    """The röstlängd: a member entitled to vote, as it stood when the election opened."""

    election = models.ForeignKey(
        Election, verbose_name=_("val"), on_delete=models.CASCADE, related_name="voters"
    )
    person = models.ForeignKey(Person, verbose_name=_("ledamot"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("röstberättigad")
        verbose_name_plural = _("röstlängd")
        ordering = ["election", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person"], name="meetings_electionvoter_unique"
            ),
        ]

    def __str__(self):
        return f"{self.person.full_name} ({self.election})"


class BallotReceipt(models.Model):
    """That a member has voted in an election: never which ballot is theirs."""

    election = models.ForeignKey(
        Election, verbose_name=_("val"), on_delete=models.CASCADE, related_name="receipts"
    )
    person = models.ForeignKey(Person, verbose_name=_("ledamot"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("kvitto på avlagd röst")
        verbose_name_plural = _("kvitton på avlagda röster")
        ordering = ["election", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person"], name="meetings_ballotreceipt_one_per_voter"
            ),
        ]

    def __str__(self):
        return f"{self.person.full_name} har röstat ({self.election})"


class SecretBallot(models.Model):
    """A röstsedel: a candidate, or blank. Nothing in the row says who cast it or when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(
        Election, verbose_name=_("val"), on_delete=models.CASCADE, related_name="ballots"
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("kandidat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tom för en blank röstsedel."),
    )

    class Meta:
        verbose_name = _("röstsedel")
        verbose_name_plural = _("röstsedlar")
        ordering = ["id"]

    def __str__(self):
        return str(self.id)

    @property
    def choice(self) -> str:
        return self.candidate.name if self.candidate_id else "Blank röstsedel"
