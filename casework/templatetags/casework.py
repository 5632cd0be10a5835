from django import template

from casework import text

register = template.Library()


@register.filter
def paragraphs(value: str) -> list[str]:
    """Split a text held with blank lines between paragraphs."""
    return text.paragraphs(value or "")


@register.filter
def long_date(value) -> str:
    """'5 juni 2024'."""
    return text.long_date(value) if value else ""
