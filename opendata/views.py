"""The statistics page: each figure as a chart (server-side SVG), as a table and as CSV."""

from django.core.cache import cache
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casework.lists import csv_response
from casework.models import Case, ChangeCounter
from opendata import statistics


def _tables() -> list[statistics.Table]:
    """Counted once per change to the register (and per day, for what is overdue)."""
    changed = Case.objects.aggregate(latest=Max("changed_at"))["latest"]
    stamp = changed.timestamp() if changed else 0
    key = f"statistics:{stamp}:{ChangeCounter.current()}:{timezone.localdate():%Y%m%d}"
    tables = cache.get(key)
    if tables is None:
        tables = statistics.all_tables()
        cache.set(key, tables, timeout=3600)
    return tables


def statistics_page(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/statistics.html", {"tables": _tables()})


def statistics_csv(request: HttpRequest, slug: str) -> HttpResponse:
    table = next((t for t in _tables() if t.slug == slug), None)
    if table is None:
        raise Http404("Det finns ingen sådan statistik.")
    return csv_response(f"{slug}.csv", table.columns, table.rows)
