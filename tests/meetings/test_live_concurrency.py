"""Votes cast in the same instant, each on its own PostgreSQL connection: two members at once, and
one member's double submit, neither lose nor double a vote; nor does a yrkande sent twice."""

import pytest

from meetings import live
from meetings.models import Ballot, Vote, Yrkande
from tests.casework.test_record_integrity import at_once
from tests.meetings.conftest import MEETING_DAY, at
from tests.meetings.live_world import Committee

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vote(world):
    committee = Committee(world)
    anna, bo, *_ = committee.members
    first = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    second = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    return live.vote_open(item=committee.item, yes=first, no=second, now=at(MEETING_DAY, 10))


def test_two_members_voting_at_once_both_count(vote):
    voters = iter(vote.roll.all()[:2])
    assert at_once(lambda: live.ballot_cast(vote=vote, person=next(voters), choice="ja")) == [
        "ok",
        "ok",
    ]
    assert Vote.objects.get(pk=vote.pk).count() == {"ja": 2, "nej": 0, "avstar": 0}


def test_a_double_submit_leaves_one_vote(vote):
    member = vote.roll.first()
    choices = iter(["ja", "nej"])
    assert at_once(lambda: live.ballot_cast(vote=vote, person=member, choice=next(choices))) == [
        "ok",
        "ok",
    ]
    assert Ballot.objects.filter(vote=vote, person=member).count() == 1


def test_a_vote_cast_as_the_chair_closes_is_either_counted_or_refused(vote):
    roll = list(vote.roll.all())
    for person in roll[1:]:
        live.ballot_cast(vote=vote, person=person, choice="nej")
    live.ballot_cast(vote=vote, person=roll[0], choice="ja")
    steps = iter(
        [
            lambda: live.ballot_cast(vote=vote, person=roll[0], choice="nej"),
            lambda: live.vote_close(vote=vote, now=at(MEETING_DAY, 11)),
        ]
    )
    results = at_once(lambda: next(steps)())
    closed = Vote.objects.get(pk=vote.pk)
    counted = closed.ballots.get(person=roll[0]).choice
    assert closed.closed_at is not None
    refused = "Voteringen är avslutad; rösten kan inte läggas eller ändras."
    assert (results, counted) in [(["ok", "ok"], "nej"), ([refused, "ok"], "ja")]
    assert closed.count()["ja"] + closed.count()["nej"] + closed.count()["avstar"] == len(roll)


def test_a_first_vote_as_the_chair_cancels_is_either_taken_away_or_refused(vote):
    """The member's first ballot is being written (their place on the röstlängd locked) as the
    chair cancels: the cancelling waits for it and takes it away, or the ballot waits for the
    cancelling and is refused; never a deadlock or a ballot left in a votering gone."""
    member = vote.roll.first()
    meeting_id = vote.item.meeting_id
    steps = iter(
        [
            lambda: live.member_vote(
                meeting_id=meeting_id, vote_id=vote.pk, person=member, choice="ja"
            ),
            lambda: live.vote_cancel(vote=vote),
        ]
    )
    results = at_once(lambda: next(steps)())
    refused = "Voteringen är avbruten; rösten kan inte läggas eller ändras."
    assert results in (["ok", "ok"], [refused, "ok"])
    assert not Vote.objects.exists() and not Ballot.objects.exists()


def test_members_voting_from_their_pages_at_once_all_count(vote):
    """Each member's ballot locks only their own place: none waits for the others' and none is
    lost (the socket's and the form's way, live.member_vote)."""
    roll = list(vote.roll.all())
    voters = iter(roll[:2])
    meeting_id = vote.item.meeting_id
    results = at_once(
        lambda: live.member_vote(
            meeting_id=meeting_id, vote_id=vote.pk, person=next(voters), choice="nej"
        )
    )
    assert results == ["ok", "ok"]
    assert Vote.objects.get(pk=vote.pk).count() == {"ja": 0, "nej": 2, "avstar": 0}


def test_two_app_servers_writing_their_groups_at_once_neither_lose_nor_double_a_vote(vote):
    """Each app server writes the votes its sockets received as a group (live.ballots_cast):
    two groups at once, one member in both and in another order, wait for each other's places
    on the röstlängd, taken in one order: no deadlock, one ballot each."""
    roll = list(vote.roll.order_by("pk"))
    meeting = vote.item.meeting_id
    groups = iter(
        [
            [live.SentVote(meeting, vote.pk, person, "ja") for person in roll[:3]],
            [live.SentVote(meeting, vote.pk, person, "nej") for person in reversed(roll[2:5])],
        ]
    )
    assert at_once(lambda: live.ballots_cast(next(groups))) == ["ok", "ok"]
    stored = dict(Ballot.objects.filter(vote=vote).values_list("person_id", "choice"))
    assert stored.keys() == {p.pk for p in roll[:5]}
    assert [stored[p.pk] for p in roll[:2]] == ["ja", "ja"]
    assert [stored[p.pk] for p in roll[3:5]] == ["nej", "nej"]
    assert stored[roll[2].pk] in ("ja", "nej")  # the group written last


@pytest.mark.parametrize("form", ["avslag", "aterremiss"])
def test_a_yrkande_sent_twice_at_once_is_put_once(world, form):
    committee = Committee(world)
    bo = committee.members[1]
    put = []
    results = at_once(
        lambda: put.append(live.yrkande_put(item=committee.item, mover=bo, form=form))
    )
    assert results == ["ok", "ok"] and put[0].pk == put[1].pk
    assert Yrkande.objects.filter(mover=bo).count() == 1
