"""Bad input is refused with a Swedish message on the field, and nothing is half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.models import Case, Decision, Document, MemberStatement
from casework.services import decision_record, member_statement_file
from referrals.models import OfficerReport, Referral
from referrals.services import referral_answer_by_decision, referral_send

D = datetime.date


def test_it_refuses_a_due_date_before_the_sent_date(world):
    case = world.motion().case
    with pytest.raises(ValidationError) as error:
        referral_send(case=case, body=world.sn, sent_on=D(2023, 10, 10), due_on=D(2023, 10, 9))
    assert error.value.message_dict["due_on"] == [
        "Svarsdatumet kan inte ligga före datumet då remissen skickades."
    ]
    assert not Referral.objects.exists()


def test_it_refuses_a_tjansteutlatande_dated_after_the_meeting_that_adopts_it(world):
    case = world.motion().case
    referral = referral_send(
        case=case, body=world.sn, sent_on=D(2023, 10, 10), due_on=D(2024, 3, 31)
    )
    meeting = world.meeting(world.sn, D(2024, 3, 19))
    with pytest.raises(ValidationError) as error:
        referral_answer_by_decision(
            referral=referral,
            meeting=meeting,
            items=["Socialnämnden godkänner förvaltningens tjänsteutlåtande."],
            report_dated=D(2024, 3, 20),
            report_text="Text.",
        )
    assert error.value.message_dict["report_dated"] == [
        "Tjänsteutlåtandet kan inte vara daterat efter sammanträdet som antar det."
    ]
    referral.refresh_from_db()
    assert (referral.state, referral.decision) == (Referral.State.SENT, None)
    assert not Decision.objects.exists() and not OfficerReport.objects.exists()
    assert case.documents.count() == 2  # the motion and the referral sent


def test_a_committee_answer_adopts_its_office_report_and_is_registered(world):
    case = world.motion().case
    referral = referral_send(
        case=case, body=world.sn, sent_on=D(2023, 10, 10), due_on=D(2024, 3, 31)
    )
    referral_answer_by_decision(
        referral=referral,
        meeting=world.meeting(world.sn, D(2024, 3, 19)),
        items=["Godkänner."],
        report_dated=D(2024, 3, 4),
        report_text="Text.",
    )
    referral.refresh_from_db()
    assert referral.state == Referral.State.ANSWERED
    assert referral.report.office == world.sof
    sent, answer = case.documents.get(number=2), case.documents.get(number=3)
    assert (sent.kind, sent.direction, sent.title) == (
        "remiss",
        "utgaende",
        "Remiss till socialnämnden",
    )
    assert answer.direction == Document.Direction.INCOMING
    assert (answer.kind, answer.title, answer.dated) == (
        Document.Kind.REFERRAL_ANSWER,
        "Remissvar från socialnämnden",
        D(2024, 3, 19),
    )


@pytest.mark.parametrize(
    "kind", [MemberStatement.Kind.RESERVATION, MemberStatement.Kind.SPECIAL_STATEMENT]
)
def test_it_refuses_a_statement_by_someone_who_was_not_a_member_on_the_meeting_date(world, kind):
    case = world.motion().case
    decision = decision_record(
        meeting=world.meeting(world.sn, D(2024, 3, 19)), case=case, items=["Godkänner."]
    )
    with pytest.raises(ValidationError) as error:
        member_statement_file(
            decision=decision, kind=kind, authors=[world.kroon, world.outsider], text="Text."
        )
    assert error.value.message_dict["authors"] == [
        "Olle Utanför var inte ledamot eller ersättare i socialnämnden den 2024-03-19."
    ]
    assert not MemberStatement.objects.exists()


def test_it_refuses_a_statement_at_a_meeting_after_the_members_term(world):
    case = world.motion().case
    decision = decision_record(
        meeting=world.meeting(world.sn, D(2030, 10, 15)),
        case=case,
        items=["Beslut."],
        at=timezone.make_aware(datetime.datetime(2030, 10, 15, 12)),  # recorded on its day
    )
    with pytest.raises(ValidationError):
        member_statement_file(
            decision=decision,
            kind=MemberStatement.Kind.RESERVATION,
            authors=[world.kroon],
            text="Text.",
        )


def test_a_special_statement_has_no_decision_items(world):
    case = world.motion().case
    decision = decision_record(
        meeting=world.meeting(world.sn, D(2024, 3, 19)), case=case, items=["Beslut."]
    )
    with pytest.raises(ValidationError) as error:
        member_statement_file(
            decision=decision,
            kind=MemberStatement.Kind.SPECIAL_STATEMENT,
            authors=[world.kroon],
            items=["Att något."],
            text="Text.",
        )
    assert "inga att-satser" in str(error.value)


def test_it_refuses_a_motion_without_a_mover_and_saves_nothing(world):
    with pytest.raises(ValidationError) as error:
        world.motion(movers=[])
    assert error.value.message_dict["movers"] == ["Ange minst en motionär."]
    assert not Case.objects.exists()


def test_it_refuses_att_satser_with_an_empty_item(world):
    case = world.motion().case
    with pytest.raises(ValidationError) as error:
        decision_record(
            meeting=world.meeting(world.ks, D(2024, 6, 5)), case=case, items=["Att bifalla.", " "]
        )
    assert error.value.message_dict["items"] == ["En att-sats får inte vara tom."]


def test_several_movers_from_one_party_print_as_m_fl(world):
    from casework.models import PartyAffiliation, Person

    colleague = Person.objects.create(first_name="Ann", last_name="Andersson")
    PartyAffiliation.objects.create(person=colleague, party=world.sd, starts_on=D(2020, 1, 1))
    motion = world.motion(movers=[world.kroon, colleague])
    assert motion.movers_display == "Gabriel Kroon m.fl. (SD)"
    mixed = world.motion(movers=[world.kroon, world.jonsson])
    assert mixed.movers_display == "Gabriel Kroon (SD) m.fl."  # Stockholm names one mover


def test_a_person_who_changes_party_keeps_the_old_party_for_old_dates(world):
    from casework.models import PartyAffiliation

    PartyAffiliation.objects.filter(person=world.jonsson).update(ends_on=D(2024, 12, 31))
    PartyAffiliation.objects.create(person=world.jonsson, party=world.s, starts_on=D(2025, 1, 1))
    assert world.jonsson.name_with_party(D(2024, 6, 5)) == "Jan Jonsson (L)"
    assert world.jonsson.name_with_party(D(2025, 6, 5)) == "Jan Jonsson (S)"


def test_texts_are_bounded_with_swedish_messages_and_nothing_is_cut_silently():
    from casework.forms import StatementTextForm

    form = StatementTextForm({"text": "a" * 30_001})
    assert not form.is_valid()
    assert form.errors["text"] == [
        "Texten får vara högst 30000 tecken (den har 30001). Korta den eller lägg det långa som en bilaga."
    ]
    assert "maxlength" not in str(form["text"])
    form = StatementTextForm({"text": "Stycke.\n\n" * 151})
    assert form.errors["text"] == [
        "Texten får ha högst 150 stycken (den har 151). Slå ihop stycken eller lägg det långa som en bilaga."
    ]
    form = StatementTextForm({"items": "att a\n" * 51, "text": "Text."})
    assert form.errors["items"] == ["Högst 50 att-satser (det finns 51)."]
    form = StatementTextForm({"items": "att " + "b" * 2000, "text": "Text."})
    assert form.errors["items"] == ["Att-sats 1 är för lång: högst 2000 tecken (den har 2004)."]
    assert StatementTextForm({"items": "att a\n" * 50, "text": "Stycke.\n\n" * 150}).is_valid()


@pytest.mark.parametrize(
    ("name", "running_name", "expected"),
    [
        ("Socialnämnden", "", "socialnämnden"),
        ("Stadsledningskontoret", "", "stadsledningskontoret"),
        ("Södermalms stadsdelsnämnd", "Södermalms stadsdelsnämnd", "Södermalms stadsdelsnämnd"),
        ("Kommunstyrelsens arbetsutskott", "", "kommunstyrelsens arbetsutskott"),
        ("AB SOLOM", "", "AB SOLOM"),
        ("Migrationsverket", "Migrationsverket", "Migrationsverket"),
    ],
)
def test_body_names_keep_their_proper_nouns_in_running_text(name, running_name, expected):
    from casework.models import Body

    assert Body(name=name, running_name=running_name).in_running_text == expected
