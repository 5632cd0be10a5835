"""The open data API: OParl 1.1 objects and lists, read-only, for anyone.

Every answer is JSON with an ETag (an unchanged answer is a 304), readable from any origin
(CORS); lists are paginated and take `modified_since` and `modified_until`.
"""

import datetime
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Max, Model, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import conditional_page, require_safe

from casework.models import Case, ChangeCounter, Decision, Meeting
from opendata import selectors
from opendata.oparl import Oparl, term_years
from opendata.oparl import signed as oparl_signed
from opendata.openapi import description
from referrals.models import Referral

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# A list counts its rows up to this many past the page asked (a few ms on PostgreSQL).
COUNT_CAP = 1000


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def api(view):
    """GET and HEAD only; JSON in UTF-8 with an ETag, 304 when the client has it; any origin."""

    @functools.wraps(view)
    def json_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            data = view(request, Oparl(request), *args, **kwargs)
        except ApiError as error:
            return _json({"fel": str(error)}, status=error.status)
        return data if isinstance(data, HttpResponse) else _json(data)

    answer = require_safe(conditional_page(json_view))

    @functools.wraps(view)
    def readable_anywhere(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = answer(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return readable_anywhere


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _get(queryset: QuerySet, pk) -> Model:
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise ApiError("Objektet finns inte.", 404) from None


# The zone designator ISO 8601 allows at the end of a time: Z, or ±hh, ±hhmm or ±hh:mm from -23:59
# to +23:59. Python reads more (seconds, a 60th minute), which is not a moment anyone meant.
ZONE = re.compile(r"(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)$")


def _moment(request: HttpRequest, name: str) -> datetime.datetime | None:
    """The parameter as a moment in UTC (a moment without an offset is local time). UTC because
    PostgreSQL refuses an offset beyond ±15:59 that ISO 8601 allows."""
    text = request.GET.get(name)
    if not text:
        return None
    text = text.replace(" ", "+")  # a '+' in a query string arrives as a space
    try:  # a date alone is its midnight; well formed but no such day or time (2026-02-30) fails
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or (timezone.is_aware(moment) and not ZONE.search(text)):
        raise ApiError(
            f"{name} ska vara en tidpunkt enligt ISO 8601, t.ex. 2026-06-01T00:00:00+02:00."
        )
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(datetime.UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the first moment there is
        raise ApiError(f"{name} ligger utanför de tidpunkter som går att ange.") from None


def _number(request: HttpRequest, name: str, default: int, highest: int | None = None) -> int:
    text = request.GET.get(name, "")
    if not text:
        return default
    if not text.isdigit() or int(text) < 1 or len(text) > 9:
        raise ApiError(f"{name} ska vara ett positivt heltal.")
    return min(int(text), highest) if highest else int(text)


def listing(request: HttpRequest, rows, make, *, modified: str | None) -> dict:
    """An OParl list: one page of objects, how many there are, and links to the other pages.

    `modified` names the field that says when a row last changed; None for reference data,
    which changes as a whole (ChangeCounter): then all rows or none are newer than asked.
    The rows are counted only up to COUNT_CAP: beyond that the list says neither its total nor
    its last page (OParl 1.1 makes both optional) and is read on by its `next` links."""
    since, until = _moment(request, "modified_since"), _moment(request, "modified_until")
    if modified:
        if since:
            rows = rows.filter(**{f"{modified}__gte": since})
        if until:
            rows = rows.filter(**{f"{modified}__lte": until})
    elif since or until:
        changed = ChangeCounter.changed()
        if changed is None or (since and changed < since) or (until and changed > until):
            rows = rows.none() if isinstance(rows, QuerySet) else []
    size = _number(request, "limit", PAGE_SIZE, MAX_PAGE_SIZE)
    number = _number(request, "page", 1)
    start = (number - 1) * size
    if isinstance(rows, QuerySet):  # the page's keys first: joins for its rows only, deep too
        rows_asked = rows.filter(pk__in=rows.values("pk")[start : start + size + 1])
    else:
        rows_asked = rows[start : start + size + 1]
    objects = list(rows_asked)  # one more: is there a next page?
    if not objects and number > 1:
        raise ApiError("Sidan finns inte.", 404)
    more = len(objects) > size
    total = _count(rows, start + size + COUNT_CAP) if more else start + len(objects)

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    pagination = {"elementsPerPage": size, "currentPage": number}
    links = {"first": link(1)}
    if total is not None:
        pages = max(1, -(-total // size))
        pagination = {"totalElements": total, **pagination, "totalPages": pages}
        links["last"] = link(pages)
    if number > 1:
        links["prev"] = link(number - 1)
    if more:
        links["next"] = link(number + 1)
    return {
        "data": [make(row) for row in objects[:size]],
        "pagination": pagination,
        "links": links,
    }


def _count(rows, cap: int) -> int | None:
    """How many rows there are, or None if more than `cap`: counting stops there."""
    if not isinstance(rows, QuerySet):
        return len(rows)
    counted = rows.values("pk").order_by()[: cap + 1].count()
    return counted if counted <= cap else None


def _body(pk: int) -> None:
    if pk != 1:
        raise ApiError("Kommunen finns inte.", 404)


# --- The system and the municipality -------------------------------------------------------


@api
def system(request, oparl):
    return oparl.system()


@api
def body_list(request, oparl):
    return listing(request, [1], lambda _: oparl.body(), modified=None)


@api
def body(request, oparl, pk):
    _body(pk)
    return oparl.body()


@api
def legislativeterm_list(request, oparl, pk):
    _body(pk)
    return listing(request, term_years(), oparl.legislative_term, modified=None)


@api
def legislativeterm(request, oparl, year):
    if year not in term_years():
        raise ApiError("Mandatperioden finns inte.", 404)
    return oparl.legislative_term(year)


# --- The lists of the municipality and their objects, by OParl type ---------------------------


@dataclass(frozen=True)
class Kind:
    rows: Callable[[], QuerySet]
    make: str  # the Oparl method that makes one object
    modified: str | None  # the field saying when a row changed; None: reference data


KINDS = {
    "organization": Kind(selectors.organizations, "organization", None),
    "person": Kind(selectors.people, "person", None),
    "membership": Kind(selectors.memberships, "membership", None),
    "meeting": Kind(selectors.meetings, "meeting", "changed_at"),
    "agendaitem": Kind(selectors.agenda_items, "agenda_item", "meeting__changed_at"),
    "paper": Kind(selectors.papers, "paper", "changed_at"),
    "file": Kind(selectors.files, "file", "case__changed_at"),
}


def public_stamp() -> str:
    """What every change to the public record moves (casework.signals): the newest change of a
    case or of a meeting, the reference data's counter, and the day (a referral becomes late,
    a decision gains legal force, with nothing changed)."""
    newest = Case.objects.aggregate(at=Max("changed_at"))["at"]
    meeting = Meeting.objects.aggregate(at=Max("changed_at"))["at"]
    return f"{ChangeCounter.current()}:{newest}:{meeting}:{timezone.localdate()}"


def kept(request: HttpRequest, make: Callable[[], dict]) -> HttpResponse:
    """A list as made for the same address while nothing public has changed since, kept as the
    JSON sent: open data is the same for everyone, and a harvester reads the same pages again
    and again."""
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    key = f"oparl:{public_stamp()}:{address}"
    content = cache.get(key)
    if content is None:
        content = _json(make()).content
        cache.set(key, content, timeout=600)
    return HttpResponse(content, content_type="application/json")


@api
def object_list(request, oparl, pk, kind):
    _body(pk)
    spec = KINDS[kind]
    return kept(
        request,
        lambda: listing(request, spec.rows(), getattr(oparl, spec.make), modified=spec.modified),
    )


@api
def object_detail(request, oparl, pk, kind):
    spec = KINDS[kind]
    return getattr(oparl, spec.make)(_get(spec.rows(), pk))


@api
def organization_meetings(request, oparl, pk):
    """One body's meetings (OParl's Organization.meeting)."""
    _get(selectors.organizations(), pk)
    meetings = selectors.meetings().filter(body=pk)
    return kept(request, lambda: listing(request, meetings, oparl.meeting, modified="changed_at"))


@api
def consultation(request, oparl, key):
    """`remiss-<id>` for a referral, `beslut-<id>` for a decision: read through its case."""
    kind, _, pk = key.partition("-")
    model = {"remiss": Referral, "beslut": Decision}.get(kind)
    if model is None or not pk.isdigit() or len(pk) > 18:
        raise ApiError("Objektet finns inte.", 404)
    row = _get(model.objects.all(), pk)
    case = _get(selectors.papers(), row.case_id)
    if kind == "remiss":
        return oparl.referral(next(r for r in case.referral_list if r.pk == row.pk), case)
    return oparl.decision(next(d for d in case.decision_list if d.pk == row.pk), case)


@api
def file(request, oparl, key):
    """A public registered document by its id; `kallelse-<id>` and `protokoll-<id>`, a meeting's
    printed kallelse and justerat protokoll."""
    which, _, pk = key.rpartition("-")
    if which in ("kallelse", "protokoll") and pk.isdigit() and len(pk) <= 18:
        meeting = _get(selectors.meetings(), pk)
        if (which == "kallelse" and meeting.kallelse_sent_at) or (
            which == "protokoll" and meeting.justerad_at and oparl_signed(meeting)
        ):
            return oparl.meeting_file(meeting, which)
    elif not which and key.isdigit() and len(key) <= 18:
        return oparl.file(_get(selectors.files(), key))
    raise ApiError("Objektet finns inte.", 404)


@api
def openapi(request, oparl):
    return description(request)
