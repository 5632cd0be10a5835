"""Bringing an existing diarium in: the case list's own export (CSV, or JSON with the same
names) read back as cases with their own dnr, dates and state (issue 21).

Every row is checked before anything is saved; one bad row and nothing is imported, and every
problem of every row is reported in Swedish with its row and column. A case whose dnr is already
here with the same title is left as it is, documents and all, so a second run adds nothing.

A row's documents (the column Handlingar) are files by path, inside one folder: the import file's
own for the command, the import folder the operator sets (IMPORT_DIR) for the page, so a web user
reads no file the operator has not put there. What the registries, people and cases here are is
read once for the whole file, not once per row."""

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from casework import attributes
from casework.models import Case, ChainStep, Document, Person, Registry, parse_dnr
from casework.services import document_register
from casework.text import count
from casework.uploads import validate_upload
from casework.workflow import Status
from motions import kinds
from motions.services import motion_register

# The columns of the case list's export (motions.views.cases.case_export), which this reads.
DNR, KIND, TITLE, RAISED_BY, MOVERS, FILED, STATUS, REGISTERED = (
    "Diarienummer",
    "Ärendetyp",
    "Ärendemening",
    "Väckt av",
    "Motionärer",
    "Väckt",
    "Status",
    "Registrerat",
)
REQUIRED = (DNR, KIND, TITLE, RAISED_BY, FILED, STATUS, REGISTERED)
DATE_FORMAT = "ÅÅÅÅ-MM-DD"
# Optional: the case's documents, one a line, each "path | title | date" (title and date optional);
# in JSON also a list of {"Fil": …, "Rubrik": …, "Datum": …}.
DOCUMENTS, DOCUMENT_FILE, DOCUMENT_TITLE, DOCUMENT_DATE = "Handlingar", "Fil", "Rubrik", "Datum"
# What each column holds, for the import page's instructions.
COLUMN_HELP = {
    DNR: "som KS 2023/1387",
    KIND: "motion, medborgarförslag eller skrivelse",
    TITLE: "ärendets mening",
    RAISED_BY: "förslagsställaren; för en motion motionärerna, om kolumnen Motionärer är tom",
    MOVERS: "motionärerna vid namn: Gabriel Kroon (SD), Jan Jonsson (L)",
    FILED: f"dagen ärendet väcktes, {DATE_FORMAT}",
    STATUS: "som i ärendelistan: registrerad, remitterad, hos kommunstyrelsen, avgjord …",
    REGISTERED: f"registreringsdagen, {DATE_FORMAT}; samma år som diarienumret",
    DOCUMENTS: f"en handling per rad i cellen: sökväg | rubrik | datum ({DATE_FORMAT})",
}


def columns() -> list[tuple[str, bool, str]]:
    """The columns of a file, in the order the case list's export writes them, each with
    whether it is required and what it holds; the attributes apps register (a rotel) after
    Väckt."""
    used = [(a.label, "som i ärendelistan") for a in attributes.used_case_attributes()]
    names = [
        *[(name, COLUMN_HELP[name]) for name in (DNR, KIND, TITLE, RAISED_BY, MOVERS, FILED)],
        *used,
        *[(name, COLUMN_HELP[name]) for name in (STATUS, REGISTERED, DOCUMENTS)],
    ]
    return [(name, name in REQUIRED, help) for name, help in names]


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)  # the dnr of each case imported
    existing: list[str] = field(default_factory=list)  # already here, left as they are
    problems: list[str] = field(default_factory=list)  # "Rad 3, Väckt: …", in Swedish
    refused_rows: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def refusal(self) -> str:
        """What stands above the problems: 'Inget importerades. 1 rad har problem:'."""
        if not self.refused_rows:
            return "Inget importerades:"
        rows = count(len(self.refused_rows), "rad", "rader")
        return f"Inget importerades. {rows} har problem:"

    def outcome(self, *, dry_run: bool) -> str:
        """What was, or in a dry run would be, imported: '1 ärende läses in; 2 fanns redan.'"""
        added, existing = len(self.added), len(self.existing)
        if dry_run:
            return f"{count(added, 'ärende kan', 'ärenden kan')} läsas in, {existing} finns redan."
        return f"{count(added, 'ärende är inläst', 'ärenden är inlästa')}; {existing} fanns redan."


class RowRefused(Exception):
    """What is wrong with a row: one (column, message) a problem, in Swedish."""

    def __init__(self, *problems: tuple[str, str]):
        super().__init__(*problems)
        self.problems = list(problems)


# The columns a model's field is read from, for its validation errors.
FIELD_COLUMNS = {
    "title": TITLE,
    "filed_on": FILED,
    "registered_on": REGISTERED,
    "movers": MOVERS,
    "proposer": RAISED_BY,
}


def _checked(problems: list[tuple[str, str]], check, *args, **kwargs):
    """What `check` returns; None, with its problems added to `problems`, if it refuses."""
    try:
        return check(*args, **kwargs)
    except RowRefused as refused:
        problems += refused.problems
    return None


@dataclass
class _Known:
    """What every row is checked against, read once for the whole file."""

    registries: dict[str, Registry]
    people: dict[tuple[str, str], list[Person]]  # by first and last name
    cases: dict[tuple[int, int, int], str]  # (registry, year, sequence): the title
    choices: dict  # each used attribute's values by the text the export writes
    folder: Path | None  # where the documents' paths start; None: no files may be read

    @classmethod
    def read(cls, folder: Path | None) -> "_Known":
        people = {}
        for person in Person.objects.prefetch_related("affiliations__party"):
            people.setdefault((person.first_name, person.last_name), []).append(person)
        cases = Case.objects.values_list("registry_id", "year", "sequence", "title")
        return cls(
            registries={registry.prefix: registry for registry in Registry.objects.all()},
            people=people,
            cases={(r, y, s): title for r, y, s, title in cases},
            choices=_attribute_choices(),
            folder=folder.resolve() if folder else None,
        )


@dataclass
class _File:
    """A document of a row, checked: its file inside the folder, of an allowed type."""

    path: Path
    title: str
    dated: datetime.date


def read_rows(name: str, content: bytes) -> list[dict]:
    """The rows of a CSV file (semicolon-separated, UTF-8, as the export writes it) or of a
    JSON file (a list of objects with the same names)."""
    text = content.decode("utf-8-sig")
    if name.lower().endswith(".json"):
        rows = json.loads(text)
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValueError("JSON-filen ska vara en lista av ärenden.")
        return [{k: _json_value(k, v) for k, v in row.items()} for row in rows]
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _json_value(name: str, value) -> object:
    if name == DOCUMENTS and isinstance(value, list):
        return value
    return "" if value is None else str(value)


def import_cases(
    rows: list[dict], *, dry_run: bool = False, by=None, folder: Path | None = None
) -> ImportReport:
    """Import the rows as cases, all or none; `dry_run` checks every row and saves nothing.
    The paths of the rows' documents are read inside `folder`; without one, a row naming a
    document is refused."""
    report = ImportReport()
    missing = [name for name in REQUIRED if rows and name not in rows[0]]
    if missing:
        report.problems.append("Kolumner saknas: " + ", ".join(missing) + ".")
        return report
    seen, documents = {}, []
    known = _Known.read(folder)
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):  # row 1 is the header
            dnr = (row.get(DNR) or "").strip()
            twice = [(DNR, f"{dnr} står redan på rad {seen[dnr]}.")] if dnr in seen else []
            seen.setdefault(dnr, number)
            try:
                with transaction.atomic():
                    case, files = _import_row(row, known=known, by=by, problems=twice)
            except RowRefused as refused:
                report.problems += [f"Rad {number}, {c}: {m}" for c, m in refused.problems]
                report.refused_rows.add(number)
            else:
                (report.added if case else report.existing).append(dnr)
                documents += [(number, case, file) for file in files]
        if not (dry_run or report.problems):  # the files are stored only when all rows are good
            _register_documents(documents, report)
        if dry_run or report.problems:
            transaction.set_rollback(True)
    if report.problems:
        report.added = []
    return report


def _register_documents(documents: list[tuple[int, Case, _File]], report: ImportReport) -> None:
    """Each row's documents on its case, on the day it was dated (or the case's registration
    day, if later); should one fail after all, the files stored before it are removed."""
    stored = []
    for number, case, file in documents:
        try:
            with file.path.open("rb") as handle:
                stored.append(
                    document_register(
                        case=case,
                        dated=file.dated,
                        registered_on=max(file.dated, case.registered_on),
                        kind=Document.Kind.OTHER,
                        title=file.title,
                        file=File(handle, name=file.path.name),
                    )
                )
        except (OSError, ValidationError) as error:
            reason = " ".join(_messages(error)) if isinstance(error, ValidationError) else ""
            report.problems.append(
                f"Rad {number}, {DOCUMENTS}: ”{file.path.name}” kunde inte läsas in. {reason}".strip()
            )
            report.refused_rows.add(number)
            for document in stored:
                document.file.delete(save=False)
            return


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return error.messages


def _import_row(
    row: dict, *, known: _Known, by, problems: list[tuple[str, str]]
) -> tuple[Case | None, list[_File]]:
    """The row's case, registered with its own dnr, dates and state, and its documents checked
    (registered once every row is good); no case if it is already here with the same title.
    Every column is checked, and a row with any problem (`problems` brings those found before)
    is refused with all of them."""
    problems = list(problems)
    registry, year, sequence = _checked(problems, _registry, row[DNR], known) or (None, 0, 0)
    title = " ".join(row[TITLE].split())
    if not title:
        problems.append((TITLE, "Ärendemeningen saknas."))
    here = known.cases.get((registry.pk, year, sequence)) if registry else None
    if here is not None:
        if here != title:
            dnr = Case(registry=registry, year=year, sequence=sequence).dnr
            problems.append((DNR, f"{dnr} finns redan här, med ärendemeningen ”{here}”."))
        if problems:
            raise RowRefused(*problems)
        return None, []
    kind = _checked(problems, _kind, row[KIND])
    filed_on = _checked(problems, _date, row[FILED], FILED)
    registered_on = _checked(problems, _date, row[REGISTERED], REGISTERED)
    if registered_on and registry and registered_on.year != year:
        problems.append(
            (
                REGISTERED,
                f"Diarienumrets år {year} stämmer inte med registreringsdatumet {registered_on}.",
            )
        )
    raised_column = MOVERS if (row.get(MOVERS) or "").strip() else RAISED_BY
    raised = row[raised_column].strip()
    members = kind in kinds.RAISED_BY_MEMBERS
    movers = _checked(problems, _people, raised, known.people, raised_column) if members else []
    values = _checked(problems, _attribute_values, row, known.choices)
    state = _checked(problems, _state, row[STATUS], kind) if kind else None
    files = _checked(
        problems,
        _files,
        row.get(DOCUMENTS) or "",
        folder=known.folder,
        registered_on=registered_on or timezone.localdate(),
    )
    if problems:
        raise RowRefused(*problems)
    try:
        motion = motion_register(
            registry=registry,
            title=title,
            kind=kind,
            filed_on=filed_on,
            registered_on=registered_on,
            sequence=sequence,
            movers=movers,
            proposer="" if members else raised,
            by=by,
            **values,
        )
    except ValidationError as error:
        raise RowRefused(*_field_problems(error)) from None
    status, step = state
    if status != Status.REGISTERED:
        motion.case.take_over_state(status, step=step, by=by)
    return motion.case, files


def _field_problems(error: ValidationError) -> list[tuple[str, str]]:
    """A model's validation error as (column, message), each field by the column it is read
    from."""
    if not hasattr(error, "message_dict"):
        return [(DNR, message) for message in error.messages]
    return [
        (FIELD_COLUMNS.get(name, DNR), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _registry(text: str, known: _Known) -> tuple[Registry, int, int]:
    try:
        prefix, year, sequence = parse_dnr(text)
    except ValidationError as error:
        raise RowRefused(*[(DNR, message) for message in error.messages]) from None
    registry = known.registries.get(prefix)
    if registry is None:
        raise RowRefused((DNR, f"Diariet {prefix} finns inte här."))
    return registry, year, sequence


def _files(value: str | list, *, folder: Path | None, registered_on: datetime.date) -> list[_File]:
    """The documents a row names: "path | title | date" a line (or JSON's objects), each file
    inside `folder`, readable, and of a type a clerk may upload. The title is the file's name
    where none is given, the date the case's registration day. Every document is checked."""
    if isinstance(value, str):
        entries = [line.split("|") for line in value.splitlines() if line.strip()]
    else:
        entries = [
            [str(e.get(k) or "") for k in (DOCUMENT_FILE, DOCUMENT_TITLE, DOCUMENT_DATE)]
            if isinstance(e, dict)
            else [str(e)]
            for e in value
        ]
    if entries and folder is None:
        raise RowRefused(
            (
                DOCUMENTS,
                "filer kan bara läsas in från importmappen (IMPORT_DIR), som inte är angiven; "
                "läs in filen med kommandot import_cases eller be driften ange mappen.",
            )
        )
    files, problems = [], []
    for entry in entries:
        file = _checked(problems, _file, entry, folder=folder, registered_on=registered_on)
        if file:
            files.append(file)
    if problems:
        raise RowRefused(*problems)
    return files


def _file(entry: list[str], *, folder: Path, registered_on: datetime.date) -> _File:
    if len(entry) > 3:
        raise RowRefused((DOCUMENTS, "skriv varje handling som ”sökväg | rubrik | datum”."))
    name, title, dated = [*(part.strip() for part in entry), "", ""][:3]
    path = _file_in(folder, name)
    title = " ".join(title.split()) or path.stem
    if len(title) > Document._meta.get_field("title").max_length:
        raise RowRefused((DOCUMENTS, f"rubriken för ”{name}” är för lång."))
    dated = _date(dated, DOCUMENTS) if dated else registered_on
    if dated > timezone.localdate():
        raise RowRefused((DOCUMENTS, f"”{name}” är daterad {dated}, en dag som inte kommit."))
    return _File(path=path, title=title, dated=dated)


def _file_in(folder: Path, name: str) -> Path:
    """The file `name` inside `folder` (symbolic links followed), readable and of an allowed
    type; a path leading out of the folder is refused, whatever it names."""
    if not name:
        raise RowRefused((DOCUMENTS, "en handling saknar sökväg."))
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise RowRefused((DOCUMENTS, f"”{name}” ligger utanför mappen filerna läses från."))
    if not path.exists():
        raise RowRefused((DOCUMENTS, f"filen ”{name}” finns inte."))
    try:
        with path.open("rb") as handle:
            validate_upload(File(handle, name=path.name))
    except OSError:
        raise RowRefused((DOCUMENTS, f"filen ”{name}” kan inte läsas.")) from None
    except ValidationError as error:
        raise RowRefused((DOCUMENTS, f"”{name}”: {' '.join(error.messages)}")) from None
    return path


def _kind(text: str) -> str:
    wanted = text.strip().lower()
    for kind, label in kinds.LABELS.items():
        if wanted in (kind, label):
            return kind
    labels = ", ".join(kinds.LABELS.values())
    raise RowRefused((KIND, f"Okänd ärendetyp ”{text}”; ange {labels}."))


def _date(text: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise RowRefused((column, f"”{text}” är inget datum {DATE_FORMAT}.")) from None


def _people(
    text: str, known: dict[tuple[str, str], list[Person]], column: str = MOVERS
) -> list[Person]:
    """'Gabriel Kroon (SD) och Jan Jonsson (L)' or 'Ann Svensson (S), Bo Ek (S)': each by name,
    read from `column`; every name is checked."""
    if "m.fl." in text:
        raise RowRefused(
            (column, f"”{text}” namnger inte alla motionärer; ange dem i kolumnen {MOVERS}.")
        )
    names = [n.split(" (")[0].strip() for n in text.replace(" och ", ", ").split(", ")]
    people, problems = [], []
    for name in filter(None, names):
        first, _, last = name.rpartition(" ")
        found = known.get((first, last), [])
        if not found:
            problems.append((column, f"Ingen person här heter {name}."))
        elif len(found) > 1:
            problems.append(
                (column, f"Flera personer heter {name}; ärendet kan inte kopplas till en.")
            )
        else:
            people.append(found[0])
    if not (people or problems):
        problems.append((column, "Ange vem som väckt ärendet."))
    if problems:
        raise RowRefused(*problems)
    return people


def _attribute_choices() -> dict:
    """Each used attribute's values by the text the export writes (a rotel in Stockholm), read
    once for the whole file."""
    return {
        attribute: {str(choice): choice for choice in attribute.field().queryset}
        for attribute in attributes.used_case_attributes()
    }


def _attribute_values(row: dict, choices: dict) -> dict:
    """The values of the attributes apps register, by their label; every one is checked."""
    values, problems = {}, []
    for attribute, known in choices.items():
        text = (row.get(attribute.label) or "").strip()
        if not text:
            continue
        if text not in known:
            problems.append((attribute.label, f"”{text}” finns inte här."))
        else:
            values[attribute.name] = known[text]
    if problems:
        raise RowRefused(*problems)
    return values


def _state(text: str, kind: str) -> tuple[str, ChainStep | None]:
    """The status as the case list writes it: 'remitterad', 'hos kommunstyrelsen', 'avgjord',
    'avgjord (protokollet ej justerat)' …; a step of the chain of that kind of case."""
    wanted = text.strip().split(" (")[0].lower()
    for status in Status:
        if wanted in (status.value, status.label):
            return status, None
    for step in ChainStep.chain(kind):
        if wanted == f"hos {step.body.in_running_text}".lower():
            return Status.IN_DECISION, step
    raise RowRefused((STATUS, f"Okänd status ”{text}”."))


def import_file(path: Path, *, dry_run: bool = False, by=None) -> ImportReport:
    """The command's import: the documents' paths are read from the file's own folder."""
    rows = read_rows(path.name, path.read_bytes())
    return import_cases(rows, dry_run=dry_run, by=by, folder=path.parent)
