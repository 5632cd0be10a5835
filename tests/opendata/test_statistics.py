"""The statistics: figures equal a count by hand, on the demo data and on cases of every shape
(none, one, several; a joint motion; late, in time and unanswered referrals; a motion past its
year), as a page with charts and tables and as CSV."""

import datetime

import pytest
from django.utils import timezone

from casework.models import Case, CaseEvent, Party, PartyAffiliation
from casework.workflow import Status
from motions.models import Motion
from opendata.statistics import all_tables
from referrals.models import Referral
from referrals.services import referral_answer_by_report, referral_decline, referral_send

D = datetime.date
TODAY = D(2025, 6, 1)


def figures(today=TODAY) -> dict[str, list[list]]:
    return {t.slug: t.rows for t in all_tables(today)}


def decide(motion: Motion, on: datetime.date, outcome: str) -> None:
    """The case settled on that day (as the last step's decision leaves it)."""
    case = motion.case
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(15)))
    CaseEvent.objects.create(case=case, at=at, from_status=case.status, to_status=Status.DECIDED)
    Case.objects.filter(pk=case.pk).update(status=Status.DECIDED)
    Motion.objects.filter(pk=motion.pk).update(outcome=outcome)


def test_the_demo_data_counted_by_hand(demo):
    # KS 2023/1387 (Kroon, SD), filed 2023-09-25, is with KF: not settled, its year has passed.
    # Three referrals of KS 2023/1387, each answered before its due date.
    today = timezone.localdate()
    assert figures(today) == {
        "handlaggningstid": [],
        "remissvar": [
            ["Arbetsmarknadsnämnden", 1, 0, 0],
            ["Socialnämnden", 1, 0, 0],
            ["Stadsledningskontoret", 1, 0, 0],
        ],
        "motioner-per-parti": [["SD", 1]],
        "inom-ett-ar": [[2023, 0, 1, 0]],
    }


def test_nothing_registered_gives_empty_figures_and_a_page_that_says_so(client, db):
    assert all(rows == [] for rows in figures().values())
    page = client.get("/statistik/")
    assert page.status_code == 200 and page.text.count("Inget att räkna än.") == 4


def test_cases_of_every_shape_counted_by_hand(world):
    one = world.motion(filed_on=D(2023, 3, 1))  # Kroon (SD): settled in 100 days
    decide(one, D(2023, 6, 9), "bifall")
    two = world.motion(filed_on=D(2023, 5, 1), movers=[world.kroon, world.jonsson])  # SD + L
    decide(two, D(2024, 6, 1), "avslag")  # 397 days: after its year
    three = world.motion(
        filed_on=D(2024, 1, 10), movers=[world.wanngard]
    )  # S: 2024-04-19, 100 days
    decide(three, D(2024, 4, 19), "avslag")
    world.motion(filed_on=D(2024, 2, 1), movers=[world.wanngard])  # S, open, past its year
    world.motion(filed_on=D(2025, 1, 1), movers=[world.jonsson])  # L, open, within its year
    proposal = world.motion(
        kind="medborgarforslag", movers=[], proposer="Kim Svensson", filed_on=D(2024, 3, 1)
    )
    decide(
        proposal, D(2024, 5, 1), "besvarad"
    )  # 61 days; no party; no clock unless the profile says
    sent = {"sent_on": D(2024, 1, 1), "due_on": D(2024, 2, 1)}
    referral_answer_by_report(
        referral=referral_send(case=one.case, body=world.slk, **sent),
        dated=D(2024, 2, 1),
        text="Svar.",
    )
    referral_answer_by_report(
        referral=referral_send(case=two.case, body=world.slk, **sent),
        dated=D(2024, 2, 2),
        text="Svar.",
    )
    referral_decline(
        referral=referral_send(case=three.case, body=world.slk, **sent),
        dated=D(2024, 1, 5),
        reason="Inte vår fråga.",
    )
    referral_send(
        case=three.case, body=world.sn, sent_on=D(2025, 1, 1), due_on=D(2025, 5, 31)
    )  # overdue
    referral_send(
        case=two.case, body=world.sn, sent_on=D(2025, 1, 1), due_on=D(2025, 6, 30)
    )  # not yet due
    assert figures() == {
        "handlaggningstid": [
            [2023, "motion", 1, 100, 100],
            [2024, "medborgarförslag", 1, 61, 61],
            [2024, "motion", 2, 248, 248],  # 100 and 397 days
        ],
        "remissvar": [
            ["Socialnämnden", 0, 0, 1],
            ["Stadsledningskontoret", 2, 1, 0],  # the declined one came in time too
        ],
        "motioner-per-parti": [
            ["L", 0, 1, 1],  # bifall, avslag, ej avgjord
            ["S", 0, 1, 1],
            ["SD", 1, 1, 0],
        ],
        "inom-ett-ar": [[2023, 1, 1, 50], [2024, 1, 1, 50]],
    }


def test_a_mover_counts_for_the_party_of_the_filing_day(world):
    left = Party.objects.create(abbreviation="V", name="Vänsterpartiet")
    PartyAffiliation.objects.filter(person=world.kroon).update(ends_on=D(2023, 12, 31))
    PartyAffiliation.objects.create(person=world.kroon, party=left, starts_on=D(2024, 1, 1))
    world.motion(filed_on=D(2023, 6, 1))
    world.motion(filed_on=D(2024, 6, 1))
    assert figures()["motioner-per-parti"] == [["SD", 1], ["V", 1]]


def test_the_page_draws_each_figure_with_its_table_and_csv(client, world):
    motion = world.motion(filed_on=D(2023, 3, 1))
    decide(motion, D(2023, 6, 9), "bifall")
    page = client.get("/statistik/").text
    assert page.count("<svg") == page.count("<table") == 3  # no referrals: nothing to draw
    assert page.count("Inget att räkna än.") == 1
    assert 'aria-hidden="true"' in page and '<th scope="row">2023</th>' in page
    assert 'width="100.0%"' in page  # a decimal point, not the Swedish comma, in the SVG
    csv = client.get("/statistik/handlaggningstid.csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.decode("utf-8-sig").splitlines() == [
        "År;Ärendetyp;Antal;Median, dagar;Medel, dagar",
        "2023;motion;1;100;100",
    ]
    assert client.get("/statistik/finns-inte.csv").status_code == 404


@pytest.mark.parametrize("name", ["=HYPERLINK(1)", "+1", "@SUM(1)"])
def test_a_csv_cell_never_runs_as_a_formula(client, world, name):
    world.slk.name = name
    world.slk.save()
    referral_send(
        case=world.motion().case, body=world.slk, sent_on=D(2024, 1, 1), due_on=D(2024, 2, 1)
    )
    rows = client.get("/statistik/remissvar.csv").content.decode("utf-8-sig").splitlines()
    assert rows[1].startswith(f"'{name};")
    assert Referral.objects.count() == 1
