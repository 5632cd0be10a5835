"""A meeting of kommunstyrelsen in Sjöbacka kommun, in Debian's Chromium, from agenda to legal force.

The secretary builds the agenda from the cases ready for KS and adds an item by hand, sends the
kallelse and opens the meeting. At one motion two members move against kommunledningsutskottet's
proposal, the chair puts the proposals against each other, a votering by roll call ends 2–2 and the
chair's vote decides; two members reserve. The chair and the justerare justera the minutes, each in
their own session; the signed PDF validates and holds every § in order. The anslag is posted; the
public anslagstavla shows the last day to appeal; three weeks on, the case says the decision has
gained legal force.
"""

import datetime
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.utils import timezone

from casework.models import Case, ChainStep, Meeting
from casework.services import decision_record
from casework.signing import signature_status
from casework.workdays import period_end
from casework.workflow import Status
from motions import exempelkommun
from motions.models import Utlatande
from motions.services import motion_register
from tests.conftest import pdf_text
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in, log_out
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]

KLU_PROPOSAL = "Kommunstyrelsen föreslår kommunfullmäktige att avslå motionen."
MOVED = "Kommunstyrelsen föreslår kommunfullmäktige att bifalla motionen."
KS_WORDS = dict(exempelkommun.PROPOSAL_CHAIN)[exempelkommun.KS]


def ready_for_ks(world, title, sequence, mover):
    """A motion with its tjänsteskrivelse, proposed by kommunledningsutskottet, now at KS."""
    motion = motion_register(
        registry=world["registry"],
        title=title,
        filed_on=datetime.date(2026, 2, 16),
        registered_on=datetime.date(2026, 2, 17),
        movers=[world["people"][mover]],
        sequence=sequence,
    )
    Utlatande.objects.create(
        motion=motion,
        proposed_items=["Motionen avslås."],
        summary="Sammanfattning.",
        views="Kommunledningskontorets bedömning.",
        matter="Ärendet.",
    )
    klu, ks = ChainStep.chain("motion")[:2]
    meeting, _ = Meeting.objects.get_or_create(body=klu.body, date=datetime.date(2026, 11, 18))
    decision_record(meeting=meeting, case=motion.case, items=[KLU_PROPOSAL], step=klu)
    Case.objects.filter(pk=motion.case.pk).update(status=Status.IN_DECISION, step=ks)
    return motion


def account(username, group, person=None):
    user = User.objects.create_user(username=username, password="demo")
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    if person:
        person.user = user
        person.save(update_fields=["user"])
    return user


def choose(page, legend, label):
    page.get_by_role("group", name=legend).get_by_label(label, exact=True).check()


def vote_for(page, person, vote):
    """A member's vote in the voteringslista: one row per member, Ja/Nej/Avstår in columns."""
    page.get_by_role("radio", name=f"{person}: {vote}", exact=True).check()


@pytest.mark.django_db(transaction=True)
def test_a_ks_meeting_from_agenda_to_legal_force(page, live_server, tmp_path, settings):
    # The meeting closes at 15.40 today: a run after midnight travels up to 16 hours ahead, past
    # a working day's session.
    settings.SESSION_COOKIE_AGE = 48 * 3600
    world = exempelkommun.load_example_municipality()
    people = world["people"]
    cykel = ready_for_ks(world, "Motion om cykelbanor", 247, "David Fors")
    ready_for_ks(world, "Motion om fler parkbänkar", 248, "Cecilia Ek")
    account("sekreterare", "nämndsekreterare")
    account("dahl", "politiker", people["Bengt Dahl"])
    account("ek", "politiker", people["Cecilia Ek"])
    today = timezone.localdate()
    url = live_server.url

    # The secretary plans the meeting and builds its agenda.
    log_in(page, url, "sekreterare")
    page.goto(url + "/sammantraden/nytt/")
    page.get_by_label("Organ").select_option(label="Kommunstyrelsen")
    page.get_by_label("Datum").fill(today.isoformat())
    page.get_by_label("Klockan").fill("13:00")
    page.get_by_label("Plats").fill("Kommunhuset, sal Sjöbacka")
    page.get_by_role("button", name="Skapa sammanträdet").click()
    page.get_by_role("button", name="Lägg redo ärenden på föredragningslistan").click()
    assert page.get_by_text("2 ärenden lades till på föredragningslistan.").is_visible()
    page.get_by_role("link", name="Lägg till en punkt för hand").click()
    page.get_by_label("Rubrik").fill("Anmälan av delegationsbeslut")
    page.get_by_label("Förslag till beslut").fill("Anmälan noteras.")
    page.get_by_role("button", name="Lägg till punkten").click()
    agenda = page.locator("ol.agenda > li")
    assert agenda.count() == 3
    assert "Motion om cykelbanor" in agenda.nth(0).inner_text()
    assert "Kommunledningsutskottets förslag" in agenda.nth(0).inner_text()
    assert KLU_PROPOSAL in agenda.nth(0).inner_text()  # the utskott's decision as it made it
    assert_accessible(page)
    page.get_by_role("button", name="Skicka kallelsen").click()
    page.get_by_role("button", name="Bekräfta och skicka kallelsen").click()
    assert page.get_by_text("Kallelsen är skickad").is_visible()

    # At the meeting: who serves, who chairs (the chair of the day is proposed), who justerar.
    page.get_by_role("link", name="Öppna sammanträdet").click()
    assert page.get_by_label("Ordförande").input_value() == str(people["Bengt Dahl"].pk)
    choose(page, "Justerare", "Cecilia Ek (c)")
    deadline = today + datetime.timedelta(days=3)
    page.get_by_label("Justering senast").fill(f"{deadline.isoformat()}T16:00")
    page.get_by_label("Plats för justering").fill("Kommunledningskontoret")
    # planned for 13.00: opened before that (a run in the morning), it is opened now
    opened = page.get_by_label("Sammanträdet öppnades klockan").input_value()
    assert opened <= "13:00" and opened <= f"{timezone.localtime():%H:%M}"
    assert_accessible(page)
    page.get_by_role("button", name="Öppna sammanträdet").click()
    assert page.get_by_text("punkterna har fått sina paragrafer").is_visible()
    paragraphs = page.locator("a", has_text="§ ")
    numbers = [paragraphs.nth(i).inner_text() for i in range(paragraphs.count())]
    assert numbers == ["§ 1", "§ 2", "§ 3"]

    # § 1: two members against the utskott's proposal, a votering, a tie, the chair decides.
    page.get_by_role("link", name="§ 1", exact=True).click()
    for mover, text, items, supporter in [
        ("Anna Berg (m)", "bifall till kommunledningsutskottets förslag", "", None),
        ("David Fors (v)", "bifall till motionen", MOVED, "Cecilia Ek (c)"),
    ]:
        page.get_by_label("Yrkande av").select_option(label=mover)
        page.get_by_label("Yrkar").fill(text)
        page.get_by_label("Beslut om yrkandet bifalls").fill(items)
        if supporter:
            choose(page, "Instämmer", supporter)
        page.get_by_role("button", name="Registrera yrkandet").click()
        assert page.get_by_text("Yrkandet är registrerat.").is_visible()
    assert (
        page.get_by_role("paragraph")
        .filter(has_text="David Fors (v) yrkar bifall till motionen. Cecilia Ek (c) instämmer.")
        .is_visible()
    )
    page.get_by_label("Votering begärs").check()
    page.get_by_label("Ja för").select_option(
        label="Anna Berg (m) yrkar bifall till kommunledningsutskottets förslag."
    )
    page.get_by_label("Nej för").select_option(
        label="David Fors (v) yrkar bifall till motionen. Cecilia Ek (c) instämmer."
    )
    page.get_by_label("Votering begärd av").select_option(label="David Fors (v)")
    for person, vote in [
        ("Anna Berg (m)", "Ja"),
        ("Bengt Dahl (s)", "Ja"),
        ("Cecilia Ek (c)", "Nej"),
    ]:
        vote_for(page, person, vote)
    page.get_by_role("button", name="Registrera beslutet").click()  # David Fors's vote is missing
    assert page.get_by_text("Röst saknas för David Fors").first.is_visible()
    vote_for(page, "David Fors (v)", "Nej")
    choose(page, "Reserverar sig mot beslutet", "David Fors (v)")
    choose(page, "Reserverar sig mot beslutet", "Cecilia Ek (c)")
    assert_accessible(page)
    page.get_by_role("button", name="Registrera beslutet").click()
    assert page.get_by_text("Beslutet i § 1 är registrerat.").is_visible()
    assert page.get_by_text("Omröstningen utfaller med 2 ja-röster och 2 nej-röster").is_visible()
    assert page.get_by_text("Vid lika röstetal avgör ordförandens röst.").is_visible()
    assert page.get_by_text(KS_WORDS).last.is_visible()  # the profile's words for KS's step
    # § 2 and § 3: no yrkanden, decided as proposed (§ 2's page first read on a phone).
    for number in (2, 3):
        page.goto(page.url.rsplit("/paragrafer/", 1)[0] + "/")
        page.get_by_role("link", name=f"§ {number}", exact=True).click()
        if number == 2:
            page.set_viewport_size({"width": 320, "height": 800})
            assert_fits(page, 320)
            page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("button", name="Registrera beslutet").click()
        assert page.get_by_text(f"Beslutet i § {number} är registrerat.").is_visible()
    meeting_url = page.url.rsplit("/paragrafer/", 1)[0] + "/"
    page.goto(meeting_url)
    page.get_by_role("link", name="Avsluta sammanträdet").click()
    # the meeting cannot have ended later than now: closed at 15.45 on its day
    at_1545 = timezone.make_aware(datetime.datetime.combine(today, datetime.time(15, 45)))
    with time_machine.travel(at_1545):
        page.get_by_label("Sammanträdet avslutades klockan").fill("15:40")
        page.get_by_role("button", name="Avsluta sammanträdet").click()
        page.get_by_role("button", name="Bekräfta och avsluta sammanträdet").click()
    assert page.get_by_text(f"kl. {opened.replace(':', '.')}–15.40").is_visible()
    log_out(page)

    # Justering: the chair, then the justerare, each signed in as themselves.
    for username in ("dahl", "ek"):  # from the list of minutes awaiting them, on a phone
        page.set_viewport_size({"width": 390, "height": 844})
        log_in(page, url, username)
        page.get_by_role("link", name="Sammanträden").click()
        page.get_by_role("region", name="Protokoll du ska justera").get_by_role("link").click()
        page.wait_for_url(re.compile(r"/sammantraden/\d+/$"))
        assert_fits(page, 390)
        page.get_by_role("button", name="Jag justerar protokollet").click()
        page.get_by_role("button", name="Bekräfta att jag justerar protokollet").click()
        assert page.get_by_text(
            "Protokollet är justerat. Det skrivs nu ut och signeras"
            if username == "ek"
            else "Din justering är registrerad."
        ).is_visible()
        log_out(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    meeting = Meeting.objects.get(body__name="Kommunstyrelsen", date=today)
    assert meeting.justerad_at is not None
    pdf = page.request.get(url + f"/sammantraden/{meeting.pk}/protokoll.pdf").body()
    with ThreadPoolExecutor() as pool:  # pyHanko runs its own event loop, beside Playwright's
        status = pool.submit(signature_status, pdf).result()
    assert status.intact and status.valid and status.trusted
    text = pdf_text(pdf)
    positions = [text.index(f"§ {n} ") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert "Voteringslista" in text and "Reservation av David Fors (v)" in text

    # The anslag, and the public anslagstavla.
    log_in(page, url, "sekreterare")
    page.goto(meeting_url)
    page.get_by_role("link", name="Sätt upp anslaget").click()
    assert (
        page.get_by_label("Protokollet förvaras").input_value() == "Kommunledningskontoret"
    )  # KS's office
    page.get_by_label("Protokollet förvaras").fill("Kommunledningskontoret")
    page.get_by_role("button", name="Sätt upp anslaget").click()
    last_day = period_end(today + datetime.timedelta(weeks=3))
    assert page.get_by_text(last_day.isoformat()).first.is_visible()  # shown before it is posted
    page.get_by_role("button", name="Bekräfta och sätt upp anslaget").click()
    assert page.get_by_text("Anslaget är uppsatt på anslagstavlan.").is_visible()
    log_out(page)
    page.goto(url + "/anslagstavla/")
    row = page.get_by_role("row", name=f"Kommunstyrelsen {today.isoformat()}")
    assert last_day.isoformat() in row.inner_text()
    assert_accessible(page)
    for width in (320,):
        page.set_viewport_size({"width": width, "height": 800})
        for path in (
            "/anslagstavla/",
            meeting_url.removeprefix(url),
            f"/sammantraden/{meeting.pk}/protokoll/",
        ):
            page.goto(url + path)
            assert_fits(page, width)
    page.set_viewport_size({"width": 1280, "height": 900})
    case_url = url + cykel.case.get_absolute_url()
    page.goto(case_url)
    assert page.get_by_text(f"sista dag att överklaga {last_day.isoformat()}").is_visible()
    assert page.get_by_text("Beslutet vinner laga kraft").is_visible()

    # Three weeks on, with no appeal, the decision has gained legal force.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=(last_day - today).days + 1)):
        page.goto(case_url)
        force = (last_day + datetime.timedelta(days=1)).isoformat()
        assert page.get_by_text(f"Beslutet vann laga kraft {force}").is_visible()
