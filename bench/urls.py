from django.db import connection
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def select_one(request):
    """The baseline: a bare Django view running one SELECT 1 on the same server."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok")


urlpatterns = [path("bench/select1/", select_one), *app_urlpatterns]
