"""Slutna val: a majority election by closed ballot at a paragraph. Seven members on the
röstlängd, a blank ballot, a tie decided by lot, a second ballot and a stranger's refused, and
stored ballots that cannot be joined to their voters but can be counted again by anyone."""

import datetime
import io
import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, models

from casework.models import Meeting
from meetings import elections, services
from meetings.models import BallotReceipt, Election, Protocol, SecretBallot
from tests.meetings.conftest import MEETING_DAY, at

OFFICE = "ledamot i valnämnden"


@pytest.fixture
def council(world):
    return council_paragraph(world)


def council_paragraph(world):
    """A KF meeting with a paragraph for an election: eight serving, one of them with jäv, so
    seven on the röstlängd."""
    newcomers = [
        world.person("Anna", "Ek", world.s, [world.kf]),
        world.person("Bo", "Ås", world.l, [world.kf]),
        world.person("Cecilia", "Al", world.sd, [world.kf]),
        world.person("David", "Lönn", world.s, [world.kf]),
    ]
    meeting = Meeting.objects.create(body=world.kf, date=MEETING_DAY, place="Stadshuset")
    item = services.agenda_add(
        meeting=meeting, title="Val av ledamot i valnämnden", proposal=["Valet förrättas."]
    )
    serving = [world.kroon, world.wanngard, world.jonsson, world.outsider, *newcomers]
    services.meeting_open(
        meeting=meeting,
        serving=serving,
        chair=world.wanngard,
        justerare=[world.jonsson],
        justering_deadline=at(MEETING_DAY + datetime.timedelta(days=3)),
        now=at(MEETING_DAY, 9),
    )
    item.refresh_from_db()
    services.item_set_recused(item=item, recused=[newcomers[3]])
    voters = serving[:7]
    return item, voters, newcomers[3]


def open_election(item, seats=1, candidates=("Anna Ek (S)", "Bo Ås (L)", "Cecilia Al (SD)")):
    return elections.election_open(
        item=item, office=OFFICE, seats=seats, candidates=list(candidates), now=at(MEETING_DAY, 10)
    )


def cast_all(election, voters, names):
    """Each voter in turn casts the ballot named (None: blank)."""
    by_name = {c.name: c for c in election.candidates.all()}
    for voter, name in zip(voters, names, strict=True):
        elections.ballot_cast(
            election=election, voter=voter, candidate=by_name[name] if name else None
        )


def test_seven_vote_one_blank_and_the_most_voted_is_elected_into_the_justerade_minutes(
    world, council, user_with_role
):
    item, voters, _ = council
    election = open_election(item)
    assert sorted(election.voters.values_list("person", flat=True)) == sorted(v.pk for v in voters)
    names = ["Anna Ek (S)"] * 3 + ["Bo Ås (L)"] * 2 + ["Cecilia Al (SD)", None]
    cast_all(election, voters, names)
    elections.election_close(election=election, now=at(MEETING_DAY, 10))
    election.refresh_from_db()
    item.refresh_from_db()
    assert election.is_closed and election.blank == 1 and not election.lot_drawn
    votes = {c.name: (c.votes, c.elected) for c in election.candidates.all()}
    assert votes == {
        "Anna Ek (S)": (3, True),
        "Bo Ås (L)": (2, False),
        "Cecilia Al (SD)": (1, False),
    }
    assert item.is_decided and item.att_satser == [f"Till {OFFICE} väljs Anna Ek (S)."]
    services.meeting_close(meeting=item.meeting, ends_at=datetime.time(12))
    user = user_with_role("politiker")
    for person in (world.wanngard, world.jonsson):
        services.meeting_justera(
            meeting=item.meeting, person=person, by=user, now=at(MEETING_DAY, 15)
        )
    minutes = Protocol.objects.get(meeting=item.meeting).html
    assert "Sluten omröstning" in minutes and "7 röstsedlar läggs" in minutes
    assert "Blanka röstsedlar</td><td>1<" in minutes
    assert f"Till {OFFICE} väljs Anna Ek (S)." in minutes


def test_a_tie_for_the_seat_is_decided_by_the_lot_the_chair_draws(client, council):
    """Lika röstetal: valet avgörs genom lottning (KL 5 kap. 55 §); ordföranden drar lott och
    sekreteraren för in vem lotten föll på."""
    item, voters, _ = council
    election = open_election(item)
    cast_all(election, voters, ["Anna Ek (S)"] * 3 + ["Bo Ås (L)"] * 3 + [None])
    elections.election_close(election=election, now=at(MEETING_DAY, 10))
    election.refresh_from_db()
    item.refresh_from_db()
    assert election.status == Election.Status.LOT and not item.is_decided
    assert [c.name for c in elections.tied_candidates(election)] == ["Anna Ek (S)", "Bo Ås (L)"]
    cecilia = election.candidates.get(name="Cecilia Al (SD)")
    with pytest.raises(ValidationError, match="Lotten avgör 1 plats"):
        elections.election_draw_lot(election=election, drawn=[cecilia], now=at(MEETING_DAY, 11))
    bo = election.candidates.get(name="Bo Ås (L)")
    elections.election_draw_lot(election=election, drawn=[bo], now=at(MEETING_DAY, 11))
    election.refresh_from_db()
    item.refresh_from_db()
    assert election.is_closed and election.lot_drawn
    assert item.att_satser == [f"Till {OFFICE} väljs Bo Ås (L)."]
    page = client.get(item.get_absolute_url()).content.decode()
    assert "lotten faller på Bo Ås (L)" in page and "Ja, genom lottning" in page


def test_the_majority_rule_at_its_edges():
    """KL 5 kap. 55 §: the most votes win; a tie for the last seat goes to lot; no votes, no seat."""
    assert elections.majority_outcome({1: 3, 2: 2, 3: 2}, 2) == elections.Outcome(
        elected=[1], tied=[2, 3], seats_by_lot=1
    )
    assert elections.majority_outcome({1: 3, 2: 2, 3: 1}, 2).elected == [1, 2]
    assert elections.majority_outcome({1: 2, 2: 2}, 2).elected == [1, 2]
    assert elections.majority_outcome({1: 0, 2: 0}, 1).elected == []
    assert elections.majority_outcome({1: 1, 2: 0, 3: 0}, 2).elected == [1]


def test_a_member_cannot_vote_twice(council):
    item, voters, _ = council
    election = open_election(item)
    anna = election.candidates.get(name="Anna Ek (S)")
    elections.ballot_cast(election=election, voter=voters[0], candidate=anna)
    with pytest.raises(ValidationError, match="har redan röstat"):
        elections.ballot_cast(election=election, voter=voters[0], candidate=None)
    assert election.ballots.count() == 1 and election.receipts.count() == 1
    assert not elections.may_vote(election, voters[0])


def test_the_paragraph_of_an_election_is_decided_by_the_election_alone(council):
    item, _, _ = council
    open_election(item)
    with pytest.raises(ValidationError, match="avgörs av valet"):
        services.item_decide(item=item, now=at(MEETING_DAY, 10))
    with pytest.raises(ValidationError, match="redan ett val"):
        open_election(item)


def test_no_one_off_the_roll_votes_nor_anyone_after_the_close(world, council):
    item, voters, recused = council
    election = open_election(item)
    anna = election.candidates.get(name="Anna Ek (S)")
    for stranger in (recused, world.person("Erik", "Gäst", world.s, [world.ks])):
        with pytest.raises(ValidationError, match="står inte i röstlängden"):
            elections.ballot_cast(election=election, voter=stranger, candidate=anna)
    elections.ballot_cast(election=election, voter=voters[0], candidate=anna)
    elections.election_close(election=election, now=at(MEETING_DAY, 10))
    with pytest.raises(ValidationError, match="inga fler röster"):
        elections.ballot_cast(election=election, voter=voters[1], candidate=anna)
    assert election.ballots.count() == 1 and election.receipts.count() == 1


def stored(election) -> list[tuple[uuid.UUID, str | None, str]]:
    """The election's ballots as the database stores them, without ORDER BY on a column: in heap
    order with the writing transaction (PostgreSQL), or in rowid order (SQLite)."""
    table = SecretBallot._meta.db_table
    physical = "xmin::text" if connection.vendor == "postgresql" else "rowid"
    order = "" if connection.vendor == "postgresql" else "ORDER BY rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, candidate_id, {physical} FROM {table} WHERE election_id = %s {order}",
            [election.pk],
        )
        return [(uuid.UUID(str(i)), c, str(p)) for i, c, p in cursor.fetchall()]


def test_no_column_ordering_or_history_joins_a_ballot_to_its_receipt(council):
    item, voters, _ = council
    fields = {f.name: f for f in SecretBallot._meta.get_fields()}
    assert set(fields) == {"id", "election", "candidate"}
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].default is uuid.uuid4
    assert not any(isinstance(f, models.DateField | models.AutoField) for f in fields.values())
    assert SecretBallot._meta.ordering == ["id"]
    assert not hasattr(SecretBallot, "MEETING_LOOKUP")  # no changed_at stamped per ballot
    with pytest.raises(LookupError):
        apps.get_model("meetings", "HistoricalSecretBallot")
    election = open_election(item)
    # cast in a known order: the first voter for Anna, the next for Bo, …
    names = ["Anna Ek (S)", "Bo Ås (L)", "Cecilia Al (SD)", None, "Anna Ek (S)", "Bo Ås (L)", None]
    cast_all(election, voters, names)
    by_pk = {c.pk: c.name for c in election.candidates.all()}
    # While the election is open the physical order still follows the casting (what
    # election_close removes): a reader of the raw table sees who voted how, in turn.
    assert [by_pk.get(c) for _, c, _ in stored(election)] == names
    elections.election_close(election=election, now=at(MEETING_DAY, 10))
    ids = list(SecretBallot.objects.filter(election=election).values_list("id", flat=True))
    assert ids == sorted(ids) and len(ids) == 7
    rows = stored(election)
    assert [i for i, _, _ in rows] == sorted(ids)  # stored in the random ids' order
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT xmin::text FROM {BallotReceipt._meta.db_table} WHERE election_id = %s",
                [election.pk],
            )
            receipts = {r[0] for r in cursor.fetchall()}
        written = {p for _, _, p in rows}
        assert len(written) == 1 and not written & receipts  # all by the close, none with a receipt


def test_the_count_is_reproduced_from_the_published_ballots(client, council):
    item, voters, _ = council
    election = open_election(item)
    tally_url = f"/sammantraden/{item.meeting_id}/paragrafer/{item.pk}/val/rostsedlar/"
    assert client.get(tally_url).status_code == 404  # nothing to read while the vote is on
    with pytest.raises(CommandError, match="Valet pågår"):
        call_command("count_election", str(election.pk))
    cast_all(election, voters, ["Anna Ek (S)"] * 4 + ["Cecilia Al (SD)"] * 2 + [None])
    elections.election_close(election=election, now=at(MEETING_DAY, 10))
    page = client.get(tally_url).content.decode()
    for ballot in SecretBallot.objects.filter(election=election):
        assert str(ballot.id) in page
    assert page.count("Anna Ek (S)") == 4 and page.count("Blank röstsedel") == 1
    out = io.StringIO()
    call_command("count_election", str(election.pk), stdout=out)
    assert "Anna Ek (S): 4" in out.getvalue() and "stämmer med resultatet" in out.getvalue()
    blank = SecretBallot.objects.get(election=election, candidate=None)
    SecretBallot.objects.filter(pk=blank.pk).update(
        candidate=election.candidates.get(name="Bo Ås (L)")
    )
    with pytest.raises(CommandError, match="Bo Ås \\(L\\): 0 i resultatet, 1 vid omräkningen"):
        call_command("count_election", str(election.pk), stdout=out)


def test_a_member_casts_a_ballot_from_their_own_device_after_confirming_it(
    client, council, django_user_model
):
    item, voters, recused = council
    election = open_election(item)
    member = voters[4]
    member.user = django_user_model.objects.create_user(username="anna")
    member.save()
    client.force_login(member.user)
    url = election.get_absolute_url()
    assert "Blank röstsedel" in client.get(url).content.decode()
    bo = election.candidates.get(name="Bo Ås (L)")
    confirm = client.post(url, {"form": "cast", "choice": str(bo.pk)})
    assert "Rösten kan inte ändras" in confirm.content.decode()
    assert not election.receipts.exists()
    client.post(url, {"form": "cast", "choice": str(bo.pk), "bekrafta": "ja"})
    assert election.receipts.get().person == member
    assert election.ballots.get().candidate == bo
    assert "Du har röstat" in client.get(url).content.decode()
    assert client.post(url, {"form": "close", "bekrafta": "ja"}).status_code == 403
    assert election.is_open


def test_the_chair_opens_and_closes_the_election_from_the_paragraph(
    client, world, council, django_user_model
):
    item, voters, _ = council
    world.wanngard.user = django_user_model.objects.create_user(username="chair")
    world.wanngard.save()
    client.force_login(world.wanngard.user)
    assert "Slutet val på paragrafen" in client.get(item.get_absolute_url()).content.decode()
    url = f"/sammantraden/{item.meeting_id}/paragrafer/{item.pk}/val/"
    refused = client.post(url, {"form": "open", "office": OFFICE, "seats": "2", "candidates": "A"})
    assert refused.status_code == 400 and "ange minst så många kandidater" in refused.text
    client.post(
        url,
        {"form": "open", "office": OFFICE, "seats": "1", "candidates": "Anna Ek (S)\nBo Ås (L)"},
    )
    election = Election.objects.get(item=item)
    assert [c.name for c in election.candidates.all()] == ["Anna Ek (S)", "Bo Ås (L)"]
    assert election.voters.count() == 7
    client.post(url, {"form": "close", "bekrafta": "ja"})
    election.refresh_from_db()
    item.refresh_from_db()
    assert election.is_closed and item.att_satser == [
        f"Ingen kandidat fick någon röst; ingen väljs till {OFFICE}."
    ]


def test_a_member_s_page_of_the_meeting_leads_to_the_open_election(
    client, council, django_user_model
):
    item, voters, _ = council
    open_election(item)
    member = voters[0]
    member.user = django_user_model.objects.create_user(username="ledamot")
    member.save(update_fields=["user"])
    client.force_login(member.user)
    page = client.get(f"/sammantraden/{item.meeting_id}/deltar/").text
    assert "Val med slutna sedlar pågår: § 1 Val av ledamot i valnämnden – rösta här" in page
    assert f"/sammantraden/{item.meeting_id}/paragrafer/{item.pk}/val/" in page


def test_the_big_screen_counts_those_who_have_voted_then_shows_the_result(
    client, world, council, django_capture_on_commit_callbacks
):
    item, voters, _ = council
    screen = f"/sammantraden/{item.meeting_id}/skarm/?del=innehall"
    election = open_election(item)
    assert "Val pågår: 0 av 7 har röstat." in client.get(screen).text
    with django_capture_on_commit_callbacks() as published:
        cast_all(election, voters[:3], ["Anna Ek (S)", "Bo Ås (L)", None])
    assert len(published) == 3  # the screen follows each ballot
    page = client.get(screen).text
    assert "Val av ledamot i valnämnden" in page and "Val pågår: 3 av 7 har röstat." in page
    assert "<dd>" not in page  # no count while the election is open
    for voter in voters[:4]:  # nor anything about a voter (the others stand as candidates)
        assert voter.full_name not in page
    cast_all(election, voters[3:], ["Anna Ek (S)", "Anna Ek (S)", "Cecilia Al (SD)", None])
    elections.election_close(election=election, now=at(MEETING_DAY, 11))
    page = client.get(screen).text
    assert "Val pågår" not in page
    assert "<dt>Anna Ek (S)</dt><dd>3</dd>" in page and "<dt>Blanka</dt><dd>2</dd>" in page
    assert "Till ledamot i valnämnden väljs Anna Ek (S)." in page
    for voter in voters[:4]:
        assert voter.full_name not in page


def test_the_minutes_name_two_the_lot_fell_on_with_och(council):
    item, _, _ = council
    election = open_election(item)
    election.candidates.filter(name__in=["Anna Ek (S)", "Bo Ås (L)"]).update(won_lot=True)
    assert election.lot_winners() == "Anna Ek (S) och Bo Ås (L)"


def test_the_link_to_an_open_election_is_shown_only_to_those_on_its_rostlangd(
    client, council, django_user_model
):
    """One with jäv in the paragraph is not on the röstlängd: the page says so and leads
    nowhere; one who has voted is told so, with no link to vote again."""
    item, voters, recused = council
    election = open_election(item)
    path = f"/sammantraden/{item.meeting_id}/deltar/"
    link = f"/sammantraden/{item.meeting_id}/paragrafer/{item.pk}/val/"
    recused.user = django_user_model.objects.create_user(username="jav")
    recused.save(update_fields=["user"])
    client.force_login(recused.user)
    page = client.get(path).text
    assert "Du står inte i röstlängden för valet." in page
    assert link not in page and "rösta här" not in page

    member = voters[0]
    member.user = django_user_model.objects.create_user(username="ledamot")
    member.save(update_fields=["user"])
    client.force_login(member.user)
    assert link in client.get(path).text
    elections.ballot_cast(election=election, voter=member, candidate=None)
    page = client.get(path).text
    assert "Val med slutna sedlar pågår: § 1 Val av ledamot i valnämnden. Du har röstat." in page
    assert link not in page
