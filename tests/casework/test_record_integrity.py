"""What the law makes final stays final: justering, parallel moves, the admin, frozen documents."""

import datetime
import json
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from casework import roles
from casework.models import Case, CaseEvent, Decision, JusteringChange, Meeting, MemberStatement
from casework.services import (
    decision_record,
    meeting_get_or_create,
    meeting_set_justering,
    member_statement_file,
)
from casework.workflow import Status
from motions.models import Utlatande

D = datetime.date


def at(day: D, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def test_another_decision_at_the_same_meeting_never_moves_its_justering(world):
    first = meeting_get_or_create(
        body=world.ks, date=D(2024, 6, 5), justering_deadline=at(D(2024, 6, 7))
    )
    with pytest.raises(ValidationError) as refusal:
        meeting_get_or_create(
            body=world.ks, date=D(2024, 6, 5), justering_deadline=at(D(2030, 1, 1))
        )
    assert "har redan justering senast 2024-06-07 12:00" in str(refusal.value)
    first.refresh_from_db()
    assert first.justering_deadline == at(D(2024, 6, 7))
    same = meeting_get_or_create(body=world.ks, date=D(2024, 6, 5))
    assert same == first and same.justering_deadline == at(D(2024, 6, 7))


def test_the_justering_time_moves_only_with_a_reason_and_never_after_it_passed(
    world, user_with_role
):
    clerk = user_with_role(roles.NAMNDSEKRETERARE)
    now = timezone.now()
    meeting = meeting_get_or_create(
        body=world.ks,
        date=timezone.localdate(now),
        justering_deadline=now + datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError, match="Ange skälet"):
        meeting_set_justering(meeting=meeting, deadline=now + datetime.timedelta(days=3), by=clerk)
    meeting_set_justering(
        meeting=meeting,
        deadline=now + datetime.timedelta(days=3),
        by=clerk,
        reason="Ordföranden är sjuk.",
    )
    changes = list(JusteringChange.objects.filter(meeting=meeting))
    assert [c.reason for c in changes] == ["", "Ordföranden är sjuk."] and changes[1].by == clerk
    past = meeting_get_or_create(
        body=world.sn, date=D(2024, 3, 19), justering_deadline=at(D(2024, 3, 26))
    )
    with pytest.raises(ValidationError, match="kan inte ändras efteråt"):
        meeting_set_justering(meeting=past, deadline=at(D(2030, 1, 1)), by=clerk, reason="Försök.")
    past.refresh_from_db()
    assert past.justering_deadline == at(D(2024, 3, 26))


def test_a_clerk_moves_the_justering_time_on_its_page(client, world, user_with_role):
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    now = timezone.now()
    meeting = meeting_get_or_create(
        body=world.ks,
        date=timezone.localdate(now),
        justering_deadline=now + datetime.timedelta(days=2),
    )
    case = world.motion().case
    url = f"/sammantraden/{meeting.pk}/justering/?arende={case.slug}"
    new = timezone.localtime(now + datetime.timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"deadline": new}).status_code == 400
    response = client.post(url, {"deadline": new, "reason": "Justeringen flyttad av ordföranden."})
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert JusteringChange.objects.filter(meeting=meeting).count() == 2


def test_a_justerad_decision_and_its_statements_are_read_only_in_the_admin(admin_client, world):
    meeting = meeting_get_or_create(
        body=world.ks, date=D(2024, 6, 5), justering_deadline=at(D(2024, 6, 7))
    )
    decision = decision_record(meeting=meeting, case=world.motion().case, items=["Beslut."])
    statement = member_statement_file(
        decision=decision, kind="reservation", authors=[world.kroon], text="Text."
    )
    for url in (
        f"/admin/casework/decision/{decision.pk}/change/",
        f"/admin/casework/memberstatement/{statement.pk}/change/",
        f"/admin/casework/meeting/{meeting.pk}/change/",
    ):
        assert (
            admin_client.post(url, {"items": '["Ändrat."]', "text": "Ändrad."}).status_code == 403
        )
    for url in (
        "/admin/casework/caseevent/add/",
        "/admin/casework/statementcorrection/add/",
        "/admin/casework/justeringchange/add/",
    ):
        assert admin_client.get(url).status_code == 403
    decision.refresh_from_db()
    statement.refresh_from_db()
    assert decision.items == ["Beslut."] and statement.text == "Text."


def admin_statement_data(statement, **changes) -> dict:
    """The admin's change form for a statement and its authors, as a browser sends it."""
    data = {
        "decision": statement.decision_id,
        "kind": statement.kind,
        "items": json.dumps(statement.items),
        "text": statement.text,
        "status": statement.status,
        "announced_at_0": "",
        "announced_at_1": "",
        "submitted_at_0": "",
        "submitted_at_1": "",
        "authorships-INITIAL_FORMS": "0",
        "authorships-MIN_NUM_FORMS": "0",
        "authorships-MAX_NUM_FORMS": "1000",
    }
    authorships = list(statement.authorships.order_by("position"))
    data["authorships-TOTAL_FORMS"] = data["authorships-INITIAL_FORMS"] = str(len(authorships))
    for i, authorship in enumerate(authorships):
        data |= {
            f"authorships-{i}-id": authorship.pk,
            f"authorships-{i}-statement": statement.pk,
            f"authorships-{i}-person": authorship.person_id,
            f"authorships-{i}-position": authorship.position,
            f"authorships-{i}-confirmed_at_0": "2024-06-05",
            f"authorships-{i}-confirmed_at_1": "12:00:00",
        }
    return data | changes


def test_the_admin_confirms_no_co_author_and_changes_no_submitted_statement(admin_client, world):
    """Only the invited person confirms, on their own page; a submitted text is its authors'."""
    from casework.services import (
        statement_announce,
        statement_invite,
        statement_submit,
        statement_write,
    )

    now = timezone.now()
    meeting = meeting_get_or_create(
        body=world.ks,
        date=timezone.localdate(now),
        justering_deadline=now + datetime.timedelta(days=2),
    )
    decision = decision_record(meeting=meeting, case=world.motion().case, items=["Beslut."])
    statement = statement_announce(
        decision=decision, kind="reservation", author=world.kroon, by_clerk=True, at=now
    )
    statement_invite(statement=statement, person=world.kroon, invitee=world.jonsson, at=now)
    statement_write(
        statement=statement, person=world.kroon, items=["Att avslå."], text="Kroons text.", at=now
    )
    url = f"/admin/casework/memberstatement/{statement.pk}/change/"
    assert admin_client.get(url).status_code == 200  # a draft: read, its kind and authors put right

    response = admin_client.post(
        url, admin_statement_data(statement, text="Adminens text.", status="inlamnad")
    )
    assert response.status_code == 302  # saved: what the admin may change of a draft, no more
    invitation = statement.authorships.get(person=world.jonsson)
    assert invitation.confirmed_at is None  # still only invited
    statement.refresh_from_db()
    assert (statement.text, statement.status) == ("Kroons text.", MemberStatement.Status.DRAFT)
    changed = admin_statement_data(statement, **{"authorships-1-person": world.wanngard.pk})
    assert admin_client.post(url, changed).status_code == 302
    assert statement.authorships.get(person=world.wanngard).confirmed_at is None  # invited, no more
    admin_client.post(
        url, admin_statement_data(statement, **{"authorships-1-person": world.jonsson.pk})
    )

    statement_submit(statement=statement, person=world.kroon, at=now)
    assert admin_client.get(url).status_code == 200  # submitted: only read
    drafted = statement.history.filter(status=MemberStatement.Status.DRAFT).first()
    revert = f"{url.removesuffix('change/')}history/{drafted.history_id}/"  # read, never replayed
    as_drafted = {
        "text": drafted.text,
        "items": json.dumps(drafted.items),
        "status": drafted.status,
    }
    added = {
        "authorships-TOTAL_FORMS": "3",
        "authorships-2-statement": statement.pk,
        "authorships-2-person": world.wanngard.pk,
        "authorships-2-position": "3",
    }
    for target, data in [
        (url, admin_statement_data(statement, text="Adminens text.", items='["Att bifalla."]')),
        (url, admin_statement_data(statement, **{"authorships-0-person": world.wanngard.pk})),
        (url, admin_statement_data(statement, **added)),
        (revert, admin_statement_data(statement, **as_drafted)),
    ]:
        assert admin_client.post(target, data).status_code == 403, target
    assert admin_client.get("/admin/casework/memberstatement/add/").status_code == 403
    statement.refresh_from_db()
    assert (statement.text, statement.items) == ("Kroons text.", ["Att avslå."])
    assert statement.is_submitted
    assert [
        (a.person, bool(a.confirmed_at)) for a in statement.authorships.order_by("position")
    ] == [
        (world.kroon, True),
        (world.jonsson, False),
    ]


def test_author_changes_are_recorded(world):
    now = timezone.now()
    meeting = meeting_get_or_create(
        body=world.ks,
        date=timezone.localdate(now),
        justering_deadline=now + datetime.timedelta(days=2),
    )
    decision = decision_record(meeting=meeting, case=world.motion().case, items=["Beslut."])
    statement = member_statement_file(
        decision=decision, kind="reservation", authors=[world.kroon], text="Text."
    )
    authorship = statement.authorships.get()
    authorship.person = world.jonsson
    authorship.save()
    people = [h.person_id for h in authorship.history.order_by("history_date")]
    assert people == [world.kroon.pk, world.jonsson.pk]


def test_a_fastställt_utlatande_is_read_only_in_the_admin(admin_client, demo):
    utlatande = Utlatande.objects.get()
    assert utlatande.frozen_document_id
    response = admin_client.post(
        f"/admin/motions/utlatande/{utlatande.pk}/change/", {"summary": "Ändrad."}
    )
    assert response.status_code == 403
    assert admin_client.get(f"/admin/motions/utlatande/{utlatande.pk}/history/").status_code == 200
    utlatande.refresh_from_db()
    assert utlatande.summary != "Ändrad."


def test_a_secret_or_cancelled_document_cannot_be_attached_or_printed(
    client, world, user_with_role
):
    from casework.services import document_cancel, document_register
    from motions.services import utlatande_save

    motion = world.motion()
    secret = document_register(
        case=motion.case,
        dated=D(2023, 10, 1),
        kind="ovrigt",
        title="Hemlig uppgift om X",
        secrecy_provision="OSL 26 kap. 1 §",
        secrecy_marked_on=D(2023, 10, 1),
    )
    cancelled = document_cancel(
        document=document_register(
            case=motion.case, dated=D(2023, 10, 1), kind="ovrigt", title="Fel handling"
        ),
        reason="Fel ärende.",
    )
    fields = {
        "number": "",
        "rapporteur": world.wanngard,
        "proposed_items": ["Besvarad."],
        "summary": "S.",
        "views": "V.",
        "matter": "Ä.",
    }
    for document in (secret, cancelled):
        with pytest.raises(ValidationError, match="kan inte vara bilaga"):
            utlatande_save(
                motion=motion, version=None, summaries={}, attachments=[document], **fields
            )
    client.force_login(user_with_role(roles.HANDLAGGARE))
    Case.objects.filter(pk=motion.case.pk).update(status=Status.REFERRED)
    form = client.get(f"/arenden/{motion.case.slug}/utlatande/redigera/").text
    assert "Hemlig uppgift om X" not in form and "Fel handling" not in form


def at_once(action) -> list[str]:
    """Two clerks doing `action` in the same instant, each on their own connection: what each
    was told ("ok" or the refusal), sorted."""
    barrier, results = threading.Barrier(2), []

    def clerk():
        try:
            barrier.wait()
            action()
            results.append("ok")
        except ValidationError as error:
            results.append(" ".join(error.messages))
        except Exception as error:  # anything else fails the test with what it was
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_clerks_withdrawing_at_once_give_one_event_and_a_clear_refusal(world):
    case = world.motion().case
    results = at_once(
        lambda: Case.objects.get(pk=case.pk).transition_to(Status.WITHDRAWN, note="Återkallad.")
    )
    assert results == ["ok", "Ärendet kan inte gå från ”återkallad” till ”återkallad”."]
    assert CaseEvent.objects.filter(case=case, to_status=Status.WITHDRAWN).count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_clerks_registering_the_same_decision_at_once_give_one_decision(world):
    case = world.motion().case
    meeting = Meeting.objects.create(body=world.ks, date=D(2024, 6, 5))
    results = at_once(lambda: decision_record(meeting=meeting, case=case, items=["Beslut."]))
    assert results == [
        "Kommunstyrelsens beslut den 2024-06-05 i KS 2023/1 är redan registrerat.",
        "ok",
    ]
    assert Decision.objects.count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_clerks_recording_the_same_step_of_the_chain_at_once_give_one_decision(world):
    """Even at meetings on different days: the second is told where the case is now."""
    from casework.models import ChainStep
    from casework.services import chain_decide

    case = world.motion().case
    Case.objects.filter(pk=case.pk).update(
        status=Status.IN_DECISION, step=ChainStep.chain("motion").first()
    )
    days = iter([D(2024, 5, 22), D(2024, 5, 29)])
    meetings = [Meeting.objects.create(body=world.brb, date=next(days)) for _ in range(2)]
    clerks = iter(meetings)
    results = at_once(
        lambda: chain_decide(case=Case.objects.get(pk=case.pk), meeting=next(clerks), items=["Ja."])
    )
    assert results == ["ok", "Ärendet ligger hos kommunstyrelsen, inte hos borgarrådsberedningen."]
    assert Decision.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).stage == "hos kommunstyrelsen"


def test_a_co_authors_newer_save_is_never_overwritten(client, world, user_with_role):
    from casework.services import statement_announce, statement_confirm, statement_invite

    now = timezone.now()
    meeting = meeting_get_or_create(
        body=world.ks,
        date=timezone.localdate(now),
        justering_deadline=now + datetime.timedelta(days=2),
    )
    decision = decision_record(meeting=meeting, case=world.motion().case, items=["Beslut."])
    statement = statement_announce(
        decision=decision, kind="reservation", author=world.kroon, by_clerk=True, at=now
    )
    statement_invite(statement=statement, person=world.kroon, invitee=world.jonsson, at=now)
    statement_confirm(statement=statement, person=world.jonsson, at=now)
    for person in (world.kroon, world.jonsson):
        person.user = user_with_role(roles.POLITIKER, person.last_name.lower())
        person.save()
    url = f"/uttalanden/{statement.pk}/"
    client.force_login(world.kroon.user)
    assert client.post(url, {"version": "1", "text": "Kroons text."}).status_code == 302
    client.force_login(world.jonsson.user)
    stale = client.post(url, {"version": "1", "text": "Jonssons text."})
    assert stale.status_code == 409
    assert "Kroons text." in stale.text and "Jonssons text." in stale.text
    statement.refresh_from_db()
    assert statement.text == "Kroons text." and statement.version == 2
    assert MemberStatement.objects.count() == 1


def test_the_registration_form_sent_twice_makes_one_case(client, world, user_with_role):
    client.force_login(user_with_role(roles.REGISTRATOR))
    data = {
        "registry": world.registry.pk,
        "title": "Motion om bänkar",
        "first_mover": world.kroon.pk,
        "filed_on": "2024-02-12",
        "registered_on": "2024-02-14",
        "registration_key": "6f1c9f4e-8a52-4b0e-9a55-7f5c2d7b9e11",
    }
    first = client.post("/arenden/ny-motion/", data)
    second = client.post("/arenden/ny-motion/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == "/arenden/KS-2024-1/"
    assert Case.objects.count() == 1


@pytest.mark.parametrize("key", [None, "", "inte-en-nyckel"])
def test_a_registration_without_its_one_time_key_is_refused_and_the_form_gets_a_fresh_one(
    client, world, user_with_role, key
):
    client.force_login(user_with_role(roles.REGISTRATOR))
    data = {
        "registry": world.registry.pk,
        "title": "Motion om bänkar",
        "first_mover": world.kroon.pk,
        "filed_on": "2024-02-12",
        "registered_on": "2024-02-14",
    }
    if key is not None:
        data["registration_key"] = key
    refused = client.post("/arenden/ny-motion/", data)
    assert refused.status_code == 400
    assert "Formuläret saknade sin engångsnyckel, så ärendet registrerades inte" in refused.text
    assert "Motion om bänkar" in refused.text  # what was typed is still there
    assert not Case.objects.exists()
    fresh = re.search(r'name="registration_key" value="([0-9a-f-]{36})"', refused.text)
    assert fresh, "the form comes back with a fresh key"
    first = client.post("/arenden/ny-motion/", {**data, "registration_key": fresh[1]})
    second = client.post("/arenden/ny-motion/", {**data, "registration_key": fresh[1]})
    assert first.status_code == second.status_code == 302
    assert Case.objects.count() == 1


def test_a_second_decision_of_a_step_already_passed_is_refused(demo):
    from motions.services import motion_chain_decide

    utlatande = Utlatande.objects.get()
    brb = utlatande.chain_decisions[0].meeting.body
    other = Meeting.objects.create(body=brb, date=D(2024, 5, 29))
    with pytest.raises(
        ValidationError, match="ligger hos kommunfullmäktige, inte hos borgarrådsberedningen"
    ):
        motion_chain_decide(motion=utlatande.motion, meeting=other, items=["Tillstyrker."])
    assert Decision.objects.filter(meeting=other).count() == 0


def test_the_logs_are_append_only_in_code_too(world):
    meeting = meeting_get_or_create(
        body=world.ks, date=D(2024, 6, 5), justering_deadline=at(D(2024, 6, 7))
    )
    change = JusteringChange.objects.get(meeting=meeting)
    event = world.motion().case.events.get()
    for row in (change, event):
        with pytest.raises(ValidationError, match="kan inte ändras i efterhand"):
            row.save()
        with pytest.raises(ValidationError, match="kan inte tas bort"):
            row.delete()
    assert (
        JusteringChange.objects.filter(pk=change.pk).exists()
        and CaseEvent.objects.filter(pk=event.pk).exists()
    )
