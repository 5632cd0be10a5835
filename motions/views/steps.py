"""A form for every step of a case raised in KF or KS, offered only when the workflow and the role
allow it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework import attributes, roles
from casework.forms import StatementFormSet, add_service_errors, members_of, rows_formset
from casework.models import Municipality
from casework.services import (
    AlreadyRegistered,
    EditConflict,
    StatementsRefused,
    case_update,
    chain_skip,
)
from casework.viewhelpers import (
    get_case,
    render_step,
    requires_step,
    show_statement_refusals,
    statement_inputs,
)
from casework.workflow import Status
from motions import kinds
from motions.forms import (
    CaseDetailsForm,
    ChainDecisionForm,
    MotionRegisterForm,
    MoveForm,
    ReasonForm,
    UtlatandeForm,
)
from motions.models import Motion, Utlatande, document_may_change
from motions.services import (
    motion_decided_together,
    motion_decision_register,
    motion_register,
    motion_withdraw,
    utlatande_save,
)


def _motion(slug: str) -> Motion:
    return Motion.objects.select_related(
        "case__registry", "case__classification", "case__step__body", *attributes.related("case__")
    ).get(case=get_case(slug))


def _refuse(request: HttpRequest, motion: Motion, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect(motion.case)


@requires_step(roles.REGISTER)
def register(request: HttpRequest) -> HttpResponse:
    form = MotionRegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            motion = motion_register(
                registry=data["registry"],
                title=data["title"],
                kind=data["kind"],
                movers=form.movers(),
                proposer=data["proposer"],
                filed_on=data["filed_on"],
                registered_on=data["registered_on"],
                att_satser=data["att_satser"],
                text=data["text"],
                number=data["number"],
                classification=data.get("classification"),
                handler=data["handler"],
                file=data["file"],
                sequence=data["sequence"],
                registration_key=data["registration_key"],
                by=request.user,
                **{a.name: data[a.name] for a in attributes.case_attributes() if a.name in data},
            )
        except AlreadyRegistered as earlier:
            messages.info(
                request,
                f"Ärendet var redan registrerat som {earlier.case.dnr}; det registrerades inte en gång till.",
            )
            return redirect(earlier.case)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{kinds.DEFINITE[motion.case.kind].capitalize()} har registrerats med diarienummer {motion.case.dnr}.",
            )
            return redirect(motion.case)
    return render_step(
        request,
        None,
        "Registrera ett ärende",
        form,
        submit="Registrera ärendet",
        extra={"multipart": True},
    )


@requires_step(roles.EDIT_CASE)
def edit_details(request: HttpRequest, slug: str) -> HttpResponse:
    motion = _motion(slug)
    case = motion.case
    if not case.is_open:
        return _refuse(request, motion, "Ärendet är avslutat; dess uppgifter ändras inte längre.")
    initial = {
        "title": case.title,
        "classification": case.classification,
        "handler": case.handler,
        **{a.name: a.value(case) for a in attributes.used_case_attributes()},
    }
    form = CaseDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_update(case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Ärendets uppgifter är ändrade.")
            return redirect(case)
    return render_step(request, case, "Ändra ärendets uppgifter", form, submit="Spara uppgifterna")


@requires_step(roles.MOVE)
def move(request: HttpRequest, slug: str) -> HttpResponse:
    motion = _motion(slug)
    form = MoveForm(request.POST or None, case=motion.case)
    if not form.fields["to_status"].choices:
        return _refuse(
            request, motion, "Ärendet förs vidare med ett eget steg i sitt nuvarande skede."
        )
    if request.method == "POST" and form.is_valid():
        try:
            motion.case.transition_to(
                form.cleaned_data["to_status"],
                by=request.user,
                note=form.cleaned_data["note"],
                at=form.at,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Ärendet är nu {motion.case.get_status_display()}.")
            return redirect(motion.case)
    return render_step(
        request, motion.case, "För ärendet vidare", form, submit="För ärendet vidare"
    )


@requires_step(roles.WITHDRAW)
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    motion = _motion(slug)
    if not motion.case.is_open:
        return _refuse(request, motion, "Ärendet är redan avslutat.")
    form = ReasonForm(
        request.POST or None,
        case=motion.case,
        help_text="T.ex. att motionären har återkallat motionen.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            motion_withdraw(
                motion=motion, reason=form.cleaned_data["note"], by=request.user, at=form.at
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Motionen är återkallad och ärendet avslutat.")
            return redirect(motion.case)
    return render_step(
        request, motion.case, "Återkalla motionen", form, submit="Återkalla motionen"
    )


def _draft_refused(request: HttpRequest, motion: Motion) -> HttpResponse | None:
    if document_may_change(motion.case):
        return None
    return _refuse(
        request,
        motion,
        f"{Municipality.current().the_document()} kan inte ändras i ärendets nuvarande skede.",
    )


def _saved_utlatande(motion: Motion) -> Utlatande | None:
    return (
        Utlatande.objects.filter(motion=motion)
        .prefetch_related("preparation", "attachments", "joint_cases")
        .first()
    )


@requires_step(roles.DRAFT)
@require_GET
def draft(request: HttpRequest, slug: str) -> HttpResponse:
    """The document as a task list: each section with its status, linked to its own page."""
    motion = _motion(slug)
    if refused := _draft_refused(request, motion):
        return refused
    utlatande = _saved_utlatande(motion)
    form = UtlatandeForm(motion=motion)
    context = {
        "case": motion.case,
        "tasks": form.task_list(utlatande),
        # what the sections do not fill in (the case's rotel, say), with where it is set
        "elsewhere": [part for part in utlatande.missing() if not part.section]
        if utlatande
        else [],
    }
    return render(request, "motions/utlatande_tasks.html", context)


@requires_step(roles.DRAFT)
def draft_section(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    """One section of the document, saved on its own; the rest keeps what was saved."""
    motion = _motion(slug)
    if refused := _draft_refused(request, motion):
        return refused
    utlatande = _saved_utlatande(motion)
    initial = UtlatandeForm.initial_for(utlatande, motion)
    data = (
        UtlatandeForm.with_saved_parts(request.POST, utlatande, motion)
        if request.method == "POST"
        else None
    )
    try:
        form = UtlatandeForm(data, motion=motion, initial=initial, section=section)
    except KeyError:
        raise Http404("Det finns inget sådant avsnitt.") from None
    tasks = reverse("motions:draft", args=[motion.case.slug])
    newer, comparisons = None, []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            utlatande_save(
                motion=motion,
                version=data["version"],
                summaries=form.summaries(),
                attachments=data["attachments"]
                if "attachments" in data
                else list(utlatande.attachments.all() if utlatande else []),
                joint_cases=data["joint_dnrs"]
                if "joint_dnrs" in data
                else list(utlatande.joint_cases.all() if utlatande else []),
                **{name: data[name] for name in Utlatande.DRAFT_FIELDS if name in data},
            )
        except EditConflict as conflict:
            newer = conflict.current
            comparisons = form.comparisons(newer, motion)
            form.add_error(
                None,
                f"Någon annan har sparat {Municipality.current().document_name_definite} medan du skrev. Inget av ditt är sparat och inget "
                "har försvunnit: jämför versionerna nedan, välj per del vilken som ska gälla och spara igen.",
            )
            form.data = form.data.copy()
            form.data["version"] = newer.version
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            heading = form.sections()[0][0]
            messages.success(request, f"Avsnittet {heading.lower()} är sparat.")
            return redirect(tasks)
    heading = form.sections()[0][0]
    return render_step(
        request,
        motion.case,
        f"{Municipality.current().document_name}: {heading.lower()}",
        form,
        status=409 if newer else 200,
        submit="Spara",
        extra={"newer": newer, "comparisons": comparisons, "cancel": tasks},
    )


@requires_step(roles.DECIDE)
def decide(request: HttpRequest, slug: str) -> HttpResponse:
    """The decision of the body the case is at in its chain (borgarrådsberedningen or the
    arbetsutskott, kommunstyrelsen, kommunfullmäktige …), with the reservations on it."""
    motion = _motion(slug)
    case, step = motion.case, motion.case.step
    if case.status != Status.IN_DECISION or step is None:
        return _refuse(request, motion, "Ärendet ligger inte hos något beslutande organ.")
    utlatande = Utlatande.answering(case)
    cases = motion_decided_together(case)
    signs = step.signs_document and utlatande is not None
    form = ChainDecisionForm(request.POST or None, step=step, signs=signs, cases=cases)
    statements, more_rows = rows_formset(
        StatementFormSet, request, "reservation", members=members_of(step.body)
    )
    if request.method == "POST" and not more_rows and form.is_valid() and statements.is_valid():
        data = form.cleaned_data
        try:
            motion_decision_register(
                motion=motion,
                meeting_date=data["meeting_date"],
                justering_deadline=data["justering_deadline"],
                paragraph_number=data["paragraph_number"],
                items=data["items"],
                signatory=data.get("signatory"),
                signatory_title=data.get("signatory_title", ""),
                outcomes=form.outcomes(),
                statements=statement_inputs(statements),
                by=request.user,
            )
        except StatementsRefused as refused:
            show_statement_refusals(statements, refused)
            form.add_error(None, "Inget sparades: rätta reservationerna nedan.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{step.body.genitive} beslut är registrerat.")
            return redirect(case)
    return render_step(
        request,
        case,
        f"{step.body.genitive} beslut",
        form,
        formset=statements,
        formset_title="Reservationer och särskilda uttalanden",
        more_rows=more_rows,
        submit="Registrera beslutet",
    )


@requires_step(roles.DECIDE)
def skip(request: HttpRequest, slug: str) -> HttpResponse:
    """Pass a step of the chain the profile lets a case skip, with the reason in the log."""
    motion = _motion(slug)
    case = motion.case
    if case.status != Status.IN_DECISION or not (case.step and case.step.optional):
        return _refuse(request, motion, "Det här steget i beslutsgången kan inte hoppas över.")
    form = ReasonForm(
        request.POST or None,
        case=case,
        help_text="Varför ärendet går vidare utan beslut i organet.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            chain_skip(case=case, reason=form.cleaned_data["note"], by=request.user, at=form.at)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Ärendet är nu {case.stage}.")
            return redirect(case)
    return render_step(
        request,
        case,
        f"Hoppa över {case.step.body.in_running_text}",
        form,
        submit="Hoppa över steget",
    )
