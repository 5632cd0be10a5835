"""Slutna val: opening an election at a paragraph with its candidates and frozen röstlängd,
members casting their ballots from their own devices, the count when the chair closes, a lot
drawn at a tie, and a recount anyone can make from the stored ballots. How the stored data keeps
a ballot from being linked to its voter: meetings.election_models."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.text import get_text_list

from casework.models import Meeting, Person
from casework.text import count
from meetings import broadcast, live
from meetings.models import (
    AgendaItem,
    BallotReceipt,
    Candidate,
    Election,
    ElectionVoter,
    SecretBallot,
)
from meetings.services import _refuse_if_closed

ELECTION = "val"  # what a change touched, as `live.changed` is told


@dataclass(frozen=True)
class Outcome:
    """The count of an election: the elected, and at a tie for the last seats, who draws lots
    for how many."""

    elected: list[int]
    tied: list[int]
    seats_by_lot: int


def majority_outcome(votes: dict[int, int], seats: int) -> Outcome:
    """KL 5 kap. 55 §: at an election by majority those with the most votes are elected; where
    two or more have the same number of votes for the last seat, the election is decided by lot
    (lottning). A candidate with no votes is not elected; blank ballots count for no one."""
    ranked = sorted((n for n in votes.values() if n > 0), reverse=True)
    if not ranked:
        return Outcome(elected=[], tied=[], seats_by_lot=0)
    threshold = ranked[min(seats, len(ranked)) - 1]
    surely = [pk for pk, n in votes.items() if n > threshold]
    at_threshold = [pk for pk, n in votes.items() if n == threshold]
    left = min(seats, len(ranked)) - len(surely)
    if len(at_threshold) == left:
        return Outcome(elected=surely + at_threshold, tied=[], seats_by_lot=0)
    return Outcome(elected=surely, tied=at_threshold, seats_by_lot=left)


def _locked(election: Election) -> Election:
    return (
        Election.objects.select_for_update(of=("self",))
        .select_related("item__meeting")
        .get(pk=election.pk)
    )


@transaction.atomic
def election_open(
    *,
    item: AgendaItem,
    office: str,
    seats: int,
    candidates: list[str],
    now: datetime.datetime,
) -> Election:
    """The chair opens an election by closed ballot (KL 5 kap. 52 §, 6 kap. 24 §) at a paragraph
    of its own, not a case's: its röstlängd is frozen now, those taking part in the paragraph
    (serving members and the substitutes serving in place of members, less any with jäv). The
    paragraph is taken up: the one in use on the members' pages and the big screen."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__body")
        .get(pk=item.pk)
    )
    _refuse_if_closed(item.meeting)
    if not item.meeting.opened_at:
        raise ValidationError("Öppna sammanträdet först.")
    if item.is_decided:
        raise ValidationError(f"§ {item.number} är redan beslutad.")
    if item.case_id:
        raise ValidationError("Ett val hålls på en egen paragraf, inte på ett ärende.")
    if Election.objects.filter(item=item).exists():
        raise ValidationError(f"§ {item.number} har redan ett val.")
    names = [n.strip() for n in candidates if n.strip()]
    errors = {}
    if not office.strip():
        errors["office"] = "Ange vad valet gäller."
    if len(set(names)) != len(names):
        errors["candidates"] = "Varje kandidat står en gång."
    elif len(names) < seats:
        errors["candidates"] = (
            f"Valet gäller {count(seats, 'plats', 'platser')}: ange minst så många kandidater."
        )
    if seats < 1:
        errors["seats"] = "Minst en ska väljas."
    if errors:
        raise ValidationError(errors)
    election = Election(item=item, office=office.strip(), seats=seats)
    election.full_clean()
    election.save()
    Candidate.objects.bulk_create(
        [Candidate(election=election, position=i, name=n) for i, n in enumerate(names, start=1)]
    )
    ElectionVoter.objects.bulk_create(
        [ElectionVoter(election=election, person=p) for p in item.serving()]
    )
    item.taken_up_at = now  # the paragraph in use, shown with its result once counted
    item.save(update_fields=["taken_up_at"])
    live.changed(item.meeting, ELECTION)
    return election


def open_for_member(meeting: Meeting, person: Person | None) -> QuerySet[Election]:
    """The open elections of the meeting as a member's page shows them: `on_roll` whether the
    member may vote in it (a link to the ballot is shown only then), `has_voted` whether they
    have."""
    voter = ElectionVoter.objects.filter(election=OuterRef("pk"), person=person)
    voted = BallotReceipt.objects.filter(election=OuterRef("pk"), person=person)
    return (
        Election.objects.filter(item__meeting=meeting, status=Election.Status.OPEN)
        .select_related("item")
        .annotate(on_roll=Exists(voter), has_voted=Exists(voted))
        .order_by("item__number")
    )


def may_vote(election: Election, person: Person | None) -> bool:
    """On the röstlängd, the election open, and no ballot cast yet."""
    return (
        person is not None
        and election.is_open
        and election.voters.filter(person=person).exists()
        and not election.receipts.filter(person=person).exists()
    )


@transaction.atomic
def ballot_cast(*, election: Election, voter: Person, candidate: Candidate | None) -> None:
    """A member on the röstlängd casts one ballot: a candidate, or blank (`candidate` None). The
    receipt and the ballot are written together and share nothing but the election."""
    election = _locked(election)
    if not election.is_open:
        raise ValidationError("Valet är avslutat; inga fler röster tas emot.")
    if not election.voters.filter(person=voter).exists():
        raise ValidationError(
            f"{voter.full_name} står inte i röstlängden för valet och kan inte rösta."
        )
    if candidate is not None and candidate.election_id != election.pk:
        raise ValidationError("Kandidaten finns inte i valet.")
    try:
        with transaction.atomic():
            BallotReceipt.objects.create(election=election, person=voter)
    except IntegrityError:
        raise ValidationError(
            f"{voter.full_name} har redan röstat; en röst kan inte ändras."
        ) from None
    SecretBallot.objects.create(election=election, candidate=candidate)
    # The big screen counts those who have voted. Published only, naming no one; the meeting's
    # `changed_at` is not touched for a ballot (meetings.election_models).
    broadcast.changed(election.item.meeting_id, ELECTION)


def tally(election: Election) -> tuple[dict[int, int], int]:
    """The count from the stored ballots: votes per candidate, and the blank ballots."""
    votes = dict.fromkeys(election.candidates.values_list("pk", flat=True), 0)
    blank = 0
    for candidate_id in SecretBallot.objects.filter(election=election).values_list(
        "candidate_id", flat=True
    ):
        if candidate_id is None:
            blank += 1
        else:
            votes[candidate_id] += 1
    return votes, blank


def _reshuffle_ballot_box(election: Election) -> None:
    """Write the election's ballots again, in the order of their random UUIDs, in the closing
    transaction: what they were stored with while the election was open (PostgreSQL's heap
    order and xmin, SQLite's rowid) no longer lines up with the receipts."""
    ballots = list(SecretBallot.objects.filter(election=election).order_by("id"))
    SecretBallot.objects.filter(election=election).delete()
    SecretBallot.objects.bulk_create(
        [SecretBallot(id=b.id, election=election, candidate_id=b.candidate_id) for b in ballots]
    )


@transaction.atomic
def election_close(*, election: Election, now: datetime.datetime) -> Election:
    """The chair closes the election: no more ballots; the ballot box is rewritten so that no
    ballot can be linked to its voter, and counted. At a tie for the last seats the chair draws
    lots (`election_draw_lot`); otherwise the result is written into the paragraph."""
    election = _locked(election)
    if not election.is_open:
        raise ValidationError("Valet är redan avslutat.")
    _refuse_if_closed(election.item.meeting)
    _reshuffle_ballot_box(election)
    votes, election.blank = tally(election)
    outcome = majority_outcome(votes, election.seats)
    candidates = list(election.candidates.all())
    for candidate in candidates:
        candidate.votes = votes[candidate.pk]
        candidate.elected = candidate.pk in outcome.elected
    Candidate.objects.bulk_update(candidates, ["votes", "elected"])
    if outcome.tied:
        election.status = Election.Status.LOT
        election.save(update_fields=["status", "blank"])
        live.changed(election.item.meeting, ELECTION)
        return election
    election.status = Election.Status.CLOSED
    election.save(update_fields=["status", "blank"])
    _write_paragraph(election, now)
    return election


def tied_candidates(election: Election) -> list[Candidate]:
    """Who draws lots, and for how many seats (the count stored at close)."""
    votes = {c.pk: c.votes for c in election.candidates.all()}
    outcome = majority_outcome(votes, election.seats)
    return [c for c in election.candidates.all() if c.pk in outcome.tied]


def seats_by_lot(election: Election) -> int:
    votes = {c.pk: c.votes for c in election.candidates.all()}
    return majority_outcome(votes, election.seats).seats_by_lot


@transaction.atomic
def election_draw_lot(
    *, election: Election, drawn: list[Candidate], now: datetime.datetime
) -> Election:
    """KL 5 kap. 55 §: at a tie for the last seats the chair draws lots among the tied; the
    secretary records whom the lot fell on, and the result goes into the paragraph."""
    election = _locked(election)
    if election.status != Election.Status.LOT:
        raise ValidationError("Valet avgörs inte genom lottning.")
    tied = {c.pk for c in tied_candidates(election)}
    wanted = seats_by_lot(election)
    if {c.pk for c in drawn} - tied or len({c.pk for c in drawn}) != wanted:
        raise ValidationError(
            {
                "drawn": f"Lotten avgör {count(wanted, 'plats', 'platser')} mellan dem med lika röstetal: ange vem lotten föll på."
            }
        )
    Candidate.objects.filter(pk__in=[c.pk for c in drawn]).update(elected=True, won_lot=True)
    election.status, election.lot_drawn = Election.Status.CLOSED, True
    election.save(update_fields=["status", "lot_drawn"])
    _write_paragraph(election, now)
    return election


def _write_paragraph(election: Election, now: datetime.datetime) -> None:
    """The paragraph's decision: who is elected to what."""
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=election.item_id)
    if item.is_decided:
        raise ValidationError(f"§ {item.number} är redan beslutad.")
    elected = [c.name for c in election.candidates.filter(elected=True)]
    if elected:
        sentence = f"Till {election.office} väljs {get_text_list(elected, 'och')}."
    else:
        sentence = f"Ingen kandidat fick någon röst; ingen väljs till {election.office}."
    item.att_satser, item.decided_at = [sentence], now
    item.full_clean()
    item.save()
    live.changed(item.meeting, ELECTION)


def election_recount(election: Election) -> list[str]:
    """Count the stored ballots again and compare with the result recorded at close: the
    differences, none when the count is reproduced."""
    votes, blank = tally(election)
    differences = [
        f"{c.name}: {c.votes} i resultatet, {votes[c.pk]} vid omräkningen"
        for c in election.candidates.all()
        if c.votes != votes[c.pk]
    ]
    if blank != election.blank:
        differences.append(f"Blanka: {election.blank} i resultatet, {blank} vid omräkningen")
    cast, voted = sum(votes.values()) + blank, election.receipts.count()
    if cast != voted:
        differences.append(f"{cast} röstsedlar men {voted} har röstat")
    outcome = majority_outcome(votes, election.seats)
    recorded = {c.pk for c in election.candidates.all() if c.elected and not c.won_lot}
    if set(outcome.elected) != recorded:
        differences.append("De valda stämmer inte med röstetalen.")
    return differences
