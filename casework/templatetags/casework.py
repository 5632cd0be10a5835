from django import template

from casework import text

register = template.Library()


@register.filter
def paragraphs(value: str) -> list[str]:
    """Split a text held with blank lines between paragraphs."""
    return text.paragraphs(value or "")


@register.filter
def attribute_of(case, attribute):
    """The case's value of an attribute an app registers (`casework.attributes`)."""
    return attribute.value(case)


@register.filter
def options(field) -> list[tuple[str, str, bool]]:
    """A select's options as (value, label, selected), rendered without a template per option."""
    value = field.value()
    chosen = {
        str(v)
        for v in (value if isinstance(value, list | tuple) else [value])
        if v not in (None, "")
    }
    return [(str(v), label, str(v) in chosen) for v, label in field.field.choices]


@register.filter
def name_with_party(person, date) -> str:
    """'Anna Ek (S)': the party the person had on the date."""
    return person.name_with_party(date) if person else ""


@register.simple_tag(takes_context=True)
def webcal(context, path: str) -> str:
    """The calendar feed at `path` as a webcal:// address, which a reader's device opens in its
    calendar to subscribe, not to download once."""
    return f"webcal://{context['request'].get_host()}{path}"
