"""Settings for the HTTP benchmark: the app's own, plus a bare baseline view."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_COLD") == "true":  # every request a cache miss: no cache at all
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
