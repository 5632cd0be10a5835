"""Search ignores case and diacritics, on SQLite and on PostgreSQL: "wanngard" and "WANNGÅRD"
find a motion moved by Wanngård, "angest" one about ångest, "oresund" one about Öresund; words
typed with the Swedish letters find them too. In the case list and in the public diarium."""

import datetime

import pytest

from casework.models import Case
from casework.search import fold
from casework.services import document_register

D = datetime.date


@pytest.fixture
def motions(world):
    anxiety = world.motion(
        title="Motion om unga och psykisk hälsa",
        movers=[world.wanngard],
        text="Allt fler unga lider av ångest.",
    )
    bridge = world.motion(title="Motion om en ny bro över Öresund", movers=[world.jonsson])
    return anxiety.case, bridge.case


def listed(client, words: str) -> list[str]:
    response = client.get("/arenden/", {"q": words})
    assert response.status_code == 200
    return [case.title for case in response.context["page"]]


def test_fold_drops_case_and_diacritics_only():
    assert fold("WANNGÅRD Ångest Öresund café") == "wanngard angest oresund cafe"


@pytest.mark.parametrize(
    "words", ["wanngard", "WANNGÅRD", "Wanngård", "wanngård", "angest", "ÅNGEST", "ångest"]
)
def test_the_case_list_finds_the_case_without_and_with_the_swedish_letters(client, motions, words):
    assert listed(client, words) == ["Motion om unga och psykisk hälsa"]


@pytest.mark.parametrize("words", ["oresund", "ÖRESUND", "Öresund"])
def test_the_case_list_finds_a_title_with_a_capital_swedish_letter(client, motions, words):
    assert listed(client, words) == ["Motion om en ny bro över Öresund"]


@pytest.mark.parametrize(
    "words",
    [
        "bro Öresund",  # two words, apart in the title
        "Öresund  bro",  # in another order, with more space
        "bro Öresunds",  # another form of a word
        '"ny bro"',
    ],
)
def test_each_word_typed_is_found_wherever_it_stands_and_in_its_other_forms(client, motions, words):
    assert listed(client, words) == ["Motion om en ny bro över Öresund"]


def test_every_word_typed_must_be_found(client, motions):
    assert listed(client, "bro ångest") == []


def test_a_word_that_is_nowhere_finds_nothing(client, motions):
    assert listed(client, "wanngardx") == []


@pytest.fixture
def letter(motions):
    anxiety, _bridge = motions
    return document_register(
        case=anxiety,
        dated=D(2023, 10, 2),
        kind="ovrigt",
        title="Skrivelse om ångest i skolan",
        counterpart="Föreningen Ågrenska",
    )


@pytest.mark.parametrize("words", ["angest", "ANGEST", "ångest", "agrenska", "ÅGRENSKA"])
def test_the_diarium_finds_a_document_without_and_with_the_swedish_letters(client, letter, words):
    page = client.get("/diarium/", {"q": words})
    assert page.status_code == 200
    assert letter.title in page.text
    assert "1 handling<" in page.text


def test_the_diarium_search_does_not_find_what_is_not_there(client, letter):
    page = client.get("/diarium/", {"q": "angestx"})
    assert page.status_code == 200
    assert letter.title not in page.text
    assert Case.objects.count() == 2
