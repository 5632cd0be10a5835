"""Pages that fail on purpose, to show the error pages (tests only)."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path


def fail(request):
    raise RuntimeError("a failure on purpose")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("fel/", fail),
    path("forbjuden/", forbidden),
    path("", include("config.urls")),
]
