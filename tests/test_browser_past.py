"""A motion decided in 2019, entered through the pages today, in Debian's Chromium: every step
with the day it happened, a KS meeting whose minutes were kept elsewhere (its decision § 52, its
justering and anslag in 2019, its minutes registered as a document), and KF's decision closing
it. The case page, its timeline, the feeds, the statistics, the meeting page and OParl then read
2019; today shows only where a step says when it was registered in the system (issue 21)."""

import re
import shutil

import pytest
from django.utils import formats, timezone

from casework.models import Case, Meeting
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import field, log_in, log_out, pick, section, step, submit
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]

TITLE = "Motion om fler bänkar vid Årstaviken"
ENTERED = re.compile(r"registrerat i systemet \d{4}-\d\d-\d\d")


def today_written() -> list[str]:
    """Today as the pages may write it: ISO, and the short and long Swedish forms."""
    today = timezone.localdate()
    return sorted(
        {
            f"{today:%Y-%m-%d}",
            formats.date_format(today, "SHORT_DATE_FORMAT"),
            formats.date_format(today, "DATE_FORMAT"),
        }
    )


def assert_no_today(text: str, where: str) -> None:
    """Nothing in `text` is dated today, except the days steps were registered in the system."""
    text = ENTERED.sub("", text)
    for today in today_written():
        assert today not in text, f"{where} says {today}: …{text[text.find(today) - 200 :][:400]}…"


def page_text(page) -> str:
    return page.locator("body").inner_text()


def confirm(page):
    """A step that shows what will happen first (the anslag): confirm it."""
    page.get_by_role("button", name=re.compile("^Bekräfta")).click()
    page.wait_for_load_state()


def enter_the_2019_motion(page, url: str) -> Case:
    log_in(page, url, "registrator")
    page.goto(url + "/arenden/ny-motion/")
    field(page, "title").fill(TITLE)
    pick(page, "first_mover", "Jan Jonsson")
    field(page, "filed_on").fill("2019-02-13")
    field(page, "registered_on").fill("2019-02-14")
    field(page, "rotel").select_option(label="Rotel I")
    field(page, "att_satser").fill("att staden sätter upp fler bänkar vid Årstaviken")
    submit(page)
    case = Case.objects.get(title=TITLE)
    assert page.get_by_text(f"Motionen har registrerats med diarienummer {case.dnr}.").is_visible()
    assert case.dnr.startswith("KS 2019/"), case.dnr
    log_out(page)

    log_in(page, url, "handlaggare")
    page.goto(url + case.get_absolute_url())
    step(page, "Remittera")
    field(page, "sent_on").fill("2019-02-20")
    field(page, "remiss-0-body").select_option(label="Stadsledningskontoret")
    field(page, "remiss-0-due_on").fill("2019-05-31")
    submit(page)
    step(page, "Registrera skriftligt remissvar")
    field(page, "referral").select_option(label="Stadsledningskontoret")
    field(page, "dated").fill("2019-05-20")
    field(page, "text").fill("Stadsledningskontoret tillstyrker motionen.")
    submit(page)

    step(page, "För ärendet vidare")
    field(page, "to_status").select_option(label="under beredning")
    field(page, "happened_on").fill("2019-05-21")
    submit(page)
    step(page, "Skriv utlåtandet")
    section(page, "Rubrik")
    pick(page, "rapporteur", "Karin Wanngård")
    submit(page)
    for heading, name, text in [
        ("Förslag till beslut", "proposed_items", "Motionen bifalls."),
        ("Sammanfattning av ärendet", "summary", "Motionären vill ha fler bänkar."),
        ("Föredragande borgarrådets synpunkter", "views", "Jag delar motionärens uppfattning."),
        ("Ärendet", "matter", "Stadsledningskontoret tillstyrker."),
    ]:
        section(page, heading)
        field(page, name).fill(text)
        submit(page)
    page.goto(url + case.get_absolute_url())

    step(page, "För ärendet vidare")
    field(page, "to_status").select_option(label="hos borgarrådsberedningen")
    field(page, "happened_on").fill("2019-08-19")
    submit(page)
    step(page, "Registrera borgarrådsberedningens beslut")
    field(page, "meeting_date").fill("2019-08-21")
    submit(page)

    step(page, "Registrera kommunstyrelsens beslut")  # minutes kept elsewhere: § 52
    field(page, "meeting_date").fill("2019-09-04")
    field(page, "justering_deadline").fill("2019-09-06T12:00")
    field(page, "paragraph_number").fill("52")
    field(page, "items").fill("Kommunfullmäktige föreslås bifalla motionen.")
    pick(page, "signatory", "Karin Wanngård")
    submit(page)
    assert page.get_by_text("Kommunstyrelsens beslut är registrerat.").is_visible()

    log_out(page)

    log_in(page, url, "registrator")  # the minutes kept elsewhere, into the diarium
    page.goto(url + case.get_absolute_url())
    page.get_by_role("link", name="Registrera en handling").click()
    field(page, "dated").fill("2019-09-06")
    field(page, "registered_on").fill("2019-09-09")  # as the earlier diarium has it
    field(page, "kind").select_option(value="protokollsutdrag")
    page.get_by_label("Upprättad").check()
    field(page, "title").fill("Protokollsutdrag kommunstyrelsen 2019-09-04 § 52")
    submit(page)
    log_out(page)

    log_in(page, url, "handlaggare")
    page.goto(url + case.get_absolute_url())
    step(page, "Registrera kommunfullmäktiges beslut")
    field(page, "meeting_date").fill("2019-09-23")
    field(page, "justering_deadline").fill("2019-09-27T12:00")
    field(page, "paragraph_number").fill("14")
    field(page, "items").fill("Motionen bifalls.")
    field(page, "outcome").select_option(value="bifall")
    submit(page)
    log_out(page)

    log_in(page, url, "namndsekreterare")  # the anslag of both meetings, on their own days
    for body, posted_on in [("Kommunstyrelsen", "2019-09-09"), ("Kommunfullmäktige", "2019-09-30")]:
        meeting = Meeting.objects.get(body__name=body, date__year=2019)
        page.goto(f"{url}/sammantraden/{meeting.pk}/")
        page.get_by_role("link", name="Sätt upp anslaget").click()
        field(page, "posted_on").fill(posted_on)
        field(page, "kept_at").fill("Stadshuset, stadsarkivet")
        submit(page)
        confirm(page)
        assert page.get_by_text("Anslaget är uppsatt på anslagstavlan.").is_visible()
    log_out(page)
    case.refresh_from_db()
    return case


@pytest.mark.django_db(transaction=True)
def test_a_motion_decided_in_2019_entered_today_reads_2019_on_every_page(page, live_server, demo):
    url = live_server.url
    case = enter_the_2019_motion(page, url)
    assert case.status == "avgjord"

    page.goto(url + case.get_absolute_url())  # as anyone reads it
    text = page_text(page)
    assert "§ 52 i protokollet." in text
    assert "Beslutet vann laga kraft 2019-10-22, om det inte har överklagats." in text
    timeline = page.locator("#handelser + ol, #handelser ~ ol").first.inner_text()
    days = re.findall(r"^(\d{4}-\d\d-\d\d)", timeline, flags=re.M)
    assert days and all(day.startswith("2019-") for day in days), timeline
    assert timeline.count("registrerat i systemet") == len(days)
    assert_no_today(text, "the case page")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert_fits(page, 390)
    assert_no_today(page_text(page), "the case page on a phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    ks = Meeting.objects.get(body__name="Kommunstyrelsen", date__year=2019)
    kf = Meeting.objects.get(body__name="Kommunfullmäktige", date__year=2019)
    for meeting, justerad, anslag in [
        (ks, "2019-09-06", "2019-09-09"),
        (kf, "2019-09-27", "2019-09-30"),
    ]:
        page.goto(f"{url}/sammantraden/{meeting.pk}/")
        text = page_text(page)
        assert f"protokoll utanför systemet, justerat {justerad}" in text
        assert f"Anslaget på anslagstavlan {anslag}" in text
        assert_no_today(text, f"the page of {meeting}")
        assert_accessible(page)

    for feed in [
        f"/flode/arenden/{case.slug}/",
        "/flode/beslut/",
        f"/flode/organ/{ks.body_id}/",
        "/flode/anslagstavla/",
    ]:
        xml = page.request.get(url + feed).text()
        entries = xml.split("<entry>")[1:]
        ours = [e for e in entries if case.dnr in e or "2019-09" in e]
        assert ours, feed
        for entry in ours:
            stamps = re.findall(r"<(?:updated|published)>([^<]+)<", entry)
            assert stamps and all(s.startswith("2019-") for s in stamps), (feed, entry)
        assert_no_today(xml, feed)

    page.goto(url + "/statistik/")
    handling = page.get_by_role("region", name="Handläggningstid från väckt till avgjort, tabell")
    row = handling.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="2019", exact=True)
    )
    assert row.inner_text().split() == ["2019", "motion", "1", "222", "222"]  # 13 feb → 23 sep
    assert_no_today(page_text(page), "the statistics")
    csv = page.request.get(url + "/statistik/handlaggningstid.csv").text()
    assert "2019;motion;1;222;222" in csv

    paper = page.request.get(f"{url}/oparl/v1/paper/{case.pk}/").json()
    assert paper["date"] == "2019-02-14" and paper["arende:vackt"] == "2019-02-13"
    assert {c["arende:datum"] for c in paper["consultation"] if "arende:datum" in c} == {
        "2019-08-21",
        "2019-09-04",
        "2019-09-23",
    }
    paragraphs = {
        c["arende:datum"]: c["arende:paragraf"]
        for c in paper["consultation"]
        if "arende:paragraf" in c
    }
    assert paragraphs["2019-09-04"] == "§ 52" and paragraphs["2019-09-23"] == "§ 14"
    assert {d["datum"] for d in paper["arende:handlingar"]} <= {
        "2019-02-13",
        "2019-02-14",
        "2019-02-20",
        "2019-05-20",
        "2019-09-04",
        "2019-09-06",
        "2019-09-23",
    }
    assert {d["registrerad"] for d in paper["arende:handlingar"]} == {
        "2019-02-14",
        "2019-02-20",
        "2019-05-20",
        "2019-09-09",
    }
    for which, data in [
        ("paper", paper),
        ("meeting ks", page.request.get(f"{url}/oparl/v1/meeting/{ks.pk}/").json()),
        ("meeting kf", page.request.get(f"{url}/oparl/v1/meeting/{kf.pk}/").json()),
    ]:
        system_times = {"modified", "created"}
        assert_no_today(str(strip(data, system_times)), f"OParl {which}")


def strip(data, keys: set[str]):
    """`data` without the system's own times (OParl's `modified`, `created`), at every depth."""
    if isinstance(data, dict):
        return {k: strip(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [strip(v, keys) for v in data]
    return data
