"""The chair of kulturnämnden on a tablet held upright (768 px): she records a yrkande taken back
from the seat once she has ticked the box, marks a member who left the room frånvarande, closes
the kontrapropositionsvotering and sees which yrkande fell; axe finds nothing on her page, and
nothing is wider than the screen."""

import shutil

import pytest
from django.utils import timezone

from meetings import live
from meetings.models import Vote, Yrkande
from tests.meetings.live_world import Committee
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def seen(page) -> None:
    assert_accessible(page)
    assert_fits(page, 768)


@pytest.mark.django_db(transaction=True)
def test_the_chair_takes_a_yrkande_back_marks_one_franvarande_and_sees_the_fallen_yrkande(
    page, live_server, world
):
    committee = Committee(world)
    anna, bo, cecilia, david = committee.members[:4]
    item = committee.item
    live.yrkande_put(item=item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=item, mover=bo, form="avslag")
    own = live.yrkande_put(
        item=item, mover=cecilia, form="eget", text="att bidragen höjs", items=["Bidragen höjs."]
    )
    live.yrkande_put(
        item=item, mover=david, form="eget", text="att bidragen sänks", items=["Bidragen sänks."]
    )
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, live_server.url, "anna")  # the chair
    page.goto(f"{live_server.url}/sammantraden/{committee.meeting.pk}/leder/")
    seen(page)

    withdraw = page.get_by_role("button", name="Återta yrkandet av David Lind")
    withdraw.click()  # the box not ticked: refused beside it
    assert page.get_by_role("alert").is_visible()
    assert Yrkande.objects.filter(mover=david).exists()
    seen(page)
    page.get_by_label("Ja, David Lind återtar yrkandet").check()
    page.get_by_role("button", name="Återta yrkandet av David Lind").click()
    assert page.get_by_role("status").inner_text() == (
        "David Lind har återtagit sitt yrkande: att bidragen sänks."
    )
    assert not Yrkande.objects.filter(mover=david).exists()

    counter = live.vote_open(
        item=item, yes=avslag, no=own, stage=Vote.Stage.COUNTER, now=timezone.now()
    )
    for person in committee.members:
        live.ballot_cast(vote=counter, person=person, choice="nej")
    page.get_by_role("link", name="Uppdatera sidan").click()
    assert page.get_by_role("cell", name="Har inte röstat").is_visible()
    seen(page)
    page.get_by_role("button", name="Markera Hanna Vik som frånvarande").click()
    assert page.get_by_role("status").inner_text() == "Hanna Vik är markerad som frånvarande."
    assert page.get_by_text("6 av 7 har röstat; 1 är frånvarande.").is_visible()
    seen(page)
    page.get_by_role("button", name="Avsluta voteringen").click()
    assert page.get_by_role("status").inner_text() == "Kontrapropositionsvoteringen är avslutad."
    assert page.get_by_text("Bo Ås (SD) yrkande har fallit.").is_visible()
    assert page.get_by_text(
        "Omröstningen utfaller med 0 ja-röster och 6 nej-röster; 0 avstår och 1 är frånvarande."
    ).is_visible()
    seen(page)
