from django.conf import settings
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse

from casework import roles


class SecondFactorMiddleware:
    """Users an administrator has put in the group "kräver tvåfaktor" must verify a TOTP code
    (django-otp) after logging in before any other page."""

    OPEN = ("/konto/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            roles.needs_second_factor(user)
            and not user.is_verified()
            and not request.path.startswith(self.OPEN)
        ):
            return redirect(f"{reverse('second_factor')}?next={request.get_full_path()}")
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than the biggest upload allowed before anything reads it
    (the proxy should do the same; this holds when it does not)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = (settings.UPLOAD_MAX_MB + 1) * 1024 * 1024  # the file and the form around it
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest("Ogiltig längd på begäran.")
        if length > limit:
            response = render(
                request,
                "413.html",
                {"limit_mb": settings.UPLOAD_MAX_MB},
                status=413,
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)


def client_ip(request) -> str:
    """The client's address for login throttling. Behind the reverse proxy the README describes
    (TRUSTED_PROXIES=1), the address the proxy appended last to X-Forwarded-For; a client can
    prepend anything, but not change what our own proxy appends."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
