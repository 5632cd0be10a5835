"""Names as the municipality prints them: movers up to the profile's number then "m.fl.", one
party's names grouped ("båda", "alla"), party letters in lower case, the rotel's style, the
genitive; and a motion's number in KF's own series per year. Stockholm's profile keeps the
reference utlåtande's wording; Sjöbacka's prints three names, grouped, in lower case, numbered."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from casework import roles
from casework.models import Body, Municipality, Party, PartyAffiliation, Person
from casework.text import genitive
from motions import exempelkommun
from motions.models import Motion
from motions.services import motion_register
from rotlar.models import RotelStyle, RotlarProfile

D = datetime.date
FILED = D(2026, 2, 9)


@pytest.fixture
def sjobacka(db):
    return exempelkommun.load_example_municipality()


def member(name: str, abbreviation: str) -> Person:
    first, last = name.split(" ", 1)
    person = Person.objects.create(first_name=first, last_name=last)
    party = Party.objects.get_or_create(abbreviation=abbreviation, defaults={"name": abbreviation})
    PartyAffiliation.objects.create(person=person, party=party[0], starts_on=D(2020, 1, 1))
    return person


def movers_display(*movers: Person, kind: str = "motion", filed_on=FILED, **more) -> str:
    from casework.models import Registry

    motion = motion_register(
        registry=Registry.objects.get(prefix="KS"),
        title=f"Motion om nummer {uuid.uuid4()}",
        kind=kind,
        movers=list(movers),
        filed_on=filed_on,
        registered_on=filed_on,
        **more,
    )
    return motion.movers_display


@pytest.fixture
def mp(db):
    """Four Miljöpartiet members and one Socialdemokrat, for either profile."""
    return [member(n, "MP") for n in ("Anna Ek", "Per Berg", "Eva Lund", "Olle Sten")] + [
        member("Bo Ås", "S")
    ]


# --- Stockholm: one name, then m.fl.; upper case; not grouped --------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "Anna Ek (MP)"),
        (2, "Anna Ek m.fl. (MP)"),
        (3, "Anna Ek m.fl. (MP)"),
        (4, "Anna Ek m.fl. (MP)"),
    ],
)
def test_stockholm_names_the_first_of_one_party_then_m_fl_before_the_party(
    world, mp, count, expected
):
    assert movers_display(*mp[:count], rotel=world.rotel) == expected


def test_stockholm_names_the_first_of_mixed_parties_with_the_party_then_m_fl(world, mp):
    assert movers_display(mp[0], mp[4], rotel=world.rotel) == "Anna Ek (MP) m.fl."
    assert movers_display(mp[4], mp[0], mp[1], rotel=world.rotel) == "Bo Ås (S) m.fl."


def test_stockholm_prints_the_reference_case_s_names_and_rotel(world):
    assert world.kroon.name_with_party(FILED) == "Gabriel Kroon (SD)"
    assert str(world.rotel) == f"Rotel {world.rotel.numeral}"
    assert Municipality.current().motion_number_series is False


# --- Sjöbacka: three names, grouped, lower case ------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "Anna Ek (mp)"),
        (2, "Anna Ek och Per Berg (båda mp)"),
        (3, "Anna Ek, Per Berg och Eva Lund (alla mp)"),
        (4, "Anna Ek, Per Berg, Eva Lund m.fl. (mp)"),
    ],
)
def test_sjobacka_names_three_of_one_party_grouped_in_lower_case(sjobacka, mp, count, expected):
    assert movers_display(*mp[:count]) == expected


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ((0, 4), "Anna Ek (mp) och Bo Ås (s)"),
        ((0, 1, 4), "Anna Ek och Per Berg (båda mp) samt Bo Ås (s)"),
        ((4, 0, 1, 2), "Bo Ås (s), Anna Ek och Per Berg (båda mp) m.fl."),
    ],
)
def test_sjobacka_names_mixed_parties_grouping_neighbours_of_one_party(
    sjobacka, mp, order, expected
):
    assert movers_display(*[mp[i] for i in order]) == expected


def test_without_grouping_each_name_has_its_own_party(sjobacka, mp):
    Municipality.objects.filter(pk=1).update(movers_grouped=False)
    Municipality.forget()
    assert movers_display(*mp[:3]) == "Anna Ek (mp), Per Berg (mp) och Eva Lund (mp)"


def test_lower_case_party_letters_follow_every_name_with_party(sjobacka):
    dahl = sjobacka["people"]["Bengt Dahl"]
    assert dahl.name_with_party(FILED) == "Bengt Dahl (s)"
    Municipality.objects.filter(pk=1).update(party_lower_case=False)
    Municipality.forget()
    assert dahl.name_with_party(FILED) == "Bengt Dahl (S)"


def test_the_profile_refuses_to_name_no_mover(sjobacka):
    profile = Municipality.current()
    profile.movers_named = 0
    with pytest.raises(ValidationError, match="Minst en motionär skrivs ut med namn."):
        profile.full_clean()


# --- The rotel's style ----------------------------------------------------------------------


def test_the_rotel_is_written_as_the_rotlar_profile_says(world, client):
    motion = world.motion()
    assert str(world.rotel) == "Rotel I"
    RotlarProfile.objects.filter(pk=1).update(rotel_style=RotelStyle.LETTER)
    RotlarProfile.forget()
    assert str(world.rotel) == "RI"
    page = client.get(motion.case.get_absolute_url())
    assert "RI" in page.text and "Rotel I<" not in page.text


# --- The genitive ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SVT", "SVT:s"),
        ("AB SOLOM", "AB SOLOM:s"),
        ("Lars", "Lars"),
        ("Kommunfullmäktige", "Kommunfullmäktiges"),
        ("Socialnämnden", "Socialnämndens"),
        ("Trafikverket", "Trafikverkets"),
        ("Max", "Max"),
    ],
)
def test_the_genitive(name, expected):
    assert genitive(name) == expected


def test_a_body_s_genitive_follows_the_helper(db):
    solom = Body.objects.create(name="AB SOLOM", kind=Body.Kind.COMPANY)
    council = Body.objects.create(name="Kommunfullmäktige", kind=Body.Kind.COUNCIL)
    assert (solom.genitive, solom.running_genitive) == ("AB SOLOM:s", "AB SOLOM:s")
    assert (council.genitive, council.running_genitive) == (
        "Kommunfullmäktiges",
        "kommunfullmäktiges",
    )


# --- A motion's own number series -----------------------------------------------------------


def numbered(**more) -> str:
    from casework.models import Registry

    return motion_register(
        registry=Registry.objects.get(prefix="KS"),
        title=f"Motion {uuid.uuid4()}",
        movers=[Person.objects.get(first_name="Cecilia", last_name="Ek")],
        **{"filed_on": FILED, "registered_on": FILED, **more},
    ).number


def test_sjobacka_numbers_motions_in_a_series_per_filing_year(sjobacka):
    assert numbered() == "2026:1"
    assert numbered() == "2026:2"
    assert numbered(number="2026:9") == "2026:9"  # given by hand
    assert numbered() == "2026:10"
    assert numbered(filed_on=D(2027, 1, 18), registered_on=D(2027, 1, 19)) == "2027:1"
    assert numbered(filed_on=D(2026, 12, 14), registered_on=D(2027, 1, 19)) == "2026:11"


def test_only_a_motion_gets_a_number_of_the_series(sjobacka):
    assert numbered(kind="skrivelse") == ""
    assert numbered() == "2026:1"


def test_a_number_given_by_hand_that_another_motion_has_is_refused(sjobacka):
    numbered()
    with pytest.raises(ValidationError) as error:
        numbered(number="2026:1")
    assert error.value.message_dict["number"] == ["Motionsnumret används redan av en annan motion."]
    assert Motion.objects.count() == 1


def test_stockholm_gives_no_number_but_refuses_a_taken_one(world):
    assert world.motion().number == ""
    world.motion(number="2008:39")
    with pytest.raises(ValidationError, match="används redan"):
        world.motion(number="2008:39")


def test_the_register_page_refuses_a_taken_number_beside_the_field(
    sjobacka, client, user_with_role
):
    numbered()
    client.force_login(user_with_role(roles.REGISTRATOR))
    data = {
        "registry": sjobacka["registry"].pk,
        "title": "Motion om en badplats",
        "first_mover": sjobacka["people"]["Cecilia Ek"].pk,
        "filed_on": "2026-02-09",
        "registered_on": "2026-02-10",
        "number": "2026:1",
        "registration_key": str(uuid.uuid4()),
    }
    page = client.post("/arenden/ny-motion/", data)
    assert page.status_code == 400
    assert "Motionsnumret används redan av en annan motion." in page.text
    assert Motion.objects.count() == 1
    data["number"], data["registration_key"] = "", str(uuid.uuid4())
    assert client.post("/arenden/ny-motion/", data).status_code == 302
    assert Motion.objects.get(case__title="Motion om en badplats").number == "2026:2"


def test_the_case_list_shows_the_number_where_the_profile_prints_it(sjobacka, client):
    numbered()
    assert "(Motion 2026:1)" in client.get("/arenden/").text
    Municipality.objects.filter(pk=1).update(motion_number_printed=False)
    Municipality.forget()
    assert "2026:1" not in client.get("/arenden/").text
