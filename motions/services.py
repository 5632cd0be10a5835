"""Operations on motions across models: registration, the KS proposal, KF's decision."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from casework.models import Case, Document, Meeting, Person, Registry, Rotel
from casework.services import case_register, decision_record, document_register
from casework.workflow import Status
from motions.models import Motion, Mover, Utlatande


@transaction.atomic
def motion_register(
    *,
    registry: Registry,
    title: str,
    movers: list[Person],
    filed_on: datetime.date,
    registered_on: datetime.date,
    proposals: list[str] | None = None,
    text: str = "",
    number: str = "",
    rotel: Rotel | None = None,
    sequence: int | None = None,
    file=None,
) -> Motion:
    """Register a filed motion: its case and dnr, its movers in order, and the motion as document -1."""
    if not movers:
        raise ValidationError({"movers": "Ange minst en motionär."})
    if len(set(movers)) != len(movers):
        raise ValidationError({"movers": "Samma motionär står två gånger."})
    if registered_on < filed_on:
        raise ValidationError({"registered_on": "Motionen kan inte registreras före den väcktes."})
    case = case_register(
        registry=registry, title=title, registered_on=registered_on, kind=Case.Kind.MOTION,
        rotel=rotel, sequence=sequence,
    )  # fmt: skip
    motion = Motion(
        case=case, number=number, filed_on=filed_on, text=text, proposals=proposals or []
    )
    motion.full_clean()
    motion.save()
    Mover.objects.bulk_create(
        Mover(motion=motion, person=person, position=i) for i, person in enumerate(movers, start=1)
    )
    document_register(
        case=case, dated=registered_on, kind=Document.Kind.MOTION, title=title,
        counterpart=motion.movers_display, file=file,
    )  # fmt: skip
    return motion


@transaction.atomic
def utlatande_endorse(
    *, utlatande: Utlatande, meeting: Meeting, items: list[str], by=None
) -> Utlatande:
    """Borgarrådsberedningen endorses (tillstyrker) the rapporteur's proposal."""
    utlatande.endorsement = decision_record(
        meeting=meeting, case=utlatande.motion.case, items=items
    )
    utlatande.full_clean()
    utlatande.save(update_fields=["endorsement"])
    return utlatande


@transaction.atomic
def utlatande_propose(
    *, utlatande: Utlatande, meeting: Meeting, items: list[str], signatory: Person, by=None
) -> Utlatande:
    """KS decides at its meeting to propose the decision to KF; the chair signs the utlåtande."""
    utlatande.ks_decision = decision_record(
        meeting=meeting, case=utlatande.motion.case, items=items
    )
    utlatande.signatory = signatory
    utlatande.full_clean()
    utlatande.save(update_fields=["ks_decision", "signatory"])
    utlatande.motion.case.transition_to(Status.PROPOSED_BY_KS, by=by)
    return utlatande


@transaction.atomic
def motion_decide(
    *, motion: Motion, meeting: Meeting, outcome: str, items: list[str], by=None
) -> Motion:
    """KF decides the motion; the case is closed."""
    motion.kf_decision = decision_record(meeting=meeting, case=motion.case, items=items)
    motion.outcome = outcome
    motion.full_clean()
    motion.save(update_fields=["kf_decision", "outcome"])
    motion.case.transition_to(Status.DECIDED_BY_KF, by=by)
    return motion
