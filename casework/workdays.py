"""Lag (1930:173) om beräkning av lagstadgad tid: a period the law sets that ends on a Saturday,
a Sunday, another public holiday, midsommarafton, julafton or nyårsafton ends on the next
weekday instead. Public holidays: lag (1989:253) om allmänna helgdagar."""

import datetime
from functools import cache


def easter_sunday(year: int) -> datetime.date:
    """Påskdagen (the Gregorian computus, "anonymous" algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def days_off(year: int) -> frozenset[datetime.date]:
    """The weekday public holidays of a year, and the eves that count as holidays (1930:173 2 §).
    Saturdays and Sundays are off anyway; midsommardagen and alla helgons dag are Saturdays."""
    easter = easter_sunday(year)
    midsummer_eve = next(
        datetime.date(year, 6, d) for d in range(19, 26) if datetime.date(year, 6, d).weekday() == 4
    )
    return frozenset(
        {
            datetime.date(year, 1, 1),  # nyårsdagen
            datetime.date(year, 1, 6),  # trettondedag jul
            easter - datetime.timedelta(days=2),  # långfredagen
            easter + datetime.timedelta(days=1),  # annandag påsk
            datetime.date(year, 5, 1),  # första maj
            easter + datetime.timedelta(days=39),  # Kristi himmelsfärdsdag
            datetime.date(year, 6, 6),  # Sveriges nationaldag
            midsummer_eve,
            datetime.date(year, 12, 24),  # julafton
            datetime.date(year, 12, 25),  # juldagen
            datetime.date(year, 12, 26),  # annandag jul
            datetime.date(year, 12, 31),  # nyårsafton
        }
    )


def is_workday(date: datetime.date) -> bool:
    return date.weekday() < 5 and date not in days_off(date.year)


def period_end(last_day: datetime.date) -> datetime.date:
    """Lag (1930:173) 2 §: the last day of a period, moved on to the next workday."""
    while not is_workday(last_day):
        last_day += datetime.timedelta(days=1)
    return last_day
