"""A politician's day on a phone (390 px), in Debian's Chromium: nothing typed is lost by
pressing Bjud in, the start page shows their own to-dos, and the four irreversible steps
(kallelse, handing in, justering, closing) each show a confirm page first."""

import datetime
import shutil

import pytest
from django.utils import timezone

from casework.models import Body, Meeting, Membership, MemberStatement, Registry
from casework.models.fields import Period
from casework.services import decision_record, statement_announce
from meetings import services
from meetings.models import Justering
from motions.services import motion_register
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in, log_out
from tests.test_browser_phone import assert_fits
from tests.test_whole_process import (
    KS_DAY,
    KS_SERVING,
    at,
    at_ks,
    ks_held,
    meeting_at,
    person,
    run_meeting,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def on_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})


def justera_and_confirm(page, where, ks, name: str) -> None:
    """'Jag justerar protokollet' (on `where`, a page or a region of it), the confirm page that
    changes nothing, then Bekräfta: the justering is registered for `name`."""
    where.get_by_role("button", name="Jag justerar protokollet").click()
    assert page.get_by_role("heading", name=f"Justera protokollet: {ks}").is_visible()
    check(page)
    assert not Justering.objects.filter(meeting=ks).exists()
    page.get_by_role("button", name="Bekräfta att jag justerar protokollet").click()
    assert page.get_by_text("Din justering är registrerad.").is_visible()
    assert Justering.objects.filter(meeting=ks, person=person(name)).exists()


def check(page):
    assert_accessible(page)
    assert_fits(page, 390)


def seat(*names, body="Kommunstyrelsen"):
    """Members of the body from a month ago (the demo's terms may have ended)."""
    today = timezone.localdate()
    organ = Body.objects.get(name=body)
    for name in names:
        who = person(name)
        if not Membership.objects.filter(Period.on(today), person=who, body=organ).exists():
            Membership.objects.create(
                person=who, body=organ, starts_on=today - datetime.timedelta(days=30)
            )


@pytest.mark.django_db(transaction=True)
def test_bjud_in_keeps_and_saves_the_text_and_handing_in_asks_first(page, live_server, demo):
    today = timezone.localdate()
    seat("Jan Jonsson", "Jonas Naddebo")
    motion = motion_register(
        registry=Registry.objects.get(prefix="KS"),
        title="Motion om fler badplatser",
        movers=[person("Jan Jonsson")],
        filed_on=today - datetime.timedelta(days=100),
        registered_on=today - datetime.timedelta(days=99),
    )
    meeting = Meeting.objects.create(
        body=Body.objects.get(name="Kommunstyrelsen"),
        date=today,
        justering_deadline=timezone.now() + datetime.timedelta(days=2),
    )
    decision = decision_record(meeting=meeting, case=motion.case, items=["Motionen avslås."])
    statement = statement_announce(
        decision=decision,
        kind=MemberStatement.Kind.RESERVATION,
        author=person("Jan Jonsson"),
        by_clerk=True,
        at=timezone.now(),
    )
    url = live_server.url
    on_phone(page)
    log_in(page, url, "jan.jonsson")
    page.goto(f"{url}/uttalanden/{statement.pk}/")
    assert "(obligatoriskt)" not in page.locator("label[for=id_invitee]").inner_text()
    page.get_by_label("Egna att-satser").fill("Att bifalla motionen.")
    page.get_by_label("Motivering").fill("Fler barn ska kunna bada.")
    page.get_by_label("Bjud in medförfattare").fill("Nadd")
    page.get_by_role("option", name="Jonas Naddebo (C)").click()
    page.get_by_role("button", name="Bjud in").click()
    assert page.get_by_text("Utkastet är sparat och Jonas Naddebo är inbjuden").is_visible()
    assert page.get_by_label("Egna att-satser").input_value() == "Att bifalla motionen."
    assert page.get_by_label("Motivering").input_value() == "Fler barn ska kunna bada."
    statement.refresh_from_db()
    assert (statement.items, statement.text) == (
        ["Att bifalla motionen."],
        "Fler barn ska kunna bada.",
    )
    assert statement.authorships.filter(
        person=person("Jonas Naddebo"), confirmed_at__isnull=True
    ).exists()
    check(page)

    # Bjud in with nobody chosen: the text is saved all the same, and the field says why.
    page.get_by_label("Motivering").fill("Fler barn ska kunna bada och simma.")
    page.get_by_role("button", name="Bjud in").click()
    assert page.get_by_text("Välj vem du vill bjuda in.").first.is_visible()
    assert page.get_by_label("Motivering").input_value() == "Fler barn ska kunna bada och simma."
    statement.refresh_from_db()
    assert statement.text == "Fler barn ska kunna bada och simma."

    # Handing in: first the text and what it means; nothing is handed in until Bekräfta.
    page.get_by_role("button", name="Lämna in").click()
    assert page.get_by_role("heading", name="Lämna in reservation").is_visible()
    assert page.get_by_text("Fler barn ska kunna bada och simma.").is_visible()
    assert page.get_by_text("Texten kan inte ändras efter att den lämnats in.").is_visible()
    check(page)
    statement.refresh_from_db()
    assert not statement.is_submitted
    page.get_by_role("button", name="Bekräfta och lämna in").click()
    assert page.get_by_text("Texten är inlämnad.").is_visible()
    statement.refresh_from_db()
    assert statement.is_submitted
    assert page.get_by_role("button", name="Spara utkast").count() == 0  # read-only now
    assert page.get_by_text("Texten är inlämnad och kan inte ändras längre.").is_visible()
    check(page)


@pytest.mark.django_db(transaction=True)
def test_a_politicians_start_page_shows_their_to_dos_and_justering_asks_first(
    page, live_server, demo
):
    seat(*KS_SERVING)
    motion = at_ks("Motion om fler parkbänkar")
    ks = ks_held()
    statement_announce(
        decision=motion.case.decisions.get(meeting=ks),
        kind=MemberStatement.Kind.RESERVATION,
        author=person("Jan Jonsson"),
        by_clerk=True,
        at=at(KS_DAY, 11),
    )
    coming = meeting_at("Kommunstyrelsen", KS_DAY + datetime.timedelta(days=14))
    url = live_server.url
    on_phone(page)
    log_in(page, url, "jan.jonsson")
    page.goto(f"{url}/start/")
    justera = page.get_by_role("region", name="Protokoll att justera")
    assert justera.get_by_role("link", name=str(ks)).is_visible()
    announced = page.get_by_role("region", name="Anmälda reservationer och uttalanden att lämna in")
    deadline = timezone.localtime(ks.justering_deadline)
    assert f"lämna in senast {deadline:%Y-%m-%d %H.%M}" in announced.inner_text()
    assert motion.case.dnr in announced.inner_text()
    meetings = page.get_by_role("region", name="Mina nästa sammanträden")
    assert meetings.get_by_role("link", name=str(coming)).is_visible()
    for clerks_only in ("Remisser", "Ettårsgränsen", "Registrera ett ärende"):
        assert page.get_by_text(clerks_only).count() == 0
    check(page)

    justera.get_by_role("link", name=str(ks)).click()
    justera_and_confirm(page, page, ks, "Jan Jonsson")
    assert page.get_by_role("button", name="Jag justerar protokollet").count() == 0
    page.goto(f"{url}/start/")
    assert page.get_by_text("Inga protokoll väntar på din justering.").is_visible()
    log_out(page)


@pytest.mark.django_db(transaction=True)
def test_the_kallelse_and_closing_the_meeting_each_ask_first(page, live_server, demo):
    seat(*KS_SERVING)
    at_ks("Motion om fler cykelställ")
    ks = meeting_at("Kommunstyrelsen", KS_DAY)
    services.agenda_build(meeting=ks)
    url = live_server.url
    on_phone(page)
    log_in(page, url, "namndsekreterare")
    meeting_url = f"{url}/sammantraden/{ks.pk}/"
    page.goto(meeting_url)
    page.get_by_role("button", name="Skicka kallelsen").click()
    assert page.get_by_role("heading", name=f"Skicka kallelsen: {ks}").is_visible()
    assert page.get_by_text("Jan Jonsson, ").first.is_visible()  # who it goes to
    check(page)
    ks.refresh_from_db()
    assert ks.kallelse_sent_at is None
    page.get_by_role("button", name="Bekräfta och skicka kallelsen").click()
    assert page.get_by_text("Kallelsen är skickad").is_visible()
    ks.refresh_from_db()
    assert ks.kallelse_sent_at is not None

    ks = run_meeting(
        ks,
        serving=[person(n) for n in KS_SERVING],
        chair=person("Karin Wanngård"),
        justerare=[person("Jan Jonsson")],
        close=False,
    )
    page.goto(meeting_url)
    page.get_by_role("link", name="Avsluta sammanträdet").click()
    page.get_by_label("Sammanträdet avslutades klockan").fill("15:40")
    page.get_by_role("button", name="Avsluta sammanträdet").click()
    assert page.get_by_role("heading", name=f"Avsluta sammanträdet: {ks}").is_visible()
    assert page.get_by_text("protokollet tar inga nya paragrafer").is_visible()
    check(page)
    ks.refresh_from_db()
    assert ks.ends_at is None
    page.get_by_role("link", name="Tillbaka").click()  # the way back changes nothing
    ks.refresh_from_db()
    assert ks.ends_at is None
    page.get_by_role("link", name="Avsluta sammanträdet").click()
    page.get_by_label("Sammanträdet avslutades klockan").fill("15:40")
    page.get_by_role("button", name="Avsluta sammanträdet").click()
    page.get_by_role("button", name="Bekräfta och avsluta sammanträdet").click()
    assert page.get_by_text("Sammanträdet är avslutat kl. 15.40").first.is_visible()
    ks.refresh_from_db()
    assert ks.ends_at == datetime.time(15, 40)
