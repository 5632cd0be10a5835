"""The live meeting: members ask to speak, put yrkanden and vote from their own devices, the chair
runs the list and the votering, and the result is in the justerade minutes as a hand-recorded
votering is."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casework.models import Meeting
from meetings import live, services
from meetings.models import Ballot, Protocol, SpeakerRequest, Vote, Yrkande
from tests.meetings.conftest import MEETING_DAY, at
from tests.meetings.live_world import PROPOSAL, Committee

NOW = at(MEETING_DAY, 10)


@pytest.fixture
def committee(world):
    return Committee(world)


def test_the_whole_paragraph_from_the_members_devices_ends_in_the_justerade_minutes(committee):
    anna, bo, cecilia, david, eva, fredrik = committee.members
    hanna, item = committee.substitute, committee.item
    assert live.current_item(committee.meeting) == item
    services.item_set_recused(item=item, recused=[fredrik])

    # the talarlista: an ordningsfråga goes first, a replik before the inlägg waiting
    live.speaker_request(item=item, person=bo, now=NOW)
    live.speaker_request(item=item, person=cecilia, now=NOW)
    assert live.speaker_next(item=item, now=NOW).person == bo
    live.speaker_request(item=item, person=david, kind="replik", reply_to=bo, now=NOW)
    live.speaker_request(item=item, person=eva, kind="ordningsfraga", now=NOW)
    assert [r.person for r in live.speakers(item)] == [bo, eva, david, cecilia]
    live.speaker_move(request=item.speakers.get(person=cecilia), up=True)
    assert [r.person for r in live.speakers(item)] == [bo, eva, cecilia, david]
    assert live.speaker_next(item=item, now=at(MEETING_DAY, 10) + datetime.timedelta(minutes=2))
    speaking = live.speakers(item)[0]
    assert speaking.person == eva
    assert live.speaking_time(speaking, speaking.started_at + datetime.timedelta(seconds=75)) == (
        "1:15"
    )
    live.speakers_close(item=item, now=NOW)
    with pytest.raises(ValidationError, match="Talarlistan är stängd"):
        live.speaker_request(item=item, person=hanna, now=NOW)
    order = live.speaker_request(item=item, person=hanna, kind="ordningsfraga", now=NOW)
    assert order.kind == "ordningsfraga"  # a point of order may be raised on a closed list
    live.speaker_withdraw(request=order, now=NOW)

    # yrkanden from the seat, with an ändringsyrkande on att-sats 2
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    change = live.yrkande_put(
        item=item,
        mover=bo,
        form="andring",
        changes={2: "Förvaltningen får i uppdrag att följa upp riktlinjerna efter sex månader."},
    )
    live.yrkande_support(proposal=change, person=cecilia)
    send_back = live.yrkande_put(item=item, mover=david, form="aterremiss")
    assert change.amends == [2]
    assert change.items == [PROPOSAL[0], change.items[1]] and "sex månader" in change.items[1]
    assert live.propositionsordning(item) == [send_back, bifall, change]
    assert send_back.kind == Yrkande.Kind.SEND_BACK

    # the electronic votering, the röstlängd frozen without the one with jäv
    vote = live.vote_open(item=item, yes=bifall, no=change, requested_by=bo, now=NOW)
    assert set(vote.roll.all()) == {anna, bo, cecilia, david, eva, hanna}
    for person, choice in [(anna, "ja"), (bo, "nej"), (cecilia, "nej"), (david, "ja")]:
        live.ballot_cast(vote=vote, person=person, choice=choice)
    live.ballot_cast(vote=vote, person=david, choice="nej")  # changes his mind
    live.ballot_cast(vote=vote, person=eva, choice="avstar")
    with pytest.raises(ValidationError, match="Hanna Vik har inte röstat"):
        live.vote_close(vote=vote, now=NOW)
    live.ballot_cast(vote=vote, person=hanna, choice="ja", by_clerk=True)  # her device failed
    decided = live.vote_close(vote=vote, now=at(MEETING_DAY, 11))
    assert decided.winner == change and decided.is_decided
    assert decided.att_satser == change.items
    vote.refresh_from_db()
    assert vote.count() == {"ja": 2, "nej": 3, "avstar": 1}
    assert Vote.objects.filter(item=item).count() == 1
    assert Ballot.objects.get(vote=vote, person=hanna).by_clerk

    services.meeting_close(meeting=committee.meeting, ends_at=datetime.time(12))
    user = User.objects.create_user("politiker")
    for signer in (anna, bo):
        services.meeting_justera(
            meeting=committee.meeting, person=signer, by=user, now=at(MEETING_DAY, 15)
        )
    html = Protocol.objects.get(meeting=committee.meeting).html
    assert "Omröstningen utfaller med 2 ja-röster och 3 nej-röster; 1 avstår." in html
    assert "Voteringslista, § 1, huvudvotering" in html
    assert "Votering begärs av Bo Ås (SD)" in html
    assert "efter sex månader" in html
    assert "Fredrik Holm anmäler jäv" in html


def test_the_minutes_of_an_electronic_votering_read_as_those_of_one_recorded_by_hand(world):
    committee = Committee(world, second_item=True)
    anna, bo, *_ = committee.members
    choices = dict(
        zip([p.pk for p in committee.serving], ["ja", "nej"] * 3 + ["avstar"], strict=True)
    )
    first = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    second = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    vote = live.vote_open(item=committee.item, yes=first, no=second, requested_by=bo, now=NOW)
    for person in committee.serving:
        live.ballot_cast(vote=vote, person=person, choice=choices[person.pk])
    live.vote_close(vote=vote, now=NOW)
    other = committee.second
    other.refresh_from_db()
    by_hand = (
        services.yrkande_add(item=other, mover=anna, text="bifall till förslaget", items=[]),
        services.yrkande_add(
            item=other, mover=bo, text="avslag på förslaget", items=[live.REJECTED]
        ),
    )
    services.item_decide(item=other, vote=by_hand, ballots=choices, requested_by=bo, now=NOW)
    html = services.protocol_html(meeting=committee.meeting)
    electronic, hand = re.findall(r"<h3>Yrkanden</h3>.*?</table></div>", html, re.DOTALL)
    assert "Omröstningen utfaller med 3 ja-röster och 3 nej-röster; 1 avstår." in electronic
    assert electronic.replace("§ 1", "§ 2") == hand


def test_someone_not_serving_is_refused_in_swedish(world, committee):
    item = committee.item
    with pytest.raises(ValidationError, match="Du tjänstgör inte på sammanträdet"):
        live.speaker_request(item=item, person=committee.away, now=NOW)
    with pytest.raises(
        ValidationError, match="Du tjänstgör inte på sammanträdet och kan inte yrka"
    ):
        live.yrkande_put(item=item, mover=world.outsider, form="bifall")
    assert not item.speakers.exists() and not item.yrkanden.exists()


def test_a_member_with_jav_neither_speaks_nor_votes(committee):
    anna, bo, *_ = committee.members
    item = committee.item
    services.item_set_recused(item=item, recused=[bo])
    with pytest.raises(ValidationError, match="Du har anmält jäv i § 1"):
        live.speaker_request(item=item, person=bo, now=NOW)
    first = live.yrkande_put(item=item, mover=anna, form="bifall")
    second = live.yrkande_put(item=item, mover=committee.substitute, form="avslag")
    vote = live.vote_open(item=item, yes=first, no=second, now=NOW)
    with pytest.raises(ValidationError, match="Du står inte på röstlängden"):
        live.ballot_cast(vote=vote, person=bo, choice="ja")
    with pytest.raises(ValidationError, match="En votering pågår"):
        services.item_set_recused(item=item, recused=[])


def test_a_member_cannot_ask_twice_for_the_same_kind_while_waiting(committee):
    anna = committee.members[0]
    live.speaker_request(item=committee.item, person=anna, now=NOW)
    with pytest.raises(ValidationError, match="Du står redan på talarlistan för inlägg"):
        live.speaker_request(item=committee.item, person=anna, now=NOW)
    assert SpeakerRequest.objects.filter(person=anna).count() == 1


def test_a_replik_answers_someone_who_has_had_the_word(committee):
    anna, bo, cecilia, david = committee.members[:4]
    item = committee.item
    with pytest.raises(ValidationError, match="Ingen har haft ordet i paragrafen än"):
        live.speaker_request(item=item, person=anna, kind="replik", reply_to=bo, now=NOW)
    live.speaker_request(item=item, person=bo, now=NOW)
    live.speaker_request(item=item, person=cecilia, now=NOW)
    live.speaker_next(item=item, now=NOW)  # Bo has the word; Cecilia waits
    with pytest.raises(ValidationError, match="Ange vem repliken gäller"):
        live.speaker_request(item=item, person=anna, kind="replik", now=NOW)
    with pytest.raises(ValidationError, match="någon som har haft ordet"):
        live.speaker_request(item=item, person=anna, kind="replik", reply_to=cecilia, now=NOW)
    with pytest.raises(ValidationError, match="Ingen har haft ordet"):  # not on oneself
        live.speaker_request(item=item, person=bo, kind="replik", reply_to=bo, now=NOW)
    live.speaker_next(item=item, now=NOW)  # Bo is done: a replik on him stays possible
    reply = live.speaker_request(item=item, person=david, kind="replik", reply_to=bo, now=NOW)
    assert reply.reply_to == bo
    assert not SpeakerRequest.objects.filter(person=anna).exists()


def test_a_member_waiting_for_an_inlagg_may_ask_for_a_replik_and_an_ordningsfraga(committee):
    anna, bo, cecilia = committee.members[:3]
    item = committee.item
    live.speaker_request(item=item, person=anna, now=NOW)
    live.speaker_request(item=item, person=bo, now=NOW)
    live.speaker_next(item=item, now=NOW)  # Anna speaks
    live.speaker_request(item=item, person=cecilia, now=NOW)
    live.speaker_request(item=item, person=cecilia, kind="replik", reply_to=anna, now=NOW)
    live.speaker_request(item=item, person=cecilia, kind="ordningsfraga", now=NOW)
    assert [(r.person, r.kind) for r in live.speakers(item)] == [
        (anna, "inlagg"),
        (cecilia, "ordningsfraga"),
        (cecilia, "replik"),
        (bo, "inlagg"),
        (cecilia, "inlagg"),
    ]
    with pytest.raises(ValidationError, match="redan på talarlistan för replik"):
        live.speaker_request(item=item, person=cecilia, kind="replik", reply_to=anna, now=NOW)
    with pytest.raises(IntegrityError):  # the database holds it too, per kind
        SpeakerRequest.objects.create(
            item=item, person=cecilia, kind="inlagg", position=9, requested_at=NOW
        )


def test_an_andringsyrkande_names_att_satser_the_proposal_has(committee):
    with pytest.raises(ValidationError, match="vilken av att-satserna 1–2"):
        live.yrkande_put(
            item=committee.item, mover=committee.chair, form="andring", changes={3: "x"}
        )


def test_a_vote_cannot_be_cast_or_changed_after_the_chair_closes_it(committee):
    anna, bo, *_ = committee.members
    first = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    second = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    vote = live.vote_open(item=committee.item, yes=first, no=second, now=NOW)
    for person in committee.serving:
        live.ballot_cast(vote=vote, person=person, choice="ja")
    live.vote_close(vote=vote, now=NOW)
    with pytest.raises(ValidationError, match="Voteringen är avslutad"):
        live.ballot_cast(vote=vote, person=anna, choice="nej")
    with pytest.raises(ValidationError, match="redan avslutad"):
        live.vote_close(vote=vote, now=NOW)
    assert Ballot.objects.get(vote=vote, person=anna).choice == "ja"


def test_a_votering_stands_between_two_yrkanden_in_sak(committee):
    anna, bo, *_ = committee.members
    first = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    tabling = live.yrkande_put(item=committee.item, mover=bo, form="bordlaggning")
    with pytest.raises(ValidationError, match="två yrkanden i sak"):
        live.vote_open(item=committee.item, yes=first, no=tabling, now=NOW)
    assert not Vote.objects.exists()


def test_a_kontrapropositionsvotering_picks_the_motforslag_before_the_main_vote(committee):
    anna, bo, cecilia, *_ = committee.members
    item = committee.item
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    own = live.yrkande_put(
        item=item, mover=cecilia, form="eget", text="att bidragen höjs", items=["Bidragen höjs."]
    )
    counter = live.vote_open(item=item, yes=avslag, no=own, stage=Vote.Stage.COUNTER, now=NOW)
    for person in committee.serving:
        live.ballot_cast(vote=counter, person=person, choice="nej")
    assert not live.vote_close(vote=counter, now=NOW).is_decided
    main = live.vote_open(item=item, yes=bifall, no=own, now=NOW)
    for person in committee.serving:
        live.ballot_cast(vote=main, person=person, choice="nej")
    decided = live.vote_close(vote=main, now=NOW)
    assert decided.winner == own and decided.att_satser == ["Bidragen höjs."]
    assert decided.votes.count() == 2


def test_each_change_marks_the_meeting_changed(committee, django_capture_on_commit_callbacks):
    before = Meeting.objects.get(pk=committee.meeting.pk).changed_at
    with django_capture_on_commit_callbacks(execute=True):
        live.speaker_request(item=committee.item, person=committee.chair, now=NOW)
    assert Meeting.objects.get(pk=committee.meeting.pk).changed_at > before


def test_a_kontrapropositionsvotering_needs_three_yrkanden_and_binds_the_main_vote(committee):
    anna, bo, cecilia, *_ = committee.members
    item = committee.item
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    with pytest.raises(ValidationError, match="minst tre yrkanden i sak"):
        live.vote_open(item=item, yes=bifall, no=avslag, stage=Vote.Stage.COUNTER, now=NOW)
    own = live.yrkande_put(
        item=item, mover=cecilia, form="eget", text="att bidragen höjs", items=["Bidragen höjs."]
    )
    counter = live.vote_open(item=item, yes=avslag, no=own, stage=Vote.Stage.COUNTER, now=NOW)
    for person, choice in zip(committee.serving, ["avstar"] + ["ja", "nej"] * 3, strict=True):
        live.ballot_cast(vote=counter, person=person, choice=choice)
    with pytest.raises(ValidationError, match="ordföranden har utslagsröst"):
        live.vote_close(vote=counter, now=NOW)  # a tie, and the chair abstained
    live.ballot_cast(vote=counter, person=committee.chair, choice="ja")
    live.vote_close(vote=counter, now=NOW)
    with pytest.raises(ValidationError, match="motförslaget, Bo Ås"):
        live.vote_open(item=item, yes=bifall, no=own, now=NOW)
    assert live.vote_open(item=item, yes=bifall, no=avslag, now=NOW).is_open


def test_no_yrkande_while_a_vote_is_open_one_in_sak_per_member_and_bifall_is_joined(committee):
    anna, bo, cecilia = committee.members[:3]
    item = committee.item
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    with pytest.raises(ValidationError, match="redan yrkat: instäm"):
        live.yrkande_put(item=item, mover=cecilia, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    with pytest.raises(ValidationError, match="redan ett yrkande i sak"):
        live.yrkande_put(item=item, mover=bo, form="eget", text="x", items=["Y."])
    # From the review on the demo: a second, identical avslag was put beside the first.
    with pytest.raises(ValidationError, match="^.*Avslag på förslaget är redan yrkat: instäm"):
        live.yrkande_put(item=item, mover=cecilia, form="avslag")
    assert "avslag" not in live.yrkande_forms(item, cecilia, list(item.yrkanden.all()), None)
    with pytest.raises(ValidationError, match="Ja och Nej ska stå för två olika yrkanden."):
        live.vote_open(item=item, yes=bifall, no=bifall, now=NOW)
    live.vote_open(item=item, yes=bifall, no=avslag, requested_by=bo, now=NOW)
    with pytest.raises(ValidationError, match="En votering pågår"):
        live.yrkande_put(item=item, mover=cecilia, form="aterremiss")
    assert item.yrkanden.count() == 2


def test_the_chair_reopens_a_closed_talarlista(committee, django_capture_on_commit_callbacks):
    item, bo = committee.item, committee.members[1]
    live.speakers_close(item=item, now=NOW)
    with django_capture_on_commit_callbacks() as published:
        live.speakers_reopen(item=item)
    assert published  # the pages and the big screen are told
    item.refresh_from_db()
    assert item.speakers_closed_at is None
    assert item.history.first().speakers_closed_at is None  # the change is in the history
    assert live.speaker_request(item=item, person=bo, now=NOW).person == bo
    with pytest.raises(ValidationError, match="Talarlistan är redan öppen"):
        live.speakers_reopen(item=item)


def test_a_member_withdraws_her_yrkande_and_the_instammanden_go_with_it(committee):
    anna, bo, cecilia = committee.members[:3]
    item = committee.item
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    live.yrkande_support(proposal=avslag, person=cecilia)
    with pytest.raises(ValidationError, match="Bara den som lade yrkandet"):
        live.yrkande_withdraw(proposal=avslag, person=cecilia)
    live.yrkande_withdraw(proposal=avslag, person=bo)
    assert list(item.yrkanden.all()) == [bifall]
    assert not Yrkande.supporters.through.objects.filter(yrkande_id=avslag.pk).exists()
    assert Yrkande.history.filter(id=avslag.pk).first().history_type == "-"
    # she may put another one in its place
    assert live.yrkande_put(item=item, mover=bo, form="eget", text="att x", items=["X."])


def test_a_yrkande_is_not_withdrawn_during_or_after_a_votering(committee):
    anna, bo = committee.members[:2]
    item = committee.item
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    vote = live.vote_open(item=item, yes=bifall, no=avslag, now=NOW)
    with pytest.raises(ValidationError, match="En votering pågår: yrkandet kan inte återtas"):
        live.yrkande_withdraw(proposal=avslag, person=bo)
    for person in committee.serving:
        live.ballot_cast(vote=vote, person=person, choice="ja")
    live.vote_close(vote=vote, now=NOW)
    with pytest.raises(ValidationError, match="§ 1 är redan beslutad"):
        live.yrkande_withdraw(proposal=avslag, person=bo)
    assert item.yrkanden.count() == 2


def test_a_yrkande_put_to_a_kontrapropositionsvotering_is_not_withdrawn(committee):
    anna, bo, cecilia = committee.members[:3]
    item = committee.item
    live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    own = live.yrkande_put(item=item, mover=cecilia, form="eget", text="att x", items=["X."])
    counter = live.vote_open(item=item, yes=avslag, no=own, stage=Vote.Stage.COUNTER, now=NOW)
    for person in committee.serving:
        live.ballot_cast(vote=counter, person=person, choice="nej")
    live.vote_close(vote=counter, now=NOW)
    with pytest.raises(ValidationError, match="har varit uppe i votering"):
        live.yrkande_withdraw(proposal=avslag, person=bo)


def test_a_decided_paragraph_stays_in_use_until_the_chair_takes_up_the_next(world):
    committee = Committee(world, second_item=True)
    anna, bo = committee.members[:2]
    item, second = committee.item, committee.second
    assert live.current_item(committee.meeting) == item  # none taken up: the first undecided
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    vote = live.vote_open(item=item, yes=bifall, no=avslag, now=NOW)  # takes §1 up
    for person in committee.serving:
        live.ballot_cast(vote=vote, person=person, choice="ja")
    live.vote_close(vote=vote, now=NOW)
    shown = live.current_item(committee.meeting)
    assert shown == item and shown.is_decided
    with pytest.raises(ValidationError, match="§ 1 är redan beslutad"):
        live.speaker_request(item=shown, person=bo, now=NOW)
    live.item_take_up(item=second, now=at(MEETING_DAY, 11))
    assert live.current_item(committee.meeting) == second


def test_a_votering_opened_by_mistake_is_cancelled_and_never_counts(
    committee, django_capture_on_commit_callbacks
):
    anna, bo = committee.members[:2]
    item = committee.item
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    mistaken = live.vote_open(item=item, yes=avslag, no=bifall, now=NOW)
    live.ballot_cast(vote=mistaken, person=anna, choice="nej")
    with django_capture_on_commit_callbacks() as published:
        live.vote_cancel(vote=mistaken)
    assert published
    with pytest.raises(ValidationError, match="Voteringen är avbruten"):
        live.ballot_cast(vote=mistaken, person=bo, choice="ja")
    with pytest.raises(ValidationError, match="Voteringen är avbruten"):
        live.vote_cancel(vote=mistaken)
    item.refresh_from_db()
    assert not item.is_decided and item.winner is None and not item.votes.exists()
    assert not Ballot.objects.exists()
    cancelled = Vote.history.filter(id=mistaken.pk).first()
    assert cancelled.history_type == "-"
    assert cancelled.history_change_reason == "Voteringen avbröts."
    assert Ballot.history.filter(vote_id=mistaken.pk, history_type="-").count() == 1

    vote = live.vote_open(item=item, yes=bifall, no=avslag, now=NOW)  # the right one
    for person in committee.serving:
        live.ballot_cast(vote=vote, person=person, choice="ja")
    assert live.vote_close(vote=vote, now=NOW).winner == bifall
    assert list(item.votes.all()) == [vote]


def test_a_closed_votering_is_not_cancelled(committee):
    anna, bo = committee.members[:2]
    bifall = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    vote = live.vote_open(item=committee.item, yes=bifall, no=avslag, now=NOW)
    for person in committee.serving:
        live.ballot_cast(vote=vote, person=person, choice="ja")
    live.vote_close(vote=vote, now=NOW)
    with pytest.raises(ValidationError, match="Bara en pågående votering kan avbrytas"):
        live.vote_cancel(vote=vote)
    assert Vote.objects.filter(pk=vote.pk).exists()


def test_an_andringsyrkande_reads_as_the_minutes_word_it(committee):
    bo, cecilia = committee.members[1:3]
    item = committee.item
    strike = live.yrkande_put(item=item, mover=bo, form="andring", changes={2: ""})
    assert strike.text == "att att-sats 2 utgår"
    assert strike.sentence() == "Bo Ås (SD) yrkar att att-sats 2 utgår."
    assert strike.items == [PROPOSAL[0], "(utgår)"]
    both = live.yrkande_put(
        item=item, mover=cecilia, form="andring", changes={1: "Riktlinjerna antas.", 2: ""}
    )
    assert both.sentence() == (
        "Cecilia Berg (L) yrkar att att-sats 1 får lydelsen ”Riktlinjerna antas.” "
        "och att att-sats 2 utgår."
    )


def test_a_paragraph_with_no_yrkanden_is_decided_as_proposed(
    committee, django_capture_on_commit_callbacks
):
    item = committee.item
    with django_capture_on_commit_callbacks() as published:
        decided = live.item_decide_as_proposed(item=item, now=at(MEETING_DAY, 11))
    assert published
    item.refresh_from_db()
    assert item.is_decided and item.winner is None and item.att_satser == PROPOSAL
    assert decided.decided_at == at(MEETING_DAY, 11)
    with pytest.raises(ValidationError, match="§ 1 är redan beslutad"):
        live.item_decide_as_proposed(item=item, now=NOW)


def test_a_paragraph_with_yrkanden_is_not_decided_as_proposed(committee):
    live.yrkande_put(item=committee.item, mover=committee.chair, form="avslag")
    with pytest.raises(ValidationError, match="Det finns yrkanden i paragrafen"):
        live.item_decide_as_proposed(item=committee.item, now=NOW)
    committee.item.refresh_from_db()
    assert not committee.item.is_decided


def test_the_word_is_not_given_from_an_empty_talarlista(committee):
    item = committee.item
    with pytest.raises(ValidationError, match="Talarlistan är tom"):
        live.speaker_next(item=item, now=NOW)
    live.speaker_request(item=item, person=committee.members[1], now=NOW)
    assert live.speaker_next(item=item, now=NOW).person == committee.members[1]
    assert live.speaker_next(item=item, now=NOW) is None  # the last speaker is done
    with pytest.raises(ValidationError, match="Talarlistan är tom"):
        live.speaker_next(item=item, now=NOW)


def test_an_andringsyrkande_on_a_single_att_sats_names_att_sats_1(committee):
    single = services.agenda_add(
        meeting=committee.meeting, title="Lokalbidrag", proposal=["Bidraget höjs."]
    )
    with pytest.raises(ValidationError, match="Ange hur yrkandet ändrar att-sats 1.") as refused:
        live.yrkande_put(item=single, mover=committee.chair, form="andring", changes={2: "x"})
    assert "1–1" not in str(refused.value)


def test_a_member_takes_back_her_instammande_and_the_history_keeps_it(committee):
    anna, bo, cecilia = committee.members[:3]
    item = committee.item
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    live.yrkande_support(proposal=avslag, person=cecilia)
    with pytest.raises(ValidationError, match="Du instämmer redan i yrkandet."):
        live.yrkande_support(proposal=avslag, person=cecilia)
    live.yrkande_support_withdraw(proposal=avslag, person=cecilia)
    assert not avslag.supporters.exists()
    assert avslag.sentence() == "Bo Ås (SD) yrkar avslag på förslaget."
    with pytest.raises(ValidationError, match="Du instämmer inte i yrkandet."):
        live.yrkande_support_withdraw(proposal=avslag, person=cecilia)
    history = Yrkande.history.filter(id=avslag.pk).order_by("history_date", "history_id")
    assert [list(h.supporters.values_list("person", flat=True)) for h in history][-2:] == [
        [cecilia.pk],
        [],
    ]
    assert history.last().history_change_reason == "Cecilia Berg återtar sitt instämmande"

    live.yrkande_support(proposal=avslag, person=cecilia)  # she may join it again
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    vote = live.vote_open(item=item, yes=bifall, no=avslag, now=NOW)
    with pytest.raises(ValidationError, match="En votering om yrkandet pågår"):
        live.yrkande_support_withdraw(proposal=avslag, person=cecilia)
    live.vote_cancel(vote=vote)
    live.yrkande_support_withdraw(proposal=avslag, person=cecilia)
    assert not avslag.supporters.exists()


def test_a_member_stands_behind_only_one_of_two_yrkanden_set_against_each_other(committee):
    """Bifall and avslag are alternatives; an ändringsyrkande goes with bifall and with an
    ändringsyrkande on another att-sats; återremiss goes with anything."""
    anna, bo, cecilia, david, eva, fredrik = committee.members
    item = committee.item
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    change = live.yrkande_put(item=item, mover=cecilia, form="andring", changes={2: "Ny lydelse."})
    other_change = live.yrkande_put(item=item, mover=david, form="andring", changes={1: "Annan."})
    same_change = live.yrkande_put(item=item, mover=eva, form="andring", changes={2: "Tredje."})
    send_back = live.yrkande_put(item=item, mover=fredrik, form="aterremiss")

    hanna = committee.substitute
    live.yrkande_support(proposal=bifall, person=hanna)
    with pytest.raises(
        ValidationError,
        match=r"Du instämmer redan i Anna Eks \(S\) yrkande \(bifall till förslaget\), som står "
        "mot det här yrkandet: återta det instämmandet först.",
    ):
        live.yrkande_support(proposal=avslag, person=hanna)
    live.yrkande_support(proposal=change, person=hanna)  # an ändring goes with bifall
    live.yrkande_support(proposal=other_change, person=hanna)  # and with one on att-sats 1
    with pytest.raises(ValidationError, match="som står mot det här yrkandet"):
        live.yrkande_support(proposal=same_change, person=hanna)  # not two on att-sats 2
    live.yrkande_support(proposal=send_back, person=hanna)  # a question of its own
    assert set(hanna.yrkanden_supported.all()) == {bifall, change, other_change, send_back}

    with pytest.raises(ValidationError, match="Du yrkar själv avslag på förslaget, som står mot"):
        live.yrkande_support(proposal=bifall, person=bo)  # against his own yrkande
    with pytest.raises(ValidationError, match="Du har själv lagt yrkandet."):
        live.yrkande_support(proposal=avslag, person=bo)
    live.yrkande_support(proposal=send_back, person=bo)
    with pytest.raises(ValidationError, match="som står mot det här yrkandet"):
        live.yrkande_support(proposal=change, person=bo)  # an avslag goes with no ändring
    assert not avslag.supporters.filter(pk=hanna.pk).exists()


def test_a_member_does_not_put_a_yrkande_set_against_one_she_supports(world):
    committee = Committee(world)
    anna, bo = committee.members[:2]
    avslag = live.yrkande_put(item=committee.item, mover=anna, form="avslag")
    live.yrkande_support(proposal=avslag, person=bo)
    with pytest.raises(ValidationError, match=r"Du instämmer redan i Anna Eks \(S\) yrkande"):
        live.yrkande_put(item=committee.item, mover=bo, form="eget", text="x", items=["Y."])
    assert live.yrkande_put(item=committee.item, mover=bo, form="aterremiss")


def accepted(step, *args, **kwargs) -> bool:
    """Whether the rules accept `step` (and it does something); undone either way."""
    try:
        with transaction.atomic():
            done = bool(step(*args, **kwargs))
            transaction.set_rollback(True)
    except ValidationError:
        return False
    return done


def test_a_member_s_page_offers_exactly_the_steps_the_rules_accept(committee):
    """Whom the page offers "Instäm", and which forms of yrkande: those the rules accept, and an
    eget yrkande or ändringsyrkande where some wording of it would be accepted."""
    anna, bo, cecilia, david, eva, fredrik = committee.members
    hanna, item = committee.substitute, committee.item
    bifall = live.yrkande_put(item=item, mover=anna, form="bifall")
    live.yrkande_put(item=item, mover=bo, form="avslag")
    change = live.yrkande_put(item=item, mover=cecilia, form="andring", changes={2: "Ny."})
    live.yrkande_put(item=item, mover=david, form="andring", changes={1: "Annan."})
    live.yrkande_put(item=item, mover=fredrik, form="aterremiss")
    live.yrkande_support(proposal=bifall, person=hanna)
    live.yrkande_support(proposal=change, person=eva)
    wordings = {
        "eget": [{"text": "att riktlinjerna antas", "items": PROPOSAL}],
        "andring": [{"changes": {1: "Ett."}}, {"changes": {2: "Två."}}],
    }

    def adds(**kwargs) -> bool:  # a yrkande put, not one already there
        return live.yrkande_put(item=item, **kwargs).pk not in {p.pk for p in yrkanden}

    for person in committee.serving:
        yrkanden = live.propositionsordning(item)
        for proposal, step in live.yrkande_steps(item, person, yrkanden, None):
            if proposal.mover_id != person.pk and step != "unsupport":
                supported = accepted(live.yrkande_support, proposal=proposal, person=person)
                assert supported == (step == "support"), (person, proposal)
        offered = live.yrkande_forms(item, person, yrkanden, None)
        for form in live.FORMS:
            put = [accepted(adds, mover=person, form=form, **w) for w in wordings.get(form, [{}])]
            assert any(put) == (form in offered), (person, form)


def test_a_group_of_votes_is_cast_in_one_transaction_each_answered_on_its_own(
    committee, django_capture_on_commit_callbacks
):
    """What an app server writes at once (the votes its sockets received meanwhile,
    meetings.live_socket): each vote is cast or refused by itself, a member's later vote in the
    group changes their earlier one, and one event tells the screens how many have voted."""
    anna, bo, cecilia = committee.members[:3]
    first = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    second = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    vote = live.vote_open(item=committee.item, yes=first, no=second, now=NOW)
    live.ballot_cast(vote=vote, person=cecilia, choice="ja")
    meeting = committee.meeting.pk

    def sent(person, choice, vote_id=vote.pk):
        return live.SentVote(meeting, vote_id, person, choice)

    group = [
        sent(anna, "ja"),
        sent(bo, "nej"),
        sent(committee.away, "ja"),  # not serving
        sent(cecilia, "kanske"),
        sent(anna, "avstar"),  # her other device
        sent(cecilia, "nej"),
        sent(bo, "ja", vote_id=vote.pk + 1000),  # a votering the page never showed
    ]
    with django_capture_on_commit_callbacks(execute=False) as published:
        answers = live.ballots_cast(group)
    told = [a.messages[0] if isinstance(a, ValidationError) else a.receipt for a in answers]
    assert told == [
        "Din röst är registrerad: Avstår.",  # her vote as stored: the later one
        "Din röst är registrerad: Nej.",
        "Du står inte på röstlängden i voteringen.",
        "Rösta ja, nej eller avstår.",
        "Din röst är registrerad: Avstår.",
        "Din röst är registrerad: Nej.",
        "Voteringen har ändrats sedan sidan visades. Välj igen.",
    ]
    stored = dict(vote.ballots.values_list("person__last_name", "choice"))
    assert stored == {anna.last_name: "avstar", bo.last_name: "nej", cecilia.last_name: "nej"}
    history = Ballot.history.filter(vote_id=vote.pk).order_by("history_id")
    assert [(h.person, h.choice, h.history_type, h.history_user) for h in history] == [
        (cecilia, "ja", "+", cecilia.user),
        (anna, "avstar", "+", anna.user),
        (bo, "nej", "+", bo.user),
        (cecilia, "nej", "~", cecilia.user),
    ]
    assert len(published) == 1  # "röst 3": one event for the group
