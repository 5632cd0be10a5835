"""The archive package: the reference case as an E-ARK SIP that eark-validator accepts, every
file checked by its SHA-256 (a changed byte anywhere is found), made by the command and by the
archivist's page with its progress, and closed to everyone else."""

import datetime
import hashlib
import io
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from archive.models import ArchiveExport
from archive.services import export_order, export_run
from archive.sip import case_package, verify
from casework.models import Case, CaseEvent, Meeting
from casework.services import meeting_set_justering

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = os.environ.get("EARK_VALIDATOR_PYTHON", str(ROOT / ".venv-eark" / "bin" / "python"))


def unpack(content: bytes, into: Path) -> Path:
    into = into / "paket"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(into)
    (folder,) = into.iterdir()
    return folder


def eark_validator(folder: Path) -> tuple[bool, str]:
    assert Path(VALIDATOR).exists(), (
        "eark-validator saknas: kör make test (det installeras i .venv-eark)"
    )
    run = subprocess.run(
        [VALIDATOR, str(ROOT / "tests/archive/eark_validate.py"), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=folder.parent,
    )
    return run.returncode == 0, run.stdout + run.stderr


@pytest.fixture
def reference(demo):
    return Case.objects.by_dnr("KS-2023-1387").get()


def settle(case: Case) -> None:
    """The case decided, its minutes justerade: the demo records no time for justering of
    borgarrådsberedningen's minutes (kept elsewhere), so one is recorded here."""
    Case.objects.filter(pk=case.pk).update(status="avgjord")
    meeting = Meeting.objects.get(
        body__name="Borgarrådsberedningen", date=datetime.date(2024, 5, 22)
    )
    at = timezone.make_aware(datetime.datetime(2024, 5, 24, 12))
    meeting_set_justering(meeting=meeting, deadline=at)


def test_the_reference_case_is_a_valid_eark_sip_with_every_file_checked(reference, tmp_path):
    name, content = case_package(reference)
    folder = unpack(content, tmp_path)
    valid, report = eark_validator(folder)
    assert valid, report
    assert verify(folder) == []
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert "METS.xml" in files and "metadata/preservation/premis.xml" in files
    frozen = reference.motion.utlatande.frozen_document
    data = folder / f"representations/rep1/data/KS-2023-1387-{frozen.number}.pdf"
    assert hashlib.sha256(data.read_bytes()).hexdigest() == frozen.sha256
    described = (folder / "metadata/descriptive/arende.xml").read_text()
    assert "KS 2023/1387" in described and "Reservation av" in described
    assert described.count("<arende:handelse ") == reference.events.count() > 0


def test_a_changed_byte_in_any_file_is_found(reference, tmp_path):
    _, content = case_package(reference)
    folder = unpack(content, tmp_path)
    checked = [p for p in folder.rglob("*") if p.is_file() and p != folder / "METS.xml"]
    assert (
        len(checked) >= 9
    )  # metadata, documentation, four schemas, the representation and its data
    for path in checked:  # the root METS.xml: by the package's SHA-256 (the command's test)
        original = path.read_bytes()
        changed = bytearray(original)
        changed[len(changed) // 2] ^= 1
        path.write_bytes(bytes(changed))
        assert verify(folder), f"{path} changed, not found"
        path.write_bytes(original)
    assert verify(folder) == []


def test_the_command_writes_the_package_and_a_year_of_closed_cases(reference, tmp_path, capsys):
    with pytest.raises(CommandError, match="inte avslutat"):
        call_command("make_sip", "--arende", "KS-2023-1387", "--ut", str(tmp_path / "x.zip"))
    settle(reference)
    out = tmp_path / "paket.zip"
    call_command("make_sip", "--arende", "KS-2023-1387", "--ut", str(out))
    export = ArchiveExport.objects.get()
    assert hashlib.sha256(out.read_bytes()).hexdigest() == export.sha256
    assert export.done == export.total == 1


def test_the_archivist_orders_a_package_and_follows_it_and_others_may_not(
    client, reference, user_with_role, django_capture_on_commit_callbacks
):
    assert client.get("/arkiv/").status_code == 302
    client.force_login(user_with_role("politiker"))
    assert client.get("/arkiv/").status_code == 403
    client.force_login(user_with_role("registrator", "arkivarie"))
    refused = client.post("/arkiv/", {"dnr": "KS 2023/1387"})
    assert "Ärendet är inte avslutat" in refused.text and not ArchiveExport.objects.exists()
    assert "Ange antingen ett diarienummer eller ett år." in client.post("/arkiv/", {}).text
    assert "Inga ärenden avslutades 1990." in client.post("/arkiv/", {"year": "1990"}).text
    settle(reference)
    with django_capture_on_commit_callbacks(execute=True):  # tests run tasks at once
        assert client.post("/arkiv/", {"dnr": "KS 2023/1387"}).status_code == 302
    export = ArchiveExport.objects.get()
    page = client.get("/arkiv/").text
    assert f"/arkiv/{export.pk}/paket.zip" in page and export.sha256 in page
    package = client.get(f"/arkiv/{export.pk}/paket.zip")
    assert hashlib.sha256(b"".join(package.streaming_content)).hexdigest() == export.sha256
    ArchiveExport.objects.filter(pk=export.pk).update(finished_at=None, done=0)
    assert "0 av 1 ärende." in client.get("/arkiv/").text  # progress, until it is made


def test_a_years_closed_cases_are_one_package_each_counted_as_made(reference, demo_motion_closed):
    export = export_order(year=2024, background=False)
    assert export.total == 1 and export.done == 0
    export = export_run(export)
    with zipfile.ZipFile(export.package.open("rb")) as outer:
        assert outer.namelist() == ["KS-2023-1387.zip"]
    assert export.done == 1 and export.finished_at
    with pytest.raises(ValidationError, match="Inga ärenden avslutades 2023"):
        export_order(year=2023)


@pytest.fixture
def demo_motion_closed(reference):
    """The reference case settled by KF on 2024-06-19, as its decision would leave it."""
    at = timezone.make_aware(datetime.datetime(2024, 6, 19, 15))
    CaseEvent.objects.create(
        case=reference, at=at, from_status=reference.status, to_status="avgjord"
    )
    settle(reference)
