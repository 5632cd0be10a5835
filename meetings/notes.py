"""A member's private notes on a meeting's papers: read and written by their owner only."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from casework.models import Person
from meetings.models import AgendaItem, PrivateNote


def own_notes(person: Person) -> QuerySet[PrivateNote]:
    """The only way to the notes: a person's own."""
    return PrivateNote.objects.filter(owner=person).select_related("item__meeting__body")


@transaction.atomic
def note_save(*, owner: Person, item: AgendaItem, text: str) -> PrivateNote | None:
    """Write the owner's note on an item, replacing the one before; an empty text deletes it."""
    text = text.strip()
    if not text:
        PrivateNote.objects.filter(owner=owner, item=item).delete()
        return None
    if len(text) > 20000:
        raise ValidationError({"text": "En anteckning får vara högst 20 000 tecken."})
    note, _ = PrivateNote.objects.update_or_create(owner=owner, item=item, defaults={"text": text})
    return note


@transaction.atomic
def note_delete(*, note: PrivateNote) -> None:
    PrivateNote.objects.filter(pk=note.pk).delete()
