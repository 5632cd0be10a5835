"""A member's page on a real uvicorn app server follows the meeting (server-sent events over
Redis): another member's vote, sent through the other app server, does not reload it (101 votes
would reload 101 phones 101 times); a change it shows does; and while the member has typed
something not yet sent, the page is not reloaded but says that something changed."""

import json
import re
import shutil

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from meetings import live
from meetings.models import Ballot, Vote
from tests.meetings.live_world import Committee, sent
from tests.test_browser_clerk import log_in
from tests.test_browser_screen import fast_password_hashing, servers  # noqa: F401 (fixtures)
from tests.trust.test_scale_out import Browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgresql,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def reloaded(page, seconds: float = 5.0) -> bool:
    """Whether the page was loaded again within `seconds` (the page's CSP forbids
    wait_for_function's evaluated strings, so this asks the page itself)."""
    for _ in range(int(seconds * 10)):
        page.wait_for_timeout(100)
        try:
            if page.evaluate("window.notReloaded") is None:
                return True
        except PlaywrightError:  # loading again just now
            continue
    return False


def voting(committee: Committee) -> Vote:
    """Anna's bifall against Bo's avslag, the votering open."""
    anna, bo = committee.members[:2]
    bifall = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    return live.vote_open(item=committee.item, yes=bifall, no=avslag, now=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_a_members_page_follows_the_meeting_but_not_each_vote(page, servers, world):  # noqa: F811
    committee = Committee(world)
    anna, cecilia = committee.members[0], committee.members[2]  # Bo has no yrkande: he may put one
    bifall = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    avslag = live.yrkande_put(item=committee.item, mover=cecilia, form="avslag")
    live.vote_open(item=committee.item, yes=bifall, no=avslag, now=timezone.now())
    mine, other = servers
    path = f"/sammantraden/{committee.meeting.pk}/deltar/"
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, mine, "bo")
    page.goto(mine + path)
    page.wait_for_timeout(1000)  # the page has connected to its stream
    page.evaluate("window.notReloaded = true")

    anna_phone = Browser(other)
    anna_phone.log_in("anna")
    vote = sent(committee.meeting, {"action": "vote", "choice": "ja"})
    assert anna_phone.post(path, vote) == 302
    page.wait_for_timeout(1500)
    assert page.evaluate("window.notReloaded") is True  # another member's vote: nothing to show

    assert (
        anna_phone.post(path, sent(committee.meeting, {"action": "speak", "kind": "inlagg"})) == 302
    )
    assert reloaded(page)
    assert page.get_by_text("Anna Ek (S), inlägg").is_visible()

    page.wait_for_timeout(1000)
    page.evaluate("window.notReloaded = true")
    chair = f"/sammantraden/{committee.meeting.pk}/leder/"  # no yrkande is put during a votering
    assert anna_phone.post(chair, {"action": "vote_cancel", "bekrafta": "on"}) == 302
    assert reloaded(page)

    page.wait_for_timeout(1000)
    page.evaluate("window.notReloaded = true")
    page.get_by_role("radio", name="Eget yrkande").check()
    page.get_by_role("textbox", name="Eget yrkande", exact=True).fill("att bidraget höjs")
    assert anna_phone.post(path, sent(committee.meeting, {"action": "withdraw"})) == 302
    notice = page.get_by_text("Något har ändrats på sammanträdet.")
    notice.wait_for(timeout=5000)
    assert page.evaluate("window.notReloaded") is True
    assert (
        page.get_by_role("textbox", name="Eget yrkande", exact=True).input_value()
        == "att bidraget höjs"
    )


@pytest.mark.django_db(transaction=True)
def test_a_members_page_keeps_its_place_when_it_follows_the_meeting(page, servers, world):  # noqa: F811
    """A phone scrolled down to the yrkanden stays there when a change reloads the page; a page
    the member loads herself starts at the top."""
    committee = Committee(world)
    mine, other = servers
    path = f"/sammantraden/{committee.meeting.pk}/deltar/"
    page.set_viewport_size({"width": 390, "height": 600})
    log_in(page, mine, "bo")
    page.goto(mine + path)
    page.wait_for_timeout(1000)  # the page has connected to its stream
    page.get_by_role("button", name="Lägg yrkandet").scroll_into_view_if_needed()
    where = page.evaluate("window.scrollY")
    assert where > 200
    page.evaluate("window.notReloaded = true")

    anna_phone = Browser(other)
    anna_phone.log_in("anna")
    assert (
        anna_phone.post(path, sent(committee.meeting, {"action": "speak", "kind": "inlagg"})) == 302
    )
    assert reloaded(page)
    assert page.get_by_text("Anna Ek (S), inlägg").is_visible()
    for _ in range(20):  # the script restores the place once the page has loaded
        if abs(page.evaluate("window.scrollY") - where) <= 2:
            break
        page.wait_for_timeout(100)
    assert abs(page.evaluate("window.scrollY") - where) <= 2

    page.goto(mine + path)  # loaded by the member, not by the script
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") == 0


@pytest.mark.django_db(transaction=True)
def test_a_members_vote_goes_over_the_page_s_socket(page, servers, world):  # noqa: F811
    """On the app server the member page opens its vote socket (meetings.live_socket) and the
    vote goes over it, no form sent; the answer is announced in place as the form's would be."""
    committee = Committee(world)
    bo = committee.members[1]
    vote = voting(committee)
    mine, _ = servers
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, mine, "bo")
    posted, sent_on_socket, answers = [], [], []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    with page.expect_websocket() as opened:
        page.goto(f"{mine}/sammantraden/{committee.meeting.pk}/deltar/")
    socket = opened.value
    assert "/deltar/rostning/?pass=" in socket.url
    socket.on("framesent", lambda frame: sent_on_socket.append(frame))
    socket.on("framereceived", lambda frame: answers.append(frame))
    page.wait_for_timeout(500)  # the socket is open
    rosta = page.get_by_role("button", name="Rösta").bounding_box()
    assert rosta["y"] + rosta["height"] <= 844  # within the phone's first screen,
    assert page.evaluate("window.scrollY") == 0  # without the script scrolling to it
    page.get_by_label("Ja – för Anna Eks (S) yrkande").check()
    page.get_by_role("button", name="Rösta").click()
    expect(page.locator("#min-rost")).to_have_text(
        re.compile(r"^Din röst är registrerad: Ja – för Anna Eks \(S\) yrkande")
    )
    assert [json.loads(frame) for frame in sent_on_socket] == [
        {"votering": str(vote.pk), "choice": "ja"}
    ]
    assert json.loads(answers[0])["meddelande"] == "Din röst är registrerad: Ja."
    assert posted == []  # no form sent
    assert Ballot.objects.get(vote=vote).person == bo


@pytest.mark.django_db(transaction=True)
def test_the_big_screen_counts_the_votes_from_the_events_alone(page, servers, world):  # noqa: F811
    """Each vote cast is published with how many have voted: the big screen shows the number
    without fetching its part, so 101 votes do not make every screen fetch 101 times."""
    committee = Committee(world)
    voting(committee)
    screen, other = servers
    page.goto(f"{screen}/sammantraden/{committee.meeting.pk}/skarm/")
    counted = page.get_by_text("Voteringen pågår:")
    expect(counted).to_have_text("Voteringen pågår: 0 av 7 har röstat.")
    page.wait_for_timeout(1000)  # the screen follows its stream
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "del=innehall" in r.url else None)
    path = f"/sammantraden/{committee.meeting.pk}/deltar/"
    for member, choice in zip(committee.members[1:4], ["ja", "nej", "avstar"], strict=True):
        phone = Browser(other)
        phone.log_in(member.user.username)
        assert (
            phone.post(path, sent(committee.meeting, {"action": "vote", "choice": choice})) == 302
        )
    expect(counted).to_have_text("Voteringen pågår: 3 av 7 har röstat.")
    assert fetched == []


@pytest.mark.django_db(transaction=True)
def test_a_vote_chosen_and_not_sent_is_not_lost_when_the_meeting_changes(page, servers, world):  # noqa: F811
    """From the review on the demo: someone asking to speak reloaded the member's page and wiped
    the vote she had chosen but not sent. Now the page stays and says that something changed;
    once the vote is sent and answered, the page follows the meeting again."""
    committee = Committee(world)
    voting(committee)
    mine, other = servers
    path = f"/sammantraden/{committee.meeting.pk}/deltar/"
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, mine, "bo")
    page.goto(mine + path)
    page.wait_for_timeout(1000)  # the page has connected to its stream and its socket
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Nej – för Bo Ås (SD) yrkande").check()

    anna_phone = Browser(other)
    anna_phone.log_in("anna")
    assert (
        anna_phone.post(path, sent(committee.meeting, {"action": "speak", "kind": "inlagg"})) == 302
    )
    page.get_by_text("Något har ändrats på sammanträdet.").wait_for(timeout=5000)
    assert page.evaluate("window.notReloaded") is True
    assert page.get_by_label("Nej – för Bo Ås (SD) yrkande").is_checked()

    page.get_by_role("button", name="Rösta").click()
    expect(page.locator("#min-rost")).to_have_text(re.compile("^Din röst är registrerad: Nej"))
    assert anna_phone.post(path, sent(committee.meeting, {"action": "withdraw"})) == 302
    assert reloaded(page)  # the vote sent, nothing is left to lose
    assert page.get_by_label("Nej – för Bo Ås (SD) yrkande").is_checked()


@pytest.mark.django_db(transaction=True)
def test_a_vote_is_answered_while_a_speaker_has_the_word_and_after_the_votering_closed(
    page,
    servers,  # noqa: F811
    world,
):
    """From the review on the demo: with a speaker's time running on the page, its script lost
    the function that shows the answer (a variable of the same name), so a vote was stored but
    the page went on saying "Du har inte röstat", and a vote refused after the closing said
    nothing."""
    committee = Committee(world)
    bo, cecilia = committee.members[1:3]
    live.speaker_request(item=committee.item, person=cecilia, now=timezone.now())
    live.speaker_next(item=committee.item, now=timezone.now())
    vote = voting(committee)
    mine, _ = servers
    page.set_viewport_size({"width": 390, "height": 844})
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    log_in(page, mine, "bo")
    page.goto(f"{mine}/sammantraden/{committee.meeting.pk}/deltar/")
    expect(page.locator("[data-talartid]")).to_be_visible()
    page.wait_for_timeout(500)  # the socket is open
    page.get_by_label("Nej – för Bo Ås (SD) yrkande").check()
    page.get_by_role("button", name="Rösta").click()
    expect(page.locator("#min-rost")).to_have_text(re.compile("^Din röst är registrerad: Nej"))
    assert Ballot.objects.get(vote=vote).choice == "nej"

    for person in committee.serving:
        live.ballot_cast(vote=vote, person=person, choice="ja" if person != bo else "nej")
    live.vote_close(vote=vote, now=timezone.now())
    page.get_by_label("Ja – för Anna Eks (S) yrkande").check()
    page.get_by_role("button", name="Ändra min röst").click()
    expect(page.locator("#min-rost")).to_have_text(
        "Voteringen är avslutad; rösten kan inte läggas eller ändras."
    )
    assert Ballot.objects.get(vote=vote, person=bo).choice == "nej"
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_the_chairs_page_counts_each_vote_as_it_comes(page, servers, world):  # noqa: F811
    """From the review on the demo: the chair's page has selects (the member of a hand-recorded
    vote) that show their first option; the script took that for a choice not sent and never
    followed the votes, so the chair saw "0 av 4 har röstat" until they reloaded."""
    committee = Committee(world)
    voting(committee)
    mine, other = servers
    log_in(page, mine, "anna")
    page.goto(f"{mine}/sammantraden/{committee.meeting.pk}/leder/")
    roll = len(committee.serving)
    expect(page.get_by_text(f"0 av {roll} har röstat")).to_be_visible()
    page.wait_for_timeout(1000)  # the page has connected to its stream

    bo_phone = Browser(other)
    bo_phone.log_in("bo")
    path = f"/sammantraden/{committee.meeting.pk}/deltar/"
    assert bo_phone.post(path, sent(committee.meeting, {"action": "vote", "choice": "nej"})) == 302
    expect(page.get_by_text(f"1 av {roll} har röstat")).to_be_visible(timeout=5000)


@pytest.mark.django_db(transaction=True)
def test_a_phone_whose_screen_ends_above_rosta_is_moved_to_it(page, servers, world):  # noqa: F811
    """From the second review on the demo: with the browser's own bars a phone's screen ended
    above "Rösta". A votering not yet voted in brings its button into view, no further."""
    committee = Committee(world)
    voting(committee)
    mine, _ = servers
    page.set_viewport_size({"width": 390, "height": 560})
    log_in(page, mine, "bo")
    page.goto(f"{mine}/sammantraden/{committee.meeting.pk}/deltar/")
    button = page.get_by_role("button", name="Rösta")
    expect(button).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    box = button.bounding_box()
    assert box["y"] + box["height"] <= 560 and box["y"] > 400  # the button at the foot
