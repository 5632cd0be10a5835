"""The core's pages: statements filed by politicians, meetings' justering, the diarium's
documents, logging in and the second factor. The helpers every app's pages share are in
`casework.viewhelpers`."""

import base64
import datetime
import io
import sys

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework import roles, selectors
from casework.forms import (
    AnnounceForm,
    CancelForm,
    CorrectionForm,
    DayForm,
    DocumentForm,
    InviteForm,
    LiftSecrecyForm,
    LoginForm,
    SecrecyForm,
    StatementEditForm,
    TokenForm,
    add_service_errors,
)
from casework.lists import CappedPaginator, DocumentFilter
from casework.middleware import client_ip
from casework.models import (
    DamagedFile,
    Decision,
    Document,
    MemberStatement,
    Person,
)
from casework.services import (
    SUBMITTED_IS_FINAL,
    EditConflict,
    document_cancel,
    document_lift_secrecy,
    document_mark_secret,
    document_register,
    statement_announce,
    statement_confirm,
    statement_correct,
    statement_decline,
    statement_invite,
    statement_save,
    statement_submit,
)
from casework.viewhelpers import (
    damaged_file_response,
    get_case,
    is_confirmed,
    render_confirm,
    render_step,
    requires_step,
)

# --- Reservations and special statements, filed by the politicians themselves ---------------


def _person(request: HttpRequest) -> Person | None:
    return getattr(request.user, "person", None) if request.user.is_authenticated else None


@login_required
def my_decisions(request: HttpRequest) -> HttpResponse:
    """Decisions at meetings where the politician took part, with deadlines and what they filed."""
    person = _person(request)
    now = timezone.now()
    rows = []
    if person is not None:
        memberships = list(selectors.person_memberships(person))
        for decision in selectors.member_decisions(person)[:100]:
            mine = [s for s in decision.statements.all() if s.has_author(person, confirmed=False)]
            took_part = decision.meeting.took_part(person, memberships)
            filed = {s.kind for s in mine}  # one of each kind per member (statement_announce)
            rows.append(
                {
                    "decision": decision,
                    "took_part": took_part,
                    "open": decision.meeting.accepts_written_statements(now),
                    "may_announce": decision.meeting.accepts_announcements(now),
                    "may_reserve": took_part and MemberStatement.Kind.RESERVATION not in filed,
                    "may_state": MemberStatement.Kind.SPECIAL_STATEMENT not in filed,
                    "statements": [(s, s.has_author(person)) for s in mine],
                }
            )
    context = {
        "rows": rows,
        "person": person,
        "memberships": memberships if person else [],
        "today": timezone.localdate(now),
    }
    return render(request, "casework/my_decisions.html", context)


@login_required
@require_POST
def statement_announce_view(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("meeting__body", "case__registry"), pk=decision_id
    )
    form = AnnounceForm(request.POST)
    by_clerk = roles.can(request.user, roles.ANSWER_COMMITTEE)
    author = form.cleaned_data.get("author") if form.is_valid() and by_clerk else None
    author = author or _person(request)
    if not form.is_valid() or author is None:
        messages.error(request, "Välj typ och vem som anmälde.")
        return redirect("my_decisions" if not by_clerk else decision.case)
    try:
        statement = statement_announce(
            decision=decision,
            kind=form.cleaned_data["kind"],
            author=author,
            by_clerk=by_clerk,
            at=timezone.now(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("my_decisions" if not by_clerk else decision.case)
    messages.success(
        request, f"{statement.get_kind_display().capitalize()} anmäld för {author.full_name}."
    )
    if by_clerk and author != _person(request):
        return redirect(decision.case)
    return redirect("statement_edit", statement.pk)


def _statement_for(request: HttpRequest, pk: int) -> MemberStatement:
    """A draft is seen by its authors and invitees only; a submitted text by everyone."""
    statement = get_object_or_404(
        MemberStatement.objects.select_related(
            "decision__meeting__body", "decision__case__registry"
        ).prefetch_related("authorships__person", "corrections__by"),
        pk=pk,
    )
    if not statement.is_submitted and not statement.has_author(_person(request), confirmed=False):
        raise Http404("Utkastet finns inte.")
    return statement


def statement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The statement's one form: its authors save the draft, invite a co-author (the text typed
    so far is saved with the invitation) and hand it in after a look at what they hand in.
    Once handed in, or after justering, the text is only read here."""
    statement = _statement_for(request, pk)
    person = _person(request)
    now = timezone.now()
    meeting = statement.decision.meeting
    is_author = statement.has_author(person)
    editable = is_author and meeting.accepts_written_statements(now) and not statement.is_submitted
    if request.method == "POST" and not editable:
        raise PermissionDenied(
            SUBMITTED_IS_FINAL
            if statement.is_submitted and is_author
            else "Texten kan inte ändras längre."
        )
    if "lamna_in" in request.POST and is_confirmed(request):
        return _statement_submit(request, statement, person, now)
    is_first_author = is_author and statement.ordered_authors[0].pk == person.pk
    data = request.POST if request.method == "POST" else None
    initial = {"items": statement.items, "text": statement.text, "version": statement.version}
    form = StatementEditForm(data, initial=initial)
    candidates = Person.objects.filter(pk__in=[p.pk for p in meeting.serving_members()]).exclude(
        pk__in=[a.person_id for a in statement.authorships.all()]
    )
    inviting = is_first_author and "bjud_in" in request.POST
    invite_form = InviteForm(data if inviting else None, candidates=candidates)
    newer = None  # the saved text, shown beside what the author typed when that was not saved
    conflict = False
    if request.method == "POST":
        if form.is_valid():
            try:
                statement = statement_save(
                    statement=statement,
                    person=person,
                    items=form.cleaned_data["items"],
                    text=form.cleaned_data["text"],
                    at=now,
                    version=form.cleaned_data["version"],
                )
            except EditConflict as error:
                newer, conflict = error.current, True
                form.add_error(
                    None,
                    "En medförfattare har sparat en nyare version medan du skrev. Din text är inte "
                    "sparad; den står kvar i formuläret och den nyare versionen nedan. Spara igen när du har jämfört.",
                )
                form.data = form.data.copy()
                form.data["version"] = newer.version
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                form.data = form.data.copy()  # saved: the next save starts from this version
                form.data["version"] = statement.version
                if "lamna_in" in request.POST:
                    refusal = statement.submit_refusal()
                    if refusal is None:
                        return _statement_submit_confirm(request, statement)
                    add_service_errors(form, refusal)
                    messages.success(request, "Utkastet är sparat, men inte inlämnat.")
                elif inviting:
                    if _invite(request, statement, person, invite_form, now):
                        return redirect("statement_edit", statement.pk)
                else:
                    messages.success(request, "Utkastet är sparat.")
                    return redirect("statement_edit", statement.pk)
        elif form.cleaned_data.get("version") is None:  # compared with the saved text, it may go
            newer = statement
            form.data = form.data.copy()
            form.data["version"] = statement.version
    context = {
        "statement": statement,
        "newer": newer,
        "form": form,
        "invite_form": invite_form,
        "editable": editable,
        "open": meeting.accepts_written_statements(now),
        "is_author": is_author,
        "may_see_invitations": statement.has_author(person, confirmed=False),
        "is_first_author": is_first_author,
        "is_invited": person is not None and person in statement.invited_authors,
        "can_correct": roles.can(request.user, roles.ANSWER_COMMITTEE)
        and not meeting.accepts_written_statements(now),
    }
    status = 409 if conflict else 400 if form.errors or invite_form.errors else 200
    return render(request, "casework/statement_edit.html", context, status=status)


def _invite(
    request: HttpRequest,
    statement: MemberStatement,
    person: Person,
    form: InviteForm,
    now: datetime.datetime,
) -> bool:
    """Invite the co-author chosen in the statement's form (its text is already saved)."""
    invitee = form.cleaned_data.get("invitee") if form.is_valid() else None
    if invitee is None:
        if not form.errors:
            form.add_error("invitee", "Välj vem du vill bjuda in.")
        messages.success(request, "Utkastet är sparat. Ingen är inbjuden än.")
        return False
    try:
        statement_invite(statement=statement, person=person, invitee=invitee, at=now)
    except ValidationError as error:
        add_service_errors(form, error)
        messages.success(request, "Utkastet är sparat. Ingen är inbjuden än.")
        return False
    messages.success(
        request, f"Utkastet är sparat och {invitee.full_name} är inbjuden som medförfattare."
    )
    return True


def _statement_submit_confirm(request: HttpRequest, statement: MemberStatement) -> HttpResponse:
    """The saved text, and what handing it in means, before it is handed in."""
    meeting = statement.decision.meeting
    deadline = meeting.justering_deadline
    kind = statement.get_kind_display()
    return render_confirm(
        request,
        title=f"Lämna in {kind}",
        case=statement.decision.case,
        facts=[
            ("Beslut", f"{meeting.body} {statement.decision.date:%Y-%m-%d}"),
            ("Författare", statement.author_names_plain),
            (
                "Justering senast",
                f"{timezone.localtime(deadline):%Y-%m-%d %H.%M}" if deadline else "Ej bestämd",
            ),
        ],
        quote_title=f"Texten som lämnas in (version {statement.version})",
        quote_items=statement.items,
        quote_text=statement.text,
        happens=[
            f"Din {kind} lämnas in och blir offentlig med beslutet i ärendet.",
            "Den kommer med i protokollet när det justeras.",
        ],
        final="Texten kan inte ändras efter att den lämnats in.",
        submit="Bekräfta och lämna in",
        back=reverse("statement_edit", args=[statement.pk]),
        carry={"lamna_in": "1", "version": str(statement.version)},
    )


def _statement_submit(
    request: HttpRequest, statement: MemberStatement, person: Person, now: datetime.datetime
) -> HttpResponse:
    version = request.POST.get("version", "")
    try:
        statement_submit(
            statement=statement,
            person=person,
            at=now,
            version=int(version) if version.isdigit() and len(version) <= 9 else -1,
        )
    except EditConflict:
        messages.error(
            request,
            "En medförfattare har ändrat texten sedan du såg den, så den är inte inlämnad. "
            "Läs den nya versionen och lämna in igen.",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Texten är inlämnad.")
    return redirect("statement_edit", statement.pk)


@login_required
@require_POST
def statement_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement_for(request, pk)
    try:
        statement_decline(statement=statement, person=_person(request), at=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("statement_edit", statement.pk)
    messages.success(request, "Du har avböjt inbjudan.")
    return redirect("my_decisions")


@login_required
@require_POST
def statement_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement_for(request, pk)
    try:
        statement_confirm(statement=statement, person=_person(request), at=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Du står nu som medförfattare.")
    return redirect("statement_edit", statement.pk)


@requires_step(roles.ANSWER_COMMITTEE)
def statement_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    """After the deadline only a clerk corrects a text, with a reason; the earlier text is kept."""
    statement = _statement_for(request, pk)
    if statement.decision.meeting.accepts_written_statements(timezone.now()):
        messages.error(request, "Före justeringen ändrar författarna själva sin text.")
        return redirect("statement_edit", statement.pk)
    form = CorrectionForm(
        request.POST or None, initial={"items": statement.items, "text": statement.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            statement_correct(
                statement=statement,
                by=request.user,
                items=form.cleaned_data["items"],
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Rättelsen är sparad; den tidigare texten finns kvar i historiken."
            )
            return redirect("statement_edit", statement.pk)
    return render_step(
        request,
        statement.decision.case,
        f"Rätta {statement.heading.lower()}",
        form,
        submit="Spara rättelsen",
    )


# --- The diarium: registering, cancelling and serving documents ---------------------------


@requires_step(roles.DOCUMENT)
def document_register_view(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_case(slug)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = document_register(
                case=case,
                dated=data["dated"],
                registered_on=data["registered_on"],
                kind=data["kind"],
                title=data["title"],
                counterpart=data["counterpart"],
                direction=data["direction"],
                file=data["file"] or None,
                secrecy_provision=data["secrecy_provision"],
                secrecy_marked_on=timezone.localdate() if data["secrecy_provision"] else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Handlingen är registrerad som {document.dnr}.")
            return redirect(case)
    return render_step(
        request,
        case,
        "Registrera en handling",
        form,
        submit="Registrera handlingen",
        extra={"multipart": True},
    )


@requires_step(roles.DOCUMENT)
def document_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("case__registry"), pk=pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_cancel(document=document, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Handlingen {document.dnr} är makulerad.")
            return redirect(document.case)
    return render_step(request, document.case, f"Makulera {document.dnr}", form, submit="Makulera")


@requires_step(roles.DOCUMENT)
def document_secrecy_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a registered document secret, or lift its marking (OSL 5 kap. 5 §)."""
    document = get_object_or_404(Document.objects.select_related("case__registry"), pk=pk)
    lifting = document.is_secret
    form = (LiftSecrecyForm if lifting else SecrecyForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if lifting:
                document_lift_secrecy(document=document, reason=data["reason"])
            else:
                document_mark_secret(
                    document=document, provision=data["provision"], marked_on=data["marked_on"]
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = "är offentlig igen" if lifting else "är sekretessmarkerad"
            messages.success(request, f"Handlingen {document.dnr} {done}.")
            return redirect(document.case)
    if lifting:
        title, submit = f"Häv sekretessmarkeringen på {document.dnr}", "Häv markeringen"
    else:
        title, submit = f"Sekretessmarkera {document.dnr}", "Sekretessmarkera"
    return render_step(request, document.case, title, form, submit=submit)


def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A registered document's file, as an attachment, if it is still the file registered.
    A secret one only for clerks; others get 404."""
    document = get_object_or_404(Document.objects.select_related("case__registry"), pk=pk)
    if not document.file or (document.is_secret and not roles.is_clerk(request.user)):
        raise Http404("Handlingen finns inte eller är inte offentlig.")
    try:
        content = document.read_verified()
    except DamagedFile as damage:
        return damaged_file_response(request, damage)
    extension = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"{document.case.slug}-{document.number}.{extension}",
    )


# --- Logging in ----------------------------------------------------------------------------


def is_spraying(request: HttpRequest) -> bool:
    """One address failing with many different user names is guessing passwords across
    accounts; django-axes counts per user name and address, so this counts user names."""
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    names = AccessAttempt.objects.filter(ip_address=client_ip(request), attempt_time__gte=since)
    return names.values("username").distinct().count() >= settings.LOGIN_SPRAY_LIMIT


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def post(self, request, *args, **kwargs):
        if is_spraying(request):
            return render(request, "registration/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)


# --- The second factor ---------------------------------------------------------------------


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Set up a TOTP app the first time, then verify a code at every login."""
    user = request.user
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(
            user=user, confirmed=False
        ).first() or TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            target = request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
            return redirect(target if safe and target else "home")
        form.add_error(
            "token", "Koden stämmer inte. Kontrollera klockan i telefonen och försök igen."
        )
    context = {
        "form": form,
        "setting_up": setting_up,
        "secret": base64.b32encode(device.bin_key).decode() if setting_up else "",
        "config_url": device.config_url if setting_up else "",
    }
    return render(
        request, "registration/second_factor.html", context, status=400 if form.errors else 200
    )


# --- The public diarium and the postlista ----------------------------------------------------

DIARIUM_PAGE = 50


def _documents():
    return Document.objects.select_related("case__registry", "case__classification").order_by(
        "-registered_on", "-id"
    )


def diarium(request: HttpRequest) -> HttpResponse:
    """The public diarium: every registered document, searchable. A secret one shows its number,
    date and kind with "Sekretess enligt …" in place of its title and counterpart (OSL)."""
    filtered = DocumentFilter(request.GET, queryset=_documents())
    page = CappedPaginator(filtered.qs, DIARIUM_PAGE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    paginator = page.paginator
    caption = (
        f"Fler än {paginator.CAP} handlingar; de {paginator.CAP} senast registrerade visas. Sök eller filtrera för att se färre"
        if paginator.capped
        else f"{paginator.count} handling{'' if paginator.count == 1 else 'ar'}"
    )
    if paginator.num_pages > 1:
        caption += f", sida {page.number} av {paginator.num_pages}"
    context = {"filter": filtered, "page": page, "query": query.urlencode(), "caption": caption}
    return render(request, "casework/diarium.html", context)


def postlista(request: HttpRequest) -> HttpResponse:
    """The post list of one day: the documents registered that day (today unless ?dag= says)."""
    form = DayForm(request.GET or None)
    day = (
        form.cleaned_data["dag"]
        if form.is_valid() and form.cleaned_data.get("dag")
        else timezone.localdate()
    )
    documents = _documents().filter(registered_on=day)
    return render(
        request,
        "casework/postlista.html",
        {
            "form": form,
            "day": day,
            "documents": documents,
            "previous": day - datetime.timedelta(days=1),
            "next": day + datetime.timedelta(days=1),
        },
    )


def permission_denied(request: HttpRequest, exception: PermissionDenied) -> HttpResponse:
    """The refusal page (handler403). A step the user's role does not take names the roles and
    people who take it, and offers the user's own way on: back to the case, or the start page."""
    context = {"exception": str(exception), "roles": sorted(roles.role_names(request.user))}
    if isinstance(exception, roles.RoleRefused):
        context["people"] = roles.people_who_may(exception.step)
    slug = request.resolver_match.kwargs.get("slug") if request.resolver_match else None
    if slug:
        context["case_url"] = reverse("case_detail", args=[slug])
    return render(request, "403.html", context, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused for its CSRF token (CSRF_FAILURE_VIEW), in Swedish also with DEBUG on: most
    often a page left open while its user signed out, or in again, in another tab."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The error page (handler500). A lost or refused database connection, as while PostgreSQL
    restarts, is a 503 that says when to try again: Django closes the broken connection after
    the request, and the next one connects anew. Django has logged the error with its traceback
    either way. Rendered without the request's context, which would read the database."""
    if isinstance(sys.exception(), OperationalError | InterfaceError):
        page = loader.get_template("503.html").render()
        return HttpResponse(page, status=503, headers={"Retry-After": "5"})
    return defaults.server_error(request)
