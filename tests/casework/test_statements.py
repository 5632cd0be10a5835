"""KL 4 kap. 27 §: politicians file their own reservations and special statements, within the deadlines."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format

from casework import roles
from casework.models import Body, Meeting, Membership, MemberStatement, StatementCorrection
from casework.services import (
    decision_record,
    statement_announce,
    statement_confirm,
    statement_invite,
    statement_submit,
    statement_write,
)

R = MemberStatement.Kind.RESERVATION
S = MemberStatement.Kind.SPECIAL_STATEMENT


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def decision(world, now, user_with_role):
    """A KS decision taken today; justering in two days."""
    for person in (world.kroon, world.jonsson, world.wanngard, world.outsider):
        person.user = user_with_role(
            roles.POLITIKER, f"{person.first_name}.{person.last_name}".lower()
        )
        person.user.email = f"{person.user.username}@example.org"
        person.user.save()
        person.save()
    meeting = world.meeting(
        world.ks, timezone.localdate(now), justering_deadline=now + datetime.timedelta(days=2)
    )
    return decision_record(
        meeting=meeting, case=world.motion().case, items=["Kommunstyrelsen föreslår."]
    )


def test_those_who_took_part_are_told_by_mail_when_the_decision_is_registered(
    decision, django_capture_on_commit_callbacks, world, now
):
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            meeting=decision.meeting, case=world.motion().case, items=["Ett beslut till."]
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [
        "gabriel.kroon@example.org",
        "jan.jonsson@example.org",
        "karin.wanngård@example.org",
    ]
    assert "kan lämna reservation" in mail.outbox[0].body


def test_the_reminder_goes_out_once_24_hours_before_justering(decision, now):
    meeting = decision.meeting
    meeting.justering_deadline = now + datetime.timedelta(hours=23)
    meeting.save()
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 3 and mail.outbox[0].subject.startswith("Påminnelse: justering")
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None


def test_a_member_announces_on_the_meeting_day_and_writes_a_private_draft(
    decision, world, now, client
):
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    assert statement.status == MemberStatement.Status.DRAFT
    client.force_login(world.jonsson.user)
    assert client.get(f"/uttalanden/{statement.pk}/").status_code == 404  # another politician
    client.force_login(world.kroon.user)
    response = client.post(
        f"/uttalanden/{statement.pk}/",
        {
            "items": "Att bifalla motionen.\n\n\nAtt därutöver anföra följande:\x0b",
            "text": "Motivering\u200b.",
            "spara": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.items == ["Att bifalla motionen.", "Att därutöver anföra följande:"]
    assert statement.text == "Motivering."


def test_announcing_after_the_meeting_day_is_for_the_clerk(decision, world, now):
    later = now + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="anmäls under sammanträdet"):
        statement_announce(decision=decision, kind=R, author=world.kroon, by_clerk=False, at=later)
    assert statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=True, at=later
    )


def test_one_who_did_not_sit_on_the_body_cannot_reserve(decision, world, now):
    with pytest.raises(ValidationError) as error:
        statement_announce(decision=decision, kind=R, author=world.outsider, by_clerk=False, at=now)
    assert error.value.messages == [
        f"Olle Utanför var inte ledamot eller ersättare i kommunstyrelsen den {decision.date.isoformat()}."
    ]


def test_a_member_who_did_not_take_part_cannot_reserve(decision, world, now):
    decision.meeting.participants.set([world.kroon, world.wanngard])
    with pytest.raises(
        ValidationError, match="deltog inte i beslutet och kan därför inte reservera sig"
    ):
        statement_announce(decision=decision, kind=R, author=world.jonsson, by_clerk=False, at=now)


def test_a_substitute_makes_a_special_statement_only_where_the_body_allows_it(decision, world, now):
    Membership.objects.create(
        person=world.outsider,
        body=world.ks,
        role=Membership.Role.SUBSTITUTE,
        starts_on=decision.date,
        ends_on=None,
    )
    with pytest.raises(ValidationError, match="ersättare får inte lämna särskilda uttalanden"):
        statement_announce(decision=decision, kind=S, author=world.outsider, by_clerk=False, at=now)
    Body.objects.filter(pk=world.ks.pk).update(substitutes_may_make_statements=True)
    decision.refresh_from_db()
    assert statement_announce(
        decision=decision, kind=S, author=world.outsider, by_clerk=False, at=now
    )
    with pytest.raises(ValidationError, match="kan därför inte reservera sig"):
        statement_announce(decision=decision, kind=R, author=world.outsider, by_clerk=False, at=now)


@pytest.mark.parametrize(("minutes", "allowed"), [(-1, True), (0, False), (1, False)])
def test_writing_closes_at_justering_exactly(decision, world, now, minutes, allowed):
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    at = decision.meeting.justering_deadline + datetime.timedelta(minutes=minutes)
    if allowed:
        statement_write(
            statement=statement, person=world.kroon, items=["Att bifalla."], text="Skäl.", at=at
        )
        statement_submit(statement=statement, person=world.kroon, at=at)
        statement.refresh_from_db()
        assert statement.is_submitted
    else:
        with pytest.raises(ValidationError, match="gick ut vid justeringen"):
            statement_write(
                statement=statement, person=world.kroon, items=["Att bifalla."], text="Skäl.", at=at
            )
        statement.refresh_from_db()
        assert statement.text == ""


def test_an_empty_motivation_is_not_submitted_and_nothing_written_is_lost(
    decision, world, now, client
):
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    client.force_login(world.kroon.user)
    response = client.post(
        f"/uttalanden/{statement.pk}/",
        {"items": "Att bifalla motionen.", "text": "  ", "lamna_in": "", "version": "1"},
    )
    assert response.status_code == 400
    assert "Skriv motiveringen innan texten lämnas in." in response.text
    statement.refresh_from_db()
    assert statement.items == ["Att bifalla motionen."] and not statement.is_submitted


def test_a_politician_cannot_edit_another_members_submitted_text(decision, world, now, client):
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    statement_write(statement=statement, person=world.kroon, items=[], text="Kroons skäl.", at=now)
    statement_submit(statement=statement, person=world.kroon, at=now)
    client.force_login(world.jonsson.user)
    assert client.get(f"/uttalanden/{statement.pk}/").status_code == 200  # submitted: public
    assert (
        client.post(f"/uttalanden/{statement.pk}/", {"text": "Jonssons text."}).status_code == 403
    )
    with pytest.raises(PermissionDenied):
        statement_write(
            statement=statement, person=world.jonsson, items=[], text="Jonssons text.", at=now
        )
    statement.refresh_from_db()
    assert statement.text == "Kroons skäl."


def test_a_joint_reservation_shows_a_co_author_only_once_confirmed(decision, world, now):
    statement = statement_announce(
        decision=decision, kind=R, author=world.jonsson, by_clerk=False, at=now
    )
    statement_invite(statement=statement, person=world.jonsson, invitee=world.kroon, at=now)
    statement.refresh_from_db()
    assert (statement.author_names_plain, statement.pronoun) == ("Jan Jonsson (L)", "Jag")
    with pytest.raises(PermissionDenied):
        statement_invite(statement=statement, person=world.kroon, invitee=world.wanngard, at=now)
    statement_confirm(statement=statement, person=world.kroon, at=now)
    statement.refresh_from_db()
    assert (statement.author_names_plain, statement.pronoun) == (
        "Jan Jonsson (L) och Gabriel Kroon (SD)",
        "Vi",
    )


def test_after_the_deadline_a_clerk_corrects_and_the_original_stays_readable(
    decision, world, now, client, user_with_role
):
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    statement_write(
        statement=statement, person=world.kroon, items=["Att bifalla."], text="Orginal.", at=now
    )
    statement_submit(statement=statement, person=world.kroon, at=now)
    decision.meeting.justering_deadline = now - datetime.timedelta(minutes=1)
    decision.meeting.save()
    client.force_login(world.kroon.user)
    assert client.post(f"/uttalanden/{statement.pk}/", {"text": "Ny."}).status_code == 403
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE, "sekreterare"))
    url = f"/uttalanden/{statement.pk}/rattelse/"
    assert (
        client.post(url, {"items": "Att bifalla.", "text": "Original.", "reason": ""}).status_code
        == 400
    )
    assert (
        client.post(
            url, {"items": "Att bifalla.", "text": "Original.", "reason": "Stavfel."}
        ).status_code
        == 302
    )
    statement.refresh_from_db()
    correction = StatementCorrection.objects.get()
    assert (statement.text, correction.previous_text, correction.reason) == (
        "Original.",
        "Orginal.",
        "Stavfel.",
    )
    page = client.get(f"/uttalanden/{statement.pk}/").text
    assert "Orginal." in page and "Stavfel." in page


def test_my_decisions_lists_the_decisions_where_i_took_part(decision, world, client):
    client.force_login(world.kroon.user)
    page = client.get("/mina-beslut/").text
    assert decision.case.dnr in page and "Anmäl reservation" in page
    client.force_login(world.outsider.user)
    assert decision.case.dnr not in client.get("/mina-beslut/").text


def test_drafts_stay_out_of_the_case_page_until_submitted(decision, world, now, client):
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    statement_write(
        statement=statement, person=world.kroon, items=[], text="Hemligt utkast.", at=now
    )
    assert "Hemligt utkast." not in client.get(decision.case.get_absolute_url()).text
    statement_submit(statement=statement, person=world.kroon, at=now)
    assert "Hemligt utkast." in client.get(decision.case.get_absolute_url()).text


def test_opening_a_draft_shows_what_was_written_and_saving_it_again_loses_nothing(
    decision, world, now, client
):
    """The bug the browser test found: a GET bound the form to empty data."""
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    statement_write(
        statement=statement, person=world.kroon, items=["Att bifalla."], text="Mitt utkast.", at=now
    )
    client.force_login(world.kroon.user)
    page = client.get(f"/uttalanden/{statement.pk}/")
    assert page.status_code == 200 and "Mitt utkast." in page.text and "Detta fält" not in page.text


@pytest.mark.parametrize("version", [None, "", "tre"])
def test_a_text_sent_without_the_version_it_began_from_is_refused_and_nothing_is_lost(
    decision, world, now, client, version
):
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    statement_invite(statement=statement, person=world.kroon, invitee=world.jonsson, at=now)
    statement_confirm(statement=statement, person=world.jonsson, at=now)
    statement_write(
        statement=statement, person=world.kroon, items=[], text="Kroons text.", at=now, version=1
    )
    client.force_login(world.jonsson.user)
    data = {"items": "Att avslå.", "text": "Jonssons text.", "spara": ""}
    if version is not None:
        data["version"] = version
    response = client.post(f"/uttalanden/{statement.pk}/", data)
    assert response.status_code == 400
    assert "Sidan skickade inte med vilken version av texten du utgick från" in response.text
    assert "Jonssons text." in response.text and "Att avslå." in response.text  # what was typed
    assert "Kroons text." in response.text  # and the saved text, to compare with
    statement.refresh_from_db()
    assert (statement.text, statement.items, statement.version) == ("Kroons text.", [], 2)
    assert 'name="version" value="2"' in response.text  # saving again, after comparing, works
    saved = client.post(
        f"/uttalanden/{statement.pk}/", {**data, "version": "2", "text": "Vår gemensamma text."}
    )
    assert saved.status_code == 302
    statement.refresh_from_db()
    assert (statement.text, statement.version) == ("Vår gemensamma text.", 3)


def test_an_invitee_is_mailed_a_link_and_may_decline(
    decision, world, now, client, django_capture_on_commit_callbacks
):
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    with django_capture_on_commit_callbacks(execute=True):
        statement_invite(statement=statement, person=world.kroon, invitee=world.jonsson, at=now)
    invitation = mail.outbox[-1]
    assert invitation.to == ["jan.jonsson@example.org"]
    assert f"http://127.0.0.1:8000/uttalanden/{statement.pk}/" in invitation.body
    client.force_login(world.jonsson.user)
    page = client.get(f"/uttalanden/{statement.pk}/").text
    assert "Avböj inbjudan" in page and "Texten är låst" not in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/uttalanden/{statement.pk}/avboj/").status_code == 302
    assert not statement.authorships.filter(person=world.jonsson).exists()
    assert (
        mail.outbox[-1].to == ["gabriel.kroon@example.org"] and "avböjde" in mail.outbox[-1].subject
    )
    assert (
        client.post(f"/uttalanden/{statement.pk}/avboj/").status_code == 404
    )  # no draft of theirs now


def test_unconfirmed_invitations_are_not_shown_to_other_readers(decision, world, now, client):
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    statement_invite(statement=statement, person=world.kroon, invitee=world.jonsson, at=now)
    statement_write(statement=statement, person=world.kroon, items=[], text="Text.", at=now)
    statement_submit(statement=statement, person=world.kroon, at=now)
    page = client.get(f"/uttalanden/{statement.pk}/").text
    assert "Jan Jonsson" not in page and "Inbjudna" not in page


def test_mina_beslut_lists_only_what_the_politician_filed_or_was_invited_to(
    decision, world, now, client
):
    mine = statement_announce(decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now)
    other = statement_announce(
        decision=decision, kind=R, author=world.jonsson, by_clerk=False, at=now
    )
    statement_write(statement=other, person=world.jonsson, items=[], text="Text.", at=now)
    statement_submit(statement=other, person=world.jonsson, at=now)
    client.force_login(world.kroon.user)
    page = client.get("/mina-beslut/").text
    assert f"/uttalanden/{mine.pk}/" in page and f"/uttalanden/{other.pk}/" not in page
    assert "Dina uppdrag" in page and "Ledamot i kommunstyrelsen" in page


def test_an_announced_reservation_stands_under_the_decision_before_its_text_is_handed_in(
    decision, world, now, client
):
    statement = statement_announce(
        decision=decision, kind=R, author=world.wanngard, by_clerk=True, at=now
    )
    statement_write(
        statement=statement, person=world.wanngard, items=[], text="Ett utkast.", at=now
    )
    deadline = date_format(
        timezone.localtime(decision.meeting.justering_deadline), "SHORT_DATETIME_FORMAT"
    )
    name = world.wanngard.name_with_party(decision.date)
    page = client.get(decision.case.get_absolute_url()).text
    assert (
        f"{name} har anmält reservation; den skriftliga reservationen lämnas senast {deadline}."
        in page
    )
    assert "Ett utkast." not in page  # a draft's text is the authors' own

    Meeting.objects.filter(pk=decision.meeting.pk).update(
        justering_deadline=now - datetime.timedelta(minutes=1)
    )
    page = client.get(decision.case.get_absolute_url()).text
    assert f"{name} anmälde reservation; ingen skriftlig text lämnades in före justeringen." in page
    assert "har anmält" not in page and "Ett utkast." not in page


def test_an_invited_co_author_of_an_announced_statement_is_not_named_on_the_case_page(
    decision, world, now, client
):
    statement = statement_announce(
        decision=decision, kind=S, author=world.kroon, by_clerk=False, at=now
    )
    statement_invite(statement=statement, person=world.kroon, invitee=world.jonsson, at=now)
    page = client.get(decision.case.get_absolute_url()).text
    assert f"{world.kroon.name_with_party(decision.date)} har anmält särskilt uttalande" in page
    assert "det skriftliga uttalandet lämnas senast" in page
    assert "Jan Jonsson" not in page


def test_mina_beslut_offers_no_second_reservation_once_one_is_handed_in(
    decision, world, now, client
):
    statement = statement_announce(
        decision=decision, kind=R, author=world.kroon, by_clerk=False, at=now
    )
    client.force_login(world.kroon.user)
    page = client.get("/mina-beslut/").text
    assert "Anmäl reservation" not in page and "Anmäl särskilt uttalande" in page
    statement_write(statement=statement, person=world.kroon, items=[], text="Skäl.", at=now)
    statement_submit(statement=statement, person=world.kroon, at=now)
    page = client.get("/mina-beslut/").text
    assert f"/uttalanden/{statement.pk}/" in page and "inlämnad" in page
    assert "Anmäl reservation" not in page and "Anmäl särskilt uttalande" in page
    statement_announce(decision=decision, kind=S, author=world.kroon, by_clerk=False, at=now)
    page = client.get("/mina-beslut/").text
    assert "Anmäl särskilt uttalande" not in page and 'name="kind"' not in page
