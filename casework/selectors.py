"""Reads that several pages share: the case page's core data, a case's recorded history, a
politician's decisions ("Mina beslut") and the statements on their start page, each with what its pages show of the rows fetched in a
fixed number of queries."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from casework import attributes
from casework.models import (
    Case,
    CaseEvent,
    Decision,
    Document,
    DocumentText,
    Meeting,
    Membership,
    MemberStatement,
    PartyAffiliation,
    Person,
    StatementAuthor,
)


def with_parties(path: str, queryset: QuerySet) -> Prefetch:
    """Rows pointing at people (movers, authors), with each person's parties, in two queries.

    A prefetch here orders its rows only within each one they belong to: the default ordering
    begins with that row, and ordering by it joins its table (and its own ordering's) for
    nothing."""
    parties = Prefetch(
        "person__affiliations",
        queryset=PartyAffiliation.objects.select_related("party").order_by("-starts_on"),
    )
    return Prefetch(path, queryset=queryset.select_related("person").prefetch_related(parties))


# --- The case page -------------------------------------------------------------------------


def statements_on_record() -> QuerySet[MemberStatement]:
    """The reservations and special statements handed in or announced at the meeting, with their
    authors and their parties."""
    return (
        MemberStatement.objects.on_record()
        .order_by("kind", "id")
        .prefetch_related(with_parties("authorships", StatementAuthor.objects.order_by("position")))
    )


def case_decisions() -> QuerySet[Decision]:
    """Decisions as the case page shows them: the meeting and body, the paragraph and its
    dispatches, and the statements handed in or announced (a draft's text is never shown)."""
    return Decision.objects.select_related("meeting__body", "agenda_item").prefetch_related(
        Prefetch("statements", queryset=statements_on_record()), "agenda_item__dispatches"
    )


def document_hits(query: str) -> Prefetch:
    """For a list of cases searched for `query`: as `case.document_hits`, the case's public
    documents whose file has the words, so the list says where a hit came from."""
    matching = DocumentText.objects.public().matching(query).filter(document=OuterRef("pk"))
    return Prefetch(
        "documents",
        queryset=Document.objects.public_attachments().filter(Exists(matching)),
        to_attr="document_hits",
    )


def case_page(slug: str) -> QuerySet[Case]:
    """The case whose dnr stands in the URL, with what its page shows: registry, handler, the apps' case attributes,
    classification, the step of its chain, its documents, its log and its decisions. An
    invalid dnr raises ValidationError."""
    return (
        Case.objects.by_dnr(slug)
        .select_related(
            "registry", "handler", "classification", "step__body", *attributes.related()
        )
        .prefetch_related(
            Prefetch("documents", queryset=Document.objects.order_by("number")),
            Prefetch(
                "events", queryset=CaseEvent.objects.select_related("by").order_by("at", "id")
            ),
            Prefetch("decisions", queryset=case_decisions()),
        )
    )


# --- A case's history ----------------------------------------------------------------------


def history_records(records: QuerySet) -> QuerySet:
    """Historical records in the order they were made, with who made them."""
    return records.select_related("history_user").order_by("history_date", "history_id")


def case_history(case: Case) -> dict[str, QuerySet]:
    """The core's recorded changes to a case: its own row, its documents, its decisions and
    their submitted statements (drafts are private to their authors). Apps add their own."""
    decision_ids = list(case.decisions.values_list("pk", flat=True))
    return {
        "case": history_records(Case.history.filter(id=case.pk)),
        "documents": history_records(Document.history.filter(case_id=case.pk)),
        "decisions": history_records(Decision.history.filter(case_id=case.pk)),
        "statements": history_records(
            MemberStatement.history.filter(
                decision_id__in=decision_ids, status=MemberStatement.Status.SUBMITTED
            )
        ),
    }


# --- Mina beslut ---------------------------------------------------------------------------


def person_memberships(person: Person) -> QuerySet[Membership]:
    """The person's seats in bodies, latest first."""
    return person.memberships.select_related("body").order_by("-starts_on")


def member_decisions(person: Person) -> QuerySet[Decision]:
    """Decisions at meetings of bodies the person sat in on the meeting's day, latest first,
    with the statements the person may see (submitted ones, and drafts of their own)."""
    seated = Membership.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("meeting__date")),
        person=person,
        body=OuterRef("meeting__body"),
        starts_on__lte=OuterRef("meeting__date"),
    )
    visible = (
        MemberStatement.objects.visible_to(person)
        .prefetch_related("authorships__person")
        .order_by("kind", "id")
    )
    return (
        Decision.objects.filter(Exists(seated))
        .select_related("meeting__body", "case__registry", "case__classification")
        .prefetch_related("meeting__participants", Prefetch("statements", queryset=visible))
        .order_by("-meeting__date", "-id")
    )


# --- A politician's start page -------------------------------------------------------------


def _open_drafts(person: Person, at: datetime.datetime, *, confirmed: bool) -> QuerySet:
    """Draft statements of the person's (confirmed, or only invited) whose time to be handed
    in has not run out (KL 4 kap. 27 §: until justering), the nearest deadline first."""
    return (
        MemberStatement.objects.filter(
            status=MemberStatement.Status.DRAFT,
            authorships__person=person,
            authorships__confirmed_at__isnull=not confirmed,
        )
        .exclude(Meeting.justerad_by(at, prefix="decision__meeting__"))
        .select_related("decision__meeting__body", "decision__case__registry")
        .prefetch_related("authorships__person")
        .order_by("decision__meeting__justering_deadline", "decision__meeting__date", "id")
    )


def statements_announced(person: Person, *, at: datetime.datetime) -> QuerySet[MemberStatement]:
    """Reservations and special statements the person announced (or co-authors) and has not
    handed in yet, while there is still time."""
    return _open_drafts(person, at, confirmed=True)


def statement_invitations(person: Person, *, at: datetime.datetime) -> QuerySet[MemberStatement]:
    """Statements the person is invited to co-author and has not answered, while there is time."""
    return _open_drafts(person, at, confirmed=False)
