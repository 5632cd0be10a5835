"""A clerk's tables on a phone (320 and 390 px): the start page's cases and a case's history are
cards with every column's name, nothing cut off at the edge; a document's Makulera (and
Sekretessmarkera) stands in a cell of its own, named for the document, not on the line of its
title; the meetings are cards too."""

import shutil

import pytest

from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def assert_cards_on_screen(page, region: str, labels: list[str], width: int) -> None:
    """Each labelled cell of the region's first row is visible inside the screen, under its
    column's name, and the table needs no sideways scrolling of its own."""
    table = page.get_by_role("region", name=region)
    assert table.evaluate("el => el.scrollWidth <= el.clientWidth"), region
    for label in labels:
        cell = table.locator(f"td[data-label='{label}']").first
        assert cell.is_visible(), (region, label)
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (region, label, box)
        before = cell.evaluate("el => getComputedStyle(el, '::before').content")
        assert label in before, (region, label, before)


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.django_db(transaction=True)
def test_the_start_page_and_the_history_are_cards_on_a_phone(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server.url, "registrator")
    page.goto(live_server.url + "/start/")
    assert_cards_on_screen(
        page,
        "Tabell: Mina öppna ärenden",
        ["Diarienummer", "Ärendemening", "Status", "Väntar på"],
        width,
    )
    assert_fits(page, width)
    assert_accessible(page)

    page.goto(live_server.url + "/arenden/KS-2023-1387/historik/")
    assert_cards_on_screen(page, "Tabell: Ändringar", ["När", "Vem", "Vad", "Ändring"], width)
    assert_fits(page, width)
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.django_db(transaction=True)
def test_the_meetings_are_cards_on_a_phone(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/sammantraden/")
    assert_cards_on_screen(page, "Tabell: Sammanträden", ["Datum", "Organ", "Läge"], width)
    state = page.get_by_role("region", name="Tabell: Sammanträden").locator("td[data-label='Läge']")
    assert state.first.bounding_box()["height"] < 60  # a line or two, not a letter a line
    assert_fits(page, width)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_makulera_is_a_separate_action_named_for_its_document(page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server.url, "registrator")
    page.goto(live_server.url + "/arenden/KS-2023-1387/")
    documents = page.get_by_role("region", name="Tabell: Handlingar")
    row = documents.locator("tbody tr").first
    title = row.locator("td[data-label='Rubrik']")
    assert "Makulera" not in title.inner_text()
    actions = row.locator("td[data-label='Åtgärd']").get_by_role("link")
    action = actions.first
    named = f"{row.locator('td[data-label=Nr]').inner_text()} {title.inner_text()}"
    assert action.evaluate("el => el.textContent") == f"Makulera {named}"
    assert actions.nth(1).evaluate("el => el.textContent") == f"Sekretessmarkera {named}"
    link, heading = action.bounding_box(), title.bounding_box()
    assert link["y"] >= heading["y"] + heading["height"]  # below the title, not beside it
    assert link["height"] >= 24  # a target a finger hits
    assert_fits(page, 390)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_import_page_lists_its_columns_and_sums_up_a_bad_file_on_a_phone(
    page, live_server, demo
):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server.url, "administrator")
    page.goto(live_server.url + "/arenden/importera/")
    assert_cards_on_screen(page, "Tabell: Filens kolumner", ["Kolumn", "Krävs", "Innehåll"], 390)
    assert_fits(page, 390)
    assert_accessible(page)

    header = "Diarienummer;Ärendetyp;Ärendemening;Väckt av;Motionärer;Väckt;Status;Registrerat"
    row = "KS 2019/1;interpellation;Fel;;Gabriel Kroon (SD);4 mars;registrerad;2019-03-05"
    page.locator("#id_file").set_input_files(
        {"name": "diarium.csv", "mimeType": "text/csv", "buffer": f"{header}\n{row}\n".encode()}
    )
    page.get_by_role("button", name="Läs in").click()
    summary = page.get_by_role("alert")
    assert summary.get_by_text("Inget importerades. 1 rad har problem:").is_visible()
    problems = summary.locator("ul ul li")
    assert problems.all_inner_texts() == [
        "Rad 2, Ärendetyp: Okänd ärendetyp ”interpellation”; ange motion, medborgarförslag, "
        "skrivelse.",
        "Rad 2, Väckt: ”4 mars” är inget datum ÅÅÅÅ-MM-DD.",
    ]
    assert_fits(page, 390)
    assert_accessible(page)
