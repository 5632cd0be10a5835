"""What the public case list's search finds follows every change made in the admin too. OSL: a
secret document's sender never finds its case, whenever the secrecy is set; any change of a
document's secrecy updates the search index and the cached lists."""

import pytest
from django.test import Client
from django.utils import timezone

from casework import roles
from casework.models import Document

pytestmark = pytest.mark.postgresql  # the case list searches senders in PostgreSQL's index

SENDER = "Hemlig Avsändare AB"


@pytest.fixture
def cached(settings):
    """The lists are cached as in production, so a stale page would show here too."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s"}
    }


@pytest.fixture
def case(world, cached, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return world.motion(title="Motion om parkbänkar").case


def register(client, user_with_role, case, captured, secrecy_provision: str = "") -> Document:
    """A registrator registers a letter from the sender on the case's page."""
    client.force_login(user_with_role(roles.REGISTRATOR))
    with captured(execute=True):
        response = client.post(
            f"/arenden/{case.slug}/handlingar/ny/",
            {
                "dated": "2023-10-02",
                "kind": "ovrigt",
                "direction": "inkommen",
                "title": "Skrivelse om bänkar",
                "counterpart": SENDER,
                "secrecy_provision": secrecy_provision,
            },
        )
    assert response.status_code == 302
    return case.documents.get(counterpart=SENDER)


def admin_change(admin_client, document: Document, captured, **changes) -> None:
    """An administrator changes the document on its page in the admin."""
    data = {
        "dated": document.dated.isoformat(),
        "registered_on": document.registered_on.isoformat(),
        "kind": document.kind,
        "direction": document.direction,
        "title": document.title,
        "counterpart": document.counterpart,
        "secrecy_provision": document.secrecy_provision,
        "secrecy_marked_on": document.secrecy_marked_on.isoformat()
        if document.secrecy_marked_on
        else "",
    }
    with captured(execute=True):
        response = admin_client.post(
            f"/admin/casework/document/{document.pk}/change/", data | changes
        )
    assert response.status_code == 302, response.content.decode()[:2000]


def found(case) -> bool:
    """Whether a reader who is not signed in finds the case by the sender's name."""
    reader = Client()
    return case.get_absolute_url() in reader.get("/arenden/", {"q": SENDER}).text


def test_a_document_made_secret_afterwards_no_longer_finds_its_case_by_the_sender(
    client, admin_client, user_with_role, case, django_capture_on_commit_callbacks
):
    document = register(client, user_with_role, case, django_capture_on_commit_callbacks)
    assert found(case)
    assert SENDER in Client().get(case.get_absolute_url()).text
    admin_change(
        admin_client,
        document,
        django_capture_on_commit_callbacks,
        secrecy_provision="OSL 21 kap. 3 a §",
        secrecy_marked_on=timezone.localdate().isoformat(),
    )
    document.refresh_from_db()
    assert document.is_secret
    assert not found(case)
    assert SENDER not in Client().get(case.get_absolute_url()).text  # the cached page too


def test_a_secret_document_made_public_finds_its_case_by_the_sender(
    client, admin_client, user_with_role, case, django_capture_on_commit_callbacks
):
    document = register(
        client, user_with_role, case, django_capture_on_commit_callbacks, "OSL 21 kap. 3 a §"
    )
    assert document.secrecy_marked_on == timezone.localdate()
    assert not found(case)
    assert SENDER not in Client().get(case.get_absolute_url()).text
    admin_change(
        admin_client,
        document,
        django_capture_on_commit_callbacks,
        secrecy_provision="",
        secrecy_marked_on="",
    )
    document.refresh_from_db()
    assert not document.is_secret
    assert found(case)
    assert SENDER in Client().get(case.get_absolute_url()).text


def test_changing_a_public_documents_sender_in_the_admin_changes_what_finds_the_case(
    client, admin_client, user_with_role, case, django_capture_on_commit_callbacks
):
    document = register(client, user_with_role, case, django_capture_on_commit_callbacks)
    admin_change(
        admin_client, document, django_capture_on_commit_callbacks, counterpart="Öppen Avsändare AB"
    )
    assert not found(case)
    page = Client().get("/arenden/", {"q": "Öppen Avsändare AB"}).text
    assert case.get_absolute_url() in page


def test_a_title_corrected_in_the_admin_is_what_finds_the_case(
    admin_client, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/casework/case/{case.pk}/change/",
            {
                "title": "Motion om sittplatser i parker",
                "registered_on": case.registered_on.isoformat(),
                "classification": "",
                "handler": "",
                "documents-TOTAL_FORMS": "1",
                "documents-INITIAL_FORMS": "1",
                "documents-MIN_NUM_FORMS": "0",
                "documents-MAX_NUM_FORMS": "1000",
                "documents-0-id": case.documents.get().pk,
                "documents-0-case": case.pk,
                "events-TOTAL_FORMS": "1",
                "events-INITIAL_FORMS": "1",
                "events-MIN_NUM_FORMS": "0",
                "events-MAX_NUM_FORMS": "1000",
                "events-0-id": case.events.get().pk,
                "events-0-case": case.pk,
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    for words, finds in [("sittplatser", True), ("parkbänkar", False)]:
        assert (case.get_absolute_url() in Client().get("/arenden/", {"q": words}).text) is finds


def test_the_words_are_stored_again_after_the_migrations_that_ask_for_it(client, case):
    """Migration 0024 folds the index with today's code, once every migration has run."""
    from casework import search, services
    from casework.models import CaseSearchIndex

    CaseSearchIndex.objects.filter(case=case).delete()
    services.reindex_after_migrate(sender=None)  # no migration asked: nothing done
    assert not CaseSearchIndex.objects.filter(case=case).exists()
    search.REINDEX_AFTER_MIGRATE.add("default")
    services.reindex_after_migrate(sender=None)
    assert CaseSearchIndex.objects.filter(case=case).exists()
    assert not search.REINDEX_AFTER_MIGRATE
