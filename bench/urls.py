import json
import os

from django.db import connection
from django.http import Http404, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def select_one(request):
    """The baseline: a bare Django view running one SELECT 1 on the same server."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok")


# The SQL each measured page ran cold, captured by bench/pages.py at the start of the run.
CEILING = json.loads(os.environ.get("BENCH_CEILING", "{}"))


def ceiling(request, page):
    """The ceiling of a page: its own statements, run with a raw cursor, and a small answer, so
    the page's ratio can be read against what its SQL allows."""
    if page not in CEILING:
        raise Http404
    with connection.cursor() as cursor:
        for sql in CEILING[page]:
            cursor.execute(sql)
            cursor.fetchall()
    return HttpResponse("ok")


urlpatterns = [
    path("bench/select1/", select_one),
    path("bench/ceiling/<str:page>/", ceiling),
    *app_urlpatterns,
]
