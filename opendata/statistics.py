"""The figures of the statistics page, each a table (a heading row, then one row per group), read
from the register with the database counting where it can.

- Handling time: days from filing to the decision that settled the case (status avgjord),
  per year of that decision and case kind.
- Referral answers per body: in time (answered by the due date), late, and still outstanding
  past the due date.
- Motions per party and outcome: a motion counts once for each party among its movers on the
  day it was filed (a joint motion of two parties counts for both).
- The one-year clock (KL 5 kap. 35 §): per year of filing, of the cases on the clock whose
  deadline has passed or that are settled, how many were settled within it.
"""

import dataclasses
import datetime
import statistics

from django.db.models import (
    Aggregate,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Sum,
)
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone

from casework import kinds
from casework.models import (
    Body,
    CaseEvent,
    ChangeCounter,
    Municipality,
    Party,
    PartyAffiliation,
)
from casework.workflow import Status
from motions.models import Motion, Mover, OneYearDeadline, kinds_with_deadline, one_year_deadline
from opendata.models import KeptFigures
from referrals.models import Referral

# The figures are kept until one of these rows changes (casework.signals.register_topic).
TOPIC = "statistik"
COUNTED = (CaseEvent, Motion, Mover, Referral, Party, PartyAffiliation, Body, Municipality)

NOT_DECIDED = "ej avgjord"


@dataclasses.dataclass
class Table:
    """A figure's data; its chart draws the `series` columns of each row as stacked bars,
    labelled by the first `labels` columns."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list]
    series: list[int]
    labels: int = 1

    def bars(self) -> dict:
        """Each row's label and segments, as percentages of the widest row, for the SVG."""
        totals = [sum(row[i] for i in self.series) for row in self.rows]
        widest = max(totals, default=0) or 1
        bars = []
        for n, (row, total) in enumerate(zip(self.rows, totals, strict=True)):
            x, segments = 0.0, []
            for series, i in enumerate(self.series):
                width = 100 * row[i] / widest
                segments.append(
                    {
                        "x": round(x, 2),
                        "width": round(width, 2),
                        "value": row[i],
                        "series": series,
                        "series_name": self.columns[i],
                    }
                )
                x += width
            label = " ".join(str(v) for v in row[: self.labels])
            bars.append({"label": label, "total": total, "segments": segments, "y": 46 * n})
        return {
            "bars": bars,
            "names": [self.columns[i] for i in self.series],
            "height": 46 * len(bars) + 4,
        }


class Median(Aggregate):
    """The middle value, the mean of the two middle ones for an even count (as
    `statistics.median`): PostgreSQL's percentile_cont; on SQLite `opendata_median`, the same
    in Python inside the database (`register_sqlite_median`)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="opendata_median",
            template="%(function)s(%(expressions)s)%(filter)s",
            **extra_context,
        )


class _SQLiteMedian:
    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def register_sqlite_median(sender, connection, **kwargs) -> None:
    """On each new SQLite connection: `opendata_median`, the aggregate `Median` calls there."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("opendata_median", 1, _SQLiteMedian)


class Days(Func):
    """Whole days from the second date to the first."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            arg_joiner=") - julianday(",
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            **extra_context,
        )


def settled():
    """The decisions that settled a case raised with a filing day (one row each), with the day
    of the decision in the municipality's time zone, as the database reads it."""
    return CaseEvent.objects.filter(to_status=Status.DECIDED, case__motion__isnull=False).alias(
        day=TruncDate("at"), filed=F("case__motion__filed_on")
    )


def handling_time() -> Table:
    days = Days("day", "filed")
    groups = (
        settled()
        .values(year=ExtractYear("at"), kind=F("case__kind"))
        .annotate(n=Count("pk"), total=Sum(days), median=Median(days))
        .order_by()
    )
    return Table(
        "handlaggningstid",
        "Handläggningstid från väckt till avgjort",
        ["År", "Ärendetyp", "Antal", "Median, dagar", "Medel, dagar"],
        [
            [
                g["year"],
                kinds.case_kind_label(g["kind"]),
                g["n"],
                round(g["median"]),
                round(g["total"] / g["n"]),
            ]
            for g in sorted(groups, key=lambda g: (g["year"], g["kind"]))
        ],
        series=[3],
        labels=2,
    )


def referrals_on_time(today: datetime.date) -> Table:
    counts = (
        Referral.objects.values("body__name")
        .annotate(
            in_time=Count("pk", filter=Q(answered_on__lte=F("due_on"))),
            late=Count("pk", filter=Q(answered_on__gt=F("due_on"))),
            overdue=Count(
                "pk",
                filter=Q(
                    answered_on__isnull=True,
                    due_on__lt=today,
                    state__in=[Referral.State.SENT, Referral.State.LATE],
                ),
            ),
        )
        .order_by("body__name")
    )
    return Table(
        "remissvar",
        "Remissvar i tid och försenade, per remissinstans",
        ["Remissinstans", "I tid", "Försenade", "Obesvarade efter svarsdatum"],
        [
            [c["body__name"], c["in_time"], c["late"], c["overdue"]]
            for c in counts
            if c["in_time"] or c["late"] or c["overdue"]
        ],
        series=[1, 2, 3],
    )


def motions_by_party() -> Table:
    """Movers' party on the filing day, by the affiliation holding then."""
    on_filing = Q(
        moverships__person__affiliations__starts_on__lte=F("filed_on"),
    ) & (
        Q(moverships__person__affiliations__ends_on__isnull=True)
        | Q(moverships__person__affiliations__ends_on__gte=F("filed_on"))
    )
    counts = (
        Motion.objects.filter(on_filing, case__kind="motion")
        .values("moverships__person__affiliations__party__abbreviation", "outcome")
        .annotate(n=Count("pk", distinct=True))
    )
    outcomes = dict(Motion.Outcome.choices)
    names = [*outcomes.values(), NOT_DECIDED]
    table: dict[str, dict[str, int]] = {}
    for c in counts:
        party = c["moverships__person__affiliations__party__abbreviation"]
        outcome = outcomes.get(c["outcome"], NOT_DECIDED)
        table.setdefault(party, dict.fromkeys(names, 0))[outcome] += c["n"]
    used = [n for n in names if any(row[n] for row in table.values())]
    return Table(
        "motioner-per-parti",
        "Motioner per parti och utfall",
        ["Parti", *used],
        [[party, *(row[n] for n in used)] for party, row in sorted(table.items())],
        series=list(range(1, len(used) + 1)),
    )


def within_one_year(today: datetime.date) -> Table:
    """Settled within the year, and not: settled after it, or still unsettled past it (a
    withdrawn case is neither). Settled cases are counted per year of filing by the database,
    unsettled ones per filing day, each day's deadline then read here."""
    clock = kinds_with_deadline()
    decided = (
        settled()
        .filter(case__kind__in=clock)
        .alias(deadline=OneYearDeadline("filed"))
        .values(year=ExtractYear("filed"))
        .annotate(n=Count("pk"), inside=Count("pk", filter=Q(day__lte=F("deadline"))))
        .order_by()
    )
    groups = {g["year"]: [g["inside"], g["n"] - g["inside"]] for g in decided}
    unsettled = (
        Motion.objects.filter(case__kind__in=clock)
        .exclude(case__status__in=[Status.DECIDED, Status.WITHDRAWN])
        .values_list("filed_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for filed, n in unsettled:
        if one_year_deadline(filed) < today:  # otherwise still within its year
            groups.setdefault(filed.year, [0, 0])[1] += n
    return Table(
        "inom-ett-ar",
        "Avgjorda inom ett år från väckandet (KL 5 kap. 35 §)",
        ["Väckt år", "Inom ett år", "Senare eller inte än", "Andel inom ett år, %"],
        [
            [year, inside, outside, round(100 * inside / (inside + outside))]
            for year, (inside, outside) in sorted(groups.items())
        ],
        series=[1, 2],
    )


def all_tables(today: datetime.date | None = None) -> list[Table]:
    today = today or timezone.localdate()
    return [
        handling_time(),
        referrals_on_time(today),
        motions_by_party(),
        within_one_year(today),
    ]


def kept_tables(today: datetime.date | None = None) -> list[Table]:
    """`all_tables` as kept in the database (KeptFigures): counted again when a row they count
    changes (COUNTED), and each day, for what has become overdue."""
    today = today or timezone.localdate()
    stamp = f"{ChangeCounter.current(TOPIC)}:{today:%Y%m%d}"
    kept = KeptFigures.read(TOPIC, stamp)
    if kept is not None:
        return [Table(**table) for table in kept]
    tables = all_tables(today)
    KeptFigures.keep(TOPIC, stamp, [dataclasses.asdict(table) for table in tables])
    return tables
