"""A member's private notes on a meeting's papers: the owner writes, reads, changes and deletes
them; another member, a clerk, an administrator and an anonymous visitor get 404, and the admin
does not list them. (That no public page, feed, OParl object or archive package carries them:
tests/opendata/test_nothing_private.py.)"""

import pytest
from django.contrib import admin

from casework.models import Meeting
from meetings import services
from meetings.models import PrivateNote
from tests.meetings.conftest import MEETING_DAY

TEXT = "Fråga om kostnaden i bilaga 2"


@pytest.fixture
def item(world):
    meeting = Meeting.objects.create(body=world.ks, date=MEETING_DAY, place="Stadshuset")
    return services.agenda_add(
        meeting=meeting, title="Anmälan av delegationsbeslut", proposal=["Anmälan noteras."]
    )


def signed_in(client, person, django_user_model, username):
    person.user = django_user_model.objects.create_user(username=username)
    person.save()
    client.force_login(person.user)
    return client


def note_url(item):
    return f"/sammantraden/{item.meeting_id}/paragrafer/{item.pk}/anteckning/"


def test_a_member_keeps_a_note_on_an_item_changes_it_and_deletes_it(
    client, world, item, django_user_model
):
    signed_in(client, world.kroon, django_user_model, "kroon")
    assert "Min anteckning" in client.get(item.get_absolute_url()).content.decode()
    client.post(note_url(item), {"text": TEXT})
    note = PrivateNote.objects.get()
    assert note.owner == world.kroon and note.text == TEXT
    assert TEXT in client.get(note.get_absolute_url()).content.decode()
    client.post(note_url(item), {"text": TEXT + " och tidplanen"})
    assert PrivateNote.objects.get().text == TEXT + " och tidplanen"
    client.post(note.get_absolute_url(), {"form": "delete"})
    assert not PrivateNote.objects.exists()
    assert client.get(note.get_absolute_url()).status_code == 404


def test_no_one_but_the_owner_reads_a_note(
    client, world, item, django_user_model, user_with_role, admin_client
):
    signed_in(client, world.kroon, django_user_model, "kroon")
    client.post(note_url(item), {"text": TEXT})
    note = PrivateNote.objects.get()
    client.logout()
    assert client.get(note.get_absolute_url()).status_code == 404  # anonymous
    assert client.get(note_url(item)).status_code == 404
    clerk = user_with_role("nämndsekreterare")
    client.force_login(clerk)
    assert client.get(note.get_absolute_url()).status_code == 404
    assert client.get(note_url(item)).status_code == 404
    signed_in(client, world.jonsson, django_user_model, "jonsson")  # another member
    assert client.get(note.get_absolute_url()).status_code == 404
    own = client.get(note_url(item))
    assert own.status_code == 200 and TEXT not in own.content.decode()
    client.post(note.get_absolute_url(), {"form": "delete"})
    assert PrivateNote.objects.filter(pk=note.pk).exists()
    assert PrivateNote not in admin.site._registry
    assert admin_client.get("/admin/meetings/privatenote/").status_code == 404
    assert admin_client.get(note.get_absolute_url()).status_code == 404
    for address in (item.get_absolute_url(), f"/sammantraden/{item.meeting_id}/"):
        assert TEXT not in admin_client.get(address).content.decode()
