"""A clerk marks a registered document secret (OSL 5 kap. 5 §) from the case page, or lifts the
marking with a reason; from the marking on, the public neither finds the document's words nor
gets its file, and the pages cached by the case's last change follow."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from casework.models import DocumentText
from casework.services import document_register
from tests.casework.test_document_text import finds, pdf_with


@pytest.fixture
def case(world):
    return world.motion(title="Motion om parkbänkar").case


@pytest.fixture
def document(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return document_register(
            case=case,
            dated=datetime.date(2023, 10, 2),
            registered_on=datetime.date(2023, 10, 3),
            kind="ovrigt",
            title="Om skyddsobjektet",
            counterpart="Säkerhetspolisen",
            file=ContentFile(pdf_with("Om vattenverket vid Lovön."), name="brev.pdf"),
        )


def test_a_clerk_marks_a_document_secret_and_the_public_loses_it(
    registrator_client, case, document, django_capture_on_commit_callbacks
):
    assert finds(case, "Lovön")
    assert Client().get(f"/handlingar/{document.pk}/fil/").status_code == 200
    page = registrator_client.get(case.get_absolute_url()).text
    assert f'href="/handlingar/{document.pk}/sekretess/"' in page
    assert "Sekretessmarkera" in page
    form = registrator_client.get(f"/handlingar/{document.pk}/sekretess/").text
    assert timezone.localdate().isoformat() in form  # the day defaults to today
    changed = case.changed_at
    with django_capture_on_commit_callbacks(execute=True):
        response = registrator_client.post(
            f"/handlingar/{document.pk}/sekretess/", {"provision": "OSL 21 kap. 1 §"}
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.secrecy_provision == "OSL 21 kap. 1 §"
    assert document.secrecy_marked_on == timezone.localdate()
    assert not finds(case, "Lovön")
    assert not DocumentText.objects.filter(document=document).exists()
    assert Client().get(f"/handlingar/{document.pk}/fil/").status_code == 404
    public = Client().get(case.get_absolute_url()).text
    assert "Sekretess enligt OSL 21 kap. 1 §" in public
    assert "Om skyddsobjektet" not in public and "Säkerhetspolisen" not in public
    case.refresh_from_db()
    assert case.changed_at > changed  # the cached pages follow


@pytest.mark.parametrize(
    ("day", "error"),
    [
        (timezone.localdate() + datetime.timedelta(days=1), "senare än i dag"),
        (datetime.date(2023, 10, 2), "registrerades 2023-10-03"),
    ],
)
def test_the_marking_day_is_neither_in_the_future_nor_before_the_registration(
    registrator_client, document, day, error
):
    response = registrator_client.post(
        f"/handlingar/{document.pk}/sekretess/",
        {"provision": "OSL 21 kap. 1 §", "marked_on": day.isoformat()},
    )
    assert response.status_code == 400
    assert error in response.text
    document.refresh_from_db()
    assert not document.is_secret


def test_a_marking_is_lifted_with_a_reason_kept_in_the_history(
    registrator_client, case, document, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registrator_client.post(
            f"/handlingar/{document.pk}/sekretess/", {"provision": "OSL 21 kap. 1 §"}
        )
    page = registrator_client.get(case.get_absolute_url()).text
    assert "Häv sekretessmarkeringen" in page
    assert (
        registrator_client.post(f"/handlingar/{document.pk}/sekretess/", {"reason": ""}).status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = registrator_client.post(
            f"/handlingar/{document.pk}/sekretess/", {"reason": "Uppgifterna är offentliga nu."}
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert not document.is_secret and document.secrecy_marked_on is None
    latest = document.history.first()
    assert latest.history_change_reason == (
        "Sekretessmarkeringen hävd: Uppgifterna är offentliga nu."
    )
    assert finds(case, "Lovön")  # read again


def test_only_a_registering_clerk_marks_a_document(client, user_with_role, document):
    assert client.get(f"/handlingar/{document.pk}/sekretess/").status_code in (302, 403)
    client.force_login(user_with_role("politiker"))
    assert (
        client.post(
            f"/handlingar/{document.pk}/sekretess/", {"provision": "OSL 21 kap. 1 §"}
        ).status_code
        == 403
    )
    document.refresh_from_db()
    assert not document.is_secret


def test_the_admin_dates_a_marking_given_without_its_day_today(
    admin_client, document, django_capture_on_commit_callbacks
):
    data = {
        "dated": document.dated.isoformat(),
        "registered_on": document.registered_on.isoformat(),
        "kind": document.kind,
        "direction": document.direction,
        "title": document.title,
        "counterpart": document.counterpart,
        "secrecy_provision": "OSL 21 kap. 1 §",
        "secrecy_marked_on": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/casework/document/{document.pk}/change/", data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.secrecy_marked_on == timezone.localdate()
