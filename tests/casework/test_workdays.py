"""casework.workdays against the `holidays` package's Swedish calendar, day by day 1990–2100.

For lag (1930:173) om beräkning av lagstadgad tid a day is off if it is a Saturday, a Sunday,
a public holiday (lag (1989:253) om allmänna helgdagar), midsommarafton, julafton or
nyårsafton. In `holidays.SE` those are the "public" category without its Sundays plus the
"de_facto" category, which holds exactly the three eves.

The two agree from 2005 on. Before, they differ on two days a year, and the package has the
history right: annandag pingst was a public holiday until 2004 and Sveriges nationaldag has
been one since 2005 (SFS 2004:1322), while workdays.py applies today's list to every year.
The app therefore keeps workdays.py (its periods are counted on today's calendar) and this
test records where the package would differ."""

import datetime

import holidays

from casework.workdays import is_workday

FIRST, LAST = datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)


def _days_off_by_the_package() -> set[datetime.date]:
    calendar = holidays.SE(
        years=range(FIRST.year, LAST.year + 1),
        categories=(holidays.PUBLIC, holidays.DE_FACTO),
        include_sundays=False,
        language="sv",
    )
    return set(calendar)


def _differences() -> dict[datetime.date, str]:
    """Each day the two disagree on, with the name the package gives it (or 'arbetsdag')."""
    off = _days_off_by_the_package()
    names = holidays.SE(years=range(FIRST.year, LAST.year + 1), language="sv")
    differences = {}
    day = FIRST
    while day <= LAST:
        package_workday = day.weekday() < 5 and day not in off
        if package_workday != is_workday(day):
            differences[day] = names.get(day, "arbetsdag")
        day += datetime.timedelta(days=1)
    return differences


def test_the_de_facto_category_is_the_three_eves_the_law_counts():
    eves = holidays.SE(years=2026, categories=(holidays.DE_FACTO,), language="sv")
    assert sorted(eves.values()) == ["Julafton", "Midsommarafton", "Nyårsafton"]


def test_workdays_and_the_holidays_package_agree_on_every_day_from_2005_to_2100():
    assert [d for d in _differences() if d.year >= 2005] == []


def test_before_2005_they_differ_only_on_annandag_pingst_and_nationaldagen():
    differences = _differences()
    assert {name for name in differences.values()} == {"Annandag pingst", "arbetsdag"}
    for day, name in differences.items():
        assert day.year <= 2004
        if name == "Annandag pingst":  # a holiday then, a workday for workdays.py
            assert is_workday(day)
        else:  # 6 June on a weekday: a workday then, a holiday for workdays.py
            assert (day.month, day.day) == (6, 6) and not is_workday(day)
    assert len([n for n in differences.values() if n == "Annandag pingst"]) == 15
