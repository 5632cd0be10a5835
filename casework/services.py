"""Operations across the core's models: registration, documents, decisions, statements."""

import datetime
import hashlib

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Value

from casework.models import (
    Body,
    Case,
    CaseSearchIndex,
    Decision,
    Document,
    Meeting,
    MemberStatement,
    Person,
    Registry,
    Rotel,
    StatementAuthor,
)


def sha256_of(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


@transaction.atomic
def case_register(
    *,
    registry: Registry,
    title: str,
    registered_on: datetime.date,
    kind: str = Case.Kind.MOTION,
    rotel: Rotel | None = None,
    handler=None,
    sequence: int | None = None,
) -> Case:
    """Register a case and give it the next dnr of its registry and year.

    The registry row is locked while the number is taken, so parallel
    registrations never share a number. An existing paper case can be brought
    in with its own `sequence`; the unique constraint refuses a taken one.
    """
    Registry.objects.select_for_update().get(pk=registry.pk)
    year = registered_on.year
    if sequence is None:
        last = Case.objects.filter(registry=registry, year=year).order_by("-sequence").first()
        sequence = (last.sequence if last else 0) + 1
    elif Case.objects.filter(registry=registry, year=year, sequence=sequence).exists():
        raise ValidationError(
            {"sequence": f"Diarienumret {registry.prefix} {year}/{sequence} är redan upptaget."}
        )
    case = Case(
        registry=registry, year=year, sequence=sequence, kind=kind, title=title,
        registered_on=registered_on, rotel=rotel, handler=handler,
    )  # fmt: skip
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def document_register(
    *,
    case: Case,
    dated: datetime.date,
    kind: str,
    title: str,
    counterpart: str = "",
    file=None,
    secrecy_provision: str = "",
    secrecy_marked_on: datetime.date | None = None,
) -> Document:
    """OSL 5 kap. 1 §: register a document on its case with the next number (-1, -2, …)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    document = Document(
        case=case, number=case.next_document_number(), dated=dated, kind=kind, title=title,
        counterpart=counterpart, secrecy_provision=secrecy_provision,
        secrecy_marked_on=secrecy_marked_on,
    )  # fmt: skip
    if file is not None:
        document.file = file
        document.sha256 = sha256_of(file)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def decision_record(*, meeting: Meeting, case: Case, items: list[str]) -> Decision:
    decision = Decision(meeting=meeting, case=case, items=items)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def member_statement_file(
    *,
    decision: Decision,
    kind: str,
    authors: list[Person],
    text: str,
    items: list[str] | None = None,
) -> MemberStatement:
    """File a reservation or special statement on a decision, authors in the order given."""
    MemberStatement.check_authors(decision, authors)
    statement = MemberStatement(decision=decision, kind=kind, items=items or [], text=text)
    if kind == MemberStatement.Kind.SPECIAL_STATEMENT and statement.items:
        raise ValidationError({"items": "Ett särskilt uttalande har inga att-satser."})
    statement.full_clean()
    statement.save()
    StatementAuthor.objects.bulk_create(
        StatementAuthor(statement=statement, person=person, position=i)
        for i, person in enumerate(authors, start=1)
    )
    return statement


def case_index(*, case: Case, texts: list[str]) -> None:
    """Store the case's words for Swedish full-text search (PostgreSQL; SQLite searches by LIKE)."""
    if connection.vendor != "postgresql":
        return
    text = " ".join(t for t in texts if t)
    CaseSearchIndex.objects.update_or_create(
        case=case, defaults={"vector": SearchVector(Value(text), config="swedish")}
    )


def meeting_get_or_create(
    *, body: Body, date: datetime.date, justering_deadline: datetime.datetime | None = None
) -> Meeting:
    """The body's meeting on that date; a justering deadline given now is kept."""
    meeting = Meeting.objects.filter(body=body, date=date).first()
    if meeting is None:
        meeting = Meeting(body=body, date=date, justering_deadline=justering_deadline)
        meeting.full_clean()
        meeting.save()
    elif justering_deadline and meeting.justering_deadline != justering_deadline:
        meeting.justering_deadline = justering_deadline
        meeting.full_clean()
        meeting.save(update_fields=["justering_deadline"])
    return meeting
