"""Bringing an existing diarium in: the case list's own export (CSV, or JSON with the same
names) read back as cases with their own dnr, dates and state (issue 21).

Every row is checked before anything is saved; one bad row and nothing is imported, and each
problem is reported in Swedish with its row. A case whose dnr is already here with the same title
is left as it is, so a second run adds nothing."""

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import attributes
from casework.models import Case, ChainStep, Person, Registry, parse_dnr
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


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)  # the dnr of each case imported
    existing: list[str] = field(default_factory=list)  # already here, left as they are
    problems: list[str] = field(default_factory=list)  # "Rad 3: …", in Swedish

    @property
    def ok(self) -> bool:
        return not self.problems


class RowRefused(Exception):
    pass


def read_rows(name: str, content: bytes) -> list[dict]:
    """The rows of a CSV file (semicolon-separated, UTF-8, as the export writes it) or of a
    JSON file (a list of objects with the same names)."""
    text = content.decode("utf-8-sig")
    if name.lower().endswith(".json"):
        rows = json.loads(text)
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValueError("JSON-filen ska vara en lista av ärenden.")
        return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def import_cases(rows: list[dict], *, dry_run: bool = False, by=None) -> ImportReport:
    """Import the rows as cases, all or none; `dry_run` checks every row and saves nothing."""
    report = ImportReport()
    missing = [name for name in REQUIRED if rows and name not in rows[0]]
    if missing:
        report.problems.append("Kolumner saknas: " + ", ".join(missing) + ".")
        return report
    seen = {}
    choices = _attribute_choices()
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):  # row 1 is the header
            dnr = (row.get(DNR) or "").strip()
            try:
                if dnr in seen:
                    raise RowRefused(f"{dnr} står redan på rad {seen[dnr]}.")
                seen[dnr] = number
                with transaction.atomic():
                    added = _import_row(row, choices=choices, by=by)
            except RowRefused as refused:
                report.problems.append(f"Rad {number}: {refused}")
            except ValidationError as error:
                report.problems.append(f"Rad {number}: {' '.join(_messages(error))}")
            else:
                (report.added if added else report.existing).append(dnr)
        if dry_run or report.problems:
            transaction.set_rollback(True)
    if report.problems:
        report.added = []
    return report


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return error.messages


def _import_row(row: dict, *, choices: dict, by) -> bool:
    """The row's case, registered with its own dnr, dates and state; False if it is already
    here with the same title."""
    prefix, year, sequence = parse_dnr(row[DNR])
    registry = Registry.objects.filter(prefix=prefix).first()
    if registry is None:
        raise RowRefused(f"Diariet {prefix} finns inte här.")
    title = " ".join(row[TITLE].split())
    if not title:
        raise RowRefused("Ärendemeningen saknas.")
    here = Case.objects.filter(registry=registry, year=year, sequence=sequence).first()
    if here is not None:
        if here.title != title:
            raise RowRefused(f"{here.dnr} finns redan här, med ärendemeningen ”{here.title}”.")
        return False
    kind = _kind(row[KIND])
    filed_on, registered_on = _date(row[FILED], FILED), _date(row[REGISTERED], REGISTERED)
    if registered_on.year != year:
        raise RowRefused(
            f"Diarienumrets år {year} stämmer inte med registreringsdatumet {registered_on}."
        )
    raised = (row.get(MOVERS) or row[RAISED_BY]).strip()
    members = kind in kinds.RAISED_BY_MEMBERS
    motion = motion_register(
        registry=registry,
        title=title,
        kind=kind,
        filed_on=filed_on,
        registered_on=registered_on,
        sequence=sequence,
        movers=_people(raised) if members else [],
        proposer="" if members else raised,
        by=by,
        **_attribute_values(row, choices),
    )
    status, step = _state(row[STATUS], motion.case)
    if status != Status.REGISTERED:
        motion.case.take_over_state(status, step=step, by=by)
    return True


def _kind(text: str) -> str:
    wanted = text.strip().lower()
    for kind, label in kinds.LABELS.items():
        if wanted in (kind, label):
            return kind
    raise RowRefused(f"Okänd ärendetyp ”{text}”; ange {', '.join(kinds.LABELS.values())}.")


def _date(text: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise RowRefused(f"{column}: ”{text}” är inget datum ÅÅÅÅ-MM-DD.") from None


def _people(text: str) -> list[Person]:
    """'Gabriel Kroon (SD) och Jan Jonsson (L)' or 'Ann Svensson (S), Bo Ek (S)': each by name."""
    if "m.fl." in text:
        raise RowRefused(f"”{text}” namnger inte alla motionärer; ange dem i kolumnen {MOVERS}.")
    names = [n.split(" (")[0].strip() for n in text.replace(" och ", ", ").split(", ")]
    people = []
    for name in filter(None, names):
        first, _, last = name.rpartition(" ")
        found = list(Person.objects.filter(first_name=first, last_name=last)[:2])
        if not found:
            raise RowRefused(f"Ingen person här heter {name}.")
        if len(found) > 1:
            raise RowRefused(f"Flera personer heter {name}; ärendet kan inte kopplas till en.")
        people.append(found[0])
    if not people:
        raise RowRefused("Ange vem som väckt ärendet.")
    return people


def _attribute_choices() -> dict:
    """Each used attribute's values by the text the export writes (a rotel in Stockholm), read
    once for the whole file."""
    return {
        attribute: {str(choice): choice for choice in attribute.field().queryset}
        for attribute in attributes.used_case_attributes()
    }


def _attribute_values(row: dict, choices: dict) -> dict:
    """The values of the attributes apps register, by their label."""
    values = {}
    for attribute, known in choices.items():
        text = (row.get(attribute.label) or "").strip()
        if not text:
            continue
        if text not in known:
            raise RowRefused(f"{attribute.label}: ”{text}” finns inte här.")
        values[attribute.name] = known[text]
    return values


def _state(text: str, case: Case) -> tuple[str, ChainStep | None]:
    """The status as the case list writes it: 'remitterad', 'hos kommunstyrelsen', 'avgjord',
    'avgjord (protokollet ej justerat)' …"""
    wanted = text.strip().split(" (")[0].lower()
    for status in Status:
        if wanted in (status.value, status.label):
            return status, None
    for step in case.chain():
        if wanted == f"hos {step.body.in_running_text}".lower():
            return Status.IN_DECISION, step
    raise RowRefused(f"Okänd status ”{text}”.")


def import_file(path: Path, *, dry_run: bool = False, by=None) -> ImportReport:
    return import_cases(read_rows(path.name, path.read_bytes()), dry_run=dry_run, by=by)
