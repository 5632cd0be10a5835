"""Fixtures the trust tests share."""

import pytest
from django.utils import timezone

from casework.models import Decision, Membership, MemberStatement
from meetings.models import AgendaItem
from motions.models import Utlatande
from motions.services import deadline_report_make


@pytest.fixture
def ids(demo):
    """A row of each kind the site's addresses name, from the demo data."""
    utlatande = Utlatande.objects.get()
    assert (
        utlatande.frozen_document_id
    )  # load_demo fastställer it: a registered document with a file
    decision = Decision.objects.filter(meeting__body__name="Kommunstyrelsen").get()
    item = AgendaItem.objects.filter(meeting__body__name="Kommunfullmäktige").first()
    return {
        "decision": decision.pk,
        "meeting": decision.meeting_id,
        "statement": MemberStatement.objects.filter(decision__meeting__body__name="Kommunstyrelsen")
        .first()
        .pk,
        "document": utlatande.frozen_document.pk,
        "report": deadline_report_make(as_of=timezone.localdate()).pk,
        "kf_meeting": item.meeting_id,  # KF's next meeting, planned: an agenda, not opened
        "item": item.pk,
        "body": decision.meeting.body_id,
        "case": decision.case_id,
        "person": decision.case.motion.moverships.first().person_id,
        "membership": Membership.objects.first().pk,
        "referral": decision.case.referrals.first().pk,
    }
