"""The statistics page: each figure as a chart (server-side SVG), as a table and as CSV; the page
that explains the feeds and lists their addresses."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from casework.lists import csv_response
from casework.models import Body, Case
from opendata import statistics


def statistics_page(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/statistics.html", {"tables": statistics.kept_tables()})


def statistics_csv(request: HttpRequest, slug: str) -> HttpResponse:
    table = next((t for t in statistics.kept_tables() if t.slug == slug), None)
    if table is None:
        raise Http404("Det finns ingen sådan statistik.")
    return csv_response(f"{slug}.csv", table.columns, table.rows)


def feeds_page(request: HttpRequest) -> HttpResponse:
    """What a feed (flöde) is and how to follow one, with the address of each feed to copy: a
    phone that opens a feed's link shows raw XML, so the pages link here instead. With
    ?arende=KS-2023-1387 the case's own feed comes first."""
    case, error = None, ""
    if dnr := request.GET.get("arende", "").strip():
        try:
            case = Case.objects.by_dnr(dnr).first()
        except ValidationError:
            case = None
        if case is None:
            error = f"Det finns inget ärende med diarienumret {dnr[:40]}."

    def feed(title: str, url: str, id: str) -> dict:
        return {"title": title, "url": url, "address": request.build_absolute_uri(url), "id": id}

    bodies = Body.objects.filter(meetings__decisions__isnull=False).distinct().order_by("name")
    return render(
        request,
        "opendata/feeds.html",
        {
            "case": case,
            "error": error,
            "case_feed": case
            and feed(
                f"{case.dnr} {case.title}", reverse("feed_case", args=[case.slug]), "flode-arendet"
            ),
            "feeds": [
                feed("Alla beslut", reverse("feed_decisions"), "flode-beslut"),
                feed("Anslagstavlan", reverse("meetings:feed_anslag"), "flode-anslag"),
            ],
            "body_feeds": [
                feed(
                    f"Beslut i {body.in_running_text}",
                    reverse("feed_body", args=[body.pk]),
                    f"flode-organ-{body.pk}",
                )
                for body in bodies
            ],
        },
        status=404 if error else 200,
    )
