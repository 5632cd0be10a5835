"""Operations across models on cases raised in KF or KS: registration, KS's document, the
decisions of the chain."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_text_list

from casework import attributes
from casework.models import (
    Body,
    Case,
    Classification,
    Decision,
    Document,
    Meeting,
    MemberStatement,
    Municipality,
    Person,
    Registry,
)
from casework.pdf import html_to_pdf
from casework.services import (
    EditConflict,
    StatementInput,
    case_index,
    case_register,
    chain_decide,
    decision_paragraph_number,
    decision_record,
    decision_statements_file,
    document_register,
    meeting_get_or_create,
    refuse_beside_opened_minutes,
    refuse_outside_minutes,
)
from casework.tasks import pdf_for
from casework.workflow import CLOSED, Status
from motions import kinds
from motions.models import (
    NUMBER_TAKEN,
    DeadlineReport,
    DeadlineReportItem,
    Motion,
    Mover,
    PreparationSummary,
    Utlatande,
    movers_text,
    next_motion_number,
)
from referrals.models import Referral


@transaction.atomic
def motion_register(
    *,
    registry: Registry,
    title: str,
    filed_on: datetime.date,
    registered_on: datetime.date,
    kind: str = kinds.MOTION,
    movers: list[Person] | None = None,
    proposer: str = "",
    att_satser: list[str] | None = None,
    text: str = "",
    number: str = "",
    classification: Classification | None = None,
    handler=None,
    sequence: int | None = None,
    file=None,
    registration_key=None,
    by=None,
    **values: object,
) -> Motion:
    """Register a motion, medborgarförslag or skrivelse: its case and dnr, who raised it (members
    in order, or the resident by name), and the text as document -1. `values` are for the
    attributes of a case apps register (a rotel in Stockholm)."""
    movers = movers or []
    if kind in kinds.RAISED_BY_MEMBERS:
        if not movers:
            raise ValidationError({"movers": "Ange minst en motionär."})
        if proposer:
            raise ValidationError({"proposer": "Förslagsställare anges bara för medborgarförslag."})
    else:
        if not proposer.strip():
            raise ValidationError({"proposer": "Ange förslagsställarens namn."})
        if movers:
            raise ValidationError({"movers": "Ett medborgarförslag har ingen motionär."})
    if len(set(movers)) != len(movers):
        raise ValidationError({"movers": "Samma motionär står två gånger."})
    if registered_on < filed_on:
        raise ValidationError({"registered_on": "Ärendet kan inte registreras före det väcktes."})
    number = motion_number(kind=kind, number=number, filed_on=filed_on)
    case = case_register(
        registry=registry,
        title=title,
        registered_on=registered_on,
        kind=kind,
        classification=classification,
        handler=handler,
        sequence=sequence,
        registration_key=registration_key,
        by=by,
        **values,
    )
    motion = Motion(
        case=case,
        number=number,
        filed_on=filed_on,
        text=text,
        att_satser=att_satser or [],
        proposer=proposer.strip(),
    )
    motion.full_clean()
    motion.save(force_insert=True)  # its key is the new case's: no UPDATE tried first
    Mover.objects.bulk_create(
        Mover(motion=motion, person=person, position=i) for i, person in enumerate(movers, start=1)
    )
    document_register(
        case=case,
        dated=registered_on,
        registered_on=registered_on,
        kind=kind,
        title=title,
        counterpart=movers_text(movers, proposer=motion.proposer, on=filed_on),
        file=file,
    )  # registering the document indexes the case, movers included
    return motion


def motion_number(*, kind: str, number: str, filed_on: datetime.date) -> str:
    """The motion's number in KF's own series: the one given, refused if another motion has it;
    or, where the profile numbers motions per year, the next of the filing year's series (the
    profile row is locked while it is taken, so parallel registrations get numbers of their
    own)."""
    if number:
        if Motion.objects.filter(number=number).exists():
            raise ValidationError({"number": NUMBER_TAKEN})
        return number
    if kind != kinds.MOTION or not Municipality.current().motion_number_series:
        return ""
    Municipality.objects.select_for_update().filter(pk=1).first()
    return next_motion_number(filed_on.year)


def motion_texts(case: Case) -> list[str]:
    """What full-text search finds a motion case by, besides what every case has: the motion's
    text, att-satser and movers, and its utlåtande."""
    motion = Motion.objects.filter(case=case).first()
    if motion is None:  # still being registered
        return []
    texts = [
        motion.text,
        motion.proposer,
        *motion.att_satser,
        *(p.full_name for p in motion.ordered_movers),
    ]
    utlatande = Utlatande.objects.filter(motion=motion).first()
    if utlatande:
        texts += [utlatande.summary, utlatande.views, utlatande.matter]
    return texts


@transaction.atomic
def utlatande_save(
    *,
    motion: Motion,
    version: int | None,
    summaries: dict[int, str],
    attachments: list[Document],
    joint_cases: list[Case] | None = None,
    **fields,
) -> Utlatande:
    """Create or update the draft utlåtande, refusing to overwrite a newer version (optimistic locking).

    `version` is the version the clerk started from (None for a new one); `summaries`
    maps referral ids to the rapporteur's paragraph in Beredning.
    """
    utlatande = Utlatande.objects.select_for_update().filter(motion=motion).first()
    if utlatande is None:
        if version is not None:
            raise ValidationError("Utlåtandet finns inte längre.")
        utlatande = Utlatande(motion=motion)
    elif version != utlatande.version:
        raise EditConflict(utlatande)
    else:
        utlatande.version += 1
    if utlatande.frozen_document_id:
        raise ValidationError("Utlåtandet är fastställt och kan inte ändras.")
    if any(not d.is_public_attachment for d in attachments):
        raise ValidationError(
            {"attachments": "En sekretessmarkerad eller makulerad handling kan inte vara bilaga."}
        )
    unknown = set(fields) - set(Utlatande.DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"utlatande_save() does not set {', '.join(sorted(unknown))}")
    for name in Utlatande.DRAFT_FIELDS:  # a part not given keeps what it was
        setattr(utlatande, name, fields.get(name, getattr(utlatande, name)))
    joint_cases = joint_cases or []
    if motion.case in joint_cases:
        raise ValidationError({"joint_cases": "Handlingen besvarar redan sitt eget ärende."})
    if any(not c.is_open for c in joint_cases):
        raise ValidationError({"joint_cases": "Ett avslutat ärende kan inte besvaras gemensamt."})
    elsewhere = Utlatande.objects.filter(joint_cases__in=joint_cases).exclude(pk=motion.pk)
    if elsewhere.exists() or Utlatande.objects.filter(motion__case__in=joint_cases).exists():
        raise ValidationError(
            {"joint_cases": "Ett av ärendena besvaras redan av en annan handling."}
        )
    utlatande.full_clean()
    utlatande.save()
    utlatande.attachments.set(attachments)
    utlatande.joint_cases.set(joint_cases)
    referrals = {r.pk: r for r in motion.case.referrals.all()}
    for referral_id, text in summaries.items():
        if text:
            PreparationSummary.objects.update_or_create(
                referral=referrals[referral_id], defaults={"utlatande": utlatande, "text": text}
            )
        else:
            PreparationSummary.objects.filter(referral_id=referral_id, utlatande=utlatande).delete()
    case_index(case=motion.case)
    return utlatande


@transaction.atomic
def motion_chain_decide(
    *,
    motion: Motion,
    meeting: Meeting,
    items: list[str],
    signatory: Person | None = None,
    signatory_title: str = "",
    outcomes: dict[int, str] | None = None,
    by=None,
    at: datetime.datetime | None = None,
    in_minutes: bool = False,
) -> list[Decision]:
    """The body of the step the case is at decides, on every case KS's document answers.
    Kommunstyrelsen's decision is signed (the document's signatory); the chain's last decision
    closes each case with its outcome (`outcomes`, by case id). The cases may have chains of their
    own: a skrivelse answered with a motion may end at KS while the motion goes on to KF."""
    refuse_outside_minutes(meeting, in_minutes)
    motion.case.refresh_from_db(fields=["status", "step"])
    utlatande = Utlatande.answering(motion.case)
    motion.case.refuse_unless_at(meeting.body)
    cases = motion_decided_together(motion.case)
    step = motion.case.step
    if step.signs_document and utlatande is not None:
        signatory = signatory or step.body.chair_on(meeting.date)  # the chair of that day
        if signatory is None:
            raise ValidationError(
                {
                    "signatory": f"{step.body.name} hade ingen ordförande den {meeting.date:%Y-%m-%d}; ange vem som undertecknar."
                }
            )
        utlatande.signatory = signatory
        utlatande.signatory_title = signatory_title or Municipality.current().signatory_title
        utlatande.save(update_fields=["signatory", "signatory_title"])
    outcomes = outcomes or {}
    decisions = []
    for case in cases:  # read afresh with the document just now
        if case.step_id and case.step.is_last:
            if not outcomes.get(case.pk):
                raise ValidationError({"outcome": f"Ange utfallet för {case.dnr}."})
            answered = Motion.objects.get(case=case)
            answered.outcome = outcomes[case.pk]
            answered.full_clean()
            answered.save(update_fields=["outcome"])
        try:
            decisions.append(
                chain_decide(
                    case=case, meeting=meeting, items=items, by=by, at=at, in_minutes=in_minutes
                )
            )
        except ValidationError as error:
            if case == motion.case:
                raise
            raise ValidationError(
                [f"{case.dnr}: {message}" for message in error.messages]
            ) from None
    return decisions


@transaction.atomic
def motion_decision_register(
    *,
    motion: Motion,
    meeting_date: datetime.date,
    items: list[str],
    justering_deadline: datetime.datetime | None = None,
    paragraph_number: int | None = None,
    signatory: Person | None = None,
    signatory_title: str = "",
    outcomes: dict[int, str] | None = None,
    statements: list[StatementInput] | None = None,
    by=None,
) -> list[Decision]:
    """Register, on the case's page, the decision of the body the case is at in its chain, made
    at a meeting whose minutes are kept elsewhere: the meeting of that day (created if need be),
    the decision on every case KS's document answers (`motion_chain_decide`) under its paragraph
    of those minutes, and the reservations and special statements announced on it. Logged on
    the meeting's day, also when entered afterwards. All or none."""
    step = motion.case.step
    if step is None:
        raise ValidationError("Ärendet ligger inte hos något beslutande organ.")
    meeting = meeting_get_or_create(
        body=step.body, date=meeting_date, justering_deadline=justering_deadline, by=by
    )
    refuse_beside_opened_minutes(meeting)
    decisions = motion_chain_decide(
        motion=motion,
        meeting=meeting,
        items=items,
        signatory=signatory,
        signatory_title=signatory_title,
        outcomes=outcomes,
        by=by,
        at=motion.case.moment_of(meeting_date),
    )
    if paragraph_number is not None:
        decision_paragraph_number(decisions=decisions, number=paragraph_number)
    decision_statements_file(decision=decisions[0], statements=statements or [])
    return decisions


def motion_decided_together(case: Case) -> list[Case]:
    """The open cases one decision on this case decides: every case its document answers that
    is still open (a skrivelse answered with a motion may have been closed by KS för egen del
    while the motion went on to KF), in the document's order: the first carries the paragraph."""
    utlatande = Utlatande.answering(case)
    if utlatande is None:
        return [case]
    return [c for c in utlatande.cases if c.is_open or c.pk == case.pk]


def motion_decide_at_meeting(
    *, case: Case, meeting: Meeting, items: list[str], outcome: str, by=None, at=None
) -> Decision:
    """A paragraph of a meeting decides the case (and every open case its document answers, with
    the one outcome the paragraph gives), as `motion_chain_decide` does; KS's document is signed
    by whoever chaired the meeting."""
    cases = motion_decided_together(case)
    decisions = motion_chain_decide(
        motion=Motion.objects.get(case=case),
        meeting=meeting,
        items=items,
        signatory=meeting.chair,
        outcomes={c.pk: outcome for c in cases},
        by=by,
        at=at,
        in_minutes=True,
    )
    return decisions[0]


def motion_proposal(case: Case) -> list[str]:
    """What KS's document proposes KF decide (its att-satser), once there is one."""
    utlatande = Utlatande.answering(case)
    return list(utlatande.proposed_items) if utlatande else []


def found_so_far(motion: Motion) -> str:
    """What the preparation has found so far, in a sentence or two, for the one-year report
    (reads the referrals a list has prefetched with their bodies)."""
    referrals = [r for r in motion.case.referrals.all() if r.state != Referral.State.WITHDRAWN]
    answered = [
        r.body.in_running_text
        for r in referrals
        if r.state in (Referral.State.ANSWERED, Referral.State.DECLINED)
    ]
    parts = []
    if referrals:
        parts.append(
            f"Remitterad till {get_text_list([r.body.in_running_text for r in referrals], 'och')}; "
            + (f"svar från {get_text_list(answered, 'och')}." if answered else "inga svar ännu.")
        )
    else:
        parts.append("Inte remitterad.")
    parts.append(f"Status: {motion.case.stage}.")
    return " ".join(parts)


@transaction.atomic
def deadline_report_make(*, as_of: datetime.date, by=None) -> DeadlineReport:
    """KL 5 kap. 35 §: KS reports to KF the motions whose preparation cannot be finished within
    the year (past their deadline or within the warning days of it), each with what has been
    found so far. The rows keep what was reported, whatever happens to the cases after."""
    motions = list(
        Motion.objects.to_report(on=as_of)
        .select_related("case__registry", "case__step__body")
        .prefetch_related("case__referrals__body")
        .order_by("filed_on", "case__sequence")
    )
    if not motions:
        raise ValidationError({"as_of": f"Inga motioner behöver redovisas per {as_of:%Y-%m-%d}."})
    report = DeadlineReport.objects.create(as_of=as_of, made_by=by)
    DeadlineReportItem.objects.bulk_create(
        DeadlineReportItem(report=report, motion=m, deadline=m.deadline, found=found_so_far(m))
        for m in motions
    )
    return report


@transaction.atomic
def deadline_report_write_off(
    *, report: DeadlineReport, motions: list[Motion], meeting: Meeting, items: list[str], by=None
) -> list[Motion]:
    """KF writes reported motions off from further handling (KL 5 kap. 35 §): a decision at its
    meeting on each, the outcome "avskriven", the case closed. All or none."""
    if meeting.body.kind != Body.Kind.COUNCIL:
        raise ValidationError("Det är fullmäktige som avskriver motioner.")
    refuse_outside_minutes(meeting, in_minutes=False)  # before any motion is touched
    if not motions:
        raise ValidationError({"motions": "Välj minst en motion att avskriva."})
    reported = set(report.items.values_list("motion_id", flat=True))
    for motion in motions:
        if motion.pk not in reported:
            raise ValidationError(f"{motion.case.dnr} finns inte med i redovisningen.")
        motion_write_off(motion=motion, meeting=meeting, items=items, by=by)
    return motions


@transaction.atomic
def deadline_report_decision_register(
    *,
    report: DeadlineReport,
    meeting_date: datetime.date,
    motions: list[Motion],
    items: list[str],
    by=None,
) -> list[Motion]:
    """Register fullmäktige's decision writing reported motions off (KL 5 kap. 35 §), made at
    its meeting of that day (created if need be), as `deadline_report_write_off`. All or none."""
    council = Body.objects.filter(kind=Body.Kind.COUNCIL).order_by("id").first()
    meeting = meeting_get_or_create(body=council, date=meeting_date, by=by)
    return deadline_report_write_off(
        report=report, motions=motions, meeting=meeting, items=items, by=by
    )


@transaction.atomic
def motion_write_off(
    *,
    motion: Motion,
    meeting: Meeting,
    items: list[str],
    by=None,
    at=None,
    in_minutes: bool = False,
) -> Decision:
    """KL 5 kap. 35 §: fullmäktige writes off a motion it has been told could not be prepared
    within the year: its decision, the outcome "avskriven", the case closed."""
    if not motion.case.is_open:
        raise ValidationError(f"{motion.case.dnr} är redan avslutat.")
    decision = decision_record(
        meeting=meeting, case=motion.case, items=items, in_minutes=in_minutes, at=at
    )
    motion.outcome = Motion.Outcome.WRITTEN_OFF
    motion.full_clean()
    motion.save(update_fields=["outcome"])
    motion.case.transition_to(
        Status.WRITTEN_OFF,
        by=by,
        at=at,
        note=f"Avskriven av {meeting.body.in_running_text} den {meeting.date:%Y-%m-%d} (KL 5 kap. 35 §).",
    )
    return decision


WRITE_OFF_OUTCOMES = (("avskriven", "avskrivs"), ("kvarstar", "avskrivs inte"))


def reported_to_council(meeting: Meeting):
    """The open motions reported to fullmäktige under the one-year rule: its agenda may take
    them, to write them off (KL 5 kap. 35 §)."""
    if meeting.body.kind != Body.Kind.COUNCIL:
        return Case.objects.none()
    already = Decision.objects.filter(  # kept in preparation by fullmäktige since the report
        case=OuterRef("pk"),
        meeting__body__kind=Body.Kind.COUNCIL,
        meeting__date__gte=OuterRef("motion__reported__report__as_of"),
    )
    return (
        Case.objects.filter(motion__reported__isnull=False)
        .exclude(status__in=CLOSED)
        .exclude(Exists(already))
        .distinct()
    )


def write_off_propose(case: Case, meeting: Meeting) -> tuple[str, list[str]]:
    return "Kommunstyrelsens redovisning", ["Motionen avskrivs från vidare handläggning."]


def write_off_at_meeting(*, case: Case, meeting: Meeting, items, outcome: str, by=None, at=None):
    """The paragraph on a reported motion: written off, or (outcome "kvarstar") kept in
    preparation with the decision recorded."""
    if outcome == "avskriven":
        return motion_write_off(
            motion=Motion.objects.get(case=case),
            meeting=meeting,
            items=items,
            by=by,
            at=at,
            in_minutes=True,
        )
    return decision_record(meeting=meeting, case=case, items=items, in_minutes=True, at=at)


@transaction.atomic
def motion_withdraw(*, motion: Motion, reason: str, by=None, at=None) -> Motion:
    """The movers withdraw (återkallar) the motion: the case closes with the outcome "återkallad"
    (at the moment given, for a withdrawal entered afterwards; now otherwise)."""
    motion.case.transition_to(Status.WITHDRAWN, by=by, note=reason, at=at)
    motion.outcome = Motion.Outcome.WITHDRAWN
    motion.full_clean()
    motion.save(update_fields=["outcome"])
    return motion


UTLATANDE_TEMPLATE = "motions/utlatande.html"
UTLATANDE_STYLESHEETS = ["css/utlatande.css"]


def authors() -> list[str]:
    """The authors of statements with what their printed names need: party and title on the date."""
    return [
        "authorships__person__affiliations__party",
        *attributes.title_prefetch("authorships__person__"),
    ]


def utlatande_context(*, utlatande: Utlatande, now: datetime.datetime) -> dict:
    """Everything the utlåtande prints, gathered in a fixed number of queries."""
    case = utlatande.motion.case
    submitted = MemberStatement.objects.submitted().prefetch_related(*authors())
    statements = Prefetch("decision__statements", queryset=submitted)
    referrals = list(
        case.referrals.exclude(state=Referral.State.WITHDRAWN)
        .select_related("body", "decision__meeting", "report__office")
        .prefetch_related(statements)
    )
    ks_reservations = []
    profile = Municipality.current()
    decisions = utlatande.chain_decisions
    ks_decision = Utlatande.signing_decision(decisions)
    if ks_decision:
        ks_reservations = list(
            ks_decision.statements.submitted().reservations().prefetch_related(*authors())
        )
    return {
        "case": case,
        "motion": utlatande.motion,
        "answered_motions": [
            utlatande.motion,
            *Motion.objects.filter(case__in=utlatande.joint_cases.all()).select_related("case"),
        ],
        "utlatande": utlatande,
        "header": " ".join(
            part
            for part in [
                profile.document_name,
                utlatande.number,
                *attributes.printed_parts(case),
                f"(Dnr {get_text_list([c.dnr for c in utlatande.cases], 'och')})",
            ]
            if part
        ),
        "profile": profile,
        "referrals": referrals,
        "referred_to": get_text_list([r.body.in_running_text for r in referrals], "och"),
        "preparation": utlatande.preparation.select_related("referral__body").order_by(
            "referral_id"
        ),
        "attachments": utlatande.attachments.public_attachments()
        .select_related("case__registry", "case__classification")
        .order_by("number"),
        "ks_reservations": ks_reservations,
        # the chain as far as kommunstyrelsen: the preparing bodies' decisions, then KS's, signed
        "before_ks": [
            d for d in decisions if not ks_decision or d.step.position < ks_decision.step.position
        ],
        "ks_decision": ks_decision,
        "committee_statements": [
            (r.body, r.decision.statements.all())
            for r in referrals
            if r.decision and r.decision.statements.all()
        ],
        "place": profile.place,
        "draft": not utlatande.frozen_document_id,
    }


def utlatande_html(*, utlatande: Utlatande, now: datetime.datetime, draft: bool = True) -> str:
    """The utlåtande as the HTML that is printed. Anything not yet fastställt prints as a draft."""
    context = {**utlatande_context(utlatande=utlatande, now=now), "draft": draft, "for_print": True}
    return render_to_string(UTLATANDE_TEMPLATE, context)


def _refuse_incomplete(utlatande: Utlatande) -> None:
    missing = utlatande.missing_parts()
    if missing:
        raise ValidationError(
            f"{Municipality.current().the_document()} kan inte skrivas ut. Det saknar: {get_text_list(missing, 'och')}."
        )


def utlatande_pdf(*, utlatande: Utlatande, now: datetime.datetime | None = None) -> bytes:
    """The utlåtande as PDF/A-2a, printed now: the frozen bytes once it is fastställt (checked
    against the diarium's SHA-256), otherwise a draft from the data."""
    if utlatande.frozen_document_id:
        return utlatande.frozen_document.read_verified()
    _refuse_incomplete(utlatande)
    html = utlatande_html(utlatande=utlatande, now=now or timezone.now())
    return html_to_pdf(html, stylesheets=UTLATANDE_STYLESHEETS)


def utlatande_draft_pdf(*, utlatande: Utlatande, now: datetime.datetime) -> bytes | None:
    """The draft's PDF if this very version has been printed, or None while a worker prints it."""
    _refuse_incomplete(utlatande)
    html = utlatande_html(utlatande=utlatande, now=now)
    return pdf_for(html, stylesheets=UTLATANDE_STYLESHEETS)


@transaction.atomic
def utlatande_freeze(*, utlatande: Utlatande, at: datetime.datetime) -> Utlatande:
    """Fastställ: once signed and KS's minutes are justerade, print the final PDF once, register it
    on the case with its SHA-256, and keep the HTML it was printed from. Nothing changes it after."""
    utlatande = Utlatande.objects.select_for_update().get(pk=utlatande.pk)
    if utlatande.frozen_document_id:
        return utlatande
    if not utlatande.is_final(at):
        raise ValidationError(
            "Utlåtandet fastställs när kommunstyrelsen har beslutat och protokollet är justerat."
        )
    _refuse_incomplete(utlatande)
    html = utlatande_html(utlatande=utlatande, now=at, draft=False)
    pdf = html_to_pdf(html, stylesheets=UTLATANDE_STYLESHEETS)
    case = utlatande.motion.case
    utlatande.frozen_document = document_register(
        case=case,
        dated=utlatande.signed_on,
        kind=kinds.UTLATANDE,
        title=f"{Municipality.current().document_name}: {case.title}",
        counterpart="Kommunfullmäktige",
        file=ContentFile(pdf, name=f"{case.slug}-utlatande.pdf"),
    )
    utlatande.frozen_html = html
    utlatande.save(update_fields=["frozen_document", "frozen_html"])
    return utlatande


def utlatanden_freeze_due(*, at: datetime.datetime) -> list[Utlatande]:
    """Fastställ every utlåtande that has become final (run from cron; see README, "Drift")."""
    justerad = Q(motion__case__decisions__meeting__justerad_at__lte=at) | Q(  # kept here: signed
        motion__case__decisions__meeting__opened_at__isnull=True,  # kept elsewhere: the time set
        motion__case__decisions__meeting__justering_deadline__lte=at,
    )
    due = Utlatande.objects.filter(  # one filter: the same decision is KS's and justerad
        justerad,
        frozen_document__isnull=True,
        signatory__isnull=False,
        motion__case__decisions__step__body__kind=Body.Kind.EXECUTIVE,
    ).distinct()
    return [utlatande_freeze(utlatande=u, at=at) for u in due]
