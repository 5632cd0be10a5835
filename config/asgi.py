"""The app under an ASGI server (uvicorn): every page as under WSGI, and the meetings' live streams
(server-sent events), which hold a connection open per browser and need an async server."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()
