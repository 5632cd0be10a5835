"""A member's votes over a WebSocket (Django Channels): the member page's script
(static/js/live-page.js) opens one while the page shows an open votering and sends each vote
through it. A council votes within seconds of the votering opening; over the socket a vote is
the votering's own work (meetings.live.member_vote), not a request that signs the member in
again through every middleware: 5-8 ms of the app server's CPU per vote against 10-11 ms for
the form, in the same runs (bench/live_votes.py). Without the socket (no script, a proxy that
refuses WebSockets) the page sends the same vote as a form.

The socket is opened with a pass the member page gives (`socket_url`): the page's request
passed every check (signed in, a second factor where the member's role needs one), and the pass
names that session and that meeting. The browser's session cookie comes with the socket's
handshake (same origin; config.asgi refuses any other Origin); each vote checks that the
session still stands, so signing out ends the voting of a page left open."""

import json
from importlib import import_module
from urllib.parse import parse_qs

from channels.generic.websocket import WebsocketConsumer
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import path, reverse
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


class VoteSocket(WebsocketConsumer):
    """Receives {"votering": <id>, "choice": "ja" | "nej" | "avstar"}; answers
    {"meddelande": …, "choice": …} once the vote is stored, or {"fel": …} in Swedish."""

    def connect(self):
        session = self.scope["session"]
        meeting_id = self.scope["url_route"]["kwargs"]["pk"]
        given = parse_qs(self.scope["query_string"].decode("latin-1")).get("pass", [""])[0]
        try:
            granted, mark = signing.loads(given, salt=SALT, max_age=settings.SESSION_COOKIE_AGE)
        except (signing.BadSignature, ValueError, TypeError):
            granted, mark = None, ""
        key = session.session_key
        self.user_id = session.get(SESSION_KEY)
        if not (
            granted == meeting_id
            and key
            and self.user_id
            and constant_time_compare(mark, _session_mark(key))
        ):
            self.close()  # before accepting: the handshake is refused (HTTP 403)
            return
        self.meeting_id = meeting_id
        self.session_key = key
        self.person = Person.objects.select_related("user").filter(user_id=self.user_id).first()
        self.accept()

    def receive(self, text_data=None, bytes_data=None):
        try:
            if len(text_data or "") > 200:
                raise ValueError
            sent = json.loads(text_data)
            vote_id, choice = int(sent["votering"]), str(sent["choice"])
        except (ValueError, KeyError, TypeError):
            self._answer(fel="Rösten kunde inte läsas. Ladda om sidan och rösta igen.")
            return
        # Signing out deletes the session, and signing in again (as anyone) gives a new key; it
        # ends by itself no later than the pass (SESSION_COOKIE_AGE).
        if not SessionStore().exists(self.session_key):
            self._answer(fel="Du är inte längre inloggad. Logga in och rösta igen.", ladda_om=True)
            self.close()
            return
        try:
            ballot = live.member_vote(
                meeting_id=self.meeting_id, vote_id=vote_id, person=self.person, choice=choice
            )
        except ValidationError as error:
            self._answer(**refusal(error))
        else:
            self._answer(meddelande=ballot.receipt, choice=ballot.choice)

    def _answer(self, **answer) -> None:
        self.send(text_data=json.dumps(answer, ensure_ascii=False))


urlpatterns = [
    path("sammantraden/<int:pk>/deltar/rostning/", VoteSocket.as_asgi(), name="member_socket"),
]
