"""The big screen in Debian's Chromium, on a real uvicorn app server: it shows the paragraph being
dealt with, and when the secretary registers a yrkande in another session, on another app server
sharing Redis, the screen shows it without being reloaded; at desktop width and on a phone, checked
with axe each time."""

import shutil

import pytest
from django.db import connection

from bench.serve import Uvicorn, spare_port
from casework.models import Meeting
from meetings import services
from tests.meetings.conftest import MEETING_DAY, motion_at_ks, opened
from tests.meetings.test_live_servers import add_yrkande
from tests.test_browser import assert_accessible
from tests.test_browser_phone import assert_fits
from tests.trust.test_cache_down import redis_cli, start_redis
from tests.trust.test_scale_out import Browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgresql,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def fast_password_hashing():
    """The servers check passwords with the real hashers: the accounts must use them."""


@pytest.fixture
def servers(tmp_path):
    """Two app servers sharing the test database and a redis-server of the test's own; DEBUG so
    that they serve the static files from static/ (no collectstatic)."""
    port = spare_port()
    redis = start_redis(port)
    env = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SECRET_KEY": "x",
        "DEBUG": "true",
    }
    with (
        Uvicorn(spare_port(), "/sammantraden/", env) as one,
        Uvicorn(spare_port(), "/sammantraden/", env) as two,
    ):
        yield one.base, two.base
    redis_cli(port, "shutdown", "nosave")
    redis.wait()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.django_db(transaction=True)
def test_the_big_screen_shows_a_yrkande_registered_in_another_session(
    page, servers, world, user_with_role, width
):
    meeting = Meeting.objects.create(body=world.ks, date=MEETING_DAY, place="Stadshuset")
    motion_at_ks(world)
    services.agenda_build(meeting=meeting)
    opened(world, meeting)
    item = meeting.agenda_items.get()
    user_with_role("nämndsekreterare", "sekreterare")
    screen_server, clerk_server = servers

    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{screen_server}/sammantraden/{meeting.pk}/skarm/")
    heading = page.get_by_role("heading", level=2, name=f"§ {item.number} {item.title}")
    assert heading.is_visible()
    assert page.get_by_text("Inga yrkanden.").is_visible()
    assert_accessible(page)
    assert_fits(page, width)
    page.evaluate("window.notReloaded = true")

    secretary = Browser(clerk_server)
    secretary.log_in("sekreterare")
    add_yrkande(secretary, item, world, "avslag på motionen")

    moved = page.get_by_text("Gabriel Kroon (SD) yrkar avslag på motionen.")
    moved.wait_for(timeout=10_000)
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#screen").get_attribute("aria-live") == "polite"
    assert page.get_by_text("Inga yrkanden.").count() == 0
    assert_accessible(page)
    assert_fits(page, width)
