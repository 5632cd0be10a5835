"""A municipality without borgarråd or rotlar, end to end in Debian's Chromium: Sjöbacka kommun
(`load_demo --exempelkommun`): kommunledningsutskottet before KS, kommunledningskontoret's
tjänsteskrivelse, registry numbers written "2026/KS 0247 107".

A motion and a medborgarförslag are registered and referred (to a nämnd, an områdesnämnd and the
municipal housing company), the answers recorded with 1, 3 and 0 reservations (the company
declines on the medborgarförslag), one tjänsteskrivelse answers both, the utskott, KS and KF
decide; the printed document reads as Sjöbacka's.
"""

import datetime
import shutil

import pytest

from casework.models import Case
from casework.workflow import Status
from motions import demo, exempelkommun
from motions.models import Motion, Utlatande
from tests.conftest import pdf_text
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import (
    field,
    fill_statements,
    log_in,
    log_out,
    pick,
    section,
    step,
    submit,
)
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]

D = datetime.date
MOTION, PROPOSAL = "2026/KS 0247 107", "2026/KS 0248 107"
R = "reservation"


def open_case(page, url, dnr):
    """As a clerk finds a case: the whole dnr typed into the list's search."""
    page.goto(url + "/arenden/")
    box = page.get_by_label("Sök diarienummer, titlar, texter och motionärer")
    box.fill(dnr)
    box.press("Enter")
    page.wait_for_load_state()
    assert page.get_by_text(f"Dnr {dnr}").is_visible()


def register(page, url, kind, title, *, mover="", proposer="", sequence=""):
    page.goto(url + "/arenden/")
    page.get_by_role("link", name="Registrera ett ärende").click()
    field(page, "kind").select_option(label=kind)
    field(page, "title").fill(title)
    if mover:
        pick(page, "first_mover", mover)
    if proposer:
        field(page, "proposer").fill(proposer)
    field(page, "filed_on").fill("2026-02-16")
    field(page, "registered_on").fill("2026-02-17")
    field(page, "sequence").fill(sequence)
    field(page, "classification").select_option(label="107 Motioner och medborgarförslag")
    submit(page)


def refer(page, bodies):
    step(page, "Remittera")
    field(page, "sent_on").fill("2026-02-20")
    for i, body in enumerate(bodies):
        field(page, f"remiss-{i}-body").select_option(label=body)
        field(page, f"remiss-{i}-due_on").fill("2026-04-30")
    submit(page)


def move(page, to, on):
    step(page, "För ärendet vidare")
    field(page, "to_status").select_option(label=to)
    field(page, "happened_on").fill(on)  # entered afterwards, on its own day
    submit(page)


def decide(page, body, meeting, *, justering="", outcomes=None, items=""):
    step(page, f"Registrera {body} beslut")
    field(page, "meeting_date").fill(meeting)
    if items:
        field(page, "items").fill(items)
    if justering:
        field(page, "justering_deadline").fill(justering)
    for dnr, outcome in (outcomes or {}).items():
        page.get_by_label(f"Utfall för {dnr}").select_option(label=outcome)
    submit(page)
    assert page.get_by_text(f"{body.capitalize()} beslut är registrerat.").is_visible(), (
        page.locator("main").inner_text()[:1500]
    )


@pytest.mark.django_db(transaction=True)
def test_sjobacka_runs_a_motion_and_a_medborgarforslag_to_kf_in_the_browser(page, live_server):
    exempelkommun.load_example_municipality()
    demo.create_demo_accounts()
    url = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, url, "registrator")
    register(
        page, url, "Motion", "Motion om fler bostäder för unga", mover="David Fors", sequence="247"
    )
    assert page.get_by_text(f"Motionen har registrerats med diarienummer {MOTION}.").is_visible()
    assert page.get_by_text("Rotel").count() == 0
    refer(page, ["Barn- och utbildningsnämnden", "Norra områdesnämnden", "Sjöbacka Bostäder AB"])
    assert page.get_by_text("Remissvar (0 av 3 inkomna)").is_visible()
    register(
        page,
        url,
        "Medborgarförslag",
        "Medborgarförslag om ungdomsbostäder vid torget",
        proposer="Eva Invånare",
    )
    assert page.get_by_text(
        f"Medborgarförslaget har registrerats med diarienummer {PROPOSAL}."
    ).is_visible()
    assert_accessible(page)
    refer(page, ["Sjöbacka Bostäder AB"])
    log_out(page)

    log_in(page, url, "namndsekreterare")
    open_case(page, url, MOTION)
    step(page, "Registrera nämndens remissvar")
    field(page, "referral").select_option(label="Barn- och utbildningsnämnden")
    field(page, "meeting_date").fill("2026-03-18")
    field(page, "justering_deadline").fill("2026-03-20T12:00")
    field(page, "items").fill("Barn- och utbildningsnämnden tillstyrker motionen.")
    field(page, "report_dated").fill("2026-03-04")
    field(page, "report_text").fill("Förvaltningen ser ett stort behov av bostäder för unga.")
    fill_statements(
        page,
        "uttalande",
        [(R, ["Gunilla Ivarsson"], ["Att motionen avslås."], "Det finns bostäder.")],
    )
    submit(page)
    step(page, "Registrera nämndens remissvar")
    field(page, "referral").select_option(label="Norra områdesnämnden")
    field(page, "meeting_date").fill("2026-03-25")
    field(page, "items").fill("Norra områdesnämnden tillstyrker motionen.")
    page.get_by_role(
        "button", name="Fler rader"
    ).click()  # two rows are shown; a third is asked for
    fill_statements(
        page,
        "uttalande",
        [
            (R, ["Elin Gran"], ["Att motionen avslås."], "Kostnaden är för hög."),
            (R, ["Fredrik Holm"], ["Att motionen återremitteras."], "Underlaget är tunt."),
            (R, ["Hassan Jama"], [], "Jag reserverar mig till förmån för mitt eget förslag."),
        ],
    )
    submit(page)
    assert page.get_by_text("Remissvar (2 av 3 inkomna)").is_visible()
    log_out(page)

    log_in(page, url, "handlaggare")
    open_case(page, url, MOTION)
    step(page, "Registrera skriftligt remissvar")
    field(page, "referral").select_option(label="Sjöbacka Bostäder AB")
    field(page, "dated").fill("2026-03-30")
    field(page, "text").fill("Bolaget bygger 40 ungdomslägenheter vid torget 2027.")
    submit(page)
    move(page, "under beredning", "2026-03-31")
    open_case(page, url, PROPOSAL)
    step(page, "Registrera att en instans avstår")
    field(page, "dated").fill("2026-03-30")
    field(page, "reason").fill("Bolaget svarar i motionsärendet om samma fråga.")
    submit(page)
    move(page, "under beredning", "2026-03-31")

    open_case(page, url, MOTION)
    step(page, "Skriv tjänsteskrivelsen")
    section(page, "Rubrik")
    assert page.locator("#id_rapporteur").count() == 0
    field(page, "joint_dnrs").fill(PROPOSAL)
    submit(page)
    for heading, name, text in [
        (
            "Förslag till beslut",
            "proposed_items",
            "att motionen bifalls\natt medborgarförslaget anses besvarat",
        ),
        (
            "Sammanfattning av ärendet",
            "summary",
            "Motionären och förslagsställaren vill ha fler bostäder för unga.",
        ),
        (
            "Kommunledningskontorets bedömning",
            "views",
            "Kommunledningskontoret delar remissinstansernas syn.",
        ),
        ("Ärendet", "matter", "Motionen och medborgarförslaget handlar om samma fråga."),
    ]:
        section(page, heading)
        field(page, name).fill(text)
        submit(page)
    assert page.get_by_text("Avsnittet ärendet är sparat.").is_visible()
    open_case(page, url, MOTION)
    move(page, "hos kommunledningsutskottet", "2026-05-04")
    open_case(page, url, PROPOSAL)
    assert page.get_by_text(f"Besvarar {MOTION} och {PROPOSAL} gemensamt.").is_visible()
    move(page, "hos kommunledningsutskottet", "2026-05-04")

    open_case(page, url, MOTION)
    decide(page, "kommunledningsutskottets", "2026-05-20")
    decide(page, "kommunstyrelsens", "2026-06-10", justering="2026-06-12T12:00")
    assert page.get_by_text("hos kommunfullmäktige").first.is_visible()
    decide(
        page,
        "kommunfullmäktiges",
        "2026-06-22",
        outcomes={MOTION: "bifall", PROPOSAL: "besvarad"},
        items="Kommunfullmäktige bifaller motionen och anser medborgarförslaget besvarat.",
    )
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    assert_fits(page, 390)

    for dnr, outcome in ((MOTION, Motion.Outcome.APPROVED), (PROPOSAL, Motion.Outcome.ANSWERED)):
        case = Case.objects.by_dnr(dnr).get()
        assert (case.status, case.motion.outcome) == (Status.DECIDED, outcome)
        assert [d.body.name for d in case.decisions.filter(step__isnull=False)] == [
            "Kommunledningsutskottet",
            "Kommunstyrelsen",
            "Kommunfullmäktige",
        ]
    statements = {
        r.body.name: r.decision and r.decision.statements.count()
        for r in Case.objects.by_dnr(MOTION).get().referrals.all()
    }
    assert statements == {
        "Barn- och utbildningsnämnden": 1,
        "Norra områdesnämnden": 3,
        "Sjöbacka Bostäder AB": None,
    }
    assert Utlatande.objects.get().signatory.full_name == "Anna Berg"  # KS's chair on 10 June 2026

    response = page.request.get(url + "/arenden/KS-2026-247/utlatande.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    text = " ".join(pdf_text(response.body()).split())
    assert f"Tjänsteskrivelse (Dnr {MOTION} och {PROPOSAL})" in text
    assert "Motion 2026:1 av David Fors (v)" in text and "Medborgarförslag av Eva Invånare" in text
    assert "Kommunledningsutskottet föreslår att kommunstyrelsen föreslår kommunfullmäktige" in text
    assert "Kommunledningskontorets bedömning" in text and "Sjöbacka den 10 juni 2026" in text
    assert "Bolaget bygger 40 ungdomslägenheter" in text
    assert "borgarr" not in text.lower() and "Stockholm" not in text and "Rotel" not in text


@pytest.mark.django_db(transaction=True)
def test_sjobacka_s_pages_fit_a_320_px_phone(page, live_server):
    """Every page a Sjöbacka clerk uses on a case in the chain, answered jointly with another."""
    from casework.models import Meeting
    from motions.services import motion_chain_decide, motion_register, utlatande_save
    from referrals.services import referral_send

    ref = exempelkommun.load_example_municipality()
    demo.create_demo_accounts()
    people, registry = ref["people"], ref["registry"]
    motion = motion_register(
        registry=registry,
        title="Motion om en cykelväg längs Sjöbackavägen",
        movers=[people["Cecilia Ek"], people["David Fors"]],
        filed_on=D(2026, 1, 19),
        registered_on=D(2026, 1, 20),
        sequence=247,
    )
    proposal = motion_register(
        registry=registry,
        title="Medborgarförslag om cykelväg",
        kind="medborgarforslag",
        proposer="Eva Invånare",
        filed_on=D(2026, 1, 19),
        registered_on=D(2026, 1, 21),
    )
    for case in (motion.case, proposal.case):
        referral_send(
            case=case,
            body=ref["bodies"]["Trafikverket"],
            sent_on=D(2026, 1, 22),
            due_on=D(2026, 3, 31),
        )
        case.transition_to(Status.REFERRED)
    Case.objects.filter(pk=motion.pk).update(status=Status.IN_PREPARATION)
    utlatande_save(
        motion=motion,
        version=None,
        summaries={},
        attachments=[],
        joint_cases=[proposal.case],
        proposed_items=["att motionen bifalls"],
        summary="S.",
        views="V.",
        matter="Ä.",
    )
    log_in(page, live_server.url, "handlaggare")
    page.set_viewport_size({"width": 320, "height": 800})
    case_url = live_server.url + "/arenden/KS-2026-247/"
    for path in [
        "",
        "remissvar/skriftligt/",
        "remissvar/avstar/",
        "utlatande/redigera/",
        "utlatande/",
        "skede/",
        "uppgifter/",
    ]:
        page.goto(case_url + path)
        assert_fits(page, 320)
        assert_accessible(page)
    motion.case.refresh_from_db()
    motion.case.transition_to(Status.IN_DECISION)
    Case.objects.filter(pk=proposal.pk).update(status=Status.IN_PREPARATION)
    proposal.case.refresh_from_db()
    proposal.case.transition_to(Status.IN_DECISION)
    for body, date in (
        ("Kommunledningsutskottet", D(2026, 5, 20)),
        ("Kommunstyrelsen", D(2026, 6, 10)),
    ):
        motion_chain_decide(
            motion=motion,
            meeting=Meeting.objects.create(body=ref["bodies"][body], date=date),
            items=["Enligt förslaget."],
        )
    for path in ["beslut/", "", "utlatande/"]:  # KF's decision with an outcome for each case
        page.goto(case_url + path)
        assert_fits(page, 320)
        assert_accessible(page)
    page.goto(live_server.url + "/arenden/")
    assert_fits(page, 320)
    assert_accessible(page)
