"""A member casts a secret ballot from their phone (390 px): the paragraph, the ballot, the
confirmation, the receipt; nothing wider than the screen and axe finds nothing."""

import shutil

import pytest

from tests.meetings.test_secret_ballots import council_paragraph, open_election
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in
from tests.test_browser_phone import assert_fits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def check(page):
    assert_fits(page, 390)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_member_casts_a_secret_ballot_on_a_phone(page, live_server, world, django_user_model):
    item, voters, _ = council_paragraph(world)
    election = open_election(item)
    member = voters[4]
    member.user = django_user_model.objects.create_user(username="anna.ek", password="demo")
    member.save()
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server.url, "anna.ek")
    page.goto(live_server.url + item.get_absolute_url())
    check(page)
    page.get_by_role("link", name="Val av ledamot i valnämnden: pågår, rösta här").click()
    check(page)
    ballot = page.get_by_role("group", name="Val av ledamot i valnämnden")
    ballot.get_by_label("Bo Ås (L)").check()
    page.get_by_role("button", name="Fortsätt").click()
    assert page.get_by_text("Rösten kan inte ändras.").is_visible()
    check(page)
    page.get_by_role("button", name="Lägg rösten").click()
    assert page.get_by_text("Din röst är lagd.").is_visible()
    assert page.get_by_text("Du har röstat.").is_visible()
    assert page.get_by_role("button", name="Fortsätt").count() == 0
    check(page)
    assert election.receipts.get().person == member
    assert election.ballots.get().candidate.name == "Bo Ås (L)"
