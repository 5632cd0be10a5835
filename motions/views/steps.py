"""A form for every step of a motion case, offered only when the workflow and the role allow it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from casework import roles
from casework.forms import StatementFormSet, add_service_errors, members_of, rows_formset
from casework.models import Body
from casework.services import AlreadyRegistered, EditConflict, case_update, meeting_get_or_create
from casework.views import Rollback, file_statements, get_case, render_step, requires_step
from casework.workflow import Status
from motions.forms import (
    CaseDetailsForm,
    EndorsementForm,
    KfDecisionForm,
    KsDecisionForm,
    MotionRegisterForm,
    MoveForm,
    UtlatandeForm,
    WithdrawForm,
)
from motions.models import Motion, Utlatande
from motions.services import (
    motion_decide,
    motion_register,
    motion_withdraw,
    utlatande_endorse,
    utlatande_propose,
    utlatande_save,
)


def _motion(slug: str) -> Motion:
    return Motion.objects.select_related("case__registry", "case__rotel").get(case=get_case(slug))


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
                registry=data["registry"], title=data["title"], movers=form.movers(), filed_on=data["filed_on"],
                registered_on=data["registered_on"], proposals=data["proposals"], text=data["text"],
                number=data["number"], rotel=data["rotel"], handler=data["handler"], file=data["file"],
                sequence=data["sequence"], registration_key=data["registration_key"], by=request.user,
            )  # fmt: skip
        except AlreadyRegistered as earlier:
            messages.info(
                request,
                f"Motionen var redan registrerad som {earlier.case.dnr}; den registrerades inte en gång till.",
            )
            return redirect(earlier.case)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Motionen är registrerad med diarienummer {motion.case.dnr}."
            )
            return redirect(motion.case)
    return render_step(request, None, "Registrera en motion", form, submit="Registrera motionen",
                       extra={"multipart": True})  # fmt: skip


@requires_step(roles.EDIT_CASE)
def edit_details(request: HttpRequest, slug: str) -> HttpResponse:
    motion = _motion(slug)
    case = motion.case
    if not case.is_open:
        return _refuse(request, motion, "Ärendet är avslutat; dess uppgifter ändras inte längre.")
    initial = {"title": case.title, "rotel": case.rotel, "handler": case.handler}
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
                form.cleaned_data["to_status"], by=request.user, note=form.cleaned_data["note"]
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
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            motion_withdraw(motion=motion, reason=form.cleaned_data["note"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Motionen är återkallad och ärendet avslutat.")
            return redirect(motion.case)
    return render_step(
        request, motion.case, "Återkalla motionen", form, submit="Återkalla motionen"
    )


@requires_step(roles.DRAFT)
def draft(request: HttpRequest, slug: str) -> HttpResponse:
    motion = _motion(slug)
    if motion.case.status not in (
        Status.REFERRED,
        Status.IN_PREPARATION,
        Status.AT_PREPARATORY_COUNCIL,
    ):
        return _refuse(request, motion, "Utlåtandet kan inte ändras i ärendets nuvarande skede.")
    utlatande = (
        Utlatande.objects.filter(motion=motion)
        .prefetch_related("preparation", "attachments")
        .first()
    )
    initial = UtlatandeForm.initial_for(utlatande, motion)
    data = (
        UtlatandeForm.with_saved_parts(request.POST, utlatande, motion)
        if request.method == "POST"
        else None
    )
    form = UtlatandeForm(data, motion=motion, initial=initial)
    newer, comparisons = None, []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            utlatande_save(
                motion=motion, version=data["version"], summaries=form.summaries(), attachments=data["attachments"],
                **{name: data[name] for name in ["number", "rapporteur", "proposed_items", "summary", "views", "matter"]},
            )  # fmt: skip
        except EditConflict as conflict:
            newer = conflict.current
            comparisons = form.comparisons(newer, motion)
            form.add_error(None, "Någon annan har sparat utlåtandet medan du skrev. Inget av ditt är sparat och inget "
                                 "har försvunnit: jämför versionerna nedan, välj per del vilken som ska gälla och spara igen.")  # fmt: skip
            form.data = form.data.copy()
            form.data["version"] = newer.version
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Utlåtandet är sparat.")
            section = request.POST.get("avsnitt", "")
            anchor = f"#{section}" if section.isalpha() else ""
            return redirect(reverse("motions:draft", args=[motion.case.slug]) + anchor)
    return render_step(request, motion.case, "Utlåtandet", form, status=409 if newer else 200, submit="Spara utlåtandet",
                       extra={"newer": newer, "comparisons": comparisons, "sections": form.sections(),
                              "preview": reverse("motions:utlatande_preview", args=[motion.case.slug])})  # fmt: skip


def _decision_body(kind: str) -> Body:
    return Body.objects.filter(kind=kind).order_by("id").first()


@requires_step(roles.ENDORSE)
def endorse(request: HttpRequest, slug: str) -> HttpResponse:
    motion = _motion(slug)
    utlatande = getattr(motion, "utlatande", None)
    if motion.case.status != Status.AT_PREPARATORY_COUNCIL or utlatande is None:
        return _refuse(request, motion, "Ärendet ligger inte hos borgarrådsberedningen.")
    form = EndorsementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                body = _decision_body(Body.Kind.PREPARATORY)
                meeting = meeting_get_or_create(body=body, date=form.cleaned_data["meeting_date"])
                utlatande_endorse(
                    utlatande=utlatande,
                    meeting=meeting,
                    items=form.cleaned_data["items"],
                    by=request.user,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Borgarrådsberedningens ställningstagande är registrerat.")
            return redirect(motion.case)
    return render_step(request, motion.case, "Borgarrådsberedningens ställningstagande", form,
                       submit="Registrera ställningstagandet")  # fmt: skip


@requires_step(roles.KS_DECISION)
def ks_decision(request: HttpRequest, slug: str) -> HttpResponse:
    motion = _motion(slug)
    utlatande = getattr(motion, "utlatande", None)
    if (
        motion.case.status != Status.AT_PREPARATORY_COUNCIL
        or utlatande is None
        or not utlatande.endorsement_id
    ):
        return _refuse(
            request,
            motion,
            "Kommunstyrelsens beslut registreras efter borgarrådsberedningens ställningstagande.",
        )
    form = KsDecisionForm(request.POST or None)
    members = members_of(*Body.objects.filter(kind=Body.Kind.EXECUTIVE))
    statements, more_rows = rows_formset(StatementFormSet, request, "reservation", members=members)
    if request.method == "POST" and not more_rows and form.is_valid() and statements.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                meeting = meeting_get_or_create(body=_decision_body(Body.Kind.EXECUTIVE), date=data["meeting_date"],
                                                justering_deadline=data["justering_deadline"], by=request.user)  # fmt: skip
                utlatande_propose(utlatande=utlatande, meeting=meeting, items=data["items"], signatory=data["signatory"],
                                  signatory_title=data["signatory_title"], by=request.user)  # fmt: skip
                file_statements(utlatande.ks_decision, statements)
        except ValidationError as error:
            add_service_errors(form, error)
        except Rollback:
            form.add_error(None, "Inget sparades: rätta reservationerna nedan.")
        else:
            messages.success(
                request, "Kommunstyrelsens beslut är registrerat och utlåtandet undertecknat."
            )
            return redirect(motion.case)
    return render_step(request, motion.case, "Kommunstyrelsens beslut", form, formset=statements,
                       formset_title="Reservationer och särskilda uttalanden", more_rows=more_rows,
                       submit="Registrera beslutet")  # fmt: skip


@requires_step(roles.KF_DECISION)
def kf_decision(request: HttpRequest, slug: str) -> HttpResponse:
    motion = _motion(slug)
    if motion.case.status != Status.PROPOSED_BY_KS:
        return _refuse(
            request,
            motion,
            "Kommunfullmäktige beslutar först när kommunstyrelsen har lagt sitt förslag.",
        )
    form = KfDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                meeting = meeting_get_or_create(
                    body=_decision_body(Body.Kind.COUNCIL), date=data["meeting_date"]
                )
                motion_decide(
                    motion=motion,
                    meeting=meeting,
                    outcome=data["outcome"],
                    items=data["items"],
                    by=request.user,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Kommunfullmäktiges beslut är registrerat och ärendet avslutat."
            )
            return redirect(motion.case)
    return render_step(
        request, motion.case, "Kommunfullmäktiges beslut", form, submit="Registrera beslutet"
    )
