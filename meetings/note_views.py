"""A member's private notes on a meeting's papers. Anyone else, signed in or not, clerk or
administrator, gets 404: the notes are not there for them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from casework.forms import add_service_errors
from casework.models import Person
from meetings import notes
from meetings.member_forms import NoteForm
from meetings.models import AgendaItem


def _owner(request: HttpRequest) -> Person:
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None:
        raise Http404
    return person


@never_cache
def item_note(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The signed-in member's own note on an agenda item and its papers."""
    owner = _owner(request)
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__body"), pk=item_pk, meeting=pk
    )
    note = notes.own_notes(owner).filter(item=item).first()
    form = NoteForm(request.POST or None, initial={"text": note.text if note else ""})
    if request.method == "POST" and form.is_valid():
        try:
            saved = notes.note_save(owner=owner, item=item, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Anteckningen är sparad." if saved else "Anteckningen är borttagen."
            )
            return redirect("meetings:item_note", pk, item_pk)
    return render(
        request,
        "meetings/note_edit.html",
        {"item": item, "meeting": item.meeting, "note": note, "form": form},
        status=400 if form.errors else 200,
    )


@never_cache
def note_detail(request: HttpRequest, note: str) -> HttpResponse:
    """A note by its address: its owner reads or deletes it; anyone else gets 404."""
    found = get_object_or_404(notes.own_notes(_owner(request)), pk=note)
    if request.method == "POST" and request.POST.get("form") == "delete":
        notes.note_delete(note=found)
        messages.success(request, "Anteckningen är borttagen.")
        return redirect(found.item)
    return render(
        request,
        "meetings/note_detail.html",
        {"note": found, "item": found.item, "meeting": found.item.meeting},
    )
