"""Every page at 320 px wide (a small phone, or 1280 px at 400 % zoom) and 390 px: nothing wider
than the screen (WCAG 1.4.10), and axe finds nothing."""

import shutil

import pytest

from casework.models import Meeting
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]

PAGES = {
    None: [
        "/arenden/",
        "/arenden/KS-2023-1387/",
        "/arenden/KS-2023-1387/utlatande/",
        "/konto/logga-in/",
        "/sammantraden/",
        "{kf}/",
        "/anslagstavla/",
        "/diarium/",
        "/diarium/postlista/",
        "/statistik/",
        "/folj/?arende=KS-2023-1387",
    ],
    "registrator": [
        "/start/",
        "/arenden/ny-motion/",
        "/arenden/KS-2023-1387/",
        "/arenden/KS-2023-1387/historik/",
        "/arenden/KS-2023-1387/handlingar/ny/",
        "/arenden/KS-2023-1387/beslut/",
        "/ettarsredovisning/",
        "/ettarsredovisning/ny/",
        "/sammantraden/nytt/",
        "{kf}/",
        "{kf}/oppna/",
        "/arkiv/",
        "{kf}/punkter/ny/",
    ],
    "jan.jonsson": ["/mina-beslut/", "/arenden/KS-2023-1387/"],
}


def assert_fits(page, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide} px wide on a {width} px screen"


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.django_db(transaction=True)
def test_every_page_fits_a_phone_screen(page, live_server, demo, width):
    kf = Meeting.objects.filter(body__name="Kommunfullmäktige", agenda_items__isnull=False).first()
    kf_meeting = f"/sammantraden/{kf.pk}"  # KF's next meeting, as load_demo plans it
    page.set_viewport_size({"width": width, "height": 800})
    for user, paths in PAGES.items():
        if user:
            log_in(page, live_server.url, user)
        for path in paths:
            page.goto(live_server.url + path.format(kf=kf_meeting))
            assert_fits(page, width)
            assert_accessible(page)
        if user:
            page.context.clear_cookies()
