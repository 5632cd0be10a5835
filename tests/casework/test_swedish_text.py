"""The Swedish forms the pages and printed documents rely on come from Django's own Swedish
locale: dates and lists."""

import datetime

from django.template import Context, Template
from django.utils.formats import date_format
from django.utils.text import get_text_list


def test_a_date_is_written_out_in_documents_and_short_in_tables():
    day = datetime.date(2026, 12, 4)
    assert date_format(day) == "4 december 2026"
    assert date_format(day, "SHORT_DATE_FORMAT") == "2026-12-04"
    template = Template('{{ d|date }} · {{ d|date:"SHORT_DATE_FORMAT" }} · {{ none|date }}')
    assert template.render(Context({"d": day, "none": None})) == "4 december 2026 · 2026-12-04 · "


def test_a_time_in_a_table_is_the_short_date_and_the_minute():
    at = datetime.datetime(2026, 1, 5, 9, 7)
    assert date_format(at, "SHORT_DATETIME_FORMAT") == "2026-01-05 09:07"


def test_a_list_in_running_text_ends_with_och():
    assert get_text_list(["KS-2026-1", "KS-2026-2", "KS-2026-3"], "och") == (
        "KS-2026-1, KS-2026-2 och KS-2026-3"
    )
    assert get_text_list(["Anna Ek (S)", "Bo Ås (M)"], "och") == "Anna Ek (S) och Bo Ås (M)"
    assert get_text_list(["socialnämnden"], "och") == "socialnämnden"
    assert get_text_list([], "och") == ""
