"""Pages that fail on purpose, to show the error pages (tests only)."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import include, path

from config.urls import handler500  # noqa: F401 - the site's error page


def fail(request):
    raise RuntimeError("a failure on purpose")


def database_gone(request):
    raise OperationalError("terminating connection due to administrator command")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("fel/", fail),
    path("forbjuden/", forbidden),
    path("databasen-borta/", database_gone),
    path("", include("config.urls")),
]
