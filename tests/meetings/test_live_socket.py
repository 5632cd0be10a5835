"""A member's votes over the member page's socket (meetings.live_socket), through the app's own
ASGI application (config.asgi, as uvicorn serves it) with the session cookie and the pass the
member page gives: the vote stored and answered, refusals in Swedish, and a socket opened by
anyone else than the page's own user, or from another site, refused."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from config.asgi import application
from meetings import broadcast, live
from meetings.live_socket import SIGNED_OUT, GroupCommit, socket_url
from meetings.models import Ballot, Vote
from tests.meetings.live_world import Committee

# The socket's code runs in a thread of its own, which commits as the app server's would.
pytestmark = pytest.mark.django_db(transaction=True)
OURS = b"http://127.0.0.1:8000"


class Browser(ApplicationCommunicator):
    """A browser's WebSocket to the app, as uvicorn hands it over (the ASGI messages). Channels'
    own WebsocketCommunicator needs its test server, daphne, which the app does not use."""

    def __init__(self, path: str, session: str | None, origin: bytes = OURS):
        page, _, query = path.partition("?")
        headers = [(b"origin", origin)]
        if session:
            headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()))
        scope = {"type": "websocket", "path": page, "query_string": query.encode()}
        super().__init__(application, {**scope, "headers": headers, "subprotocols": []})

    async def connect(self) -> bool:
        await self.send_input({"type": "websocket.connect"})
        return (await self.receive_output(10))["type"] == "websocket.accept"

    async def ask(self, message: str) -> dict:
        await self.send_input({"type": "websocket.receive", "text": message})
        return json.loads((await self.receive_output(10))["text"])

    async def disconnect(self) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(1)


def in_a_loop(scenario):
    """Run the browser's side on an event loop of its own thread (the browser tests' Playwright
    keeps one in the main thread)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, scenario).result()


def signed_in(person) -> str:
    """A browser signed in as `person`: its session cookie's value."""
    browser = Client()
    browser.force_login(person.user)
    return browser.cookies[settings.SESSION_COOKIE_NAME].value


def socket(
    path: str, session: str | None, messages: list[str], *, origin: bytes = OURS
) -> tuple[bool, list[dict]]:
    """Open the socket at `path` as the member page's script does (the browser sends the Origin
    and the cookie), send each message and read its answer: (accepted, answers)."""

    async def run():
        browser = Browser(path, session, origin)
        accepted = await browser.connect()
        answers = [await browser.ask(message) for message in messages] if accepted else []
        if accepted:
            await browser.disconnect()
        return accepted, answers

    return in_a_loop(run())


def vote(vote_id, choice: str) -> str:
    return f'{{"votering": {vote_id}, "choice": "{choice}"}}'


@pytest.fixture
def voting(world):
    committee = Committee(world)
    anna, bo = committee.members[:2]
    committee.bifall = live.yrkande_put(item=committee.item, mover=anna, form="bifall")
    committee.avslag = live.yrkande_put(item=committee.item, mover=bo, form="avslag")
    committee.vote = live.vote_open(
        item=committee.item, yes=committee.bifall, no=committee.avslag, now=timezone.now()
    )
    return committee


def test_the_member_page_gives_its_socket_and_a_vote_over_it_is_stored_and_answered(voting):
    bo = voting.members[1]
    browser = Client()
    browser.force_login(bo.user)
    page = browser.get(f"/sammantraden/{voting.meeting.pk}/deltar/")
    path = page.context["socket"]
    assert f'data-socket="{path}"' in page.text.replace("&amp;", "&")
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    accepted, answers = socket(
        path, session, [vote(voting.vote.pk, "ja"), vote(voting.vote.pk, "nej")]
    )
    assert accepted
    assert answers == [
        {"meddelande": "Din röst är registrerad: Ja.", "choice": "ja"},
        {"meddelande": "Din röst är registrerad: Nej.", "choice": "nej"},  # changed, not doubled
    ]
    ballot = Ballot.objects.get(vote=voting.vote)
    assert (ballot.person, ballot.choice, ballot.by_clerk) == (bo, "nej", False)
    assert [h.history_user for h in ballot.history.all()] == [bo.user, bo.user]


def test_a_vote_the_rules_refuse_is_answered_in_swedish_and_nothing_is_stored(voting):
    bo = voting.members[1]
    session = signed_in(bo)
    path = socket_url(voting.meeting.pk, session)
    accepted, answers = socket(
        path,
        session,
        [
            "inte json",
            '{"votering": "en", "choice": "ja"}',
            '["ja"]',
            vote(voting.vote.pk, "kanske"),
            vote(voting.vote.pk + 1000, "ja"),  # a votering the page never showed
        ],
    )
    assert accepted
    unreadable = {"fel": "Rösten kunde inte läsas. Ladda om sidan och rösta igen."}
    assert answers == [
        unreadable,
        unreadable,
        unreadable,
        {"fel": "Rösta ja, nej eller avstår."},
        {"fel": "Voteringen har ändrats sedan sidan visades. Välj igen.", "ladda_om": True},
    ]
    away = voting.away  # a member of the body not serving at this meeting
    session = signed_in(away)
    accepted, answers = socket(
        socket_url(voting.meeting.pk, session), session, [vote(voting.vote.pk, "ja")]
    )
    assert accepted and answers == [{"fel": "Du står inte på röstlängden i voteringen."}]
    live.vote_cancel(vote=voting.vote)
    session = signed_in(bo)
    accepted, answers = socket(
        socket_url(voting.meeting.pk, session), session, [vote(voting.vote.pk, "ja")]
    )
    assert answers == [
        {"fel": "Voteringen är avbruten; rösten kan inte läggas eller ändras.", "ladda_om": True}
    ]
    assert not Ballot.objects.exists() and not Vote.objects.exists()


def test_a_socket_not_opened_by_the_page_s_own_user_from_our_site_is_refused(voting, world):
    bo, anna = voting.members[1], voting.members[0]
    session = signed_in(bo)
    path = socket_url(voting.meeting.pk, session)
    page, given = path.split("?")
    other_meeting = socket_url(voting.meeting.pk + 1, session).split("?")[1]
    ballot = [vote(voting.vote.pk, "ja")]
    assert socket(path, session, ballot)[0]  # the page's own
    assert not socket(path, None, ballot)[0]  # no session: not signed in
    assert not socket(path, signed_in(anna), ballot)[0]  # bo's pass, anna's session
    assert not socket(page, session, ballot)[0]  # no pass
    assert not socket(path + "x", session, ballot)[0]  # a pass altered
    assert not socket(f"{page}?{other_meeting}", session, ballot)[0]  # another meeting's pass
    assert not socket(path, session, ballot, origin=b"https://angripare.example")[0]
    assert Ballot.objects.get().person == bo  # only the page's own socket voted


def published(meeting) -> list[str]:
    """The meeting's events kept by the broker within the process (REDIS_URL unset)."""
    return [e.what for e in in_a_loop(broadcast.broker().since(meeting.pk, (0, 0)))]


def test_votes_sent_at_once_on_several_phones_are_each_stored_and_answered(voting, settings):
    """The app server writes what its sockets received meanwhile as a group (GroupCommit): each
    phone gets its own answer, and the screens learn how many have voted."""
    settings.REDIS_URL = ""
    phones = voting.serving[:4]
    sessions = [signed_in(person) for person in phones]
    choices = ["ja", "nej", "avstar", "ja"]
    before = len(published(voting.meeting))

    async def run():
        browsers = [Browser(socket_url(voting.meeting.pk, s), s) for s in sessions]
        assert all([await browser.connect() for browser in browsers])
        answers = await asyncio.gather(
            *(b.ask(vote(voting.vote.pk, c)) for b, c in zip(browsers, choices, strict=True))
        )
        for browser in browsers:
            await browser.disconnect()
        return answers

    answers = in_a_loop(run())
    shown = {"ja": "Ja", "nej": "Nej", "avstar": "Avstår"}
    assert answers == [
        {"meddelande": f"Din röst är registrerad: {shown[c]}.", "choice": c} for c in choices
    ]
    stored = dict(Ballot.objects.values_list("person_id", "choice"))
    assert stored == {p.pk: c for p, c in zip(phones, choices, strict=True)}
    counts = [int(e.split()[1]) for e in published(voting.meeting)[before:]]
    assert counts and max(counts) == 4 and len(counts) <= 4


def test_votes_waiting_while_a_group_is_written_are_written_together(voting, settings):
    """Votes that come while the app server writes are one group next: one transaction, one
    event ("röst 3"); a vote from a session that has ended is not cast, the others are."""
    settings.REDIS_URL = ""
    anna, bo, cecilia, david = voting.serving[:4]
    ended = signed_in(david)
    Session.objects.filter(session_key=ended).delete()
    sent = [
        (signed_in(p), live.SentVote(voting.meeting.pk, voting.vote.pk, p, "nej"))
        for p in (anna, bo, cecilia)
    ]
    sent.insert(1, (ended, live.SentVote(voting.meeting.pk, voting.vote.pk, david, "ja")))
    before = len(published(voting.meeting))

    async def run():
        group = GroupCommit.here()
        return await asyncio.gather(*(group.cast(key, vote) for key, vote in sent))

    answers = in_a_loop(run())
    assert answers[1] is SIGNED_OUT
    assert [a.choice for i, a in enumerate(answers) if i != 1] == ["nej", "nej", "nej"]
    assert published(voting.meeting)[before:] == ["röst 3"]
    assert not Ballot.objects.filter(person=david).exists()


def test_signing_out_ends_the_voting_of_a_page_left_open(voting):
    bo = voting.members[1]
    browser = Client()
    browser.force_login(bo.user)
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    path = socket_url(voting.meeting.pk, session)

    async def run():
        phone = Browser(path, session)
        assert await phone.connect()
        first = await phone.ask(vote(voting.vote.pk, "ja"))
        await sync_to_async(browser.logout)()  # in another tab
        second = await phone.ask(vote(voting.vote.pk, "nej"))
        return first, second, await phone.receive_output(10)

    first, second, closed = in_a_loop(run())
    assert first["choice"] == "ja"
    assert second == {
        "fel": "Du är inte längre inloggad. Logga in och rösta igen.",
        "ladda_om": True,
    }
    assert closed["type"] == "websocket.close"
    assert Ballot.objects.get().choice == "ja"


def test_a_vote_form_from_a_page_whose_sign_in_has_ended_is_refused_in_swedish(voting, settings):
    """From the review on the demo: signed out and in again in another tab, the old page's form
    got Django's English CSRF page (with DEBUG on, as `make run` has it); nothing is saved."""
    settings.DEBUG = True
    bo = voting.members[1]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(bo.user)
    page = f"/sammantraden/{voting.meeting.pk}/deltar/"
    token = browser.get(page).context["csrf_token"]
    browser.logout()
    browser.force_login(bo.user)  # a new session, and a new CSRF token
    refused = browser.post(
        page,
        {
            "action": "vote",
            "votering": voting.vote.pk,
            "choice": "ja",
            "csrfmiddlewaretoken": token,
        },
    )
    assert refused.status_code == 403
    assert "Formuläret kunde inte skickas" in refused.text and "CSRF" not in refused.text
    assert not Ballot.objects.exists()
