"""A member's votes over a WebSocket (Django Channels): the member page's script
(static/js/live-page.js) opens one while the page shows an open votering and sends each vote
through it. A council votes within seconds of the votering opening; over the socket a vote is
the votering's own work, not a request that signs the member in again through every middleware,
and the votes that come while the app server writes are written together next (`GroupCommit`):
101 members voting at once cost the app servers 1-2 ms of CPU per vote against 17-22 ms for the
form, and are on the big screens within 120-210 ms against 1.3-1.6 s (bench/live_votes.py, the
same runs). Without the socket (no script, a proxy that refuses WebSockets) the page sends the
same vote as a form (meetings.live.member_vote).

The socket is opened with a pass the member page gives (`socket_url`): the page's request
passed every check (signed in, a second factor where the member's role needs one), and the pass
names that session and that meeting. The browser's session cookie comes with the socket's
handshake (same origin; config.asgi refuses any other Origin); each vote checks that the
session still stands, so signing out ends the voting of a page left open."""

import asyncio
import json
import weakref
from importlib import import_module
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from casework.models import Person
from meetings import live

SALT = "meetings.live_socket"
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def socket_url(meeting_id: int, session_key: str) -> str:
    """Where the member page's script opens its socket (under the page's own path, `urlpatterns`
    below), with the pass: for this meeting, and this session only (a keyed hash of its key: the
    page never shows the key itself, which its cookie keeps from scripts)."""
    given = signing.dumps([meeting_id, _session_mark(session_key)], salt=SALT)
    return f"{reverse('meetings:member', args=[meeting_id])}rostning/?pass={given}"


def _session_mark(session_key: str) -> str:
    return salted_hmac(SALT, session_key).hexdigest()


def refusal(error: ValidationError) -> dict:
    """A refused vote as the page's script is told it, by the socket or in answer to the form:
    with `ladda_om` when the page is out of date (it then loads the page again)."""
    answer = {"fel": " ".join(error.messages)}
    if getattr(error, "code", None) == live.STALE:
        answer["ladda_om"] = True
    return answer


class VoteSocket(AsyncWebsocketConsumer):
    """Receives {"votering": <id>, "choice": "ja" | "nej" | "avstar"}; answers
    {"meddelande": …, "choice": …} once the vote is stored, or {"fel": …} in Swedish."""

    async def connect(self):
        if await database_sync_to_async(self._admitted)():
            await self.accept()
        else:
            await self.close()  # before accepting: the handshake is refused (HTTP 403)

    def _admitted(self) -> bool:
        """Whether the pass is this session's, for this meeting, and someone is signed in."""
        session = self.scope["session"]
        meeting_id = self.scope["url_route"]["kwargs"]["pk"]
        given = parse_qs(self.scope["query_string"].decode("latin-1")).get("pass", [""])[0]
        try:
            granted, mark = signing.loads(given, salt=SALT, max_age=settings.SESSION_COOKIE_AGE)
        except (signing.BadSignature, ValueError, TypeError):
            return False
        key, user_id = session.session_key, session.get(SESSION_KEY)
        if not (granted == meeting_id and key and user_id):
            return False
        if not constant_time_compare(mark, _session_mark(key)):
            return False
        self.meeting_id, self.session_key = meeting_id, key
        self.person = Person.objects.select_related("user").filter(user_id=user_id).first()
        return True

    async def receive(self, text_data=None, bytes_data=None):
        try:
            if len(text_data or "") > 200:
                raise ValueError
            sent = json.loads(text_data)
            vote_id, choice = int(sent["votering"]), str(sent["choice"])
        except (ValueError, KeyError, TypeError):
            await self._answer(fel="Rösten kunde inte läsas. Ladda om sidan och rösta igen.")
            return
        vote = live.SentVote(self.meeting_id, vote_id, self.person, choice)
        answer = await GroupCommit.here().cast(self.session_key, vote)
        if answer is SIGNED_OUT:
            await self._answer(
                fel="Du är inte längre inloggad. Logga in och rösta igen.", ladda_om=True
            )
            await self.close()
        elif isinstance(answer, ValidationError):
            await self._answer(**refusal(answer))
        else:
            await self._answer(meddelande=answer.receipt, choice=answer.choice)

    async def _answer(self, **answer) -> None:
        await self.send(text_data=json.dumps(answer, ensure_ascii=False))


SIGNED_OUT = object()  # the answer to a vote sent on the socket of a session that has ended


class GroupCommit:
    """The votes sent on this app server's sockets, cast a group at a time: those that come
    while a group is written wait, and are written together next (meetings.live.ballots_cast),
    in one transaction. When 101 members vote within a second, each app server writes a few
    groups, not 50 transactions one after the other, each waiting on the database: 1.1-2.1 ms of
    its CPU per vote against 12-13.5 ms written one by one, and on the big screens within
    110-214 ms against 0.9-1.1 s (bench/live_votes.py, the same machine). One per event loop
    (an app server process has one)."""

    _here: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, GroupCommit]" = (
        weakref.WeakKeyDictionary()
    )

    def __init__(self):
        self.waiting: list[tuple[str, live.SentVote, asyncio.Future]] = []
        self.writer: asyncio.Task | None = None

    @classmethod
    def here(cls) -> "GroupCommit":
        return cls._here.setdefault(asyncio.get_running_loop(), cls())

    async def cast(self, session_key: str, vote: live.SentVote):
        """The vote's Ballot once committed, its refusal (a ValidationError), or SIGNED_OUT."""
        answer = asyncio.get_running_loop().create_future()
        self.waiting.append((session_key, vote, answer))
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self._write())
        return await answer

    async def _write(self) -> None:
        while self.waiting:
            group, self.waiting = self.waiting, []
            try:
                answers = await database_sync_to_async(_cast)([(k, v) for k, v, _ in group])
            except Exception as error:  # each vote of the group fails as a vote alone would
                answers = [error] * len(group)
            for (*_, answer), given in zip(group, answers, strict=True):
                if answer.done():  # its socket has gone
                    continue
                if isinstance(given, Exception) and not isinstance(given, ValidationError):
                    answer.set_exception(given)
                else:
                    answer.set_result(given)


def _cast(group: list[tuple[str, live.SentVote]]) -> list:
    """Cast the votes of the sessions that still stand: signing out deletes the session, and
    signing in again (as anyone) gives a new key; a session ends by itself no later than the
    pass (SESSION_COOKIE_AGE). Sessions are kept in the database (SESSION_ENGINE)."""
    keys = {key for key, _ in group}
    sessions = SessionStore.get_model_class().objects.filter(
        session_key__in=keys, expire_date__gt=timezone.now()
    )
    standing = set(sessions.values_list("session_key", flat=True))
    cast = iter(live.ballots_cast([vote for key, vote in group if key in standing]))
    return [next(cast) if key in standing else SIGNED_OUT for key, _ in group]


urlpatterns = [
    path("sammantraden/<int:pk>/deltar/rostning/", VoteSocket.as_asgi(), name="member_socket"),
]
