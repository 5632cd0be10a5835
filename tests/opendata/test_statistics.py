"""The statistics: figures equal a count by hand, on the demo data and on cases of every shape
(none, one, several; a joint motion; late, in time and unanswered referrals; a motion past its
year), as a page with charts and tables and as CSV."""

import datetime
import random
import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework import kinds
from casework.models import Case, CaseEvent, Meeting, Municipality, Party, PartyAffiliation
from casework.services import document_register
from casework.workflow import Status
from motions.models import Motion, kinds_with_deadline, one_year_deadline
from opendata.statistics import all_tables
from referrals.models import Referral
from referrals.services import referral_answer_by_report, referral_decline, referral_send

D = datetime.date
TODAY = D(2025, 6, 1)


def figures(today=TODAY) -> dict[str, list[list]]:
    return {t.slug: t.rows for t in all_tables(today)}


def decide(
    motion: Motion, on: datetime.date, outcome: str, hour: datetime.time = datetime.time(15)
) -> None:
    """The case settled on that day (as the last step's decision leaves it)."""
    case = motion.case
    at = timezone.make_aware(datetime.datetime.combine(on, hour))
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


def by_definition(today: datetime.date) -> tuple[list, list, dict]:
    """Handling time and the one-year figure as the statistics define them, counted here one
    settled case at a time; and the days of each group."""
    settled = [
        (e.case.kind, e.case.motion.filed_on, timezone.localtime(e.at).date())
        for e in CaseEvent.objects.filter(to_status=Status.DECIDED).select_related("case__motion")
    ]
    days: dict[tuple, list[int]] = {}
    for kind, filed, decided in settled:
        days.setdefault((decided.year, kind), []).append((decided - filed).days)
    handling = [
        [
            year,
            kinds.case_kind_label(kind),
            len(d),
            round(statistics.median(d)),
            round(statistics.mean(d)),
        ]
        for (year, kind), d in sorted(days.items())
    ]
    clock = kinds_with_deadline()
    within: dict[int, list[int]] = {}
    for kind, filed, decided in settled:
        if kind in clock:
            within.setdefault(filed.year, [0, 0])[decided > one_year_deadline(filed)] += 1
    for motion in Motion.objects.filter(case__kind__in=clock).exclude(
        case__status__in=[Status.DECIDED, Status.WITHDRAWN]
    ):
        if one_year_deadline(motion.filed_on) < today:
            within.setdefault(motion.filed_on.year, [0, 0])[1] += 1
    within_rows = [[y, i, o, round(100 * i / (i + o))] for y, (i, o) in sorted(within.items())]
    return handling, within_rows, days


def test_the_database_counts_as_the_definition_does(world):
    """Ties, an even count (median between two), leap days, a case settled the day it was filed,
    on its deadline and the day after, decisions just after midnight and just before it."""
    Municipality.objects.update(citizen_proposals_have_deadline=True)
    rng = random.Random(22)
    filing_days = [D(2024, 2, 29), D(2023, 2, 28), D(2023, 3, 1), D(2024, 1, 1), D(2023, 12, 31)]
    for n in range(36):
        filed = (
            filing_days[n % 5]
            if n < 15
            else D(2022, 1, 1) + datetime.timedelta(rng.randint(0, 900))
        )
        kind = "medborgarforslag" if n % 4 == 3 else "motion"
        movers = {"movers": [], "proposer": "Kim Svensson"} if kind != "motion" else {}
        motion = world.motion(filed_on=filed, kind=kind, **movers)
        if n % 6 == 5:
            Case.objects.filter(pk=motion.case_id).update(status=Status.WITHDRAWN)
            continue
        if n % 7 == 6:
            continue  # unsettled
        after = rng.choice([0, 0, 10, 10, 365, 366, 367, rng.randint(1, 800)])
        hour = rng.choice([datetime.time(0, 30), datetime.time(15), datetime.time(23, 30)])
        decide(
            motion,
            one_year_deadline(filed) if n == 1 else filed + datetime.timedelta(after),
            "bifall",
            hour,
        )
    tables = figures()
    handling, within, days = by_definition(TODAY)
    assert tables["handlaggningstid"] == handling
    assert tables["inom-ett-ar"] == within
    # The data has what it should: a median between two days, ties, a same-day decision.
    assert any(statistics.median(d) % 1 for d in days.values()) and len(within) >= 3
    assert any(len(set(d)) < len(d) for d in days.values())
    assert any(0 in d for d in days.values())


def statistics_queries(client) -> int:
    """Queries of a request for the page that read the decisions, the figures' main table."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/statistik/").status_code == 200
    return sum("casework_caseevent" in q["sql"] for q in queries)


def test_the_figures_are_kept_until_something_they_count_changes(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "st"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = world.motion(filed_on=D(2023, 3, 1))
        decide(first, D(2023, 6, 9), "bifall")
        second = world.motion(filed_on=D(2023, 4, 1))
        meeting = Meeting.objects.create(body=world.ks, date=D(2024, 6, 5), place="Stadshuset")
        document = document_register(
            case=first.case, dated=D(2024, 5, 2), kind="ovrigt", title="Skrivelse"
        )
    assert statistics_queries(client) > 0
    assert statistics_queries(client) == 0  # kept
    with django_capture_on_commit_callbacks(execute=True):
        meeting.place = "Rådhuset"
        meeting.save()
        document.title = "Skrivelse från en förening"
        document.save()
        first.case.title = "Motion om något annat"
        first.case.save()
    assert statistics_queries(client) == 0  # nothing they count changed
    with django_capture_on_commit_callbacks(execute=True):
        decide(second, D(2023, 7, 1), "avslag")
    page = client.get("/statistik/handlaggningstid.csv").content.decode("utf-8-sig")
    assert page.splitlines()[1] == "2023;motion;2;96;96"  # 100 and 91 days
