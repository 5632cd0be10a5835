"""What the meetings app reads off a meeting, for its pages and services: where the meeting
stands, whether its minutes are kept elsewhere, and the anslag's deadline. The core's Meeting
keeps only what the core's own rules need (is_justerad, justerad_on, appeal_ends_on, …)."""

import datetime

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.safestring import mark_safe

from casework.models import ChangeCounter, Decision, Meeting, Membership, Person
from casework.models.fields import Period
from meetings.models import AgendaItem, Election, MinutesPage, Vote


def minutes_kept_elsewhere(meeting: Meeting) -> bool:
    """Not opened here, and its decisions entered on the cases' pages: its minutes are kept
    elsewhere, and minutes made here would leave those decisions out."""
    return not meeting.opened_at and meeting.decisions.exists()


def _stamp_moments(meeting) -> dict:
    """What the page of justerade minutes shows besides the minutes themselves, as subqueries on
    `meeting` (an OuterRef): when a case on the agenda last changed (a correction after the
    justering, a document cancelled or made secret) and the reference data (people, parties).
    The meeting's own changes are its changed_at (casework.signals)."""
    items = AgendaItem.objects.filter(meeting=meeting).order_by().values("meeting")
    return {
        "cases": Subquery(items.annotate(at=Max("case__changed_at")).values("at")),
        "reference": Subquery(
            ChangeCounter.objects.filter(topic=ChangeCounter.REFERENCE).values("changed_at")
        ),
    }


def _stamp(meeting: Meeting, moments: dict) -> str:
    latest = (meeting.changed_at, moments["cases"], moments["reference"])
    return ";".join(m.isoformat() if m else "" for m in latest)


def minutes_page(meeting: Meeting) -> tuple[str, str | None]:
    """The stamp of what the page of justerade minutes shows now, and the page as kept if it
    shows that still (None: render it anew); one query when it does."""
    kept = MinutesPage.objects.filter(meeting=meeting).values(
        "stamp", "html", **_stamp_moments(OuterRef("meeting_id"))
    )
    row = kept.first()
    if row is None:
        moments = Meeting.objects.filter(pk=meeting.pk).values(**_stamp_moments(OuterRef("pk")))
        return _stamp(meeting, moments.get()), None
    stamp = _stamp(meeting, row)
    # our own rendering, escaped when it was made
    return stamp, mark_safe(row["html"]) if row["stamp"] == stamp else None


def meeting_state(meeting: Meeting, *, has_decisions: bool) -> str:
    """Where the meeting stands, as what happened says it: justerat, held here, kept
    elsewhere (its decisions entered on the cases' pages), called, or only planned."""
    now = timezone.now()
    if meeting.minutes_kept_here:
        if meeting.justerad_at:
            return f"justerat {timezone.localdate(meeting.justerad_at):%Y-%m-%d}"
        return "avslutat, justeras" if meeting.ends_at else "pågår"
    if has_decisions:
        justerad = meeting.justerad_on()
        if meeting.is_justerad(now):
            return f"protokoll utanför systemet, justerat {justerad:%Y-%m-%d}"
        return "protokoll utanför systemet"
    if meeting.kallelse_sent_at:
        return "kallelse skickad"
    return "planerat" if meeting.date >= timezone.localdate() else "inget registrerat"


def anslag_latest_on(meeting: Meeting) -> datetime.date | None:
    """KL 8 kap. 12 §: the justering is announced on the anslagstavla no later than the second
    day after it."""
    justerad = meeting.justerad_on()
    return justerad + datetime.timedelta(days=2) if justerad else None


def anslag_was_late(meeting: Meeting) -> bool:
    latest = anslag_latest_on(meeting)
    return bool(meeting.anslag_on and latest and meeting.anslag_on > latest)


def end_time_refusal(meeting: Meeting, ends_at: datetime.time) -> str:
    """Why the meeting cannot have ended at `ends_at` ("" if it can): not before it began."""
    if meeting.starts_at and ends_at < meeting.starts_at:
        return f"Sammanträdet kan inte sluta före det började (kl. {meeting.starts_at:%H.%M})."
    return ""


def next_undecided(item: AgendaItem) -> AgendaItem | None:
    """The paragraph to decide after `item`: the first undecided one after it, else the first
    undecided one before it; None when every paragraph of the meeting is decided."""
    undecided = list(
        item.meeting.agenda_items.filter(decided_at__isnull=True)
        .exclude(pk=item.pk)
        .order_by("number")
    )
    return next((i for i in undecided if i.number > item.number), None) or next(
        iter(undecided), None
    )


def justera_refusal(meeting: Meeting, person: Person | None, fingerprint: str) -> str:
    """Why this person cannot justera the minutes now ("" if they can): the button is offered
    only to a chair or justerare whose justering of this version does not already hold."""
    if meeting.justerad_at:
        return "Protokollet är redan justerat."
    signers = [meeting.chair_id, *meeting.justerare.values_list("pk", flat=True)]
    if person is None or person.pk not in signers:
        return "Bara ordföranden och justerarna justerar protokollet."
    if not meeting.opened_at or not meeting.ends_at:
        return "Protokollet justeras när sammanträdet är avslutat."
    if meeting.justeringar.filter(
        person=person, voided__isnull=True, fingerprint=fingerprint
    ).exists():
        return "Du har redan justerat protokollet."
    return ""


# --- A politician's start page ---------------------------------------------------------------


def minutes_to_justera(person: Person) -> QuerySet[Meeting]:
    """The minutes this person is to justera (as chair or justerare) and has not yet: the
    meeting is closed, not yet justerat, and no approval of theirs holds."""
    return (
        Meeting.objects.filter(
            Q(chair=person) | Q(justerare=person),
            opened_at__isnull=False,
            ends_at__isnull=False,
            justerad_at__isnull=True,
        )
        .exclude(justeringar__person=person, justeringar__voided__isnull=True)
        .select_related("body")
        .distinct()
        .order_by("justering_deadline", "date")
    )


def next_meetings(person: Person, *, on: datetime.date) -> QuerySet[Meeting]:
    """The coming meetings (from `on`) of the bodies the person sits on that day, soonest first:
    not one held already (ended, or its decisions recorded from minutes kept elsewhere)."""
    bodies = Membership.objects.filter(Period.on(on), person=person).values("body")
    held = Decision.objects.filter(meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(body__in=bodies, date__gte=on, ends_at__isnull=True)
        .exclude(Exists(held))
        .select_related("body")
        .order_by("date", "starts_at", "body__name")
    )


def meeting_steps(meeting: Meeting, *, has_items: bool, today: datetime.date) -> list[dict]:
    """The meeting's path, step by step (planera → kallelse → öppna → paragrafer → avsluta →
    justering → anslag): each with its state ("done", "current", "todo") and the date it was
    done. The first step not done is the current one; opening it waits for the meeting's day
    (`waits`, what the step says instead of "nu")."""

    def day(moment):
        return timezone.localdate(moment) if moment else None

    rows = [
        ("Planera föredragningslistan", has_items or bool(meeting.kallelse_sent_at), None),
        ("Skicka kallelsen", bool(meeting.kallelse_sent_at), day(meeting.kallelse_sent_at)),
        ("Öppna sammanträdet", bool(meeting.opened_at), day(meeting.opened_at)),
        ("Besluta paragraferna", bool(meeting.ends_at), None),
        ("Avsluta sammanträdet", bool(meeting.ends_at), day(meeting.opened_at)),  # a time
        ("Justera protokollet", bool(meeting.justerad_at), day(meeting.justerad_at)),
        ("Sätt upp anslaget", bool(meeting.anslag_on), meeting.anslag_on),
    ]
    steps, current_found = [], False
    for label, done, on in rows:
        state = "done" if done else "todo" if current_found else "current"
        current_found = current_found or state == "current"
        steps.append({"label": label, "state": state, "on": on if done else None, "waits": ""})
    if not meeting.opened_at and meeting.date > today:
        steps[2]["waits"] = f"öppnas på sammanträdesdagen {meeting.date:%Y-%m-%d}"
    return steps


# --- The big screen ------------------------------------------------------------------------------


def screen_item(meeting: Meeting, in_use: AgendaItem | None) -> AgendaItem | None:
    """The paragraph the big screen shows: while the meeting is open, the one in use (the chair
    took it up; `meetings.live.current_item`), else the last one decided; None before the
    meeting is opened. With what the minutes' wording of its decision reads."""
    if not meeting.opened_at:
        return None
    votes = Vote.objects.select_related("yes__mover", "no__mover", "requested_by")
    items = meeting.agenda_items.select_related("decision", "winner__mover").prefetch_related(
        "yrkanden__mover",
        "yrkanden__supporters",
        Prefetch("votes", queryset=votes.prefetch_related("ballots", "absent")),
    )
    if in_use and not meeting.ends_at:
        return items.get(pk=in_use.pk)
    return items.filter(decided_at__isnull=False).order_by("-decided_at", "-number").first()


def screen_election(meeting: Meeting, item: AgendaItem | None) -> Election | None:
    """The slutet val the big screen shows: one open at the meeting, else the one of the
    paragraph shown (counted, once closed). With how many on the röstlängd have voted: counts,
    never who."""
    elections = (
        Election.objects.filter(item__meeting=meeting)
        .select_related("item")
        .prefetch_related("candidates")
        .annotate(voted=Count("receipts", distinct=True), entitled=Count("voters", distinct=True))
    )
    return elections.filter(status=Election.Status.OPEN).first() or (
        elections.filter(item=item).first() if item else None
    )


def latest_vote(meeting: Meeting) -> Vote | None:
    """The meeting's latest votering, with its ballots and the two proposals put."""
    return (
        Vote.objects.filter(item__meeting=meeting)
        .select_related("item__meeting", "yes__mover", "no__mover", "requested_by")
        .prefetch_related("ballots")
        .order_by("-pk")
        .first()
    )
