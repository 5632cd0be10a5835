"""Benchmark: the demo case's utlåtande, our whole render against WeasyPrint alone on the same HTML.

Run with `make bench`. Prints medians of interleaved runs and the ratio, measured in one run.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    scratch = Path(tempfile.mkdtemp(prefix="bench-utlatande-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from django.utils import timezone

    from casework.models import Meeting
    from casework.pdf import html_to_pdf
    from motions.models import Utlatande
    from motions.services import (
        UTLATANDE_STYLESHEETS,
        UTLATANDE_TEMPLATE,
        utlatande_context,
        utlatande_pdf,
    )

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=StringIO())
    utlatande = Utlatande.objects.get()
    # Keep it a draft, so every call renders (load_demo fastställer it; a frozen one is read back).
    Utlatande.objects.filter(pk=utlatande.pk).update(frozen_document=None, frozen_html="")
    Meeting.objects.filter(pk=utlatande.ks_decision.meeting_id).update(
        justering_deadline=timezone.now() + datetime.timedelta(days=365)
    )
    utlatande.refresh_from_db()
    html = render_to_string(
        UTLATANDE_TEMPLATE,
        {**utlatande_context(utlatande=utlatande, now=timezone.now()), "for_print": True},
    )
    utlatande_pdf(utlatande=utlatande)  # warm-up: imports, font loading

    ours, weasy = [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        pdf = utlatande_pdf(utlatande=Utlatande.objects.get())
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        html_to_pdf(html, stylesheets=UTLATANDE_STYLESHEETS)
        weasy.append(time.perf_counter() - start)
    ours_ms, weasy_ms = statistics.median(ours) * 1000, statistics.median(weasy) * 1000
    print(f"utlåtande KS 2023/1387, {len(pdf)} bytes, {ROUNDS} interleaved rounds, medians:")
    print(f"  whole render (data → template → PDF/A): {ours_ms:8.1f} ms")
    print(f"  WeasyPrint alone on the same HTML:       {weasy_ms:8.1f} ms")
    print(
        f"  ratio whole/WeasyPrint: {ours_ms / weasy_ms:.3f}  (overhead {100 * (ours_ms / weasy_ms - 1):+.1f} %)"
    )


if __name__ == "__main__":
    main()
