"""On `make run`'s own demo data, in Debian's Chromium: a motion through the meetings module from
KS's agenda to legal force, with KF sending it back to KS once (återremiss) and deciding it at a
later meeting. The demo's KF meeting keeps its item by hand on the agenda throughout."""

import datetime
import shutil
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from casework.models import Case, Meeting
from casework.workdays import period_end
from casework.workflow import Status
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in, log_out
from tests.test_whole_process import KS_SERVING, at_ks, person, run_meeting

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def on_day(date: datetime.date, hour: int = 9):
    """The clock at that day's hour, for the server and the browser's session alike."""
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))
    )


def plan_and_open(page, url, body, date, justerare, chair="Karin Wanngård (S)"):
    """The secretary plans the body's meeting, builds its agenda and opens it."""
    page.goto(url + "/sammantraden/nytt/")
    page.get_by_label("Organ").select_option(label=body)
    page.get_by_label("Datum").fill(date.isoformat())
    page.get_by_role("button", name="Skapa sammanträdet").click()
    page.get_by_role("button", name="Lägg redo ärenden på föredragningslistan").click()
    open_meeting(page, date, justerare, chair)


def open_meeting(page, date, justerare, chair="Karin Wanngård (S)"):
    page.get_by_role("link", name="Öppna sammanträdet").click()
    page.get_by_label("Ordförande").select_option(label=chair)  # KF's demo has no chair
    page.get_by_role("group", name="Justerare").get_by_label(justerare, exact=True).check()
    page.get_by_label("Justering senast").fill(
        f"{(date + datetime.timedelta(days=3)).isoformat()}T16:00"
    )
    page.get_by_role("button", name="Öppna sammanträdet").click()
    assert page.get_by_text("punkterna har fått sina paragrafer").is_visible()


def decide(page, meeting_url, title, *, outcome=None, back_to=None, reason="", postpone=False):
    page.goto(meeting_url)
    page.locator("ol.agenda > li", has_text=title).locator("strong").first.wait_for()
    number = (
        page.locator("ol.agenda > li", has_text=title)
        .locator("strong")
        .first.inner_text()
        .split()[1]
    )
    page.get_by_role("link", name=f"§ {number}", exact=True).click()
    if back_to:
        page.get_by_label("Ärendet återremitteras").check()
        page.get_by_label("Återremitteras till").select_option(label=back_to)
        page.get_by_label("Skäl till återremissen").fill(reason)
    if postpone:
        page.get_by_label("Ärendet bordläggs").check()
    if outcome:
        page.get_by_label("Utfall").select_option(label=outcome)
    page.get_by_role("button", name="Registrera beslutet").click()
    assert page.get_by_text(f"Beslutet i § {number} är registrerat.").is_visible()


def close(page, meeting_url):
    page.goto(meeting_url)
    page.get_by_role("link", name="Avsluta sammanträdet").click()
    # at the time proposed, now: the meeting cannot have ended later than now
    page.get_by_role("button", name="Avsluta sammanträdet").click()
    page.get_by_role("button", name="Bekräfta och avsluta sammanträdet").click()


def justera(page, url, meeting_url, usernames):
    for username in usernames:
        log_in(page, url, username)
        page.goto(meeting_url)
        page.get_by_role("link", name="Protokollet (utkast)").click()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Utkast: Protokoll")
        page.goto(meeting_url)
        page.get_by_role("button", name="Jag justerar protokollet").click()
        page.get_by_role("button", name="Bekräfta att jag justerar protokollet").click()
        log_out(page)


@pytest.mark.django_db(transaction=True)
def test_on_the_demo_a_motion_goes_from_ks_agenda_to_legal_force_sent_back_once(page, live_server):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())  # as make run does
    motion = at_ks("Motion om fler parkbänkar")
    today = timezone.localdate()
    url = live_server.url
    kf = Meeting.objects.get(
        body__name="Kommunfullmäktige", date=today + datetime.timedelta(days=7)
    )

    # KS, tomorrow (today's KS meeting is the demo's practice meeting, its minutes kept
    # elsewhere): the agenda holds the motion although KF's agenda has an item by hand.
    ks_day = today + datetime.timedelta(days=1)
    with on_day(ks_day):
        log_in(page, url, "namndsekreterare")
        plan_and_open(page, url, "Kommunstyrelsen", ks_day, "Jan Jonsson (L)")
        ks_url = page.url
        decide(page, ks_url, motion.case.title)
        close(page, ks_url)
        log_out(page)
        justera(page, url, ks_url, ["karin.wanngard", "jan.jonsson"])

    # KF sends it back to KS; the demo's reference case and the item by hand are decided too.
    with on_day(kf.date):
        log_in(page, url, "namndsekreterare")
        kf_url = f"{url}/sammantraden/{kf.pk}/"
        page.goto(kf_url)
        page.get_by_role("button", name="Lägg redo ärenden på föredragningslistan").click()
        assert page.locator("ol.agenda > li").count() == 3
        open_meeting(page, kf.date, "Jan Jonsson (L)")
        decide(
            page,
            kf_url,
            motion.case.title,
            back_to="Kommunstyrelsen",
            reason="Kostnaderna ska utredas",
        )
        decide(page, kf_url, "Motion om samverkan", outcome="besvarad")
        decide(page, kf_url, "Anmälan av nya motioner")
        assert_accessible(page)
        motion.case.refresh_from_db()
        assert motion.case.stage == "hos kommunstyrelsen"
        log_out(page)

    # KS decides again; KF decides at a later meeting; its minutes are justerade and posted.
    run_meeting(
        Meeting.objects.create(
            body=motion.case.step.body, date=today + datetime.timedelta(days=10)
        ),
        serving=[person(n) for n in KS_SERVING],
        chair=person("Karin Wanngård"),
        justerare=[person("Jan Jonsson")],
    )
    later = today + datetime.timedelta(days=21)
    with on_day(later):
        log_in(page, url, "namndsekreterare")
        plan_and_open(page, url, "Kommunfullmäktige", later, "Jan Jonsson (L)")
        kf2_url = page.url
        decide(page, kf2_url, motion.case.title, outcome="bifall")
        close(page, kf2_url)
        log_out(page)
        justera(page, url, kf2_url, ["karin.wanngard", "jan.jonsson"])
        log_in(page, url, "namndsekreterare")
        page.goto(kf2_url)
        page.get_by_role("link", name="Sätt upp anslaget").click()
        page.get_by_label("Anslaget uppsatt").fill(later.isoformat())
        page.get_by_label("Protokollet förvaras").fill("Stadsledningskontoret")
        page.get_by_role("button", name="Sätt upp anslaget").click()
        page.get_by_role("button", name="Bekräfta och sätt upp anslaget").click()
        assert page.get_by_text("Anslaget är uppsatt på anslagstavlan.").is_visible()
        log_out(page)
    case = Case.objects.get(pk=motion.case.pk)
    assert case.status == Status.DECIDED
    force = period_end(later + datetime.timedelta(weeks=3)) + datetime.timedelta(days=1)
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(force, datetime.time(9)))
    ):
        page.goto(url + case.get_absolute_url())
        assert page.get_by_text(f"Beslutet vann laga kraft {force.isoformat()}").is_visible()
        assert page.get_by_text(
            "Ärendet återremitteras till kommunstyrelsen: Kostnaderna ska utredas."
        ).is_visible()
        assert_accessible(page)
