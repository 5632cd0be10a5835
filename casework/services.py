"""Operations across the core's models: registration, documents, decisions, statements."""

import datetime
import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from casework import attributes, kinds, search
from casework.models import (
    Body,
    Case,
    CaseEvent,
    CaseSearchIndex,
    ChainStep,
    Classification,
    Decision,
    Document,
    DocumentText,
    JusteringChange,
    Meeting,
    MemberStatement,
    Municipality,
    Person,
    Registry,
    StatementAuthor,
    StatementCorrection,
    StatementKind,
)
from casework.search import fold
from casework.tasks import read_document_text
from casework.uploads import validate_upload
from casework.workflow import Status

logger = logging.getLogger(__name__)


class EditConflict(Exception):
    """Someone else saved the record after this edit began (optimistic locking by version)."""

    def __init__(self, current):
        super().__init__("Någon annan har sparat en nyare version medan du skrev.")
        self.current = current


@dataclass(frozen=True)
class StatementInput:
    """A reservation or special statement announced at a meeting, as a clerk enters it with the
    decision: its kind, its authors (the first one first), its own att-satser and its text."""

    kind: str
    authors: list[Person]
    text: str
    items: list[str] = field(default_factory=list)


class StatementsRefused(ValidationError):
    """Some statements filed with a decision were refused, so nothing of the step was saved;
    `refusals` says why, by each statement's place in the list given."""

    def __init__(self, refusals: dict[int, ValidationError]):
        super().__init__("Inget sparades: rätta reservationerna och uttalandena.")
        self.refusals = refusals


class AlreadyRegistered(Exception):
    """The same registration form came twice (a double click, a reload): the case is there once."""

    def __init__(self, case: Case):
        super().__init__(f"Ärendet är redan registrerat som {case.dnr}.")
        self.case = case


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
    kind: str,
    classification: Classification | None = None,
    handler=None,
    sequence: int | None = None,
    registration_key=None,
    by=None,
    **values: object,
) -> Case:
    """Register a case and give it the next dnr of its registry and year.

    The registry row is locked while the number is taken, so parallel
    registrations never share a number. An existing paper case can be brought
    in with its own `sequence`; the unique constraint refuses a taken one.
    A form sent twice (`registration_key` seen before) raises AlreadyRegistered.
    `values` are for the attributes apps register (`casework.attributes`), stored by them.
    """
    Registry.objects.select_for_update().get(pk=registry.pk)
    if registration_key and (
        earlier := Case.objects.filter(registration_key=registration_key).first()
    ):
        raise AlreadyRegistered(earlier)
    year = registered_on.year
    if sequence is None:
        last = Case.objects.filter(registry=registry, year=year).order_by("-sequence").first()
        sequence = (last.sequence if last else 0) + 1
    elif Case.objects.filter(registry=registry, year=year, sequence=sequence).exists():
        raise ValidationError(
            {
                "sequence": f"Diarienumret {Municipality.current().format_dnr(registry.prefix, year, sequence)} är redan upptaget."
            }
        )
    case = Case(
        registry=registry,
        year=year,
        sequence=sequence,
        kind=kind,
        title=title,
        registered_on=registered_on,
        classification=classification,
        handler=handler,
        registration_key=registration_key,
    )
    case.full_clean()
    case.save()
    attributes.store_case_attributes(case=case, values=values)
    CaseEvent.objects.create(
        case=case,
        at=case.moment_of(registered_on),
        by=by,
        from_status="",
        to_status=case.status,
        note="Registrerat i diariet.",
    )
    return case


@transaction.atomic
def case_update(
    *,
    case: Case,
    title: str,
    classification: Classification | None = None,
    handler=None,
    **values: object,
) -> Case:
    """Correct an open case's title, classification, handler or the values of the attributes apps
    register (the history keeps what they were)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise ValidationError("Ärendet är avslutat; dess uppgifter ändras inte längre.")
    case.title, case.classification, case.handler = title, classification, handler
    case.full_clean()
    case.save(update_fields=["title", "classification", "handler"])
    attributes.store_case_attributes(case=case, values=values)
    case_index(case=case)
    return case


@transaction.atomic
def document_register(
    *,
    case: Case,
    dated: datetime.date,
    kind: str,
    title: str,
    counterpart: str = "",
    direction: str | None = None,
    file=None,
    secrecy_provision: str = "",
    secrecy_marked_on: datetime.date | None = None,
    registered_on: datetime.date | None = None,
) -> Document:
    """OSL 5 kap. 1 §: register a document on its case with the next number (-1, -2, …), today
    or, for what a clerk enters afterwards, on the day it was registered (a step's own day, or
    the day an earlier diarium registered it)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    document = Document(
        case=case,
        number=case.next_document_number(),
        dated=dated,
        registered_on=registered_on or timezone.localdate(),
        kind=kind,
        title=title,
        direction=direction or kinds.usual_direction(kind),
        counterpart=counterpart,
        secrecy_provision=secrecy_provision,
        secrecy_marked_on=secrecy_marked_on,
    )
    if file is not None:
        file.name = (
            f"handling.{validate_upload(file)}"  # the stored extension is the detected type's
        )
        document.file = file
        document.sha256 = sha256_of(file)
    document.full_clean()
    document.save()
    case_index(case=case)  # its sender or receiver is found by search
    document_text_order(document=document)  # and its file's words, once the worker has read them
    return document


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    case: Case,
    items: list[str],
    step: ChainStep | None = None,
    in_minutes: bool = False,
    at: datetime.datetime | None = None,
) -> Decision:
    """Record a body's decision; those who took part are told they may reserve on it.

    KL 5 kap. 69 § and 6 kap. 35 §: a body's decisions are recorded in its minutes. At a meeting
    whose minutes are kept here a decision is made as a paragraph of them (`in_minutes`, from
    the paragraph's page), never entered beside them on a case's page.

    The case row is locked first, so of two clerks registering the same decision at once
    one succeeds and the other is told it is already there."""
    refuse_outside_minutes(meeting, in_minutes)
    if meeting.date > timezone.localdate(at or timezone.now()):
        raise ValidationError(
            f"{meeting.body.genitive} sammanträde {meeting.date:%Y-%m-%d} har inte hållits än; "
            "ett beslut registreras när det är fattat."
        )
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if Decision.objects.filter(meeting=meeting, case=case).exists():
        raise ValidationError(
            f"{meeting.body}s beslut den {meeting.date:%Y-%m-%d} i {case.dnr} är redan registrerat."
        )
    decision = Decision(meeting=meeting, case=case, items=items, step=step)
    decision.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:  # SQLite has no row locks: the constraint decides
        raise ValidationError(
            f"{meeting.body}s beslut den {meeting.date:%Y-%m-%d} i {case.dnr} är redan registrerat."
        ) from None
    if meeting.accepts_written_statements(timezone.now()):
        transaction.on_commit(lambda: _notify_decision(decision))
    return decision


def refuse_beside_opened_minutes(meeting: Meeting, *, field: str = "meeting_date") -> None:
    """KL 5 kap. 69 § and 6 kap. 35 §: once a meeting is opened here its decisions are paragraphs
    of its minutes; a decision entered on a case's page for that meeting is refused, and the
    clerk is sent to the paragraph (`field` is the form's field for the meeting's day)."""
    if meeting.minutes_kept_here:
        raise ValidationError(
            {
                field: (
                    f"Protokollet från {meeting.body.running_genitive} sammanträde den {meeting.date:%Y-%m-%d} "
                    "förs i systemet: registrera beslutet i ärendets paragraf på sammanträdets sida."
                )
            }
        )


def refuse_outside_minutes(meeting: Meeting, in_minutes: bool) -> None:
    """A decision at a meeting whose minutes are kept here is one of their paragraphs."""
    if meeting.held_here and not in_minutes:
        raise ValidationError(
            f"Protokollet från {meeting.body.running_genitive} sammanträde {meeting.date:%Y-%m-%d} "
            "förs i systemet: beslutet fattas där, som en paragraf i protokollet, inte här."
        )


@transaction.atomic
def chain_decide(
    *,
    case: Case,
    meeting: Meeting,
    items: list[str],
    by=None,
    at: datetime.datetime | None = None,
    in_minutes: bool = False,
) -> Decision:
    """The body of the step the case is at decides; the case goes on to the next step, or, after
    the chain's last step, is decided (the kind's guards say what else that needs).

    The case row is locked before its step is read: of two clerks recording the same step at
    once (at meetings of different days, even), one succeeds and the other is told where the
    case is now."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    case.refresh_from_db(fields=["status", "step"])
    case.refuse_unless_at(meeting.body)
    step = case.step
    if case.decided_at(step):
        raise ValidationError(f"{step.body.genitive} beslut i {case.dnr} är redan registrerat.")
    decision = decision_record(
        meeting=meeting, case=case, items=items, step=step, in_minutes=in_minutes, at=at
    )
    following = case.next_step()
    note = f"{step.body.name} beslutade den {meeting.date:%Y-%m-%d}."
    if following is None:
        case.transition_to(Status.DECIDED, by=by, note=note, at=at)
    else:
        case.transition_to(
            Status.IN_DECISION, by=by, note=f"{note} Till {following.body.in_running_text}.", at=at
        )
    return decision


def decision_paragraph_number(*, decisions: list[Decision], number: int) -> None:
    """The paragraph of minutes kept elsewhere that made these decisions (one paragraph may
    decide several cases together); a number another case's decision holds in the same minutes
    is refused."""
    meeting = decisions[0].meeting
    taken = (
        Decision.objects.filter(meeting=meeting, paragraph_number=number)
        .exclude(pk__in=[d.pk for d in decisions])
        .select_related("case")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            {
                "paragraph_number": (
                    f"§ {number} i {meeting.body.running_genitive} protokoll den "
                    f"{meeting.date:%Y-%m-%d} gäller redan {taken.case.dnr}."
                )
            }
        )
    Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(paragraph_number=number)
    for decision in decisions:
        decision.paragraph_number = number


@transaction.atomic
def chain_return(
    *,
    case: Case,
    meeting: Meeting,
    to_step: ChainStep | None,
    reason: str,
    by=None,
    at: datetime.datetime | None = None,
    in_minutes: bool = False,
) -> Decision:
    """Återremiss: the body of the step the case is at does not decide the matter but sends the
    case back, with the reason, to an earlier step of the chain or (`to_step` None) to the
    office for more preparation. The decision is recorded with the step; the case comes back
    through the chain, and only decisions after the return count (Case.decided_at)."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    case.refresh_from_db(fields=["status", "step"])
    case.refuse_unless_at(meeting.body)
    if not reason.strip():
        raise ValidationError({"reason": "Ange skälet till återremissen: vad ska beredas mer?"})
    target = to_step.body.in_running_text if to_step else "beredningen"
    step = case.step
    decision = decision_record(
        meeting=meeting,
        case=case,
        step=step,
        in_minutes=in_minutes,
        at=at,
        items=[f"Ärendet återremitteras till {target}: {reason.strip().rstrip('.')}."],
    )
    Decision.objects.filter(pk=decision.pk).update(sends_back=True)
    decision.sends_back = True
    note = f"Återremitterat av {step.body.in_running_text} den {meeting.date:%Y-%m-%d} till {target}: {reason.strip()}"
    case.transition_to(
        Status.IN_DECISION if to_step else Status.IN_PREPARATION,
        by=by,
        note=note,
        at=at,
        step=to_step,
    )
    return decision


def chain_skip(*, case: Case, reason: str, by=None, at: datetime.datetime | None = None) -> Case:
    """Pass a step the profile marks as one a case may skip, with the reason in the log (at the
    moment given, for a step entered afterwards; now otherwise)."""
    case.refresh_from_db(fields=["status", "step"])
    if case.status != Status.IN_DECISION or not case.step.optional:
        raise ValidationError("Det här steget i beslutsgången kan inte hoppas över.")
    case.transition_to(
        Status.IN_DECISION, by=by, note=f"{case.step.body.name} hoppades över: {reason}", at=at
    )
    return case


def _notify_decision(decision: Decision) -> None:
    meeting = decision.meeting
    deadline = (
        f"före justeringen {timezone.localtime(meeting.justering_deadline):%Y-%m-%d %H:%M}"
        if meeting.justering_deadline
        else "före justeringen"
    )
    mail_people(
        meeting.serving_members(),
        f"Beslut i {decision.case.dnr}: {meeting.body} {meeting.date:%Y-%m-%d}",
        f"{meeting.body} har fattat beslut i ärendet {decision.case.dnr} {decision.case.title}.\n"
        f"Du deltog i beslutet och kan lämna reservation eller särskilt uttalande {deadline}.\n"
        f"{site_url(reverse('my_decisions'))}\n",
    )


def site_url(path: str) -> str:
    """An address a reader can follow from a mail (SITE_URL; README, "Konfiguration")."""
    return settings.SITE_URL.rstrip("/") + path


def statement_path(statement: MemberStatement) -> str:
    return reverse("statement_edit", args=[statement.pk])


def mail_people(people: list[Person], subject: str, body: str) -> int:
    """One mail to each of these people who has an address; how many were sent."""
    recipients = [p.user.email for p in people if p.user_id and p.user.email]
    if not recipients:
        return 0
    return send_mass_mail([(subject, body, None, [to]) for to in recipients])


@transaction.atomic
def member_statement_file(
    *,
    decision: Decision,
    kind: str,
    authors: list[Person],
    text: str,
    items: list[str] | None = None,
) -> MemberStatement:
    """A clerk files a statement announced at the meeting, on the members' behalf: submitted at once."""
    MemberStatement.check_authors(decision, authors, kind)
    now = timezone.now()
    statement = MemberStatement(
        decision=decision,
        kind=kind,
        items=items or [],
        text=text,
        status=MemberStatement.Status.SUBMITTED,
        announced_at=now,
        submitted_at=now,
    )
    statement.full_clean()
    statement.save()
    bulk_create_with_history(  # authors are part of the record: their history starts here
        [
            StatementAuthor(statement=statement, person=person, position=i, confirmed_at=now)
            for i, person in enumerate(authors, start=1)
        ],
        StatementAuthor,
    )
    case_index(case=decision.case)  # its authors are found by search
    return statement


@transaction.atomic
def decision_statements_file(
    *, decision: Decision, statements: list[StatementInput]
) -> list[MemberStatement]:
    """File the statements announced with a decision, each as `member_statement_file` does. All
    or none: every refusal is collected, then `StatementsRefused` undoes the lot (and the step
    around it)."""
    filed, refusals = [], {}
    for index, statement in enumerate(statements):
        try:
            filed.append(
                member_statement_file(
                    decision=decision,
                    kind=statement.kind,
                    authors=statement.authors,
                    items=statement.items,
                    text=statement.text,
                )
            )
        except ValidationError as error:
            refusals[index] = error
    if refusals:
        raise StatementsRefused(refusals)
    return filed


def _refuse_after_deadline(decision: Decision, at: datetime.datetime) -> None:
    if not decision.meeting.accepts_written_statements(at):
        raise ValidationError(
            "Tiden för skriftliga reservationer och uttalanden gick ut vid justeringen. "
            "Nu kan bara en nämndsekreterare rätta texten."
        )


@transaction.atomic
def statement_announce(
    *, decision: Decision, kind: str, author: Person, by_clerk: bool, at: datetime.datetime
) -> MemberStatement:
    """A reservation or special statement is announced: by the member while the meeting is on
    (its day), or recorded by a clerk. The text is written afterwards, as a private draft."""
    refusal = MemberStatement.refusal_for(decision, author, kind)
    if refusal:
        raise ValidationError(refusal)
    _refuse_after_deadline(decision, at)
    if not by_clerk and not decision.meeting.accepts_announcements(at):
        raise ValidationError(
            "En reservation anmäls under sammanträdet, innan det avslutas. Be nämndsekreteraren "
            "registrera att du anmälde den."
        )
    if decision.statements.filter(kind=kind, authorships__person=author).exists():
        raise ValidationError(
            f"{author.full_name} har redan en {StatementKind(kind).label} på beslutet."
        )
    statement = MemberStatement.objects.create(
        decision=decision, kind=kind, status=MemberStatement.Status.DRAFT, announced_at=at
    )
    StatementAuthor.objects.create(statement=statement, person=author, position=1, confirmed_at=at)
    return statement


SUBMITTED_IS_FINAL = (
    "Texten är inlämnad och kan inte ändras längre. Efter justeringen kan en nämndsekreterare "
    "rätta den."
)


def _refuse_after_submission(statement: MemberStatement) -> None:
    if statement.is_submitted:
        raise PermissionDenied(SUBMITTED_IS_FINAL)


def _require_author(statement: MemberStatement, person: Person | None) -> None:
    """Only the statement's confirmed authors write it (a clerk without a Person is none of them)."""
    if not statement.has_author(person):
        raise PermissionDenied("Bara reservationens egna författare får ändra den.")


@transaction.atomic
def statement_write(
    *,
    statement: MemberStatement,
    person: Person,
    items: list[str],
    text: str,
    at: datetime.datetime,
    version: int | None = None,
) -> MemberStatement:
    """An author writes the statement's att-satser and motivation, until justering. `version` is
    the one the author started from: a co-author's newer save is never silently overwritten."""
    statement = MemberStatement.objects.select_for_update().get(pk=statement.pk)
    _require_author(statement, person)
    _refuse_after_deadline(statement.decision, at)
    _refuse_after_submission(statement)
    if version is not None and version != statement.version:
        raise EditConflict(statement)
    if (statement.items, statement.text) == (items, text):
        return statement
    statement.items, statement.text = items, text
    statement.version += 1
    statement.full_clean()
    statement.save(update_fields=["items", "text", "version"])
    return statement


def statement_save(
    *,
    statement: MemberStatement,
    person: Person,
    items: list[str],
    text: str,
    at: datetime.datetime,
    version: int | None = None,
    submit: bool = False,
) -> MemberStatement:
    """The author's one step on the statement's page: write the text (`statement_write`) and,
    with `submit`, hand it in (`statement_submit`). Two transactions on purpose: what the author
    wrote is kept even when handing it in is refused (an empty motivation, say)."""
    statement = statement_write(
        statement=statement, person=person, items=items, text=text, at=at, version=version
    )
    if submit:
        statement = statement_submit(statement=statement, person=person, at=at)
    return statement


@transaction.atomic
def statement_submit(
    *,
    statement: MemberStatement,
    person: Person,
    at: datetime.datetime,
    version: int | None = None,
) -> MemberStatement:
    """An author hands the text in; from then on it is public and final. `version` is the one
    the author saw on the confirm page: a co-author's later save is never handed in unseen."""
    statement = MemberStatement.objects.select_for_update().get(pk=statement.pk)
    _require_author(statement, person)
    _refuse_after_deadline(statement.decision, at)
    _refuse_after_submission(statement)
    if version is not None and version != statement.version:
        raise EditConflict(statement)
    statement.status, statement.submitted_at = MemberStatement.Status.SUBMITTED, at
    statement.full_clean()
    statement.save(update_fields=["status", "submitted_at"])
    case_index(case=statement.decision.case)  # its authors are found by search
    return statement


@transaction.atomic
def statement_invite(
    *, statement: MemberStatement, person: Person | None, invitee: Person, at: datetime.datetime
) -> StatementAuthor:
    """The first author invites a co-author, of any party, who took part in the decision."""
    first = statement.ordered_authors[:1]
    if person is None or not first or first[0].pk != person.pk:
        raise PermissionDenied("Bara den som skrev reservationen först kan bjuda in medförfattare.")
    _refuse_after_deadline(statement.decision, at)
    _refuse_after_submission(statement)
    refusal = MemberStatement.refusal_for(statement.decision, invitee, statement.kind)
    if refusal:
        raise ValidationError({"invitee": refusal})
    if statement.authorships.filter(person=invitee).exists():
        raise ValidationError({"invitee": f"{invitee.full_name} är redan inbjuden."})
    position = statement.authorships.count() + 1
    authorship = StatementAuthor.objects.create(
        statement=statement, person=invitee, position=position
    )
    transaction.on_commit(
        lambda: mail_people(
            [invitee],
            f"{person.full_name} bjuder in dig till en {statement.get_kind_display()}",
            f"{person.full_name} bjuder in dig som medförfattare till en {statement.get_kind_display()} "
            f"på {statement.decision.meeting.body}s beslut i {statement.decision.case.dnr}.\n"
            f"Läs texten och bekräfta eller avböj före justeringen:\n{site_url(statement_path(statement))}\n",
        )
    )
    return authorship


@transaction.atomic
def statement_confirm(
    *, statement: MemberStatement, person: Person, at: datetime.datetime
) -> StatementAuthor:
    """An invited co-author confirms in their own account; only then are they shown as author."""
    if person is None:
        raise PermissionDenied("Du är inte inbjuden till den här reservationen.")
    authorship = statement.authorships.select_for_update().filter(person=person).first()
    if authorship is None:
        raise PermissionDenied("Du är inte inbjuden till den här reservationen.")
    _refuse_after_deadline(statement.decision, at)
    if authorship.confirmed_at is None:
        authorship.confirmed_at = at
        authorship.save(update_fields=["confirmed_at"])
    return authorship


@transaction.atomic
def statement_decline(
    *, statement: MemberStatement, person: Person | None, at: datetime.datetime
) -> None:
    """An invited co-author says no: the invitation is withdrawn (its history keeps it) and the
    first author is told."""
    authorship = (
        statement.authorships.select_for_update()
        .filter(person=person, confirmed_at__isnull=True)
        .first()
        if person is not None
        else None
    )
    if authorship is None:
        raise PermissionDenied("Du har ingen obesvarad inbjudan till den här reservationen.")
    authorship.delete()
    first = statement.ordered_authors[:1]
    transaction.on_commit(
        lambda: mail_people(
            first,
            f"{person.full_name} avböjde din inbjudan",
            f"{person.full_name} vill inte stå som medförfattare till "
            f"{statement.heading.lower()} i {statement.decision.case.dnr}.\n"
            f"{site_url(statement_path(statement))}\n",
        )
    )


@transaction.atomic
def statement_correct(
    *, statement: MemberStatement, by, items: list[str], text: str, reason: str
) -> MemberStatement:
    """A clerk corrects a text after the deadline, giving a reason; the text before stays readable."""
    if not reason.strip():
        raise ValidationError({"reason": "Ange skälet till rättelsen."})
    statement = MemberStatement.objects.select_for_update().get(pk=statement.pk)
    StatementCorrection.objects.create(
        statement=statement,
        by=by,
        reason=reason,
        previous_items=statement.items,
        previous_text=statement.text,
    )
    statement.items, statement.text = items, text
    statement.version += 1
    statement.full_clean()
    statement.save(update_fields=["items", "text", "version"])
    return statement


def reindex_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate: store every case's search words again where a migration asked for it
    (`search.REINDEX_AFTER_MIGRATE`), with today's code on today's columns."""
    if using not in search.REINDEX_AFTER_MIGRATE:
        return
    search.REINDEX_AFTER_MIGRATE.discard(using)
    for case in Case.objects.using(using).iterator():
        case_index(case=case)


def case_index(*, case: Case) -> None:
    """Store the case's words for Swedish full-text search (PostgreSQL; SQLite searches by LIKE):
    its title, its kind's texts, the senders and receivers of its public documents, and the
    authors of its submitted reservations and statements."""
    if connection.vendor != "postgresql":
        return
    texts = [case.title, *kinds.case_texts(case)]
    texts += case.documents.public().values_list("counterpart", flat=True)
    authors = Person.objects.filter(
        statements__decision__case=case, statements__status=MemberStatement.Status.SUBMITTED
    ).distinct()
    texts += [person.full_name for person in authors]
    text = fold(" ".join(t for t in texts if t))  # "wanngard" finds "Wanngård"
    CaseSearchIndex.objects.update_or_create(
        case=case, defaults={"vector": SearchVector(Value(text), config="swedish")}
    )


@transaction.atomic
def meeting_get_or_create(
    *, body: Body, date: datetime.date, justering_deadline: datetime.datetime | None = None, by=None
) -> Meeting:
    """The body's meeting on that date. A time for justering given here is set if the meeting
    has none; a different time is refused: moving it is a deliberate step of its own."""
    meeting, _created = Meeting.objects.get_or_create(body=body, date=date)
    if justering_deadline is None or meeting.justering_deadline == justering_deadline:
        return meeting
    if meeting.justering_deadline is not None:
        raise ValidationError(
            {
                "justering_deadline": (
                    f"{body}s sammanträde den {date:%Y-%m-%d} har redan justering senast "
                    f"{timezone.localtime(meeting.justering_deadline):%Y-%m-%d %H:%M}. Lämna fältet tomt, "
                    "eller ändra tiden på sammanträdet (med skäl) om justeringen verkligen har flyttats."
                )
            }
        )
    return meeting_set_justering(meeting=meeting, deadline=justering_deadline, by=by)


@transaction.atomic
def meeting_set_justering(
    *,
    meeting: Meeting,
    deadline: datetime.datetime,
    by=None,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> Meeting:
    """Set or move the time for justering, with a JusteringChange row. KL 5 kap. 69 §: once the
    minutes are justerade the time is history and never moves; moving a set time needs a reason."""
    at = at or timezone.now()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.justering_deadline == deadline:
        return meeting
    if meeting.is_justerad(at):
        raise ValidationError(
            {
                "justering_deadline": (
                    f"Protokollet justerades {timezone.localtime(meeting.justering_deadline):%Y-%m-%d %H:%M}; "
                    "tiden för justering kan inte ändras efteråt."
                )
            }
        )
    if meeting.justering_deadline is not None and not reason.strip():
        raise ValidationError({"reason": "Ange skälet till att tiden för justering flyttas."})
    previous = meeting.justering_deadline
    meeting.justering_deadline = deadline
    meeting.full_clean()
    meeting.save(update_fields=["justering_deadline"])
    JusteringChange.objects.create(
        meeting=meeting, at=at, by=by, previous=previous, new=deadline, reason=reason.strip()
    )
    return meeting


@transaction.atomic
def document_cancel(*, document: Document, reason: str) -> Document:
    """A registered document is never deleted: it is cancelled (makulerad) with a reason and stays listed."""
    if not reason.strip():
        raise ValidationError({"reason": "Ange skälet till makuleringen."})
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.cancelled_at:
        raise ValidationError("Handlingen är redan makulerad.")
    document.cancelled_at, document.cancel_reason = timezone.now(), reason.strip()
    document.save(update_fields=["cancelled_at", "cancel_reason"])
    kinds.document_cancelled(document)
    document_text_order(document=document)  # its text leaves the index
    return document


def refuse_secrecy_day(document: Document, day: datetime.date) -> None:
    """OSL 5 kap. 5 §: the marking states the day it was made, which is neither in the future
    nor before the document was registered (it marks a registered document)."""
    if day > timezone.localdate():
        raise ValidationError({"marked_on": "Dagen kan inte vara senare än i dag."})
    if day < document.registered_on:
        raise ValidationError(
            {
                "marked_on": "Handlingen registrerades "
                f"{document.registered_on:%Y-%m-%d}; den kan inte ha markerats före det."
            }
        )


@transaction.atomic
def document_mark_secret(
    *, document: Document, provision: str, marked_on: datetime.date | None = None
) -> Document:
    """OSL 5 kap. 5 §: mark a registered document secret (sekretessmarkering), naming the
    provision and the day. From then on the public sees it by its number and provision only
    (`Document.is_secret`): its text leaves the search index, its sender leaves the case's search
    words, and the cached pages follow the document's change (casework.signals)."""
    if not provision.strip():
        raise ValidationError({"provision": "Ange sekretessbestämmelsen, t.ex. OSL 21 kap. 1 §."})
    document = Document.objects.select_for_update().select_related("case").get(pk=document.pk)
    if document.is_secret:
        raise ValidationError(
            f"Handlingen är redan sekretessmarkerad enligt {document.secrecy_provision}."
        )
    marked_on = marked_on or timezone.localdate()
    refuse_secrecy_day(document, marked_on)
    document.secrecy_provision, document.secrecy_marked_on = provision.strip(), marked_on
    document.full_clean()
    document.save(update_fields=["secrecy_provision", "secrecy_marked_on"])
    case_index(case=document.case)
    document_text_order(document=document)
    return document


@transaction.atomic
def document_lift_secrecy(*, document: Document, reason: str) -> Document:
    """OSL 5 kap. 5 §: a secrecy marking is a note that the document may hold secret details,
    not a decision; when that no longer holds it is lifted (hävs). It is lifted with a reason,
    kept in the document's history; the document is public again, its sender found by search
    and its file read."""
    if not reason.strip():
        raise ValidationError({"reason": "Ange skälet till att markeringen hävs."})
    document = Document.objects.select_for_update().select_related("case").get(pk=document.pk)
    if not document.is_secret:
        raise ValidationError("Handlingen är inte sekretessmarkerad.")
    document.secrecy_provision, document.secrecy_marked_on = "", None
    document._change_reason = f"Sekretessmarkeringen hävd: {reason.strip()}"[:100]
    document.save(update_fields=["secrecy_provision", "secrecy_marked_on"])
    case_index(case=document.case)
    document_text_order(document=document)
    return document


def document_text_order(*, document: Document, again: bool = False) -> bool:
    """What search may read of the document's file follows the document. OSL 5 kap. 2 §: a
    secret document's content is not shown to the public, so its text is never read or stored
    (and a document made secret loses it); a cancelled document's text leaves the index. A
    public document's file is read by the background worker after the commit, once (`again`
    reads it anew: the backfill after a failure). Returns whether a reading was ordered."""
    if document.is_secret or document.cancelled_at or not document.file:
        DocumentText.objects.filter(document=document).delete()
        return False
    row, created = DocumentText.objects.get_or_create(document=document)
    if not (created or again):
        return False
    if not created:
        row.status, row.error = DocumentText.Status.PENDING, ""
        row.save(update_fields=["status", "error"])
    transaction.on_commit(lambda: read_document_text.enqueue(document_id=document.pk))
    return True
