"""What the public lists share: reading a diarienummer typed in a search box, choices of rows,
paging that never counts a whole register, and the filter of the public diarium."""

import csv
import re
from collections.abc import Iterable
from functools import cached_property
from math import ceil

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse

from casework.kinds import document_kind_choices
from casework.models import Document, DocumentDirection, Registry, parse_dnr
from casework.models.registry import SEQUENCE_RE
from casework.search import folded_match

DATE = forms.DateInput(attrs={"type": "date"})

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP "CSV injection"): quoted with '."""
    value = str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    """Rows as a CSV download: semicolons, as Swedish spreadsheets expect, and UTF-8 with the
    byte-order mark Excel needs; no cell a spreadsheet would run."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response


DNR_QUERY = re.compile(
    r"^(?:(?P<prefix>[A-ZÅÄÖ]{1,10})[ -]?)?(?:(?P<year>\d{4})[/-])?(?P<sequence>"
    + SEQUENCE_RE
    + ")$"
)


def dnr_parts(text: str) -> dict | None:
    """Filter arguments for a whole or partial diarienummer, or None if the text is not one.
    A whole one may be in either style ('KS 2023/1387', '2022/KS 0247 001')."""
    try:
        prefix, year, sequence = parse_dnr(text)
    except ValidationError:
        pass
    else:
        return {"registry__prefix": prefix, "year": year, "sequence": sequence}
    match = DNR_QUERY.match(" ".join(text.upper().split()))
    if match is None:
        return None
    parts = {"sequence": int(match["sequence"])}
    if match["year"]:
        parts["year"] = int(match["year"])
    if match["prefix"]:
        parts["registry__prefix"] = match["prefix"]
    return parts


def rows(queryset):
    """Choices of rows as (id, name), read in one plain query when the form is made (a model
    choice field reads through a server-side cursor, three round trips per select)."""
    return lambda: [(str(row.pk), str(row)) for row in queryset.all()]


def row_filter(label: str, queryset, field_name: str | None = None, **kwargs):
    """A choice of a row; a value that is not one of the rows is refused before any query."""
    return django_filters.ChoiceFilter(
        label=label, choices=rows(queryset), empty_label="Alla", field_name=field_name, **kwargs
    )


class CappedPaginator(Paginator):
    """Counts at most CAP rows: counting 100,000 cases (or 12,000 search hits) costs more than
    the rest of the page, and nobody pages that deep. Beyond the cap the list says so and offers
    filters, search and the CSV export of everything."""

    CAP = 1000

    @cached_property
    def count(self) -> int:
        # no ORDER BY, and no annotations of what the rows show: any CAP rows count
        return self.object_list.order_by().values("pk")[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP

    @cached_property
    def num_pages(self) -> int:
        return ceil(min(self.count, self.CAP) / self.per_page) or 1


class DocumentFilter(django_filters.FilterSet):
    """The public diarium's search. A secret document is found by its number, date, kind and
    direction, never by its title or its sender (`Document.is_secret`): words search only the
    public documents."""

    q = django_filters.CharFilter(
        label="Sök diarienummer, rubrik eller avsändare/mottagare", method="search"
    )
    fran = django_filters.DateFilter(
        label="Daterad från", field_name="dated", lookup_expr="gte", widget=DATE
    )
    till = django_filters.DateFilter(
        label="Daterad till", field_name="dated", lookup_expr="lte", widget=DATE
    )
    diarium = row_filter("Diarium", Registry.objects.all(), "case__registry")
    typ = django_filters.ChoiceFilter(
        label="Handlingstyp", field_name="kind", choices=document_kind_choices, empty_label="Alla"
    )
    riktning = django_filters.ChoiceFilter(
        label="Riktning",
        field_name="direction",
        choices=DocumentDirection.choices,
        empty_label="Alla",
    )

    class Meta:
        model = Document
        fields = []

    def search(self, queryset, name, value):
        """A diarienummer, whole or in part ("KS 2023/1387", "KS-2023-1387", "1387"), finds its
        case's documents; a whole one with a document's number ("KS 2023/1387-8") that document;
        anything else the public titles and counterparts."""
        if (parts := dnr_parts(value)) is not None:
            return queryset.filter(**{f"case__{k}": v for k, v in parts.items()})
        number, _, document = value.strip().rpartition("-")
        if document.isdigit() and (parts := dnr_parts(number)) is not None:
            return queryset.filter(
                number=int(document), **{f"case__{k}": v for k, v in parts.items()}
            )
        return queryset.public().filter(folded_match(["title", "counterpart"], value))
