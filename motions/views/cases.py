"""The clerks' and readers' pages over cases: start page, case list with export, case page."""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_text_list

from casework import attributes, roles, selectors, workflow
from casework.forms import AnnounceForm
from casework.lists import CappedPaginator, csv_response
from casework.models import (
    Case,
    ChangeCounter,
    Meeting,
    Municipality,
    dnr_lookup,
)
from meetings import selectors as meeting_selectors
from motions.filters import CaseFilter, dnr_parts
from motions.models import Motion, Mover, PreparationSummary, Utlatande, movers_texts
from motions.steps import case_steps, waiting_for
from referrals.models import OfficerReport, Referral

PAGE_SIZE = 25


def movers_prefetch(path: str = "moverships") -> Prefetch:
    return selectors.with_parties(path, Mover.objects.order_by("position"))


def motion_cases(*, movers: bool = True):
    """Cases with what a list shows of them, in a fixed number of queries; the case list reads
    its movers as plain values instead (`movers_texts`)."""
    cases = Case.objects.select_related(
        "registry", "classification", "motion", "step__body", *attributes.related()
    ).with_justering(timezone.now())
    return cases.prefetch_related(movers_prefetch("motion__moverships")) if movers else cases


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("motions:dashboard")
    return redirect("case_list")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The start page: what needs the user's attention today. A politician sees their own
    to-dos; a clerk the office's."""
    today = timezone.localdate()
    user = request.user
    if not roles.is_clerk(user):
        return _politician_dashboard(request, today)
    my_cases = (
        motion_cases()
        .open()
        .prefetch_related("referrals__body", "motion__utlatande", "joint_utlatanden")
    )
    if roles.is_clerk(user):
        my_cases = (
            my_cases.filter(handler=user)
            if roles.HANDLAGGARE in roles.role_names(user)
            else my_cases
        )
    else:
        my_cases = my_cases.filter(motion__movers__user=user)
    my_cases = list(my_cases[:PAGE_SIZE])
    unassigned = []
    if roles.HANDLAGGARE in roles.role_names(user):  # cases no handläggare has taken yet
        unassigned = list(
            motion_cases()
            .filter(
                handler__isnull=True,
                status__in=[
                    workflow.Status.REGISTERED,
                    workflow.Status.REFERRED,
                    workflow.Status.IN_PREPARATION,
                ],
            )
            .order_by("registered_on")[:PAGE_SIZE]
        )
    referrals = (
        Referral.objects.exclude(case__status__in=workflow.CLOSED)
        .select_related("body", "case__registry", "case__classification")
        .order_by("body__name", "due_on")
    )
    context = {
        "today": today,
        "my_cases": [(case, waiting_for(case.motion)) for case in my_cases],
        "overdue": list(referrals.overdue(on=today)[:100]),
        "due_soon": list(referrals.due_within(on=today, days=14)[:100]),
        "past_deadline": Motion.objects.past_deadline(on=today)
        .select_related("case__registry", "case__classification")
        .order_by("filed_on")[:50],
        "approaching": Motion.objects.approaching_deadline(on=today)
        .select_related("case__registry", "case__classification")
        .order_by("filed_on")[:50],
        "warning_days": settings.MOTION_DEADLINE_WARNING_DAYS,
        "unassigned": unassigned,
        "coming_meetings": Meeting.objects.filter(date__gte=today, justerad_at__isnull=True)
        .select_related("body")
        .order_by("date", "starts_at", "body__name")[:10],
        "can_register": roles.can(user, roles.REGISTER),
        "can_import": roles.can(user, roles.IMPORT),
    }
    return render(request, "motions/dashboard.html", context)


def _politician_dashboard(request: HttpRequest, today) -> HttpResponse:
    """A politician's own to-dos: minutes to justera, invitations to co-author, statements to
    hand in before their deadline, the coming meetings of their bodies, and their motions."""
    person = getattr(request.user, "person", None)
    now = timezone.now()
    context = {"today": today, "person": person}
    if person is not None:
        context |= {
            "to_justera": list(meeting_selectors.minutes_to_justera(person)),
            "invitations": list(selectors.statement_invitations(person, at=now)[:50]),
            "announced": list(selectors.statements_announced(person, at=now)[:50]),
            "next_meetings": list(meeting_selectors.next_meetings(person, on=today)[:5]),
            "my_cases": [
                (case, waiting_for(case.motion))
                for case in motion_cases()
                .open()
                .filter(motion__movers=person)
                .prefetch_related("referrals__body", "motion__utlatande", "joint_utlatanden")
                .distinct()[:PAGE_SIZE]
            ],
        }
    return render(request, "motions/dashboard_politician.html", context)


def _typed_case(request: HttpRequest) -> Case | None:
    """The one case whose whole diarienummer (with its year) was typed alone in the search box."""
    if any(value for key, value in request.GET.items() if key != "q"):
        return None
    parts = dnr_parts(request.GET.get("q", ""))
    if not parts or "year" not in parts:
        return None
    found = list(Case.objects.filter(**parts)[:2])
    return found[0] if len(found) == 1 else None


def case_list(request: HttpRequest) -> HttpResponse:
    """The filtered list. Its content is public and the same for everyone, so it is cached,
    keyed by the query and by the last change of any case. A whole dnr typed alone goes
    straight to its case."""
    if case := _typed_case(request):
        return redirect(case)
    digest = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()
    newest = Case.objects.aggregate(newest=Max("changed_at"))["newest"]
    key = f"case_list:{ChangeCounter.current()}:{newest and newest.timestamp()}:{digest}"
    content = cache.get(key)
    if content is None:
        filtered = CaseFilter(request.GET, queryset=Case.objects.all())
        searched = filtered.is_valid() and filtered.form.cleaned_data.get("q")
        # The page's cases found and sorted by their ids alone, then read with what the list
        # shows: the joins are made for 25 rows, not for every case the filter matches.
        paginator = CappedPaginator(filtered.qs.values_list("pk", flat=True), PAGE_SIZE)
        if searched and paginator.capped:  # a common word: its page found the other way
            ids = CaseFilter(request.GET, queryset=Case.objects.all(), many_hits=True).qs
            paginator.object_list = ids.values_list("pk", flat=True)
        page = paginator.get_page(request.GET.get("sida"))
        listed = motion_cases(movers=False)
        if searched:
            listed = listed.prefetch_related(selectors.document_hits(searched))
        found = listed.in_bulk(list(page))
        page.object_list = [found[pk] for pk in page if pk in found]  # gone since: left out
        movers = movers_texts([case.motion for case in page])
        query = request.GET.copy()
        query.pop("sida", None)
        context = {
            "filter": filtered,
            "page": page,
            "rows": [(case, movers[case.pk]) for case in page],
            "searched": searched,  # each case's document_hits read
            "query": query.urlencode(),
            "sort_query": _without(request.GET, "ordning", "sida"),
            "ordering": request.GET.get("ordning", ""),
            "filtered_beyond_search": any(
                v for k, v in request.GET.items() if k not in ("q", "sida")
            ),
            "profile": Municipality.current(),
            "case_attributes": attributes.used_case_attributes(),
        }
        content = render_to_string("motions/case_list.html#content", context)
        cache.set(key, content, timeout=600)
    context = {"content": content, "can_register": roles.can(request.user, roles.REGISTER)}
    return render(request, "motions/case_list.html", context)


def case_export(request: HttpRequest) -> HttpResponse:
    """Exactly the filtered list, as CSV."""
    filtered = CaseFilter(request.GET, queryset=motion_cases())
    columns = attributes.case_attributes()  # a rotel in Stockholm; empty where none is used
    rows = (
        [
            case.dnr,
            case.get_kind_display(),
            case.title,
            case.motion.movers_display,
            ", ".join(m.name_with_party(case.motion.filed_on) for m in case.motion.ordered_movers),
            case.motion.filed_on.isoformat(),
            *[str(a.value(case) or "") for a in columns],
            case.stage,
            case.registered_on.isoformat(),
        ]
        for case in filtered.qs.iterator(chunk_size=2000)
    )
    return csv_response(
        "arenden.csv",
        [
            "Diarienummer",
            "Ärendetyp",
            "Ärendemening",
            "Väckt av",
            "Motionärer",  # each by name, for an import (motions.importing)
            "Väckt",
            *[a.label for a in columns],
            "Status",
            "Registrerat",
        ],
        rows,
    )


def _case_page(request: HttpRequest, slug: str) -> dict:
    try:
        case = (
            selectors.case_page(slug)
            .select_related("motion__utlatande__frozen_document__case__registry")
            .prefetch_related(
                movers_prefetch("motion__moverships"),
                Prefetch(
                    "referrals",
                    queryset=Referral.objects.select_related("body", "report__office").order_by(
                        "id"
                    ),
                ),
            )
            .first()
        )
    except ValidationError:
        raise Http404("Ogiltigt diarienummer") from None
    motion = getattr(case, "motion", None)
    if motion is None:
        raise Http404("Ärendet finns inte")
    registers_statements = roles.can(request.user, roles.ANSWER_COMMITTEE)
    is_clerk = roles.is_clerk(request.user)  # only clerks take steps
    steps, others_steps = case_steps(motion, request.user) if is_clerk else ([], [])
    utlatande = motion.answering_utlatande
    answered = utlatande.cases if utlatande else []
    decisions = list(case.decisions.all())
    now = timezone.now()
    context = {
        "case": case,
        "motion": motion,
        "utlatande": utlatande,
        "joint_dnrs": get_text_list([c.dnr for c in answered], "och") if len(answered) > 1 else "",
        "profile": Municipality.current(),
        "case_attributes": [
            (a.label, a.value(case) or a.unset) for a in attributes.used_case_attributes()
        ],
        "documents": case.documents.all(),
        "events": case.events.all(),
        "decisions": [  # each with the case's next decision, which took the case further
            (
                d,
                later,
                d.meeting.accepts_written_statements(now),
                AnnounceForm(auto_id=f"id_beslut{d.pk}_%s") if registers_statements else None,
            )
            for d, later in zip(decisions, [*decisions[1:], None], strict=False)
        ],
        "now": now,
        "referrals": case.referrals.all(),
        "postponed": case.agenda_items.filter(postponed=True).select_related("meeting__body"),
        "waiting_for": waiting_for(motion),
        "steps": steps,
        "others_steps": others_steps,
        "today": timezone.localdate(),
        "is_clerk": is_clerk,
        "can_cancel": roles.can(request.user, roles.DOCUMENT),
    }
    return context


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The case page. What readers who are not clerks see depends only on the case and on
    whether they are signed in, so it is cached, keyed by the case's last change; clerks get
    theirs fresh, with the steps they may take."""
    key = None
    if not roles.is_clerk(request.user):
        try:
            changed = Case.objects.by_dnr(slug).values_list("changed_at", flat=True).first()
        except ValidationError:
            raise Http404("Ogiltigt diarienummer") from None
        reader = "inloggad" if request.user.is_authenticated else "anonym"  # drafts: signed-in only
        key = (  # the day, too: a decision gains legal force as the days pass
            f"case_page:{reader}:{ChangeCounter.current()}:{changed and changed.timestamp()}:"
            f"{timezone.localdate()}:{slug}"
        )
    cached = cache.get(key) if key else None
    if cached is None:
        context = _case_page(request, slug)
        content = render_to_string("motions/case_detail.html#content", context, request=request)
        cached = {"title": context["case"].dnr, "slug": context["case"].slug, "content": content}
        if key:
            cache.set(key, cached, timeout=600)
    return render(request, "motions/case_detail.html", cached)


def _without(params, *names) -> str:
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _readable(field, value, rows: dict) -> str:
    """A recorded value as a reader says it: a choice by its label, a list of att-satser as
    lines, a row by its name (`rows` keeps the rows looked up, once each)."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and value is not None:
        key = (field.related_model, value)
        if key not in rows:
            rows[key] = field.related_model._default_manager.filter(pk=value).first() or value
        return str(rows[key])
    return value


@login_required
def case_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every recorded change to the case's data: who, when, before and after. For clerks."""
    if not roles.is_clerk(request.user):
        raise PermissionDenied("Historiken visas för handläggare och registratorer.")
    try:
        motion = Motion.objects.select_related("case__registry").get(**dnr_lookup(slug, "case__"))
    except (ValidationError, Motion.DoesNotExist):
        raise Http404("Ärendet finns inte") from None
    case = motion.case
    referral_ids = list(case.referrals.values_list("pk", flat=True))
    core = selectors.case_history(case)
    history = selectors.history_records
    sources = [
        core["case"],
        *[history(a.history(case)) for a in attributes.case_attributes() if a.history],
        history(Motion.history.filter(case_id=case.pk)),
        core["documents"],
        history(Referral.history.filter(case_id=case.pk)),
        history(OfficerReport.history.filter(referral_id__in=referral_ids)),
        core["decisions"],
        core["statements"],
        history(Utlatande.history.filter(motion_id=case.pk)),
        history(PreparationSummary.history.filter(utlatande_id=case.pk)),
    ]
    entries, rows = [], {}
    for records in sources:
        previous, names = {}, {}
        for record in records:
            key = getattr(record, record.instance_type._meta.pk.attname)
            before = previous.get(key)
            changes = []
            if before is not None:
                for change in record.diff_against(before).changes:
                    field = record.instance_type._meta.get_field(change.field)
                    changes.append(
                        (
                            field.verbose_name,
                            _readable(field, change.old, rows),
                            _readable(field, change.new, rows),
                        )
                    )
            if key not in names:  # named once per object, not once per change
                names[key] = str(record.instance)
            what = f"{record.instance_type._meta.verbose_name}: {names[key]}"
            entries.append((record, what, changes))
            previous[key] = record
    entries.sort(key=lambda e: e[0].history_date, reverse=True)
    return render(request, "motions/case_history.html", {"case": case, "entries": entries[:500]})
