from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in through the municipality's identity provider, beside the local passwords."""

    name = "accounts"
    verbose_name = "Konton"
