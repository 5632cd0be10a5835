"""The demo shows each kind of body, a referral to a municipal company and to an outside
authority (one of them answered), a case in every state of the workflow, and a decision that has
gained legal force: its minutes justerade and posted on the anslagstavla so long ago that the
time for appeal is over."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from archive.services import export_order, justering_refusal
from casework.models import Body, Case, Decision
from casework.workflow import TRANSITIONS, Status
from referrals.models import Referral

STATES = [  # every state a case can be in (casework.workflow), and the demo's case in it
    (Status.REGISTERED, "Motion om stöd till unga som lider av ångest"),
    (Status.REFERRED, "Motion om renare vatten i Mälaren"),
    (Status.IN_PREPARATION, "Motion om fler bostäder för studenter"),
    (
        Status.IN_DECISION,
        "Motion om samverkan med Migrationsverket för att främja frivillig återvandring",
    ),
    (Status.DECIDED, "Motion om fler bänkar i parkerna"),
    (Status.WITHDRAWN, "Motion om en ny bro över Saltsjön"),
    (Status.WRITTEN_OFF, "Motion om längre öppettider på biblioteken"),
]


@pytest.fixture
def make_run_demo(db):
    """The demo as `make run` loads it: the invented cases come with the practice meetings."""
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())


def test_the_list_names_every_state_of_the_workflow():
    assert {state for state, _title in STATES} == set(Status.values) == set(TRANSITIONS)


def test_the_demo_has_a_case_in_every_state(make_run_demo):
    for state, title in STATES:
        assert Case.objects.get(title=title).status == state, title


def test_the_case_list_shows_a_case_in_every_state(make_run_demo, client):
    for state, title in STATES:
        page = client.get("/arenden/", {"status": state})
        assert page.status_code == 200
        assert title in [case.title for case in page.context["page"]], state


def test_the_demo_has_a_body_of_each_kind(make_run_demo):
    for kind in Body.Kind.values:
        assert Body.objects.filter(kind=kind).exists(), kind


def test_a_case_is_referred_to_a_company_and_to_an_authority_and_one_has_answered(make_run_demo):
    water = Case.objects.get(title="Motion om renare vatten i Mälaren")
    referrals = {r.body.kind: r for r in water.referrals.select_related("body")}
    company, authority = referrals[Body.Kind.COMPANY], referrals[Body.Kind.AUTHORITY]
    assert company.body.name == "Stockholm Vatten och Avfall AB"
    assert authority.body.name == "Länsstyrelsen i Stockholms län"
    assert authority.state == Referral.State.ANSWERED and authority.report.text
    assert company.state != Referral.State.ANSWERED
    answered_by_company = Referral.objects.get(body__name="Stockholms Stadshus AB")
    assert answered_by_company.state == Referral.State.ANSWERED


def test_a_decided_case_has_gained_legal_force_and_its_page_says_so(make_run_demo, client):
    case = Case.objects.get(title="Motion om fler bänkar i parkerna")
    decision = Decision.objects.get(case=case, meeting__body__kind=Body.Kind.COUNCIL)
    today = timezone.localdate()
    assert decision.meeting.is_justerad(timezone.now())
    assert decision.legal_force_on() is not None and decision.legal_force_on() <= today
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    assert "Beslutet vann laga kraft" in page.text
    assert case.motion.utlatande.frozen_document is not None  # fastställt, not waiting


def test_a_handlaggare_without_cases_of_their_own_sees_those_no_one_has_taken(
    make_run_demo, client
):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="handlaggare"))
    page = client.get("/start/").text
    assert "Ärenden som ingen handläggare har tagit" in page
    for title in (
        "Motion om stöd till unga som lider av ångest",
        "Motion om renare vatten i Mälaren",
    ):
        assert title in page
    assert "Motion om fler bänkar i parkerna" not in page.split("Kommande sammanträden")[0]


def test_a_clerks_start_page_lists_the_coming_meetings(make_run_demo, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="namndsekreterare"))
    page = client.get("/start/").text
    coming = page.split('id="sammantraden"')[1].split("</section>")[0]
    assert "Kommunfullmäktige" in coming and "Inga planerade." not in coming
    assert "Ärenden som ingen handläggare har tagit" not in page  # a secretary takes none


def test_every_closed_case_of_the_demo_whose_minutes_are_justerade_can_be_archived(make_run_demo):
    """Borgarrådsberedningen prepared the decided case; a beredning's minutes are never justerade
    as a nämnd's are (KL 13 kap. 2 §), so they do not keep the case from the archive."""
    decided = Case.objects.get(title="Motion om fler bänkar i parkerna")
    assert decided.decisions.filter(meeting__body__kind=Body.Kind.PREPARATORY).exists()
    assert justering_refusal(decided, timezone.now()) is None
    assert export_order(case=decided, background=False).total == 1
    for case in Case.objects.filter(status__in=[Status.DECIDED, Status.WITHDRAWN]):
        assert justering_refusal(case, timezone.now()) is None, case.dnr


def test_a_council_meeting_not_yet_justerad_still_keeps_its_case_from_the_archive(make_run_demo):
    decided = Case.objects.get(title="Motion om fler bänkar i parkerna")
    council = decided.decisions.get(meeting__body__kind=Body.Kind.COUNCIL).meeting
    before = council.justering_deadline or council.justerad_at
    refusal = justering_refusal(decided, before - datetime.timedelta(days=1))
    assert refusal and "är inte justerat" in refusal
