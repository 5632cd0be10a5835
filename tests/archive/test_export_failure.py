"""An archive export that fails (a registered document's file is gone from disk) says so on the
archivist's page and in the command, instead of showing "0 av 1" for ever; once the cause is
fixed the archivist tries again and gets the package."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from archive.models import ArchiveExport
from casework.models import DocumentKind
from casework.services import document_register
from casework.workflow import Status
from tests.meetings.conftest import at

D = datetime.date


@pytest.fixture
def closed(world):
    """A case closed in 2024 (its movers withdrew it) with a registered letter on file."""
    case = world.motion(title="Motion som återkallas").case
    document = document_register(
        case=case,
        dated=D(2024, 3, 1),
        kind=DocumentKind.OTHER,
        title="Skrivelse",
        file=ContentFile(b"Skrivelse om motionen.", name="skrivelse.txt"),
    )
    case.transition_to(Status.WITHDRAWN, note="Återkallad.", at=at(D(2024, 8, 1)))
    return case, document


def test_a_failed_export_says_why_and_is_made_when_tried_again(
    client, closed, user_with_role, django_capture_on_commit_callbacks
):
    case, document = closed
    stored = Path(document.file.path)
    content = stored.read_bytes()
    stored.unlink()  # lost from disk
    client.force_login(user_with_role("registrator", "arkivarie"))
    with django_capture_on_commit_callbacks(execute=True):  # tests run tasks at once
        assert client.post("/arkiv/", {"dnr": case.dnr}).status_code == 302
    export = ArchiveExport.objects.get()
    page = client.get("/arkiv/").text
    assert (
        f"Exporten misslyckades: Filen till handlingen {document.dnr} saknas eller har ändrats."
        in page
    )
    assert "0 av 1" not in page and f"/arkiv/{export.pk}/forsok-igen/" in page

    stored.write_bytes(content)  # restored from backup
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/arkiv/{export.pk}/forsok-igen/").status_code == 302
    export.refresh_from_db()
    assert export.finished_at and export.done == 1 and not export.failure
    page = client.get("/arkiv/").text
    assert "misslyckades" not in page and f"/arkiv/{export.pk}/paket.zip" in page
    package = client.get(f"/arkiv/{export.pk}/paket.zip")
    assert hashlib.sha256(b"".join(package.streaming_content)).hexdigest() == export.sha256
    assert ArchiveExport.objects.count() == 1  # the same order, made


def test_only_a_failed_export_is_tried_again(client, closed, user_with_role):
    case, _ = closed
    client.force_login(user_with_role("registrator", "arkivarie"))
    client.post("/arkiv/", {"dnr": case.dnr})
    export = ArchiveExport.objects.get()
    page = client.post(f"/arkiv/{export.pk}/forsok-igen/", follow=True).text
    assert "Bara en export som misslyckades kan göras om." in page


def test_the_command_says_the_export_failed_and_why(closed, tmp_path):
    case, document = closed
    Path(document.file.path).write_text("Skrivelse om något annat.")  # changed on disk
    with pytest.raises(
        CommandError, match=f"Exporten misslyckades: Filen till handlingen {document.dnr}"
    ):
        call_command("make_sip", "--arende", case.slug, "--ut", str(tmp_path / "x.zip"))
    export = ArchiveExport.objects.get()
    assert export.failure.startswith(f"Filen till handlingen {document.dnr}")
    assert not (tmp_path / "x.zip").exists()
