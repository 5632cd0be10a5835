"""The big screen in the meeting room, 1280 × 800: a votering's result is in view without
scrolling, however long the paragraph's title and yrkanden."""

import shutil

import pytest

from meetings import live
from tests.meetings.conftest import MEETING_DAY, at
from tests.meetings.live_world import Committee
from tests.test_browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]

LONG = (
    "att förvaltningen i samråd med föreningslivet, studieförbunden och stadsdelsnämnderna "
    "utreder hur riktlinjerna för föreningsbidrag kan förenklas, hur ansökan kan göras digitalt "
    "och hur bidragen kan följas upp, och att utredningen redovisas för nämnden senast i juni"
)


@pytest.mark.django_db(transaction=True)
def test_the_result_of_a_votering_is_in_view_on_a_1280_by_800_screen(
    page, live_server, world, tmp_path
):
    committee = Committee(world)
    anna, bo, cecilia, *_ = committee.members
    item = committee.item
    item.title = "Riktlinjer för föreningsbidrag till ideella föreningar och studieförbund 2025"
    item.save(update_fields=["title"])
    now = at(MEETING_DAY, 10)
    own = live.yrkande_put(item=item, mover=anna, form="eget", text=LONG, items=["Utreds."])
    other = live.yrkande_put(
        item=item, mover=bo, form="eget", text=LONG.replace("juni", "december"), items=["Ja."]
    )
    live.yrkande_put(item=item, mover=cecilia, form="avslag")
    live.speaker_request(item=item, person=cecilia, now=now)
    vote = live.vote_open(item=item, yes=own, no=other, requested_by=bo, now=now)
    for person in committee.serving:
        live.ballot_cast(vote=vote, person=person, choice="ja" if person != bo else "nej")
    live.vote_close(vote=vote, now=now)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/sammantraden/{committee.meeting.pk}/skarm/")
    result = page.locator(".result")
    assert result.inner_text() == "Bifall till Anna Eks (S) yrkande."
    box = result.bounding_box()
    page.screenshot(path=tmp_path / "screen-1280x800.png")  # to look at when it fails
    assert page.evaluate("window.scrollY") == 0
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, box
    assert_accessible(page)
