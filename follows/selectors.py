"""What has changed in what an address follows: the public record only (documents not under
secrecy and not cancelled, decisions, kallelser sent, anslag posted, new cases of a saved search),
the same things the public pages show; never a draft or a secret document's title."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Decision, Document, Meeting
from follows.models import Follow, Subscriber
from motions.filters import CaseFilter

# A change committed shortly after the last digest may carry a time just before it: each
# digest looks back this much further, and the sent items keep anything from going twice.
SLACK = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Change:
    key: str  # the same change has the same key, whichever follow finds it
    text: str
    path: str


def day_start(moment: datetime.datetime) -> datetime.datetime:
    """Midnight, local time, at the start of the moment's day."""
    return timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(moment), datetime.time())
    )


def _created_since(model, since: datetime.datetime):
    """The ids of the model's rows created at or after `since`, from their history."""
    return model.history.filter(history_type="+", history_date__gte=since).values("id")


def search_cases(query: str) -> QuerySet[Case]:
    """The cases the case list shows for this query string (its order and page left aside)."""
    params = QueryDict(query, mutable=True)
    for unused in ("ordning", "sida"):
        params.pop(unused, None)
    return CaseFilter(params, queryset=Case.objects.all()).qs.order_by()


def _case_changes(cases: QuerySet, since: datetime.datetime, *, new_cases: bool) -> list[Change]:
    changes = []
    if new_cases:
        for case in cases.filter(pk__in=_created_since(Case, since)).select_related("registry"):
            changes.append(
                Change(
                    f"arende-{case.pk}",
                    f"Nytt ärende: {case.dnr} {case.title}",
                    case.get_absolute_url(),
                )
            )
    documents = (
        Document.objects.public()
        .filter(cancelled_at__isnull=True, case__in=cases, pk__in=_created_since(Document, since))
        .select_related("case__registry", "case__classification")
    )
    for document in documents:
        changes.append(
            Change(
                f"handling-{document.pk}",
                f"Ny handling i {document.case.dnr}: {document.dnr} {document.title}",
                f"{document.case.get_absolute_url()}#diarium",
            )
        )
    decisions = Decision.objects.filter(case__in=cases, pk__in=_created_since(Decision, since))
    changes += _decisions(decisions)
    meetings = Meeting.objects.filter(
        Q(agenda_items__case__in=cases) | Q(decisions__case__in=cases)
    )
    return changes + _meeting_changes(meetings.distinct(), since)


def _decisions(decisions: QuerySet) -> list[Change]:
    return [
        Change(
            f"beslut-{d.pk}",
            f"Beslut i {d.case.dnr} av {d.meeting.body} {d.meeting.date:%Y-%m-%d}: "
            + " ".join(d.items),
            f"{d.case.get_absolute_url()}#beslut",
        )
        for d in decisions.select_related("meeting__body", "case__registry", "case__classification")
    ]


def _meeting_changes(meetings: QuerySet, since: datetime.datetime) -> list[Change]:
    changes = []
    for meeting in meetings.filter(kallelse_sent_at__gte=since).select_related("body"):
        changes.append(
            Change(
                f"kallelse-{meeting.pk}",
                f"Kallelse till {meeting.body} {meeting.date:%Y-%m-%d}",
                reverse("meetings:detail", args=[meeting.pk]),
            )
        )
    posted = meetings.filter(
        anslag_on__gte=timezone.localdate(since), anslag_on__lte=timezone.localdate()
    )
    for meeting in posted.select_related("body"):
        changes.append(
            Change(
                f"anslag-{meeting.pk}",
                f"Protokollet från {meeting.body} {meeting.date:%Y-%m-%d} är anslaget; "
                f"sista dag att överklaga {meeting.appeal_ends_on():%Y-%m-%d}",
                reverse("meetings:protocol", args=[meeting.pk]),
            )
        )
    return changes


def follow_changes(follow: Follow, since: datetime.datetime) -> list[Change]:
    """What changed since `since` in what the follow names."""
    if follow.kind == Follow.Kind.CASE:
        return _case_changes(Case.objects.filter(pk=follow.case_id), since, new_cases=False)
    if follow.kind == Follow.Kind.BODY:
        decisions = Decision.objects.filter(
            meeting__body=follow.body_id, pk__in=_created_since(Decision, since)
        )
        meetings = Meeting.objects.filter(body=follow.body_id)
        return _decisions(decisions) + _meeting_changes(meetings, since)
    return _case_changes(search_cases(follow.query), since, new_cases=True)


def digest_changes(subscriber: Subscriber) -> list[tuple[Follow, list[Change]]]:
    """Each confirmed follow with what changed in it that the address has not been sent; a change
    two follows find is under the first only."""
    sent_before = subscriber.sent.all()
    if subscriber.last_digest_at:  # nothing sent before the window's first day can be found again
        sent_before = sent_before.filter(sent_at__gte=day_start(subscriber.last_digest_at - SLACK))
    sent = set(sent_before.values_list("key", flat=True))
    result = []
    for follow in subscriber.follows.filter(confirmed_at__isnull=False).select_related(
        "case__registry", "case__classification", "body"
    ):
        since = follow.confirmed_at
        if subscriber.last_digest_at:
            since = max(since, subscriber.last_digest_at - SLACK)
        changes = []
        for change in follow_changes(follow, since):
            if change.key not in sent:
                sent.add(change.key)
                changes.append(change)
        if changes:
            result.append((follow, changes))
    return result
