from django.conf import settings
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from casework import roles


class SecondFactorMiddleware:
    """Users an administrator has put in the group "kräver tvåfaktor" must verify a TOTP code
    (django-otp) after logging in before any other page, unless the identity provider they
    signed in through verified a second factor itself."""

    OPEN = ("/konto/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            roles.needs_second_factor(user)
            and not user.is_verified()
            and not request.session.get(roles.SECOND_FACTOR_AT_PROVIDER)
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


class MethodNotAllowedPageMiddleware:
    """A page that only takes a form (require_POST) answers any other request with an empty 405,
    which the browser shows as its own English error page: when the page is reloaded after a
    form was sent, or its address is opened from the history. Django has no handler for 405, so
    such an empty answer gets a Swedish page here, with the way back: to the page the reader came
    from, if it is on this site, or else the start page. The Allow header is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = render(request, "405.html", {"back": _came_from(request)}, status=405)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page


def _came_from(request) -> str:
    """The referring page, if it is another page of this site; otherwise empty."""
    referer = request.META.get("HTTP_REFERER", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not same_site or referer == request.build_absolute_uri():
        return ""
    return referer


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
