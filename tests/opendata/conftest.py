import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from casework.models import Meeting, MemberStatement, Person, StatementAuthor
from casework.services import document_cancel, document_register
from meetings import services
from meetings.notes import note_save
from tests.meetings.conftest import MEETING_DAY, at, motion_at_ks, opened

D = datetime.date
SECRET_TITLE = "Hemlig uppgift om en enskild"
DRAFT_TEXT = "Utkastet som ingen annan får läsa"
INVITEE = "Ingrid Inbjudensson"
NOTE_TEXT = "Min egen tanke om paragrafen"


@pytest.fixture
def record(world, user_with_role):
    """A motion through a justerad KS meeting with what must stay out of public: a secret
    document, a cancelled one, a draft reservation, an author who has not confirmed and a
    member's private note on the paragraph."""
    at_ks = motion_at_ks(world)
    meeting = Meeting.objects.create(body=world.ks, date=MEETING_DAY, place="Stadshuset")
    case = at_ks.case
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    document_register(
        case=case,
        dated=D(2024, 5, 2),
        kind="ovrigt",
        title="Skrivelse från en förening",
        counterpart="Föreningen",
        file=ContentFile(pdf, name="skrivelse.pdf"),
    )
    document_register(
        case=case,
        dated=D(2024, 5, 3),
        kind="ovrigt",
        title=SECRET_TITLE,
        file=ContentFile(pdf, name="hemlig.pdf"),
        secrecy_provision="OSL 26 kap. 1 §",
        secrecy_marked_on=D(2024, 5, 3),
    )
    cancelled = document_register(
        case=case,
        dated=D(2024, 5, 4),
        kind="ovrigt",
        title="Felregistrerad handling",
        file=ContentFile(pdf, name="fel.pdf"),
    )
    document_cancel(document=cancelled, reason="Fel ärende.")
    services.agenda_build(meeting=meeting)
    services.agenda_add(
        meeting=meeting, title="Anmälan av delegationsbeslut", proposal=["Anmälan noteras."]
    )
    services.meeting_send_kallelse(
        meeting=meeting, now=at(MEETING_DAY - datetime.timedelta(days=7))
    )
    opened(world, meeting)
    case_item, other = meeting.agenda_items.order_by("number")
    services.item_decide(item=case_item, reserving=[world.kroon], now=at(MEETING_DAY, 10))
    services.item_decide(item=other, now=at(MEETING_DAY, 11))
    case_item.refresh_from_db()
    note_save(owner=world.kroon, item=case_item, text=NOTE_TEXT)
    decision = case_item.decision
    reservation = decision.statements.get()
    reservation.text = "Vi reserverar oss mot beslutet."
    reservation.status = MemberStatement.Status.SUBMITTED
    reservation.submitted_at = at(MEETING_DAY, 13)
    reservation.save()
    invitee = Person.objects.create(first_name="Ingrid", last_name="Inbjudensson")
    StatementAuthor.objects.create(statement=reservation, person=invitee, position=2)
    draft = MemberStatement.objects.create(
        decision=decision,
        kind="sarskilt_uttalande",
        status="utkast",
        text=DRAFT_TEXT,
        announced_at=at(MEETING_DAY, 10),
    )
    StatementAuthor.objects.create(
        statement=draft, person=world.jonsson, confirmed_at=timezone.now()
    )
    user = user_with_role("registrator")
    services.meeting_close(meeting=meeting, ends_at=datetime.time(12))
    for person in (world.wanngard, world.jonsson):
        services.meeting_justera(meeting=meeting, person=person, by=user, now=at(MEETING_DAY, 16))
    day = MEETING_DAY + datetime.timedelta(days=1)
    services.meeting_post_anslag(meeting=meeting, posted_on=day, kept_at="Stadshuset", today=day)
    return case
