"""Checkboxes and radios at 390 px: each label beside its own box, every box at least 24 × 24 px;
the votering as one row per member; tables on a phone as cards that hide no column."""

import datetime
import shutil

import pytest
from django.utils import timezone

from casework.models import Meeting, Membership, Person
from meetings import services
from meetings.models import AgendaItem
from tests.conftest import TERM
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]

WIDTH = 390


def box(locator):
    found = locator.bounding_box()
    assert found, locator
    return found


def assert_big_enough(page, scope="main form"):
    boxes = page.locator(f"{scope} input[type=checkbox], {scope} input[type=radio]")
    assert boxes.count()
    for i in range(boxes.count()):
        b = box(boxes.nth(i))
        assert b["width"] >= 24 and b["height"] >= 24, (boxes.nth(i).get_attribute("id"), b)


def assert_beside_own_label(page, fieldset):
    """In each choice the label's vertical centre lies within its box's span, right of the box."""
    inputs = fieldset.locator("input[type=checkbox], input[type=radio]")
    assert inputs.count(), page.locator("main").inner_text()[:1500]
    for i in range(inputs.count()):
        field = inputs.nth(i)
        label = page.locator(f"label[for='{field.get_attribute('id')}']")
        b, lab = box(field), box(label)
        centre = lab["y"] + lab["height"] / 2
        assert b["y"] <= centre <= b["y"] + b["height"], (label.inner_text(), b, lab)
        assert b["x"] + b["width"] <= lab["x"], (label.inner_text(), b, lab)


def assert_card_shows(page, text):
    cell = page.get_by_role("cell", name=text).first
    assert cell.is_visible(), text
    b = box(cell)
    assert b["x"] >= 0 and b["x"] + b["width"] <= WIDTH, (text, b)


@pytest.mark.django_db(transaction=True)
def test_boxes_sit_beside_their_labels_and_the_votering_is_a_row_per_member(
    page, live_server, demo
):
    kf = (
        Meeting.objects.filter(opened_at__isnull=True, agenda_items__case__isnull=False)
        .order_by("date")
        .first()
    )
    members = list(Person.objects.order_by("last_name")[:10])
    for person in members:  # ten called to the meeting
        Membership.objects.create(
            person=person, body=kf.body, starts_on=kf.date, ends_on=TERM["ends_on"]
        )
    page.set_viewport_size({"width": WIDTH, "height": 800})
    log_in(page, live_server.url, "registrator")

    # Opening the meeting: who serves and who justerar, each box beside its own name.
    page.goto(f"{live_server.url}/sammantraden/{kf.pk}/oppna/")
    justerare = page.get_by_role("group", name="Justerare", exact=True)
    assert_beside_own_label(page, justerare)
    assert_big_enough(page)
    assert_fits(page, WIDTH)
    assert_accessible(page)

    # The meeting opened, one case item with two yrkanden: jäv, reservanter and the votering.
    now = timezone.make_aware(datetime.datetime.combine(kf.date, datetime.time(10)))
    services.meeting_open(
        meeting=kf,
        serving=members,
        chair=members[0],
        justerare=members[1:3],
        justering_deadline=now + datetime.timedelta(days=3),
        now=now,
    )
    item = AgendaItem.objects.filter(meeting=kf, case__isnull=False).order_by("number").first()
    services.yrkande_add(
        item=item, mover=members[1], text="bifall till förslaget", items=["Förslaget bifalls."]
    )
    services.yrkande_add(
        item=item, mover=members[2], text="avslag", items=["Motionen avslås."], supporters=[]
    )
    page.goto(f"{live_server.url}/sammantraden/{kf.pk}/paragrafer/{item.pk}/")
    for legend in ("Jäv", "Reserverar sig mot beslutet"):
        group = page.get_by_role("group", name=legend, exact=True)
        if group.count():
            assert_beside_own_label(page, group)
    assert_beside_own_label(
        page, page.get_by_role("group", name="Reserverar sig mot beslutet", exact=True)
    )
    # one filter box per picker, never a second one
    assert (
        page.get_by_label("Visa bara namn som innehåller").count()
        <= page.locator("fieldset:has(input[data-filter])").count()
    )

    table = page.locator("table.ballot-table")
    rows = table.locator("tbody tr")
    assert rows.count() == len(members)
    for i in range(rows.count()):
        row = rows.nth(i)
        name = row.locator("th")
        radios = row.locator("input[type=radio]")
        assert radios.count() == 3
        n = box(name)
        centre = n["y"] + n["height"] / 2
        for j, vote in enumerate(["Ja", "Nej", "Avstår"]):
            r = box(radios.nth(j))
            assert r["y"] <= centre <= r["y"] + r["height"], (name.inner_text(), vote)
            assert n["x"] + n["width"] <= r["x"] + 1
            assert r["x"] + r["width"] <= WIDTH
            label = f"{name.inner_text()}: {vote}"
            assert page.get_by_role("radio", name=label, exact=True).count() == 1, label
    page.get_by_role("radio", name=f"{rows.nth(0).locator('th').inner_text()}: Nej").check()
    assert_big_enough(page)
    assert_fits(page, WIDTH)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_phone_tables_are_cards_that_show_the_column_that_matters(page, live_server, demo):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    url = live_server.url

    page.goto(url + "/arenden/")
    status = page.locator("td[data-label='Status']").first
    assert status.is_visible() and status.inner_text()
    assert_card_shows(page, status.inner_text())
    assert_fits(page, WIDTH)
    assert_accessible(page)

    page.goto(url + "/arenden/KS-2023-1387/")
    handlingar = page.get_by_role("region", name="Tabell: Handlingar")
    title = handlingar.locator("td[data-label='Rubrik']").first
    assert title.is_visible() and title.inner_text()
    b = box(title)
    assert b["x"] >= 0 and b["x"] + b["width"] <= WIDTH
    assert_fits(page, WIDTH)
    assert_accessible(page)

    # A posted anslag (set on the row: the justering itself is another test's business).
    posted = Meeting.objects.order_by("date").first()
    today = timezone.localdate()
    Meeting.objects.filter(pk=posted.pk).update(
        justerad_at=timezone.now(), anslag_on=today, minutes_kept_at="Stadshuset"
    )
    page.goto(url + "/anslagstavla/")
    cell = page.locator("td[data-label='Sista dag att överklaga']").first
    assert cell.is_visible() and cell.inner_text()
    b = box(cell)
    assert b["x"] >= 0 and b["x"] + b["width"] <= WIDTH
    content = page.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle())
    assert "Sista dag att överklaga" in content
    assert_fits(page, WIDTH)
    assert_accessible(page)
