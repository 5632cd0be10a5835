"""Meetings: the agenda and kallelse, the paragraphs recorded at the meeting, the justering by
the chair and the justerare, the public minutes and the anslagstavla."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from casework import roles
from casework.forms import add_service_errors
from casework.kinds import agenda_matter, closing_cases, outcome_choices
from casework.models import Body, Decision, Meeting, Municipality
from casework.services import meeting_set_justering
from casework.text import count
from casework.viewhelpers import get_case, is_confirmed, render_confirm, render_step, requires_step
from meetings import broadcast, calendar, live, selectors, services
from meetings.forms import (
    AgendaItemForm,
    AnslagForm,
    CloseForm,
    DecideForm,
    DispatchForm,
    JusteringForm,
    MeetingForm,
    OpenForm,
    RecusedForm,
    YrkandeForm,
)
from meetings.models import AgendaItem, Protocol


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body", "chair"), pk=pk)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings, latest first; for a chair or justerare, first the minutes awaiting them."""
    meetings = (
        Meeting.objects.select_related("body")
        .annotate(has_decisions=Exists(Decision.objects.filter(meeting=OuterRef("pk"))))
        .order_by("-date", "body__name")[:100]
    )
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    to_justera = services.awaiting_justering(person) if person else []
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": [
                (m, selectors.meeting_state(m, has_decisions=m.has_decisions)) for m in meetings
            ],
            "to_justera": to_justera,
            "can_edit": roles.can(request.user, roles.MEETING),
            "calendar_bodies": sorted({m.body for m in meetings}, key=lambda b: b.name),
        },
    )


@requires_step(roles.MEETING)
def meeting_new(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting, created = services.meeting_plan(**form.cleaned_data)
        if created:
            messages.success(request, f"Sammanträdet {meeting} är planerat.")
        else:
            messages.info(request, f"Sammanträdet {meeting} fanns redan; här är det.")
        return redirect("meetings:detail", meeting.pk)
    return render_step(
        request,
        None,
        "Nytt sammanträde",
        form,
        submit="Skapa sammanträdet",
        extra={"back": reverse("meetings:list")},
    )


def _awaiting_justering(meeting: Meeting) -> bool:
    return bool(meeting.opened_at and meeting.ends_at and not meeting.justerad_at)


def _justering(request: HttpRequest, meeting: Meeting, signers: list) -> tuple[set[int], bool]:
    """Who has justerat the minutes as they stand (an approval holds only for the content it
    approved), and whether the user is offered "Jag justerar protokollet": a chair or justerare
    of closed minutes not yet justerade, whose justering does not hold."""
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    awaiting = _awaiting_justering(meeting)
    holding = meeting.justeringar.filter(voided__isnull=True)
    if awaiting and holding:
        holding = holding.filter(fingerprint=services.minutes_fingerprint(meeting))
    justerat_by = {a.person_id for a in holding}
    may_justera = bool(
        awaiting
        and person
        and any(p.pk == person.pk for p in signers)
        and person.pk not in justerat_by
    )
    return justerat_by, may_justera


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The kallelse with its föredragningslista, and where the meeting stands."""
    meeting = _meeting(pk)
    signers = services.signers(meeting)
    justerat_by, may_justera = _justering(request, meeting, signers)
    kept_elsewhere = selectors.minutes_kept_elsewhere(meeting)
    context = services.agenda_context(meeting) | {
        "can_edit": roles.can(request.user, roles.MEETING),
        "ready": services.ready_matters(meeting) if not meeting.opened_at else [],
        "may_justera": may_justera,
        "may_read_draft": services.may_read_draft(meeting, request.user),
        "arrange": roles.can(request.user, roles.MEETING)
        and not meeting.kallelse_sent_at
        and not meeting.opened_at,
        "kept_elsewhere": kept_elsewhere,
        "justerat_by": justerat_by,
        "unsubmitted": list(services.unsubmitted_statements(meeting))
        if _awaiting_justering(meeting)
        else [],
        "signers": signers,
        "signing": getattr(meeting, "signing", None) if meeting.justerad_at else None,
        "protocol": Protocol.objects.filter(meeting=meeting).only("sha256").first()
        if meeting.justerad_at
        else None,
        "state": selectors.meeting_state(meeting, has_decisions=kept_elsewhere),
        "steps": []  # the secretary's steps, for those who take them
        if kept_elsewhere or not roles.can(request.user, roles.MEETING)
        else selectors.meeting_steps(
            meeting, has_items=meeting.agenda_items.exists(), today=timezone.localdate()
        ),
        "justerad": meeting.is_justerad(timezone.now()),  # kept here, or elsewhere: at its time
        "anslag_latest_on": selectors.anslag_latest_on(meeting),
        "anslag_was_late": selectors.anslag_was_late(meeting),
        "link_documents": True,
        "today": timezone.localdate(),
    }
    return render(request, "meetings/meeting_detail.html", context)


@require_safe
def meeting_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The big screen in the meeting room, for everyone: the paragraph being dealt with, its
    yrkanden, the latest votering and a slutet val open or counted. `?del=innehall` gives only the part that changes, which the
    page's script fetches when the live stream says something changed."""
    meeting = _meeting(pk)
    since = broadcast.latest(
        meeting.pk
    )  # read first: the stream takes over from what the page shows
    vote = selectors.latest_vote(meeting)
    item = selectors.screen_item(meeting, live.current_item(meeting))
    context = {
        "meeting": meeting,
        "item": item,
        "speakers": live.speakers(item) if item else [],
        "vote": vote,
        "tally": vote.count() if vote else None,
        "election": selectors.screen_election(meeting, item),
        "since": since,
    }
    part = "#screen" if request.GET.get("del") == "innehall" else ""
    return render(request, f"meetings/meeting_screen.html{part}", context)


def _unavailable(text: str) -> HttpResponse:
    response = HttpResponse(text, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "10"
    return response


@require_safe
async def meeting_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's changes as server-sent events, from after Last-Event-ID (or `?sedan=`, the
    id the page was made at). Needs the ASGI server; at most LIVE_MAX_CONNECTIONS per process."""
    if not isinstance(request, ASGIRequest):
        return _unavailable("Direktuppdateringar kräver ASGI-servern (uvicorn).")
    if broadcast.connections() >= settings.LIVE_MAX_CONNECTIONS:
        return _unavailable("För många följer sammanträdet just nu. Försök igen om en stund.")
    # The query runs in the process's one thread for synchronous work (config/asgi.py), on its
    # connection: a stream holds no connection of its own while it lasts.
    if not await Meeting.objects.filter(pk=pk).aexists():
        raise Http404
    last = request.headers.get("Last-Event-ID") or request.GET.get("sedan", "")
    response = StreamingHttpResponse(broadcast.stream(pk, last), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    pdf = services.agenda_pdf(meeting=meeting)
    if pdf is None:
        return render(request, "meetings/printing.html", {"meeting": meeting}, status=202)
    return _pdf(pdf, f"kallelse-{meeting.pk}-{meeting.date:%Y-%m-%d}.pdf")


@require_POST
@requires_step(roles.MEETING)
def agenda_build(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    try:
        added = services.agenda_build(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "Ett ärende lades till på föredragningslistan.",
                "%(count)d ärenden lades till på föredragningslistan.",
                len(added),
            )
            % {"count": len(added)},
        )
    return redirect("meetings:detail", meeting.pk)


@requires_step(roles.MEETING)
def agenda_item_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_add(
                meeting=meeting,
                title=form.cleaned_data["title"],
                proposal=form.cleaned_data["proposal"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Punkten lades till på föredragningslistan.")
            return redirect("meetings:detail", meeting.pk)
    return render_step(
        request,
        None,
        f"Ny punkt: {meeting}",
        form,
        submit="Lägg till punkten",
        extra={"back": reverse("meetings:detail", args=[meeting.pk])},
    )


@require_POST
@requires_step(roles.MEETING)
def agenda_item_change(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Before the kallelse: move an item up or down, or take it off the agenda."""
    item = _item(pk, item_pk)
    action = request.POST.get("action")
    try:
        if action == "ta-bort":
            services.agenda_remove(item=item)
            messages.success(request, f"”{item.title}” är borttagen från föredragningslistan.")
        elif action in ("upp", "ner"):
            services.agenda_move(item=item, up=action == "upp")
        else:
            messages.error(request, "Okänd ändring av föredragningslistan.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("meetings:detail", args=[pk]) + "#foredragningslista")


@require_POST
@requires_step(roles.MEETING)
def kallelse_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Sending the kallelse, after a look at who gets it."""
    meeting = _meeting(pk)
    if not is_confirmed(request):
        called = services.called(meeting)
        with_mail = [m for m in called if m.person.user_id and m.person.user.email]
        again = " igen" if meeting.kallelse_sent_at else ""
        return render_confirm(
            request,
            title=f"Skicka kallelsen{again}: {meeting}",
            facts=[
                ("Sammanträde", str(meeting)),
                ("Punkter på föredragningslistan", str(meeting.agenda_items.count())),
                (
                    f"Mottagare ({len(called)})",
                    [
                        f"{m.person.full_name}, {m.get_role_display()}"
                        + ("" if m in with_mail else " (saknar e-postadress, får ingen kallelse)")
                        for m in called
                    ],
                ),
            ],
            happens=[
                f"Kallelsen skickas med e-post till "
                f"{count(len(with_mail), 'ledamot eller ersättare', 'ledamöter och ersättare')}, "
                "med en länk till föredragningslistan och beslutsunderlagen.",
                "Kallelsen sparas som den ser ut nu.",
            ],
            final="Ett skickat e-brev går inte att ta tillbaka.",
            submit=f"Bekräfta och skicka kallelsen{again}",
            back=reverse("meetings:detail", args=[meeting.pk]),
        )
    try:
        services.meeting_send_kallelse(meeting=meeting, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Kallelsen är skickad till ledamöter och ersättare.")
    return redirect("meetings:detail", meeting.pk)


@requires_step(roles.MEETING)
def meeting_open(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    back = reverse("meetings:detail", args=[meeting.pk])
    if meeting.opened_at:
        messages.error(request, f"{meeting} är redan öppnat.")
        return redirect(back)
    chair = meeting.body.chair_on(meeting.date)
    now = timezone.localtime()
    starts_at = meeting.starts_at  # as planned; opened on the day before that time: now
    if meeting.date == now.date() and (starts_at is None or starts_at > now.time()):
        starts_at = now.time().replace(second=0, microsecond=0)
    form = OpenForm(
        request.POST or None,
        called=services.called(meeting),
        chair=chair,
        initial={"place": meeting.place, "starts_at": starts_at},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_open(
                meeting=meeting,
                serving=list(data["serving"]),
                chair=data["chair"],
                justerare=list(data["justerare"]),
                justering_deadline=data["justering_deadline"],
                justering_place=data["justering_place"],
                place=data["place"],
                starts_at=data["starts_at"],
                replacing=form.replacing(),
                first_number=data["first_number"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Sammanträdet är öppnat; punkterna har fått sina paragrafer.")
            return redirect(back)
    return render_step(
        request,
        None,
        f"Öppna sammanträdet: {meeting}",
        form,
        submit="Öppna sammanträdet",
        extra={"back": back},
    )


def _item(pk: int, item_pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related(
            "meeting__body", "meeting__chair", "case__registry", "case__step"
        ),
        pk=item_pk,
        meeting_id=pk,
    )


def item_detail(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """A paragraph: the public read of it, and for the secretary the forms of the beslutsgång."""
    item = _item(pk, item_pk)
    meeting = item.meeting
    can_edit = roles.can(request.user, roles.MEETING)
    serving = item.serving() if meeting.opened_at else []
    forms = {}
    if can_edit and request.method == "POST" and request.POST.get("form") == "remove_proposal":
        proposal = item.yrkanden.filter(pk=request.POST.get("proposal") or 0).first()
        try:
            if proposal is None:
                raise ValidationError("Yrkandet finns inte längre.")
            services.yrkande_remove(item=item, proposal=proposal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{proposal.label} är borttaget.")
        return redirect(item)
    if can_edit and meeting.opened_at and not item.is_decided and not meeting.justerad_at:
        forms, done = _paragraph_forms(request, item, serving)
        if done:
            return redirect(item)
    if can_edit and meeting.justerad_at:
        forms["dispatch"] = (
            DispatchForm(request.POST or None)
            if request.POST.get("form") == "dispatch"
            else DispatchForm()
        )
        if request.POST.get("form") == "dispatch" and forms["dispatch"].is_valid():
            data = forms["dispatch"].cleaned_data
            try:
                services.item_dispatch(
                    item=item,
                    recipients=data["recipients"],
                    sent_on=data["sent_on"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(forms["dispatch"], error)
            else:
                messages.success(request, f"§ {item.number} är expedierad.")
                return redirect(item)
    invalid = any(f.is_bound and f.errors for f in forms.values())
    way_on = can_edit and meeting.opened_at and not meeting.ends_at and item.is_decided
    context = services.protocol_context(meeting, AgendaItem.objects.filter(pk=item.pk)) | {
        "item": item,
        "forms": forms,
        "can_edit": can_edit,
        "serving_now": serving,
        "show_dispatches": True,
        "way_on": way_on,
        "next_item": selectors.next_undecided(item) if way_on else None,
    }
    context["item"] = context["items"][0]
    return render(request, "meetings/item_detail.html", context, status=400 if invalid else 200)


def _paragraph_forms(request: HttpRequest, item: AgendaItem, serving) -> tuple[dict, bool]:
    """The three forms of a paragraph not yet decided, and whether the one posted was acted on."""
    posted = request.POST.get("form") if request.method == "POST" else None
    if item.matter:
        outcomes = list(agenda_matter(item.matter).outcomes)
    elif item.case_id and closing_cases(item.case):
        outcomes = outcome_choices(item.case.kind)
    else:
        outcomes = []
    all_serving = item.meeting.serving_members()
    forms = {
        "recused": RecusedForm(
            request.POST if posted == "recused" else None,
            serving=all_serving,
            initial={"recused": list(item.recused.all())},
            prefix="jav",
        ),
        "proposal": YrkandeForm(
            request.POST if posted == "proposal" else None, serving=serving, prefix="yrkande"
        ),
        "decide": DecideForm(
            request.POST if posted == "decide" else None,
            item=item,
            serving=serving,
            outcomes=outcomes,
            prefix="beslut",
        ),
    }
    form = forms.get(posted)
    if form is None or not form.is_valid():
        return forms, False
    data = form.cleaned_data
    try:
        if posted == "recused":
            services.item_set_recused(item=item, recused=list(data["recused"]))
            note = "Jäv är registrerat." if data["recused"] else "Ingen har anmält jäv i ärendet."
        elif posted == "proposal":
            services.yrkande_add(
                item=item,
                mover=data["mover"],
                text=data["text"],
                items=data["items"],
                kind=data["kind"],
                supporters=list(data["supporters"]),
            )
            note = "Yrkandet är registrerat."
        else:
            voting, counter = data.get("voting"), data.get("counter_voting")
            services.item_decide(
                item=item,
                winner=data.get("winner"),
                vote=(data["yes"], data["no"]) if voting else None,
                ballots=form.ballots() if voting else None,
                requested_by=data.get("requested_by"),
                counter_vote=(data["counter_yes"], data["counter_no"]) if counter else None,
                counter_ballots=form.ballots("counter_ballot_") if counter else None,
                outcome=data.get("outcome", ""),
                reserving=list(data.get("reserving") or []),
                postpone=data["postpone"],
                send_back=data.get("send_back", False),
                back_to=data.get("back_to"),
                back_reason=data.get("back_reason", ""),
                by=request.user,
                now=timezone.now(),
            )
            note = f"Beslutet i § {item.number} är registrerat."
    except ValidationError as error:
        add_service_errors(form, error)
        return forms, False
    messages.success(request, note)
    return forms, True


@requires_step(roles.MEETING)
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing the meeting (after a look at what that means), or correcting its end time."""
    meeting = _meeting(pk)
    back = reverse("meetings:detail", args=[meeting.pk])
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = CloseForm(
        request.POST or None,
        meeting=meeting,
        now=now,
        initial={"ends_at": meeting.ends_at or now.time()},
    )
    closing = meeting.ends_at is None
    if request.method == "POST" and form.is_valid():
        ends = form.cleaned_data["ends_at"]
        if closing and not is_confirmed(request):
            return _close_confirm(request, meeting, ends, back)
        try:
            services.meeting_close(meeting=meeting, ends_at=ends)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                (
                    f"Sammanträdet är avslutat kl. {ends:%H.%M}. Ordföranden och justerarna har fått "
                    "besked att protokollet väntar på deras justering."
                )
                if closing
                else f"Sluttiden är rättad till kl. {ends:%H.%M}.",
            )
            return redirect(back)
    return render_step(
        request,
        None,
        f"{'Avsluta sammanträdet' if closing else 'Rätta sluttiden'}: {meeting}",
        form,
        submit="Avsluta sammanträdet" if closing else "Rätta sluttiden",
        extra={"back": back},
    )


def _close_confirm(request: HttpRequest, meeting: Meeting, ends, back: str) -> HttpResponse:
    signers = services.signers(meeting)
    drafts = [
        f"{s.heading}, {s.decision.case.dnr}" for s in services.unsubmitted_statements(meeting)
    ]
    facts = [
        ("Sammanträde", str(meeting)),
        ("Avslutat klockan", f"{ends:%H.%M}"),
        ("Paragrafer i protokollet", str(meeting.agenda_items.count())),
        ("Justerar protokollet", [p.full_name for p in signers]),
    ]
    if drafts:
        facts.append(("Anmälda men inte inlämnade", drafts))
    return render_confirm(
        request,
        title=f"Avsluta sammanträdet: {meeting}",
        facts=facts,
        happens=[
            "Sammanträdet avslutas: protokollet tar inga nya paragrafer och inga fler "
            "reservationer kan anmälas.",
            "Ordföranden och justerarna får e-post om att protokollet väntar på deras justering"
            + (
                f" senast {timezone.localtime(meeting.justering_deadline):%Y-%m-%d %H.%M}."
                if meeting.justering_deadline
                else "."
            ),
        ],
        final="Sluttiden kan rättas efteråt, men sammanträdet kan inte öppnas igen.",
        submit="Bekräfta och avsluta sammanträdet",
        back=back,
        carry={"ends_at": f"{ends:%H:%M}"},
    )


@require_POST
@login_required
def meeting_justera(request: HttpRequest, pk: int) -> HttpResponse:
    """Justering by the chair or a justerare, signed in as themselves, after a look at the
    version of the minutes they justerar; it holds for that version only."""
    meeting = _meeting(pk)
    person = getattr(request.user, "person", None)
    fingerprint = services.minutes_fingerprint(meeting) if meeting.opened_at else ""
    refusal = selectors.justera_refusal(meeting, person, fingerprint)
    if refusal:
        messages.error(request, refusal)
        return redirect("meetings:detail", meeting.pk)
    if not is_confirmed(request):
        return render_confirm(
            request,
            title=f"Justera protokollet: {meeting}",
            facts=[
                ("Protokoll", f"{meeting.body}, sammanträdet {meeting.date:%Y-%m-%d}"),
                ("Paragrafer", str(meeting.agenda_items.count())),
                ("Version (kontrollsumma)", fingerprint[:12] or "–"),
                ("Justeras av", [p.full_name for p in services.signers(meeting)]),
            ],
            happens=[
                "Du justerar protokollet i den version du har läst. Ändras det efteråt får du "
                "justera på nytt.",
                "När alla har justerat blir protokollet justerat: det skrivs ut, signeras och "
                "besluten kan överklagas när anslaget satts upp.",
            ],
            final="Din justering kan inte tas tillbaka.",
            submit="Bekräfta att jag justerar protokollet",
            back=reverse("meetings:detail", args=[meeting.pk]),
            carry={"version": fingerprint},
        )
    if request.POST.get("version", fingerprint) != fingerprint:
        messages.error(
            request,
            "Protokollet har ändrats sedan du öppnade bekräftelsesidan. Läs det igen och justera "
            "på nytt.",
        )
        return redirect("meetings:detail", meeting.pk)
    try:
        services.meeting_justera(
            meeting=meeting, person=person, by=request.user, now=timezone.now()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        meeting.refresh_from_db()
        messages.success(
            request,
            "Protokollet är justerat. Det skrivs nu ut och signeras; det tar en liten stund."
            if meeting.justerad_at
            else "Din justering är registrerad.",
        )
    return redirect("meetings:detail", meeting.pk)


@requires_step(roles.MEETING)
def meeting_justering(request: HttpRequest, pk: int) -> HttpResponse:
    """Set or move a meeting's time for justering, deliberately and with a reason."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    case = get_case(request.GET["arende"]) if request.GET.get("arende") else None
    initial = {"deadline": meeting.justering_deadline}
    form = JusteringForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_set_justering(
                meeting=meeting,
                deadline=form.cleaned_data["deadline"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Tiden för justering av {meeting} är sparad.")
            return redirect(case or "home")
    return render_step(
        request,
        case,
        f"Tid för justering: {meeting.body} {meeting.date:%Y-%m-%d}",
        form,
        submit="Spara tiden för justering",
    )


@require_POST
@requires_step(roles.MEETING)
def protocol_sign_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Order the printing and signing of justerade minutes again, after a failure."""
    meeting = _meeting(pk)
    try:
        services.protocol_sign_retry(meeting=meeting, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Utskriften och signeringen är beställd på nytt.")
    return redirect("meetings:detail", meeting.pk)


@requires_step(roles.MEETING)
def anslag_post(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    back = reverse("meetings:detail", args=[meeting.pk])
    kept_at = (
        meeting.body.office.name if meeting.body.office_id else ""
    )  # usually the body's office
    form = AnslagForm(request.POST or None, initial={"kept_at": kept_at})
    if request.method == "POST" and form.is_valid():
        anslag = form.cleaned_data | {"meeting": meeting, "today": timezone.localdate()}
        try:
            if not is_confirmed(request):
                services.anslag_check(**anslag)
                return _anslag_confirm(request, meeting, form.cleaned_data, back)
            services.meeting_post_anslag(**anslag)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Anslaget är uppsatt på anslagstavlan.")
            return redirect(back)
    return render_step(
        request, None, f"Anslag: {meeting}", form, submit="Sätt upp anslaget", extra={"back": back}
    )


def _anslag_confirm(request: HttpRequest, meeting: Meeting, data: dict, back: str) -> HttpResponse:
    posted_on, kept_at = data["posted_on"], data["kept_at"]
    appeal_ends = Meeting(anslag_on=posted_on).appeal_ends_on()  # the rule, for the day given
    return render_confirm(
        request,
        title=f"Sätt upp anslaget: {meeting}",
        facts=[
            ("Sammanträde", str(meeting)),
            ("Protokollet justerat", f"{meeting.justerad_on():%Y-%m-%d}"),
            ("Anslaget uppsatt", f"{posted_on:%Y-%m-%d}"),
            ("Protokollet förvaras", kept_at),
            ("Sista dag att överklaga", f"{appeal_ends:%Y-%m-%d}"),
        ],
        happens=[
            "Anslaget visas på den offentliga anslagstavlan och i dess flöde.",
            f"Tiden för överklagande börjar löpa: tre veckor från {posted_on:%Y-%m-%d}, till och "
            f"med {appeal_ends:%Y-%m-%d} (kommunallagen 13 kap. 5 §). Om besluten inte "
            "överklagas vinner de laga kraft dagen efter.",
        ],
        final="Anslagets dag kan inte ändras efteråt.",
        submit="Bekräfta och sätt upp anslaget",
        back=back,
        carry={"posted_on": posted_on.isoformat(), "kept_at": kept_at},
    )


def protocol(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes: justerade, for everyone; until then a draft the meeting's secretary reads."""
    meeting = _meeting(pk)
    if not meeting.justerad_at and not services.may_read_draft(meeting, request.user):
        raise Http404("Protokollet är inte justerat än.")
    if not meeting.opened_at:
        raise Http404("Sammanträdet har inget protokoll här.")
    # justerade minutes never change: rendered once (a 40-paragraph meeting takes ~60 ms) and kept
    # (a correction after the justering is shown beside the minutes: it makes a new stamp)
    stamp, content = selectors.minutes_page(meeting) if meeting.justerad_at else (None, None)
    if content is None:
        context = services.protocol_context(meeting)
        content = render_to_string("meetings/protocol.html#content", context, request=request)
        if stamp:
            services.minutes_page_keep(meeting=meeting, stamp=stamp, html=content)
    may_justera = (
        not meeting.justerad_at and _justering(request, meeting, services.signers(meeting))[1]
    )
    return render(
        request,
        "meetings/protocol.html",
        {"meeting": meeting, "content": content, "may_justera": may_justera},
    )


def protocol_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    name = f"protokoll-{meeting.pk}-{meeting.date:%Y-%m-%d}.pdf"
    if meeting.justerad_at:
        protocol = Protocol.objects.filter(meeting=meeting).first()
        if protocol is None:  # the worker prints and signs it
            return render(request, "meetings/printing.html", {"meeting": meeting}, status=202)
        return _pdf(bytes(protocol.pdf), name)
    if not (meeting.opened_at and services.may_read_draft(meeting, request.user)):
        raise Http404("Protokollet är inte justerat än.")
    pdf = services.protocol_draft_pdf(meeting=meeting)
    if pdf is None:
        return render(request, "meetings/printing.html", {"meeting": meeting}, status=202)
    return _pdf(pdf, f"utkast-{name}")


def anslagstavla(request: HttpRequest) -> HttpResponse:
    """KL 8 kap. 12 §: the anslagstavla, public. An anslag stays up until the time for appeal
    has run out; older ones are listed below."""
    today = timezone.localdate()
    posted = list(
        Meeting.objects.filter(anslag_on__isnull=False, anslag_on__lte=today)
        .select_related("body")
        .order_by("-anslag_on", "body__name")[:200]
    )
    current = [m for m in posted if m.appeal_ends_on() >= today]
    earlier = [m for m in posted if m.appeal_ends_on() < today]
    return render(
        request,
        "meetings/anslagstavla.html",
        {"current": current, "earlier": earlier, "today": today},
    )


def _calendar_response(request: HttpRequest, *, name: str, body=None) -> HttpResponse:
    meetings = list(calendar.calendar_meetings(on=timezone.localdate(), body=body))
    content = calendar.meetings_calendar(meetings, name=name, absolute=request.build_absolute_uri)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = f"sammantraden-{slugify(body.name)}.ics" if body else "sammantraden.ics"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_all(request: HttpRequest) -> HttpResponse:
    """Every body's meetings as an iCalendar feed, for anyone to subscribe to."""
    return _calendar_response(request, name=f"Sammanträden – {Municipality.current().name}")


def calendar_body(request: HttpRequest, pk: int) -> HttpResponse:
    """One body's meetings as an iCalendar feed."""
    body = get_object_or_404(Body, pk=pk)
    return _calendar_response(request, name=f"Sammanträden – {body}", body=body)
