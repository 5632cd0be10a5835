"""The app under an ASGI server (uvicorn): every page as under WSGI, the meetings' live streams
(server-sent events), which hold a connection open per browser and need an async server, and
the members' vote sockets (Django Channels, meetings.live_socket)."""

import os

from django.core.asgi import get_asgi_application
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
get_asgi_application()  # sets Django up

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402 (Django set up first)
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from channels.sessions import SessionMiddlewareStack  # noqa: E402

from meetings import live_socket  # noqa: E402


class OneSyncThread(ASGIHandler):
    """Django's handler, with every request's synchronous part (middleware, views, the ORM) run
    in one thread per process, one request after another, as a sync worker of gunicorn runs
    them; the live streams stay on the event loop. Django gives each request a thread of its
    own (asgiref's ThreadSensitiveContext): with 50 members voting at once that is 50 threads
    contending for the interpreter and for the votering's row lock, measured 1.45 s for 50
    votes against 0.90 s in one thread (bench/live_votes.py). Run several processes
    (`uvicorn --workers N`) for parallelism."""

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        await self.handle(scope, receive, send)


application = ProtocolTypeRouter(
    {
        "http": OneSyncThread(),
        # A socket opened from another site's page is refused (its Origin is not ours): the
        # browser would send our session cookie with it.
        "websocket": AllowedHostsOriginValidator(
            SessionMiddlewareStack(URLRouter(live_socket.urlpatterns))
        ),
    }
)
