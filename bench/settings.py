"""Settings for the HTTP benchmark: the app's own, plus a bare baseline view."""

from casework.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
