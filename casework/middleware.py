from django.shortcuts import redirect
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
