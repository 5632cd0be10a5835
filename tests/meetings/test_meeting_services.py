"""A meeting from agenda to anslag, through the services: what varies (no, one and several
yrkanden; a votering and a tie; jäv; an item without a case) and what is refused."""

import datetime
import io

import pikepdf
import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from casework.models import Decision, Meeting, Membership
from casework.signing import signature_status
from casework.workdays import period_end
from meetings import selectors, services
from meetings.models import Protocol
from tests.conftest import TERM, pdf_text
from tests.meetings.conftest import MEETING_DAY, at, decided_meeting, opened

D = datetime.date


def test_the_agenda_is_built_from_the_cases_ready_for_the_body_with_the_previous_proposal(
    world, at_ks, meeting
):
    elsewhere = world.motion(title="Inte redo")  # registered, not at KS
    items = services.agenda_build(meeting=meeting)
    assert [i.case for i in items] == [at_ks.case]
    assert items[0].proposed_by == "Borgarrådsberedningens förslag"
    assert items[0].proposal == ["Kommunfullmäktige föreslås besvara motionen."]
    assert services.agenda_build(meeting=meeting) == []  # once on the agenda, not again
    assert elsewhere.case not in services.ready_cases(meeting)
    services.agenda_add(meeting=meeting, title="Val av justerare", proposal=["Justerare väljs."])
    assert list(meeting.agenda_items.values_list("position", "title")) == [
        (1, at_ks.case.title),
        (2, "Val av justerare"),
    ]


def test_the_kallelse_goes_to_members_and_substitutes_with_a_link(
    world, at_ks, meeting, django_capture_on_commit_callbacks, django_user_model
):
    substitute = world.person("Siv", "Suppleant", world.s, [])
    Membership.objects.create(
        person=substitute, body=world.ks, role=Membership.Role.SUBSTITUTE, **TERM
    )
    for person in (world.kroon, substitute, world.outsider):
        person.user = django_user_model.objects.create_user(
            username=person.last_name, email=f"{person.last_name}@example.se"
        )
        person.save()
    services.agenda_build(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_send_kallelse(
            meeting=meeting, now=at(MEETING_DAY - datetime.timedelta(days=7))
        )
    meeting.refresh_from_db()
    assert meeting.kallelse_sent_at == at(MEETING_DAY - datetime.timedelta(days=7))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Kroon@example.se",
        "Suppleant@example.se",
    ]  # not KF's Utanför
    assert mail.outbox[0].subject == "Kallelse: Kommunstyrelsen 2024-06-05"
    assert (
        f"/sammantraden/{meeting.pk}/" in mail.outbox[0].body
        and "Stadshuset" in mail.outbox[0].body
    )
    pdf = services.agenda_pdf(meeting=meeting)
    assert pikepdf.open(io.BytesIO(pdf)).open_metadata().get("pdfaid:part") == "2"
    text = pdf_text(pdf)
    assert (
        "Föredragningslista" in text
        and at_ks.case.dnr in text
        and "Siv Suppleant (S), ersättare" in text
    )
    opened(world, meeting)
    with pytest.raises(ValidationError, match="redan öppnat"):
        services.meeting_send_kallelse(meeting=meeting, now=at(MEETING_DAY))


def test_a_postponed_item_leaves_the_case_with_the_body_for_the_next_agenda(world, at_ks, meeting):
    services.agenda_build(meeting=meeting)
    opened(world, meeting)
    item = services.item_decide(
        item=meeting.agenda_items.get(), postpone=True, now=at(MEETING_DAY, 10)
    )
    assert item.postponed and item.decided_items == ["Ärendet bordläggs."] and item.decision is None
    at_ks.case.refresh_from_db()
    assert at_ks.case.step.body == world.ks
    following = Meeting.objects.create(body=world.ks, date=D(2024, 6, 19))
    assert [i.case for i in services.agenda_build(meeting=following)] == [at_ks.case]


def test_an_item_added_at_the_meeting_gets_the_next_paragraph_and_closing_calls_the_signers(
    world, meeting, django_capture_on_commit_callbacks, django_user_model
):
    for person in (world.wanngard, world.jonsson, world.kroon):
        person.user = django_user_model.objects.create_user(
            username=person.last_name, email=f"{person.last_name}@example.se"
        )
        person.save()
    services.agenda_add(meeting=meeting, title="Upprop", proposal=["Noteras."])
    opened(world, meeting)
    late = services.agenda_add(meeting=meeting, title="Extra ärende", proposal=["Noteras."])
    assert (late.position, late.number) == (2, 2)
    with pytest.raises(
        ValidationError, match="§ 1, 2 saknar beslut; sammanträdet kan inte avslutas än"
    ):
        services.meeting_close(meeting=meeting, ends_at=datetime.time(15, 30))
    for item in meeting.agenda_items.all():
        services.item_decide(item=item, now=at(MEETING_DAY, 11))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=datetime.time(13))
    with pytest.raises(ValidationError, match="före det började"):
        services.meeting_close(meeting=meeting, ends_at=datetime.time(12))
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_close(meeting=meeting, ends_at=datetime.time(15, 30))
    meeting.refresh_from_db()
    assert meeting.ends_at == datetime.time(15, 30)
    assert sorted(m.to[0] for m in mail.outbox) == ["Jonsson@example.se", "Wanngård@example.se"]
    assert "senast 2024-06-08 12:00" in mail.outbox[0].body


def test_a_decision_at_a_meeting_kept_here_is_recorded_in_its_paragraph_not_beside_it(
    client, world, at_ks, meeting, user_with_role
):
    services.agenda_build(meeting=meeting)
    opened(world, meeting)
    client.force_login(user_with_role("registrator"))
    response = client.post(
        f"{at_ks.case.get_absolute_url()}beslut/",
        {
            "meeting_date": MEETING_DAY.isoformat(),
            "items": "Beslut vid sidan av.",
            "signatory_title": "Ordförande",
            "reservation-TOTAL_FORMS": "0",
            "reservation-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert "registrera beslutet i ärendets paragraf" in response.text
    assert not Decision.objects.filter(meeting=meeting).exists()


def test_an_empty_agenda_is_neither_sent_nor_opened(world, meeting):
    with pytest.raises(ValidationError, match="tom"):
        services.meeting_send_kallelse(meeting=meeting, now=at(MEETING_DAY))
    with pytest.raises(ValidationError, match="tom"):
        opened(world, meeting)


def test_paragraphs_run_per_body_and_year_across_meetings(world, meeting):
    services.agenda_add(meeting=meeting, title="Upprop", proposal=["Noteras."])
    services.agenda_add(meeting=meeting, title="Val av justerare", proposal=["Justerare väljs."])
    opened(world, meeting)
    later = Meeting.objects.create(body=world.ks, date=D(2024, 9, 4))
    services.agenda_add(meeting=later, title="Upprop", proposal=["Noteras."])
    services.meeting_open(
        meeting=later,
        serving=[world.kroon, world.wanngard],
        chair=world.wanngard,
        justerare=[world.kroon],
        justering_deadline=at(D(2024, 9, 6)),
        now=at(D(2024, 9, 4)),
    )
    next_year = Meeting.objects.create(body=world.ks, date=D(2025, 1, 15))
    services.agenda_add(meeting=next_year, title="Upprop", proposal=["Noteras."])
    services.meeting_open(
        meeting=next_year,
        serving=[world.kroon, world.wanngard],
        chair=world.wanngard,
        justerare=[world.kroon],
        justering_deadline=at(D(2025, 1, 17)),
        now=at(D(2025, 1, 15)),
    )
    other_body = Meeting.objects.create(body=world.kf, date=MEETING_DAY)
    services.agenda_add(meeting=other_body, title="Upprop", proposal=["Noteras."])
    services.meeting_open(
        meeting=other_body,
        serving=[world.kroon, world.outsider],
        chair=world.kroon,
        justerare=[world.outsider],
        justering_deadline=at(D(2024, 6, 19)),
        now=at(MEETING_DAY),
    )
    assert list(meeting.agenda_items.values_list("number", flat=True)) == [1, 2]
    assert list(later.agenda_items.values_list("number", flat=True)) == [3]
    assert list(next_year.agenda_items.values_list("number", flat=True)) == [1]
    assert list(other_body.agenda_items.values_list("number", flat=True)) == [1]


def test_opening_refuses_an_absent_justerare_a_chair_not_serving_and_strangers(world, meeting):
    services.agenda_add(meeting=meeting, title="Upprop", proposal=["Noteras."])
    with pytest.raises(ValidationError) as refused:
        services.meeting_open(
            meeting=meeting,
            serving=[world.kroon, world.wanngard, world.outsider],
            chair=world.jonsson,
            justerare=[world.jonsson],
            justering_deadline=at(MEETING_DAY),
            now=at(MEETING_DAY),
        )
    errors = refused.value.message_dict
    assert "Olle Utanför är inte ledamot eller ersättare i kommunstyrelsen." in errors["serving"]
    assert "tjänstgörande" in errors["chair"][0]
    assert "Jan Jonsson tjänstgör inte och kan inte justera protokollet." in errors["justerare"]
    meeting.refresh_from_db()
    assert meeting.opened_at is None and not meeting.participants.exists()
    assert meeting.agenda_items.get().number is None


def test_with_no_yrkanden_the_body_decides_as_proposed_and_the_case_moves_on(world, at_ks, meeting):
    services.agenda_build(meeting=meeting)
    opened(world, meeting)
    item = services.item_decide(item=meeting.agenda_items.get(), now=at(MEETING_DAY, 10))
    assert item.decision.items == ["Kommunfullmäktige föreslås besvara motionen."]
    at_ks.case.refresh_from_db()
    assert at_ks.case.step.body == world.kf


def test_with_one_yrkande_the_body_decides_as_moved(world, at_ks, meeting):
    services.agenda_build(meeting=meeting)
    opened(world, meeting)
    item = meeting.agenda_items.get()
    services.yrkande_add(
        item=item,
        mover=world.kroon,
        text="bifall till motionen",
        items=["Kommunfullmäktige föreslås bifalla motionen."],
    )
    item = services.item_decide(item=item, now=at(MEETING_DAY, 10))
    assert item.decision.items == ["Kommunfullmäktige föreslås bifalla motionen."]


def test_several_yrkanden_need_the_chairs_finding_or_a_votering(world, at_ks, meeting):
    services.agenda_build(meeting=meeting)
    opened(world, meeting)
    item = meeting.agenda_items.get()
    own = services.yrkande_add(
        item=item, mover=world.wanngard, text="bifall till borgarrådsberedningens förslag", items=[]
    )
    against = services.yrkande_add(
        item=item,
        mover=world.kroon,
        text="bifall till motionen",
        items=["Kommunfullmäktige föreslås bifalla motionen."],
        supporters=[world.jonsson],
    )
    assert (
        against.sentence()
        == "Gabriel Kroon (SD) yrkar bifall till motionen. Jan Jonsson (L) instämmer."
    )
    with pytest.raises(ValidationError, match="ordföranden fann bifallet"):
        services.item_decide(item=item, now=at(MEETING_DAY, 10))
    item = services.item_decide(item=item, winner=own, now=at(MEETING_DAY, 10))
    assert item.decision.items == ["Kommunfullmäktige föreslås besvara motionen."]


def test_a_votering_decides_by_the_count_and_a_tie_by_the_chairs_vote(world, meeting):
    services.agenda_add(meeting=meeting, title="Yttrande", proposal=["Yttrandet godkänns."])
    services.agenda_add(meeting=meeting, title="Remiss", proposal=["Remissen besvaras."])
    opened(world, meeting)
    first, second = meeting.agenda_items.order_by("number")
    services.item_set_recused(item=second, recused=[world.jonsson])
    for item in (first, second):
        services.yrkande_add(
            item=item, mover=world.wanngard, text="bifall till förslaget", items=[]
        )
        services.yrkande_add(
            item=item, mover=world.kroon, text="avslag", items=["Förslaget avslås."]
        )
    yes, no = first.yrkanden.all()
    services.item_decide(
        item=first,
        vote=(yes, no),
        now=at(MEETING_DAY, 10),
        requested_by=world.kroon,
        ballots={world.wanngard.pk: "ja", world.kroon.pk: "nej", world.jonsson.pk: "nej"},
    )
    first.refresh_from_db()
    assert first.winner == no and first.att_satser == ["Förslaget avslås."]
    assert first.vote.count() == {"ja": 1, "nej": 2, "avstar": 0}
    yes, no = second.yrkanden.all()
    services.item_decide(
        item=second,
        vote=(yes, no),
        now=at(MEETING_DAY, 10),
        ballots={world.wanngard.pk: "ja", world.kroon.pk: "nej"},
    )
    second.refresh_from_db()
    assert second.winner == yes  # 1–1: the chair (Wanngård) voted ja


def test_a_vote_total_that_does_not_match_those_serving_is_refused_and_nothing_saved(
    world, at_ks, meeting
):
    services.agenda_build(meeting=meeting)
    opened(world, meeting)
    item = meeting.agenda_items.get()
    yes = services.yrkande_add(
        item=item, mover=world.wanngard, text="bifall till förslaget", items=[]
    )
    no = services.yrkande_add(
        item=item, mover=world.kroon, text="bifall till motionen", items=["Bifall."]
    )
    with pytest.raises(ValidationError) as refused:
        services.item_decide(
            item=item,
            vote=(yes, no),
            now=at(MEETING_DAY, 10),
            ballots={world.wanngard.pk: "ja", world.kroon.pk: "nej"},
        )
    assert (
        "Voteringen har 2 röster men 3 deltar i ärendet" in refused.value.message_dict["ballots"][0]
    )
    with pytest.raises(ValidationError):  # one who is recused has no vote
        services.item_set_recused(item=item, recused=[world.jonsson])
        services.item_decide(
            item=item,
            vote=(yes, no),
            now=at(MEETING_DAY, 10),
            ballots={world.wanngard.pk: "ja", world.kroon.pk: "nej", world.jonsson.pk: "ja"},
        )
    item.refresh_from_db()
    assert not item.is_decided and not item.votes.exists()
    assert not Decision.objects.filter(case=at_ks.case, meeting=meeting).exists()
    at_ks.case.refresh_from_db()
    assert at_ks.case.step.body == world.ks


def test_justering_by_the_chair_and_the_justerare_signs_and_freezes_the_minutes(
    world, at_ks, meeting, user_with_role
):
    case_item, other = decided_meeting(world, meeting, at_ks)
    user = user_with_role("politiker")
    with pytest.raises(ValidationError, match="Bara ordföranden och justerarna"):
        services.meeting_justera(
            meeting=meeting, person=world.kroon, by=user, now=at(MEETING_DAY, 15)
        )
    services.meeting_justera(
        meeting=meeting, person=world.wanngard, by=user, now=at(MEETING_DAY, 15)
    )
    meeting.refresh_from_db()
    assert meeting.justerad_at is None and not meeting.is_justerad(at(MEETING_DAY, 16))
    with pytest.raises(ValidationError, match="redan justerat"):
        services.meeting_justera(
            meeting=meeting, person=world.wanngard, by=user, now=at(MEETING_DAY, 15)
        )
    services.meeting_justera(
        meeting=meeting, person=world.jonsson, by=user, now=at(MEETING_DAY, 16)
    )
    meeting.refresh_from_db()
    assert meeting.justerad_at == at(MEETING_DAY, 16) and meeting.is_justerad(at(MEETING_DAY, 16))
    protocol = Protocol.objects.get(meeting=meeting)
    pdf = bytes(protocol.pdf)
    status = signature_status(pdf)
    assert status.intact and status.valid and status.trusted
    import hashlib

    assert hashlib.sha256(pdf).hexdigest() == protocol.sha256
    text = pdf_text(pdf)
    assert text.index(f"§ {case_item.number}") < text.index(
        f"§ {other.number} Anmälan av delegationsbeslut"
    )
    assert "Reservation av Gabriel Kroon (SD)" in text
    # nothing in a justerat paragraph changes
    with pytest.raises(ValidationError, match="justerat"):
        services.yrkande_add(item=other, mover=world.kroon, text="avslag", items=[])
    with pytest.raises(ValidationError, match="justerat"):
        services.agenda_add(meeting=meeting, title="Sent tillägg", proposal=["Noteras."])
    with pytest.raises(ValidationError):
        protocol.save()


def test_justering_after_the_time_set_is_refused(world, at_ks, meeting, user_with_role):
    decided_meeting(world, meeting, at_ks)
    with pytest.raises(ValidationError, match="Tiden för justering gick ut"):
        services.meeting_justera(
            meeting=meeting,
            person=world.wanngard,
            by=user_with_role("politiker"),
            now=at(MEETING_DAY + datetime.timedelta(days=4)),
        )
    assert not meeting.justeringar.exists()


def test_minutes_with_an_undecided_paragraph_are_not_justerade(world, meeting, user_with_role):
    services.agenda_add(meeting=meeting, title="Upprop", proposal=["Uppropet noteras."])
    opened(world, meeting)
    with pytest.raises(ValidationError, match="saknar beslut"):
        services.meeting_close(meeting=meeting, ends_at=datetime.time(12))
    with pytest.raises(ValidationError, match="inte avslutat"):
        services.meeting_justera(
            meeting=meeting,
            person=world.wanngard,
            by=user_with_role("politiker"),
            now=at(MEETING_DAY),
        )


def test_the_anslag_comes_after_justering_and_sets_the_last_day_to_appeal(
    world, at_ks, meeting, user_with_role
):
    decided_meeting(world, meeting, at_ks)
    with pytest.raises(ValidationError, match="inte justerat"):
        services.meeting_post_anslag(
            meeting=meeting,
            posted_on=MEETING_DAY,
            kept_at="Stadsledningskontoret",
            today=MEETING_DAY,
        )
    user = user_with_role("politiker")
    for person in (world.wanngard, world.jonsson):
        services.meeting_justera(meeting=meeting, person=person, by=user, now=at(D(2024, 6, 7)))
    with pytest.raises(ValidationError, match="före justeringen"):
        services.meeting_post_anslag(
            meeting=meeting,
            posted_on=D(2024, 6, 6),
            kept_at="Stadsledningskontoret",
            today=D(2024, 6, 10),
        )
    services.meeting_post_anslag(
        meeting=meeting,
        posted_on=D(2024, 6, 7),
        kept_at="Stadsledningskontoret",
        today=D(2024, 6, 10),
    )
    meeting.refresh_from_db()
    assert selectors.anslag_latest_on(meeting) == D(2024, 6, 9)
    assert meeting.appeal_ends_on() == D(2024, 6, 28)  # three weeks on, a Friday
    decision = Decision.objects.get(meeting=meeting)
    assert decision.legal_force_on() == D(2024, 6, 29)
    with pytest.raises(ValidationError, match="kan inte ändras"):
        services.meeting_post_anslag(
            meeting=meeting, posted_on=D(2024, 6, 8), kept_at="X", today=D(2024, 6, 10)
        )


@pytest.mark.parametrize(
    ("posted", "last_day"),
    [
        (D(2024, 6, 7), D(2024, 6, 28)),  # a Friday three weeks on
        (D(2024, 6, 1), D(2024, 6, 24)),  # ends Saturday 22 June → Monday
        (D(2024, 5, 31), D(2024, 6, 24)),  # ends midsommarafton 21 June → Monday 24
        (D(2024, 12, 3), D(2024, 12, 27)),  # ends julafton → past juldagen and annandagen
        (D(2025, 3, 28), D(2025, 4, 22)),  # ends långfredagen → past Easter to the Tuesday
    ],
)
def test_the_time_for_appeal_ends_on_a_workday(posted, last_day):
    assert period_end(posted + datetime.timedelta(weeks=3)) == last_day


def test_extracts_are_registered_on_the_case_once_and_every_dispatch_is_kept(
    world, at_ks, meeting, user_with_role
):
    case_item, other = decided_meeting(world, meeting, at_ks)
    user = user_with_role("registrator")
    with pytest.raises(ValidationError, match="justerat"):
        services.item_dispatch(
            item=case_item, recipients=["Socialnämnden"], sent_on=MEETING_DAY, by=user
        )
    for person in (world.wanngard, world.jonsson):
        services.meeting_justera(meeting=meeting, person=person, by=user, now=at(MEETING_DAY, 16))
    services.item_dispatch(
        item=case_item,
        recipients=["Socialnämnden", "Gabriel Kroon"],
        sent_on=D(2024, 6, 10),
        by=user,
    )
    services.item_dispatch(
        item=case_item, recipients=["Kommunfullmäktige"], sent_on=D(2024, 6, 11), by=user
    )
    case_item.refresh_from_db()
    document = case_item.extract
    assert document.case == at_ks.case and document.kind == "protokollsutdrag"
    assert document.direction == "upprattad"  # drawn up here, unlike a committee's extract received
    assert at_ks.case.documents.filter(kind="protokollsutdrag").count() == 1
    assert [d.recipient for d in case_item.dispatches.all()] == [
        "Socialnämnden",
        "Gabriel Kroon",
        "Kommunfullmäktige",
    ]
    document.file.open("rb")
    pdf = document.file.read()
    assert signature_status(pdf).intact
    text = pdf_text(pdf)
    assert f"§ {case_item.number}" in text and "Anmälan av delegationsbeslut" not in text
    import io

    import pikepdf

    assert pikepdf.open(io.BytesIO(pdf)).open_metadata().get("pdfaid:part") == "2"


def test_at_the_chains_last_step_the_document_is_the_proposal_and_the_outcome_closes_the_case(
    world, at_ks, meeting
):
    services.agenda_build(meeting=meeting)
    opened(world, meeting)
    services.item_decide(item=meeting.agenda_items.get(), now=at(MEETING_DAY, 10))
    kf = Meeting.objects.create(body=world.kf, date=D(2024, 6, 17))
    (item,) = services.agenda_build(meeting=kf)
    assert (item.proposed_by, item.proposal) == ("Kommunstyrelsens förslag", ["Motionen besvaras."])
    services.meeting_open(
        meeting=kf,
        serving=[world.kroon, world.wanngard, world.outsider],
        chair=world.kroon,
        justerare=[world.outsider],
        justering_deadline=at(D(2024, 6, 20)),
        now=at(D(2024, 6, 17)),
    )
    with pytest.raises(ValidationError, match="Ange utfallet"):
        services.item_decide(item=item, now=at(D(2024, 6, 17), 10))
    services.item_decide(item=item, outcome="besvarad", now=at(D(2024, 6, 17), 10))
    at_ks.refresh_from_db()
    at_ks.case.refresh_from_db()
    assert at_ks.outcome == "besvarad" and at_ks.case.status == "avgjord"
    assert (
        at_ks.utlatande.signatory == world.wanngard
    )  # KS's chair of the meeting signed KS's document
