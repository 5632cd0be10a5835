"""Importing an existing diarium (motions.importing, `manage.py import_cases`): the case list's
own export reads back into an empty installation as the same cases; a file with bad rows is
reported row by row in Swedish and imports nothing; a second run adds nothing (issue 21)."""

import csv
import io
import json
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from casework.models import Case, CaseEvent, Document, Municipality
from casework.workflow import Status
from motions import demo as stockholm
from motions.importing import import_cases, read_rows
from rotlar.models import RotlarProfile

HEADER = "Diarienummer;Ärendetyp;Ärendemening;Väckt av;Motionärer;Väckt;Rotel;Status;Registrerat"


def export(client) -> bytes:
    client.force_login(User.objects.get(username="registrator"))
    response = client.get("/arenden/export.csv")
    assert response.status_code == 200
    return response.content


def forget_profiles():
    Municipality.forget()
    RotlarProfile.forget()


@pytest.fixture
def empty_installation(db):
    """The municipality's people, bodies, rotlar and registry, and no case."""
    forget_profiles()
    stockholm.load_reference_data()
    assert not Case.objects.exists()


def test_the_demos_export_imports_into_an_empty_installation_as_the_same_cases(client, db):
    with transaction.atomic():  # the demo as make run loads it, exported, then undone
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=StringIO())
        original = export(client)
        transaction.set_rollback(True)
    forget_profiles()
    assert not Case.objects.exists()
    stockholm.load_reference_data()
    with override_settings(DEBUG=True):
        stockholm.create_demo_accounts()

    report = import_cases(read_rows("arenden.csv", original))
    assert report.ok, report.problems
    rows = list(csv.DictReader(io.StringIO(original.decode("utf-8-sig")), delimiter=";"))
    assert len(report.added) == len(rows) >= 8
    # the same cases, column by column; the minutes stay in the other system, so a decided
    # case is simply decided there
    assert export(client) == original.replace(b" (protokollet ej justerat)", b"")

    states = {case.status for case in Case.objects.all()}
    assert {Status.REGISTERED, Status.DECIDED, Status.WITHDRAWN, Status.IN_DECISION} <= states
    taken_over = CaseEvent.objects.exclude(from_status="").first()
    assert taken_over.note == "Läget enligt det tidigare diariet."
    assert taken_over.at.date() == taken_over.case.registered_on


def bad_file() -> bytes:
    """500 good rows, and a dozen rows each wrong in its own way."""
    good = [
        f"KS 2019/{n};motion;Motion nummer {n};;Gabriel Kroon (SD);2019-03-04;;registrerad;2019-03-05"
        for n in range(1, 501)
    ]
    bad = [
        "KS 2019-XYZ;motion;Fel form på numret;;Gabriel Kroon (SD);2019-03-04;;registrerad;2019-03-05",
        "AB 2019/601;motion;Okänt diarium;;Gabriel Kroon (SD);2019-03-04;;registrerad;2019-03-05",
        "KS 2019/602;motion;   ;;Gabriel Kroon (SD);2019-03-04;;registrerad;2019-03-05",
        "KS 2019/603;interpellation;Okänd typ;;Gabriel Kroon (SD);2019-03-04;;registrerad;2019-03-05",
        "KS 2019/604;motion;Fel datum;;Gabriel Kroon (SD);4 mars 2019;;registrerad;2019-03-05",
        "KS 2019/605;motion;Registrerad före väckt;;Gabriel Kroon (SD);2019-03-09;;registrerad;2019-03-05",
        "KS 2019/606;motion;Fel år;;Gabriel Kroon (SD);2019-03-04;;registrerad;2020-01-05",
        "KS 2019/607;motion;Okänd person;;Olle Okänd (L);2019-03-04;;registrerad;2019-03-05",
        "KS 2019/608;motion;Inte alla namngivna;Ann Ek m.fl. (S);;2019-03-04;;registrerad;2019-03-05",
        "KS 2019/609;motion;Okänd rotel;;Gabriel Kroon (SD);2019-03-04;Rotel XX;registrerad;2019-03-05",
        "KS 2019/610;motion;Okänd status;;Gabriel Kroon (SD);2019-03-04;;bortglömd;2019-03-05",
        "KS 2019/5;motion;Samma nummer två gånger;;Gabriel Kroon (SD);2019-03-04;;registrerad;2019-03-05",
    ]
    return ("\n".join([HEADER, *good, *bad]) + "\n").encode()


EXPECTED = [
    "Rad 502, Diarienummer: Diarienumret ”KS 2019-XYZ” har inte formen",
    "Rad 503, Diarienummer: Diariet AB finns inte här.",
    "Rad 504, Ärendemening: Ärendemeningen saknas.",
    "Rad 505, Ärendetyp: Okänd ärendetyp ”interpellation”; ange motion, medborgarförslag, skrivelse.",
    "Rad 506, Väckt: ”4 mars 2019” är inget datum ÅÅÅÅ-MM-DD.",
    "Rad 507, Registrerat: Ärendet kan inte registreras före det väcktes.",
    "Rad 508, Registrerat: Diarienumrets år 2019 stämmer inte med registreringsdatumet 2020-01-05.",
    "Rad 509, Motionärer: Ingen person här heter Olle Okänd.",
    "Rad 510, Väckt av: ”Ann Ek m.fl. (S)” namnger inte alla motionärer; ange dem i kolumnen Motionärer.",
    "Rad 511, Rotel: ”Rotel XX” finns inte här.",
    "Rad 512, Status: Okänd status ”bortglömd”.",
    "Rad 513, Diarienummer: KS 2019/5 står redan på rad 6.",
]


def test_a_dry_run_reports_every_bad_row_in_swedish_and_imports_nothing(empty_installation):
    report = import_cases(read_rows("diarium.csv", bad_file()), dry_run=True)
    assert len(report.problems) == len(EXPECTED)
    for problem, expected in zip(report.problems, EXPECTED, strict=True):
        assert problem.startswith(expected), (problem, expected)
    assert not Case.objects.exists() and report.added == []


def test_every_problem_of_a_row_is_reported_with_its_column(empty_installation):
    row = "KS 2019/1;interpellation;  ;;Olle Okänd (L), Eva Ek (S);4 mars;Rotel XX;bortglömd;2019-13-01"
    report = import_cases(read_rows("diarium.csv", f"{HEADER}\n{row}\n".encode()), dry_run=True)
    assert report.problems == [
        "Rad 2, Ärendemening: Ärendemeningen saknas.",
        "Rad 2, Ärendetyp: Okänd ärendetyp ”interpellation”; ange motion, medborgarförslag, skrivelse.",
        "Rad 2, Väckt: ”4 mars” är inget datum ÅÅÅÅ-MM-DD.",
        "Rad 2, Registrerat: ”2019-13-01” är inget datum ÅÅÅÅ-MM-DD.",
        "Rad 2, Rotel: ”Rotel XX” finns inte här.",
    ]
    assert report.refusal == "Inget importerades. 1 rad har problem:"
    motion = (
        "KS 2019/2;motion;En motion;;Olle Okänd (L), Eva Ek (S);2019-03-04;;bortglömd;2019-03-05"
    )
    report = import_cases(read_rows("d.csv", f"{HEADER}\n{motion}\n".encode()), dry_run=True)
    assert report.problems == [
        "Rad 2, Motionärer: Ingen person här heter Olle Okänd.",
        "Rad 2, Motionärer: Ingen person här heter Eva Ek.",
        "Rad 2, Status: Okänd status ”bortglömd”.",
    ]


def test_a_file_with_bad_rows_imports_nothing_even_without_a_dry_run(empty_installation):
    report = import_cases(read_rows("diarium.csv", bad_file()))
    assert not report.ok and report.added == []
    assert not Case.objects.exists()


def test_the_clean_file_imports_once_and_a_second_run_adds_nothing(empty_installation, tmp_path):
    clean = tmp_path / "diarium.csv"
    clean.write_bytes(b"\n".join(bad_file().split(b"\n")[:501]) + b"\n")
    out = StringIO()
    call_command("import_cases", str(clean), "--provkorning", stdout=out)
    assert "500 ärenden kan läsas in, 0 finns redan." in out.getvalue()
    assert not Case.objects.exists()
    call_command("import_cases", str(clean), stdout=out)
    assert Case.objects.count() == 500
    assert Case.objects.by_dnr("KS 2019/500").get().title == "Motion nummer 500"
    again = StringIO()
    call_command("import_cases", str(clean), stdout=again)
    assert "0 ärenden är inlästa; 500 fanns redan." in again.getvalue()
    assert Case.objects.count() == 500
    registered = Case.objects.by_dnr("KS 2019/1").get().events.get()
    assert registered.at.date().isoformat() == "2019-03-05" and registered.entered_afterwards


def test_json_with_the_same_names_imports_and_a_changed_title_is_refused(empty_installation):
    rows = [
        {
            "Diarienummer": "KS 2019/7",
            "Ärendetyp": "medborgarförslag",
            "Ärendemening": "Medborgarförslag om en lekplats",
            "Väckt av": "Eva Andersson",
            "Väckt": "2019-05-02",
            "Status": "remitterad",
            "Registrerat": "2019-05-03",
        }
    ]
    content = json.dumps(rows).encode()
    report = import_cases(read_rows("diarium.json", content))
    assert report.ok and report.added == ["KS 2019/7"]
    case = Case.objects.by_dnr("KS 2019/7").get()
    assert (case.status, case.motion.proposer) == (Status.REFERRED, "Eva Andersson")
    rows[0]["Ärendemening"] = "Något annat"
    refused = import_cases(read_rows("diarium.json", json.dumps(rows).encode()))
    assert refused.problems == [
        "Rad 2, Diarienummer: KS 2019/7 finns redan här, med ärendemeningen ”Medborgarförslag om en lekplats”."
    ]


def test_the_command_reports_the_problems_and_fails(empty_installation, tmp_path):
    bad = tmp_path / "diarium.csv"
    bad.write_bytes(bad_file())
    err = StringIO()
    with pytest.raises(CommandError, match="Inget importerades. 12 rader har problem."):
        call_command("import_cases", str(bad), stderr=err)
    assert err.getvalue().startswith("Inget importerades. 12 rader har problem:\n")
    assert "Rad 509, Motionärer: Ingen person här heter Olle Okänd." in err.getvalue()
    with pytest.raises(CommandError, match="Filen .* finns inte."):
        call_command("import_cases", str(tmp_path / "saknas.csv"))


def test_an_administrator_tries_the_file_then_imports_it_on_the_page(client, demo):
    page = "/arenden/importera/"
    client.force_login(User.objects.get(username="registrator"))
    assert client.get(page).status_code == 403  # an administrator's step
    client.force_login(User.objects.get(username="administrator"))
    assert "Läs in ärenden från ett tidigare diarium" in client.get("/start/").text
    instructions = client.get(page).text
    for column in ("Diarienummer", "Ärendetyp", "Motionärer", "Rotel", "Status", "Handlingar"):
        assert f'<td data-label="Kolumn" class="lead">{column}</td>' in instructions
    assert "Datum skrivs ÅÅÅÅ-MM-DD." in instructions

    def upload(content: bytes, name="diarium.csv", **data):
        return client.post(page, {"file": SimpleUploadedFile(name, content), **data}, follow=True)

    bad = upload(bad_file(), dry_run="on")
    assert bad.status_code == 400
    assert "Inget importerades. 12 rader har problem:" in bad.text
    assert "Fil:" not in bad.text  # one summary, not a second one on the field
    assert "Rad 509, Motionärer: Ingen person här heter Olle Okänd." in bad.text
    assert not Case.objects.filter(year=2019).exists()

    clean = b"\n".join(bad_file().split(b"\n")[:11]) + b"\n"  # the header and ten good rows
    tried = upload(clean, dry_run="on")
    assert "Provkörningen gick igenom: 10 ärenden kan läsas in, 0 finns redan." in tried.text
    assert not Case.objects.filter(year=2019).exists()
    done = upload(clean)
    assert "10 ärenden är inlästa; 0 fanns redan." in done.text
    assert Case.objects.filter(year=2019).count() == 10

    refused = upload(b"\xff\xfe not utf-8", name="diarium.csv")
    assert refused.status_code == 400 and "Filen kunde inte läsas" in refused.text
    wrong = upload(b"%PDF-1.7", name="diarium.pdf")
    assert wrong.status_code == 400 and "Välj en CSV- eller JSON-fil." in wrong.text


# A case's documents, by path (the column Handlingar): "path | title | date" a line.
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
ROW = "KS 2019/{n};motion;Motion nummer {n};;Gabriel Kroon (SD);2019-03-04;;registrerad;2019-03-05;{docs}"


def diarium(*documents: str) -> bytes:
    """A file of one case per entry of `documents` (the cell Handlingar, quoted as CSV does)."""
    rows = [ROW.format(n=n, docs=f'"{docs}"') for n, docs in enumerate(documents, start=1)]
    return ("\n".join([HEADER + ";Handlingar", *rows]) + "\n").encode()


@pytest.fixture
def folder(tmp_path):
    """The import file's folder, with a PDF and a text file in a subfolder, and a PDF outside."""
    (tmp_path / "diarium" / "handlingar").mkdir(parents=True)
    (tmp_path / "diarium" / "handlingar" / "motion.pdf").write_bytes(PDF)
    (tmp_path / "diarium" / "handlingar" / "svar.txt").write_text("Kontorets svar.\n")
    (tmp_path / "hemlig.pdf").write_bytes(PDF)
    return tmp_path / "diarium"


def test_a_cases_documents_are_attached_by_path_with_their_title_and_date(
    empty_installation, folder
):
    file = folder / "diarium.csv"
    file.write_bytes(
        diarium("handlingar/motion.pdf | Motionen i original | 2019-03-04\nhandlingar/svar.txt")
    )
    out = StringIO()
    call_command("import_cases", str(file), stdout=out)
    assert "1 ärende är inläst; 0 fanns redan." in out.getvalue()
    case = Case.objects.by_dnr("KS 2019/1").get()
    motion, original, answer = case.documents.order_by("number")
    assert not motion.file  # the motion's own entry, -1
    assert (original.number, original.title, original.dated) == (
        2,
        "Motionen i original",
        date(2019, 3, 4),
    )
    assert original.registered_on == date(2019, 3, 5)  # registered with its case, not today
    assert original.kind == Document.Kind.OTHER and original.file.name.endswith(".pdf")
    with original.file.open("rb") as stored:
        assert stored.read() == PDF
    assert (answer.title, answer.dated) == (
        "svar",
        date(2019, 3, 5),
    )  # the file's name, the case's day
    assert answer.file.read() == b"Kontorets svar.\n"

    again = StringIO()
    call_command("import_cases", str(file), stdout=again)
    assert "0 ärenden är inlästa; 1 fanns redan." in again.getvalue()
    assert Document.objects.count() == 3


def test_each_bad_document_is_reported_in_swedish_and_nothing_is_imported(
    empty_installation, folder
):
    (folder / "program.pdf").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00")  # a program, named .pdf
    (folder / "tom.txt").write_bytes(b"")
    (folder / "genväg.pdf").symlink_to(folder.parent / "hemlig.pdf")
    file = folder / "diarium.csv"
    file.write_bytes(
        diarium(
            "handlingar/saknas.pdf",
            "program.pdf | Ett program",
            "tom.txt",
            "handlingar",  # a folder: not a file that can be read
            "../hemlig.pdf",
            "/etc/passwd",
            "genväg.pdf",
            "handlingar/motion.pdf | Motionen | 4 mars 2019",
            "handlingar/motion.pdf | Motionen | 2999-01-01",
            "handlingar/motion.pdf | Motionen | 2019-03-04 | inkommen",
            "handlingar/motion.pdf",  # a good one: imported only with the rest
        )
    )
    err = StringIO()
    with pytest.raises(CommandError, match="Inget importerades. 10 rader har problem."):
        call_command("import_cases", str(file), "--provkorning", stderr=err)
    assert err.getvalue().splitlines() == [
        "Inget importerades. 10 rader har problem:",
        "Rad 2, Handlingar: filen ”handlingar/saknas.pdf” finns inte.",
        "Rad 3, Handlingar: ”program.pdf”: Filen är inte en PDF, ett Word-dokument (DOCX), ett "
        "ODT-dokument eller vanlig text.",
        "Rad 4, Handlingar: ”tom.txt”: Filen är tom.",
        "Rad 5, Handlingar: filen ”handlingar” kan inte läsas.",
        "Rad 6, Handlingar: ”../hemlig.pdf” ligger utanför mappen filerna läses från.",
        "Rad 7, Handlingar: ”/etc/passwd” ligger utanför mappen filerna läses från.",
        "Rad 8, Handlingar: ”genväg.pdf” ligger utanför mappen filerna läses från.",
        "Rad 9, Handlingar: ”4 mars 2019” är inget datum ÅÅÅÅ-MM-DD.",
        "Rad 10, Handlingar: ”handlingar/motion.pdf” är daterad 2999-01-01, en dag som inte kommit.",
        "Rad 11, Handlingar: skriv varje handling som ”sökväg | rubrik | datum”.",
    ]
    with pytest.raises(CommandError, match="Inget importerades. 10 rader har problem."):
        call_command("import_cases", str(file), stderr=StringIO())
    assert not Case.objects.exists() and not Document.objects.exists()


def test_json_names_a_cases_documents_as_a_list(empty_installation, folder):
    row = {
        "Diarienummer": "KS 2019/7",
        "Ärendetyp": "medborgarförslag",
        "Ärendemening": "Medborgarförslag om en lekplats",
        "Väckt av": "Eva Andersson",
        "Väckt": "2019-05-02",
        "Status": "registrerad",
        "Registrerat": "2019-05-03",
        "Handlingar": [
            {"Fil": "handlingar/motion.pdf", "Rubrik": "Förslaget", "Datum": "2019-05-02"}
        ],
    }
    report = import_cases(read_rows("d.json", json.dumps([row]).encode()), folder=folder)
    assert report.ok, report.problems
    document = Document.objects.get(title="Förslaget")
    assert (document.case.dnr, document.dated, document.file.read()) == (
        "KS 2019/7",
        date(2019, 5, 2),
        PDF,
    )


def test_the_page_reads_documents_only_from_the_import_folder(client, demo, folder, settings):
    client.force_login(User.objects.get(username="administrator"))
    content = diarium("handlingar/motion.pdf | Motionen")

    def upload(content: bytes):
        file = SimpleUploadedFile("diarium.csv", content)
        return client.post("/arenden/importera/", {"file": file}, follow=True)

    settings.IMPORT_DIR = None  # unset: a web user names no file on the server
    refused = upload(content)
    assert refused.status_code == 400
    assert "Handlingar: filer kan bara läsas in från importmappen (IMPORT_DIR)" in refused.text
    settings.IMPORT_DIR = folder / "handlingar"  # the folder the paths start from
    outside = upload(diarium("../hemlig.pdf"))
    assert "Rad 2, Handlingar: ”../hemlig.pdf” ligger utanför mappen" in outside.text
    assert not Case.objects.filter(year=2019).exists()
    done = upload(diarium("motion.pdf | Motionen"))
    assert "1 ärende är inläst; 0 fanns redan." in done.text
    assert Document.objects.get(title="Motionen").file.read() == PDF
