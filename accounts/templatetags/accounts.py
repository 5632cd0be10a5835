from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def saml_enabled() -> bool:
    """Whether e-legitimation (SAML) is configured (README, "Inloggning med e-legitimation")."""
    return bool(settings.SAML_IDP_METADATA)
