"""Another municipality than Stockholm: the profile as data, a case without a rotel from filing to
decision, registry numbers of the other shape, referrals to every kind of body."""

import datetime
import pathlib
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import roles
from casework.models import Body, Case, ChainStep, Classification, Meeting, Municipality
from casework.services import case_register
from casework.workflow import Status
from motions import demo, exempelkommun
from motions.models import Motion, Utlatande
from referrals.models import Referral
from rotlar.models import Rotel, RotlarProfile, rotel_of
from tests.conftest import pdf_text

D = datetime.date
CASEWORK = pathlib.Path(__file__).resolve().parents[2] / "casework"


@pytest.fixture
def sjobacka(db):
    return exempelkommun.load_example_municipality()


@pytest.fixture
def clerk(client, user_with_role):
    client.force_login(user_with_role(roles.ADMINISTRATOR))
    return client


def body(name: str) -> Body:
    return Body.objects.get(name=name)


def test_an_empty_database_is_no_municipality_and_the_demo_stores_stockholms_profile(db):
    profile = Municipality.current()
    assert (profile.place, RotlarProfile.current().in_use, profile.rapporteur_label()) == (
        "",
        False,
        "",
    )
    demo.load_profile()
    profile = Municipality.current()
    assert (profile.place, RotlarProfile.current().in_use, profile.rapporteur_label()) == (
        "Stockholm",
        True,
        "Föredragande borgarrådet",
    )
    assert profile.format_dnr("KS", 2023, 1387) == "KS 2023/1387"


def test_registry_numbers_are_written_as_the_profile_says_and_found_in_either_style(sjobacka):
    case = case_register(
        registry=sjobacka["registry"],
        title="A",
        registered_on=D(2022, 3, 1),
        kind="motion",
        sequence=247,
    )
    assert case.dnr == "2022/KS 0247"
    case.classification = Classification.objects.get(code="001")
    case.save()
    assert case.dnr == "2022/KS 0247 001"
    for typed in ["2022/KS 0247", "2022/ks 0247 001", "KS 2022/247", "KS-2022-247"]:
        assert Case.objects.by_dnr(typed).get() == case, typed
    Municipality.objects.filter(pk=1).update(dnr_pattern="{diarium} {år}/{nr} {klass}")
    Municipality.forget()
    assert case.dnr == "KS 2022/247 001"
    with pytest.raises(ValidationError, match="ÅÅÅÅ/PREFIX NNNN"):
        Case.objects.by_dnr("2022/0247")


def test_a_rotel_is_refused_where_the_municipality_has_none(sjobacka):
    rotel = Rotel.objects.create(numeral="I", name="Finansroteln")
    with pytest.raises(ValidationError, match="fördelar inte ärenden på rotlar"):
        case_register(
            registry=sjobacka["registry"],
            title="A",
            registered_on=D(2026, 1, 5),
            kind="motion",
            rotel=rotel,
        )


def post_rows(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{name}": value for name, value in row.items()}
    return data


def test_a_case_without_a_rotel_is_referred_to_six_bodies_moved_previewed_printed_and_decided(
    clerk, sjobacka
):
    people = sjobacka["people"]
    form = clerk.get("/arenden/ny-motion/").text
    assert 'name="rotel"' not in form and 'name="classification"' in form
    response = clerk.post(
        "/arenden/ny-motion/",
        {
            "kind": "motion",
            "registry": sjobacka["registry"].pk,
            "title": "Motion om fler bostäder för unga",
            "first_mover": people["David Fors"].pk,
            "filed_on": "2026-02-02",
            "registered_on": "2026-02-03",
            "classification": Classification.objects.get(code="107").pk,
            "registration_key": uuid.uuid4(),
        },
    )
    assert response.status_code == 302 and response["Location"] == "/arenden/KS-2026-1/"
    assert "Dnr 2026/KS 0001 107" in clerk.get("/arenden/KS-2026-1/").text

    six = [
        "Barn- och utbildningsnämnden",
        "Norra områdesnämnden",
        "Socialnämnden",
        "Miljö- och byggnämnden",
        "Sjöbacka Bostäder AB",
        "Trafikverket",
    ]
    page = clerk.get("/arenden/KS-2026-1/remittera/").text
    assert page.count('name="remiss-5-body"') == 1  # six rows at once, no second round
    response = clerk.post(
        "/arenden/KS-2026-1/remittera/",
        {
            "sent_on": "2026-02-10",
            **post_rows("remiss", [{"body": body(b).pk, "due_on": "2026-04-30"} for b in six]),
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert [r.body.name for r in case.referrals.all()] == six

    assert (
        clerk.post(
            "/arenden/KS-2026-1/remissvar/skriftligt/",
            {
                "referral": case.referrals.get(body__name="Sjöbacka Bostäder AB").pk,
                "dated": "2026-03-02",
                "text": "Bolaget bygger 40 ungdomslägenheter 2027.",
            },
        ).status_code
        == 302
    )
    assert (
        clerk.post(
            "/arenden/KS-2026-1/remissvar/avstar/",
            {
                "referral": case.referrals.get(body__name="Trafikverket").pk,
                "dated": "2026-02-20",
                "reason": "Frågan rör inte statlig infrastruktur.",
            },
        ).status_code
        == 302
    )
    assert (
        clerk.post(
            "/arenden/KS-2026-1/remissvar/namnd/",
            {
                "referral": case.referrals.get(body__name="Norra områdesnämnden").pk,
                "meeting_date": "2026-03-18",
                "items": "Norra områdesnämnden tillstyrker motionen.",
                **post_rows("uttalande", []),
            },
        ).status_code
        == 302
    )  # a committee without an office decides without a report
    states = dict(case.referrals.values_list("body__name", "state"))
    assert (
        states["Sjöbacka Bostäder AB"],
        states["Trafikverket"],
        states["Norra områdesnämnden"],
    ) == (
        Referral.State.ANSWERED,
        Referral.State.DECLINED,
        Referral.State.ANSWERED,
    )

    assert (
        clerk.post(
            "/arenden/KS-2026-1/skede/",
            {"to_status": Status.IN_PREPARATION, "happened_on": "2026-04-15"},
        ).status_code
        == 302
    )
    draft = clerk.get("/arenden/KS-2026-1/utlatande/redigera/rubrik/").text
    assert 'name="rapporteur"' not in draft
    assert (
        "Kommunledningskontorets bedömning"
        in clerk.get("/arenden/KS-2026-1/utlatande/redigera/").text
    )
    for section, name, text in [
        ("forslag", "proposed_items", "att motionen anses besvarad"),
        ("sammanfattning", "summary", "Motionären vill ha fler bostäder för unga."),
        ("synpunkter", "views", "Bostadsbolaget bygger redan."),
        ("arendet", "matter", "Motionen föreslår fler ungdomsbostäder."),
    ]:
        version = Utlatande.objects.values_list("version", flat=True).first()
        response = clerk.post(
            f"/arenden/KS-2026-1/utlatande/redigera/{section}/",
            {name: text, "version": version or ""},
        )
        assert response.status_code == 302
    move = clerk.get("/arenden/KS-2026-1/skede/").text
    assert "hos kommunledningsutskottet" in move
    assert (
        clerk.post(
            "/arenden/KS-2026-1/skede/",
            {"to_status": Status.IN_DECISION, "happened_on": "2026-05-04"},
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert (rotel_of(case), case.stage) == (None, "hos kommunledningsutskottet")

    preview = clerk.get("/arenden/KS-2026-1/utlatande/").text
    assert "Tjänsteskrivelse (Dnr 2026/KS 0001 107)" in preview
    assert "Sjöbacka Bostäder AB" in preview and "Frågan rör inte statlig infrastruktur." in preview
    assert (
        "borgarr" not in preview.lower()
        and "Stockholm" not in preview
        and "rotel" not in preview.lower()
    )

    klu = post_rows("reservation", [])
    assert (
        clerk.post(
            "/arenden/KS-2026-1/beslut/",
            {
                "meeting_date": "2026-05-20",
                "items": ChainStep.chain("motion")[0].default_items,
                **klu,
            },
        ).status_code
        == 302
    )
    assert (
        clerk.post(
            "/arenden/KS-2026-1/beslut/",
            {
                "meeting_date": "2026-06-10",
                "justering_deadline": "2026-06-12T12:00",
                "signatory": "",
                "signatory_title": "Kommunstyrelsens ordförande",
                "items": "Kommunstyrelsen föreslår bifall.",
                **klu,
            },
        ).status_code
        == 302
    )
    utlatande = Utlatande.objects.get()
    assert utlatande.signatory == people["Anna Berg"]  # who chaired KS on 10 June 2026

    pdf = clerk.get("/arenden/KS-2026-1/utlatande.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    text = " ".join(pdf_text(pdf.content).split())
    assert "Sjöbacka den 10 juni 2026" in text and "Kommunledningsutskottet föreslår" in text
    assert "borgarr" not in text.lower() and "Stockholm" not in text

    response = clerk.post(
        "/arenden/KS-2026-1/beslut/",
        {
            "meeting_date": "2026-06-22",
            "items": "Motionen anses besvarad.",
            "outcome": "besvarad",
            **klu,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.motion.outcome) == (Status.DECIDED, Motion.Outcome.ANSWERED)
    assert [d.step.body.name for d in case.decisions.filter(step__isnull=False)] == [
        "Kommunledningsutskottet",
        "Kommunstyrelsen",
        "Kommunfullmäktige",
    ]


def test_the_default_signatory_is_whoever_chaired_ks_on_the_meeting_date(sjobacka):
    ks = body("Kommunstyrelsen")
    people = sjobacka["people"]
    assert ks.chair_on(D(2026, 6, 10)) == people["Anna Berg"]
    assert ks.chair_on(D(2026, 11, 4)) == people["Bengt Dahl"]  # after the election
    assert ks.chair_on(D(2020, 1, 1)) is None


def test_a_medborgarforslag_has_a_proposer_and_the_clock_only_where_kf_decided_so(clerk, sjobacka):
    response = clerk.post(
        "/arenden/ny-motion/",
        {
            "kind": "medborgarforslag",
            "registry": sjobacka["registry"].pk,
            "title": "Medborgarförslag om en hundrastgård",
            "proposer": "Eva Invånare",
            "filed_on": "2026-03-16",
            "registered_on": "2026-03-17",
            "registration_key": uuid.uuid4(),
        },
    )
    assert response.status_code == 302
    proposal = Motion.objects.get()
    assert (proposal.movers_display, proposal.deadline) == ("Eva Invånare", D(2027, 3, 16))
    page = clerk.get(proposal.case.get_absolute_url()).text
    assert "Förslagsställare" in page and "Eva Invånare" in page
    listed = clerk.get("/arenden/", {"typ": "medborgarforslag"}).text
    assert "Eva Invånare" in listed and "2026/KS 0001" in listed and ">Rotel<" not in listed
    assert "Eva Invånare" not in clerk.get("/arenden/", {"typ": "motion"}).text
    Municipality.objects.filter(pk=1).update(citizen_proposals_have_deadline=False)
    Municipality.forget()
    assert proposal.deadline is None and not Motion.objects.past_deadline(on=D(2028, 1, 1)).exists()
    refused = clerk.post(
        "/arenden/ny-motion/",
        {
            "kind": "medborgarforslag",
            "registry": sjobacka["registry"].pk,
            "title": "Utan namn",
            "filed_on": "2026-03-16",
            "registered_on": "2026-03-17",
            "registration_key": uuid.uuid4(),
        },
    )
    assert refused.status_code == 400 and "Ange förslagsställarens namn." in refused.text


def test_the_core_imports_no_app_above_it_and_names_no_municipality_s_institutions():
    """casework knows no kind of case and no municipality: neither borgarråd nor rotlar (an app
    of their own) nor Stockholm, not even in the profile's defaults."""
    for path in CASEWORK.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        assert not re.search(
            r"^\s*(from|import) (motions|referrals|meetings|opendata|archive|rotlar|config)\b",
            text,
            re.M,
        ), path
        assert not re.search(r"borgarr|rotel|stockholm|\bmotion(s|en|er)?\b", text, re.I), path


def test_one_document_answers_a_motion_and_a_skrivelse_which_ks_decides_for_its_own_part(sjobacka):
    from motions.services import (
        motion_chain_decide,
        motion_register,
        utlatande_html,
        utlatande_save,
    )

    people, registry = sjobacka["people"], sjobacka["registry"]
    motion = motion_register(
        registry=registry,
        title="Motion om en cykelväg",
        movers=[people["Cecilia Ek"]],
        filed_on=D(2026, 1, 19),
        registered_on=D(2026, 1, 20),
    )
    skrivelse = motion_register(
        registry=registry,
        title="Skrivelse om en cykelväg",
        kind="skrivelse",
        movers=[people["Bengt Dahl"]],
        filed_on=D(2026, 1, 21),
        registered_on=D(2026, 1, 21),
    )
    Case.objects.filter(pk__in=[motion.pk, skrivelse.pk]).update(status=Status.IN_PREPARATION)
    utlatande_save(
        motion=motion,
        version=None,
        summaries={},
        attachments=[],
        joint_cases=[skrivelse.case],
        number="",
        rapporteur=None,
        proposed_items=["att motionen bifalls"],
        own_items=["att skrivelsen anses besvarad"],
        summary="Båda vill ha en cykelväg.",
        views="Kontoret tillstyrker.",
        matter="En cykelväg föreslås.",
    )
    for case in (motion.case, skrivelse.case):
        case.refresh_from_db()
        case.transition_to(Status.IN_DECISION)
    klu, ks = body("Kommunledningsutskottet"), body("Kommunstyrelsen")
    motion_chain_decide(
        motion=motion,
        meeting=Meeting.objects.create(body=klu, date=D(2026, 3, 4)),
        items=["Tillstyrks."],
    )
    ks_meeting = Meeting.objects.create(body=ks, date=D(2026, 3, 18))
    with pytest.raises(ValidationError, match="Ange utfallet för 2026/KS 0002"):
        motion_chain_decide(motion=motion, meeting=ks_meeting, items=["Enligt förslaget."])
    assert not ks_meeting.decisions.exists()  # nothing half-saved
    motion_chain_decide(
        motion=motion,
        meeting=ks_meeting,
        items=["Enligt förslaget."],
        outcomes={skrivelse.case.pk: Motion.Outcome.ANSWERED},
    )
    motion.case.refresh_from_db()
    skrivelse.refresh_from_db()
    assert (skrivelse.case.status, skrivelse.outcome) == (Status.DECIDED, Motion.Outcome.ANSWERED)
    assert motion.case.stage == "hos kommunfullmäktige" and skrivelse.deadline is None
    html = " ".join(utlatande_html(utlatande=Utlatande.objects.get(), now=timezone.now()).split())
    assert "Tjänsteskrivelse (Dnr 2026/KS 0001 och 2026/KS 0002)" in html
    # Sjöbacka prints party letters in lower case and the motion's number in its own series
    assert "Motion 2026:1 av Cecilia Ek (c)" in html and "Skrivelse av Bengt Dahl (s)" in html
    assert (
        "Kommunstyrelsen beslutar för egen del följande.</p> <p>att skrivelsen anses besvarad</p>"
        in html
    )


def test_a_step_the_profile_lets_a_case_skip_is_skipped_with_a_reason_in_the_log(clerk, sjobacka):
    from motions.services import motion_register

    motion = motion_register(
        registry=sjobacka["registry"],
        title="Brådskande motion",
        filed_on=D(2026, 1, 19),
        registered_on=D(2026, 1, 20),
        movers=[sjobacka["people"]["Cecilia Ek"]],
    )
    klu = ChainStep.chain("motion").first()
    Case.objects.filter(pk=motion.pk).update(status=Status.IN_DECISION, step=klu)
    url = motion.case.get_absolute_url()
    assert "Hoppa över steget" not in clerk.get(url).text
    assert clerk.post(url + "hoppa-over/", {"note": "Brådskande."}).status_code == 302  # refused
    motion.case.refresh_from_db()
    assert motion.case.stage == "hos kommunledningsutskottet"
    ChainStep.objects.filter(pk=klu.pk).update(optional=True)
    assert "Hoppa över steget" in clerk.get(url).text
    assert clerk.post(url + "hoppa-over/", {"note": "Brådskande."}).status_code == 302
    motion.case.refresh_from_db()
    assert motion.case.stage == "hos kommunstyrelsen"
    assert motion.case.events.last().note == "Kommunledningsutskottet hoppades över: Brådskande."
    assert not motion.case.decisions.exists()
