"""Politicians file a joint reservation themselves, each in their own session, in Debian's Chromium."""

import datetime
import shutil

import pytest
from django.utils import timezone

from casework.models import Body, Meeting, Membership, Person, Registry
from casework.services import decision_record
from motions.services import motion_register
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in, log_out
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_jonsson_and_naddebo_file_a_joint_reservation(page, live_server, demo):
    today = timezone.localdate()
    ks = Body.objects.get(name="Kommunstyrelsen")
    jonsson = Person.objects.get(last_name="Jonsson")
    naddebo = Person.objects.get(last_name="Naddebo")
    kroon = Person.objects.get(last_name="Kroon")
    for person in (jonsson, naddebo, kroon):  # the new term
        Membership.objects.create(
            person=person, body=ks, starts_on=today - datetime.timedelta(days=30)
        )
    motion = motion_register(
        registry=Registry.objects.get(prefix="KS"),
        title="Motion om fler simhallar",
        movers=[jonsson],
        filed_on=today - datetime.timedelta(days=200),
        registered_on=today - datetime.timedelta(days=199),
    )
    meeting = Meeting.objects.create(
        body=ks, date=today, justering_deadline=timezone.now() + datetime.timedelta(days=2)
    )
    decision_record(
        meeting=meeting, case=motion.case, items=["Kommunstyrelsen föreslår att motionen avslås."]
    )
    url = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})  # on a phone, between meetings

    log_in(page, url, "jan.jonsson")
    page.get_by_role("link", name="Mina beslut").click()
    assert_accessible(page)
    assert_fits(page, 390)
    card = page.get_by_role("listitem").filter(has_text=motion.case.dnr)
    card.get_by_role("button", name="Anmäl reservation").click()
    assert_accessible(page)
    assert_fits(page, 390)
    page.get_by_label("Egna att-satser").fill(
        "Att bifalla motionen.\nAtt därutöver anföra följande:"
    )
    page.get_by_label("Motivering").fill(
        "Stockholm behöver fler simhallar.\n\nBarn ska kunna lära sig simma."
    )
    page.get_by_role("button", name="Spara utkast").click()
    assert page.get_by_text("Utkastet är sparat.").is_visible()
    page.get_by_label("Bjud in medförfattare").fill("Nadd")
    page.get_by_role("option", name="Jonas Naddebo (C)").click()
    page.get_by_role("button", name="Bjud in").click()
    assert page.get_by_text("Jonas Naddebo är inbjuden som medförfattare.").is_visible()
    page.get_by_label("Bjud in medförfattare").fill("Kroo")
    page.get_by_role("option", name="Gabriel Kroon (SD)").click()
    page.get_by_role("button", name="Bjud in").click()
    assert page.get_by_text("Gabriel Kroon är inbjuden som medförfattare.").is_visible()
    statement_url = page.url
    log_out(page)

    log_in(page, url, "gabriel.kroon")  # declines
    page.get_by_role("link", name="Mina beslut").click()
    page.get_by_role("listitem").filter(has_text=motion.case.dnr).get_by_role(
        "link", name="Reservation"
    ).click()
    page.get_by_role("button", name="Avböj inbjudan").click()
    assert page.get_by_text("Du har avböjt inbjudan.").is_visible()
    assert_fits(page, 390)
    log_out(page)

    log_in(page, url, "jonas.naddebo")
    page.get_by_role("link", name="Mina beslut").click()
    assert page.get_by_text("du är inbjuden som medförfattare").is_visible()
    page.get_by_role("listitem").filter(has_text=motion.case.dnr).get_by_role(
        "link", name="Reservation"
    ).click()
    assert_accessible(page)
    assert_fits(page, 390)
    page.get_by_role("button", name="Bekräfta att jag står bakom texten").click()
    assert page.get_by_text("Du står nu som medförfattare.").is_visible()
    log_out(page)

    log_in(page, url, "jan.jonsson")
    page.goto(statement_url)
    page.get_by_role("button", name="Lämna in").click()
    page.get_by_role("button", name="Bekräfta och lämna in").click()
    assert page.get_by_text("Texten är inlämnad.").is_visible(), page.locator("main").inner_text()
    log_out(page)

    page.goto(url + motion.case.get_absolute_url())
    heading = page.get_by_role(
        "heading", name="Reservation av Jan Jonsson (L) och Jonas Naddebo (C)"
    )
    assert heading.is_visible()
    assert page.get_by_text("Barn ska kunna lära sig simma.").is_visible()
    assert page.get_by_text("Att bifalla motionen.").is_visible()
    assert_accessible(page)
    assert_fits(page, 390)
