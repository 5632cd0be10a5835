"""Third-party account records under Swedish names, for the admin: login attempts (django-axes)
and second-factor devices (django-otp). Proxies: the tables stay the libraries' own."""

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class LoginAttempt(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = _("misslyckad inloggning")
        verbose_name_plural = _("misslyckade inloggningar")


class SecondFactorDevice(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("tvåfaktorenhet")
        verbose_name_plural = _("tvåfaktorenheter")
