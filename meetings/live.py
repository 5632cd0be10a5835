"""The meeting as it runs, with the members on their own devices: the paragraph the chair has
taken up, its talarlista, the yrkanden put from the seat with their instämmanden, and the
electronic (open) votering whose result is written into the paragraph as a hand-recorded one.

Every change ends in `changed(meeting, what)`: the one hook for live updates."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_text_list

from casework import roles
from casework.models import Meeting, Period, Person
from meetings import broadcast, services
from meetings.models import AgendaItem, Ballot, SpeakerRequest, Vote, Yrkande

# What a change touched, as `changed` is told. A BALLOT (a vote cast or changed; published with
# how many have voted, "röst 47") concerns only the pages that count the votes (the chair's, the
# big screen): a member's page ignores it, or 101 votes cast within seconds would reload 101
# phones 101 times.
SPEAKERS, YRKANDEN, VOTE, PARAGRAPH, BALLOT = (
    "talarlista",
    "yrkanden",
    "votering",
    "paragraf",
    "röst",
)

# The code of a refused vote whose page is out of date (the votering closed or another opened):
# the page's script loads it again (live_views, live_socket).
STALE = "stale"

# The yrkanden a member puts from the seat: (kind of Yrkande, the words of the minutes).
FORMS = {
    "bifall": (Yrkande.Kind.MATTER, "bifall till förslaget"),
    "avslag": (Yrkande.Kind.MATTER, "avslag på förslaget"),
    "aterremiss": (Yrkande.Kind.SEND_BACK, "att ärendet återremitteras"),
    "bordlaggning": (Yrkande.Kind.POSTPONE, "att ärendet bordläggs"),
    "eget": (Yrkande.Kind.MATTER, ""),
    "andring": (Yrkande.Kind.MATTER, ""),
}
REJECTED = Yrkande.REJECTED
CANCELLED = "Voteringen avbröts."  # the history's reason for a cancelled votering


def changed(meeting: Meeting, what: str) -> None:
    """The hook every live change calls once it is committed: marks the meeting changed (pages
    and open data read `changed_at`); publication to open pages hooks in here. `what` names the
    part changed (SPEAKERS, YRKANDEN, VOTE, PARAGRAPH, BALLOT), and is published to the meeting's open
    pages and big screen (`broadcast.changed`)."""
    transaction.on_commit(
        lambda: Meeting.objects.filter(pk=meeting.pk).update(changed_at=timezone.now())
    )
    broadcast.changed(meeting.pk, what)


# --- Who takes part ------------------------------------------------------------------------


def may_chair(meeting: Meeting, user) -> bool:
    """The chair runs the meeting: its ordförande, or the secretary for them."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    return roles.can(user, roles.MEETING) or (
        person is not None and meeting.chair_id is not None and person.pk == meeting.chair_id
    )


def has_seat(meeting: Meeting, person: Person | None) -> bool:
    """Whether the meeting is the person's to take part in: they serve at it or chair it, or
    hold a seat in its body (ledamot or ersättare) on its day, and may follow it as a substitute
    not called in. Everyone else follows it on the big screen."""
    if person is None:
        return False
    return (
        person.pk == meeting.chair_id
        or meeting.participants.filter(pk=person.pk).exists()
        or meeting.body.memberships.filter(Period.on(meeting.date), person=person).exists()
    )


def not_taking_part(item: AgendaItem, person: Person | None, what: str) -> str:
    """Why the person does not take part in the paragraph ("" if they do): only those serving at
    the meeting, less those with jäv in the paragraph, take part in it (KL 5 kap. 47 §, 6 kap.
    28 §)."""
    if person is None or person.pk not in {p.pk for p in item.meeting.serving_members()}:
        return f"Du tjänstgör inte på sammanträdet och kan inte {what}."
    if item.recused.filter(pk=person.pk).exists():
        return f"Du har anmält jäv i § {item.number} och kan inte {what}."
    return ""


def refuse_not_taking_part(item: AgendaItem, person: Person | None, what: str) -> None:
    refusal = not_taking_part(item, person, what)
    if refusal:
        raise ValidationError(refusal)


def current_item(meeting: Meeting) -> AgendaItem | None:
    """The paragraph in use: the one the chair took up last, decided or not, so that once it is
    decided the pages show its result until the chair takes up the next; before any is taken up,
    the first undecided. (Opening a votering takes its paragraph up, `vote_open`.)"""
    numbered = meeting.agenda_items.filter(number__isnull=False)
    return (
        numbered.filter(taken_up_at__isnull=False).order_by("-taken_up_at").first()
        or numbered.filter(decided_at__isnull=True).order_by("number").first()
    )


@transaction.atomic
def item_take_up(*, item: AgendaItem, now: datetime.datetime) -> AgendaItem:
    """The chair takes up a paragraph: it becomes the one the members' pages show."""
    item = services._item_locked(item)
    item.taken_up_at = now
    item.save(update_fields=["taken_up_at"])
    changed(item.meeting, PARAGRAPH)
    return item


# --- The talarlista --------------------------------------------------------------------------


def speakers(item: AgendaItem) -> list[SpeakerRequest]:
    """The talarlista as it stands: the one speaking, then those waiting in order; none once the
    paragraph is decided (the debate is over, whoever was still on the list)."""
    if item.is_decided:
        return []
    return list(item.speakers.filter(finished_at__isnull=True).select_related("person", "reply_to"))


def spoken(item: AgendaItem) -> list[Person]:
    """Those who have had or have the word on the paragraph: whom a replik may answer."""
    requests = item.speakers.filter(started_at__isnull=False).select_related("person")
    return list({r.person_id: r.person for r in requests}.values())


def _renumber(requests: list[SpeakerRequest]) -> None:
    for position, request in enumerate(requests, start=1):
        request.position = position
    SpeakerRequest.objects.bulk_update(requests, ["position"])


@transaction.atomic
def speaker_request(
    *,
    item: AgendaItem,
    person: Person | None,
    kind: str = SpeakerRequest.Kind.SPEECH,
    reply_to: Person | None = None,
    now: datetime.datetime,
) -> SpeakerRequest:
    """A member asks to speak. An ordningsfråga goes before everyone waiting, a replik after the
    ordningsfrågor and repliker already waiting (it answers the one speaking), an inlägg last.
    A member waits with one request of each kind: one waiting for an inlägg may still ask for a
    replik or raise an ordningsfråga."""
    item = services._item_locked(item)
    refuse_not_taking_part(item, person, "begära ordet")
    if item.speakers_closed_at and kind != SpeakerRequest.Kind.ORDER:
        # A closed list ends the debate, not the members' right to a point of order.
        raise ValidationError("Talarlistan är stängd; en ordningsfråga kan du ändå väcka.")
    if kind not in SpeakerRequest.Kind.values:
        raise ValidationError("Välj inlägg, replik eller ordningsfråga.")
    if kind == SpeakerRequest.Kind.REPLY:
        refuse_replik(item, person, reply_to)
    else:
        reply_to = None
    waiting = speakers(item)
    if any(r.person_id == person.pk and r.kind == kind for r in waiting):
        raise ValidationError(
            f"Du står redan på talarlistan för {SpeakerRequest.Kind(kind).label}."
        )
    speaking = [r for r in waiting if r.started_at]
    queue = [r for r in waiting if not r.started_at]
    ahead = {
        SpeakerRequest.Kind.ORDER: (),
        SpeakerRequest.Kind.REPLY: (SpeakerRequest.Kind.ORDER, SpeakerRequest.Kind.REPLY),
    }.get(kind)
    at = len(queue) if ahead is None else sum(1 for r in queue if r.kind in ahead)
    request = SpeakerRequest(
        item=item,
        person=person,
        kind=kind,
        reply_to=reply_to,
        position=len(waiting) + 1,
        requested_at=now,
    )
    request.full_clean(validate_constraints=False)
    request.save()
    queue.insert(at, request)
    _renumber(speaking + queue)
    changed(item.meeting, SPEAKERS)
    return request


def refuse_replik(item: AgendaItem, person: Person, reply_to: Person | None) -> None:
    """A replik answers someone who has had or has the word on the paragraph, not oneself."""
    answerable = [p for p in spoken(item) if p.pk != person.pk]
    if not answerable:
        raise ValidationError(
            "Ingen har haft ordet i paragrafen än: det finns inget att replikera på."
        )
    if reply_to is None or reply_to.pk not in {p.pk for p in answerable}:
        raise ValidationError("Ange vem repliken gäller: någon som har haft ordet i paragrafen.")


@transaction.atomic
def speaker_withdraw(*, request: SpeakerRequest, now: datetime.datetime) -> None:
    """A member takes back the request to speak (or, speaking, yields the word)."""
    item = services._item_locked(request.item)
    SpeakerRequest.objects.filter(pk=request.pk, finished_at__isnull=True).update(finished_at=now)
    changed(item.meeting, SPEAKERS)


@transaction.atomic
def speaker_move(*, request: SpeakerRequest, up: bool) -> None:
    """The chair moves a waiting speaker one place up or down the list."""
    item = services._item_locked(request.item)
    queue = [r for r in speakers(item) if not r.started_at]
    index = next((i for i, r in enumerate(queue) if r.pk == request.pk), None)
    if index is None:
        raise ValidationError("Talaren väntar inte längre på ordet.")
    other = index - 1 if up else index + 1
    if 0 <= other < len(queue):
        queue[index], queue[other] = queue[other], queue[index]
        speaking = [r for r in speakers(item) if r.started_at]
        _renumber(speaking + queue)
        changed(item.meeting, SPEAKERS)


@transaction.atomic
def speaker_next(
    *, item: AgendaItem, now: datetime.datetime, speaking: str | None = None
) -> SpeakerRequest | None:
    """The chair gives the word to the next on the list; the one speaking is done. Returns the
    new speaker (None when the one speaking was the last). Their speaking time runs from
    `started_at`. Refused when the list is empty: there is no one to give the word to; and when
    `speaking`, the one speaking as the chair's page showed them (their request's id, "" for no
    one), has had their turn ended since: a page sent again does not pass over a speaker."""
    item = services._item_locked(item)
    if not speakers(item):
        raise ValidationError("Talarlistan är tom: det finns ingen att ge ordet.")
    current = item.speakers.filter(started_at__isnull=False, finished_at__isnull=True)
    current = current.select_related("person").first()
    if speaking is not None and speaking != (str(current.pk) if current else ""):
        raise ValidationError(
            "Talarlistan har ändrats sedan sidan visades"
            + (f": {current.person.full_name} har ordet." if current else ".")
            + " Se listan och tryck igen om nästa ska få ordet."
        )
    if current is not None:
        item.speakers.filter(pk=current.pk).update(finished_at=now)
    following = item.speakers.filter(finished_at__isnull=True).order_by("position").first()
    if following is not None:
        following.started_at = now
        following.save(update_fields=["started_at"])
    changed(item.meeting, SPEAKERS)
    return following


@transaction.atomic
def speakers_close(*, item: AgendaItem, now: datetime.datetime) -> AgendaItem:
    """The chair closes the talarlista: those on it still speak, no one else asks."""
    item = services._item_locked(item)
    item.speakers_closed_at = now
    item.save(update_fields=["speakers_closed_at"])
    changed(item.meeting, SPEAKERS)
    return item


@transaction.atomic
def speakers_reopen(*, item: AgendaItem) -> AgendaItem:
    """The chair opens the closed talarlista again: members may ask for the word once more."""
    item = services._item_locked(item)
    if not item.speakers_closed_at:
        raise ValidationError("Talarlistan är redan öppen.")
    item.speakers_closed_at = None
    item.save(update_fields=["speakers_closed_at"])
    changed(item.meeting, SPEAKERS)
    return item


def speaking_time(request: SpeakerRequest, now: datetime.datetime) -> str:
    """The time the speaker has had the word, as 'm:ss'."""
    seconds = max(0, int((now - request.started_at).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


# --- Yrkanden from the seat ------------------------------------------------------------------


def amended(proposal: list[str], changes: dict[int, str]) -> list[str]:
    """The att-satser with an ändringsyrkande's changes: each change replaces the att-sats with
    its number, so the numbers stay what they were ("" strikes the text but keeps the number)."""
    unknown = [n for n in changes if not 1 <= n <= len(proposal)]
    if unknown or not changes:
        raise ValidationError({"amends": _which_att_sats(len(proposal))})
    return [changes.get(n, text).strip() or "(utgår)" for n, text in enumerate(proposal, 1)]


def _which_att_sats(count: int) -> str:
    """What an ändringsyrkande must say it changes, for a proposal of `count` att-satser."""
    if count == 0:
        return "Förslaget har inga att-satser att ändra: lägg ett eget yrkande i stället."
    if count == 1:
        return "Ange hur yrkandet ändrar att-sats 1."
    return f"Ange vilken av att-satserna 1–{count} yrkandet ändrar."


def amendment_words(changes: dict[int, str]) -> str:
    """An ändringsyrkande as the minutes word it after "yrkar": 'att att-sats 1 får lydelsen
    ”…” och att att-sats 2 utgår'."""
    parts = [
        f"att att-sats {n} får lydelsen ”{changes[n].strip()}”"
        if changes[n].strip()
        else f"att att-sats {n} utgår"
        for n in sorted(changes)
    ]
    return get_text_list(parts, "och")


@transaction.atomic
def yrkande_put(
    *,
    item: AgendaItem,
    mover: Person | None,
    form: str,
    text: str = "",
    items: list[str] = (),
    changes: dict[int, str] | None = None,
) -> Yrkande:
    """A member puts a yrkande from the seat: bifall, avslag, återremiss, bordläggning, an own
    yrkande with its att-satser, or an ändringsyrkande changing numbered att-satser of the
    proposal. Stored as the secretary's yrkanden are (`services.yrkande_add`). Sent twice (a
    double click, a form sent again), the yrkande already put is returned and none added."""
    item = services._item_locked(item)  # the second of two sent at once waits for the first
    refuse_not_taking_part(item, mover, "yrka")
    if form not in FORMS:
        raise ValidationError({"form": "Välj vilket slags yrkande."})
    kind, words = FORMS[form]
    amends = []
    if form == "avslag":
        items = [REJECTED]
    elif form == "andring":
        changes = changes or {}
        items = amended(item.decided_items or item.proposal, changes)
        amends = sorted(changes)
        words = amendment_words(changes)
    elif form == "eget":
        words = text.strip()
        if not words or not [i for i in items if i.strip()]:
            raise ValidationError({"text": "Skriv yrkandet och beslutet det föreslår."})
    items = [i.strip() for i in items if i.strip()]
    put = _already_put(item, mover, kind=kind, text=words, items=items, amends=amends)
    if put is not None:
        return put
    refuse_yrkande_now(item, mover, kind, form)
    refuse_competing(
        Yrkande(item=item, kind=kind, items=items or item.proposal, amends=amends, text=words),
        mover,
    )
    proposal = services.yrkande_add(item=item, mover=mover, text=words, items=items, kind=kind)
    if amends:
        proposal.amends = amends
        proposal.save(update_fields=["amends"])
    changed(item.meeting, YRKANDEN)
    return proposal


def _already_put(
    item: AgendaItem, mover: Person, *, kind: str, text: str, items: list[str], amends: list[int]
) -> Yrkande | None:
    """The member's yrkande on the paragraph that says the same, stored as `services.yrkande_add`
    stores it: what a form sent twice finds."""
    stored = [] if kind != Yrkande.Kind.MATTER else items or list(item.proposal)
    same = item.yrkanden.filter(mover=mover, kind=kind, text=text.strip())
    return next((p for p in same if p.items == stored and p.amends == amends), None)


def yrkande_refusal(
    yrkanden: list[Yrkande], mover: Person, kind: str, form: str, vote: Vote | None
) -> str:
    """Why the member may not put a yrkande of this kind now ("" if they may), given the
    paragraph's `yrkanden` and its open votering. The chair puts the yrkanden once the debate is
    over; none is added while a votering is open. A member has one yrkande in sak on a
    paragraph, and a bifall or avslag already put is joined (instämmande), not put again."""
    if vote:
        return "En votering pågår: inga nya yrkanden läggs förrän den är avslutad."
    if kind != Yrkande.Kind.MATTER:
        return ""
    if any(p.mover_id == mover.pk and p.kind == Yrkande.Kind.MATTER for p in yrkanden):
        return "Du har redan ett yrkande i sak i paragrafen; instäm i ett annat i stället."
    if form in ("bifall", "avslag") and any(p.text == FORMS[form][1] for p in yrkanden):
        return f"{FORMS[form][1].capitalize()} är redan yrkat: instäm i det yrkandet."
    return ""


def refuse_yrkande_now(item: AgendaItem, mover: Person, kind: str, form: str) -> None:
    refusal = yrkande_refusal(list(item.yrkanden.all()), mover, kind, form, open_vote(item))
    if refusal:
        raise ValidationError(refusal)


def compatible(one: Yrkande, other: Yrkande) -> bool:
    """Whether one member may stand behind both yrkanden (put one, instämma i the other). KL 5
    kap. 53 §: the chair puts the yrkanden so that each can be answered ja or nej, and sets those
    in sak against each other; a member cannot ask for both answers. So, kept simple:

    - återremiss and bordläggning are questions of their own, decided first: they go with any;
    - an ändringsyrkande changes some att-satser and leaves the rest of the proposal as it is:
      it goes with bifall to the proposal, and with an ändringsyrkande on other att-satser;
    - any other two in sak (bifall and avslag, two egna yrkanden, an eget and a bifall) are
      alternatives: the member stands behind one of them."""
    if one.is_procedural or other.is_procedural:
        return True
    if one.amends and other.amends:
        return not set(one.amends) & set(other.amends)
    if one.amends or other.amends:
        plain = other if one.amends else one
        return plain.items == list(plain.item.proposal)
    return False


def competing(proposal: Yrkande, mine: list[Yrkande]) -> Yrkande | None:
    """Of the yrkanden the member stands behind (`mine`), the first `proposal` is set against
    (`compatible`); None if it goes with them all."""
    return next((o for o in mine if o.pk != proposal.pk and not compatible(proposal, o)), None)


def refuse_competing(proposal: Yrkande, person: Person) -> None:
    """Refuses a yrkande the member would put or join while standing behind another in the
    paragraph that it is set against (`competing`)."""
    mine = proposal.item.yrkanden.filter(Q(mover=person) | Q(supporters=person))
    other = competing(proposal, list(mine.distinct().select_related("mover", "item__meeting")))
    if other is not None:
        if other.mover_id == person.pk:
            raise ValidationError(
                f"Du yrkar själv {other.text.rstrip('.')}, som står mot det här yrkandet: "
                "återta ditt yrkande först om du vill instämma i det här."
            )
        raise ValidationError(
            f"Du instämmer redan i {other.label} ({other.text.rstrip('.')}), som står mot det "
            "här yrkandet: återta det instämmandet först."
        )


@transaction.atomic
def yrkande_support(*, proposal: Yrkande, person: Person | None) -> Yrkande:
    """A member instämmer i a yrkande: not their own, not one they already support, and not
    one set against a yrkande they stand behind (`compatible`)."""
    item = services._item_locked(proposal.item)
    refuse_not_taking_part(item, person, "instämma")
    if item.is_decided:
        raise ValidationError(f"§ {item.number} är redan beslutad.")
    if proposal.mover_id == person.pk:
        raise ValidationError("Du har själv lagt yrkandet.")
    if proposal.supporters.filter(pk=person.pk).exists():
        raise ValidationError("Du instämmer redan i yrkandet.")
    refuse_competing(proposal, person)
    proposal._change_reason = f"{person.full_name} instämmer"
    proposal.supporters.add(person)
    changed(item.meeting, YRKANDEN)
    return proposal


@transaction.atomic
def yrkande_support_withdraw(*, proposal: Yrkande, person: Person | None) -> Yrkande:
    """A member takes back their instämmande before the paragraph is decided, and not while the
    yrkande is in an open votering (those asking for it are counted when the chair puts it).
    The yrkande's history keeps both the instämmande and its withdrawal."""
    item = services._item_locked(proposal.item)
    if person is None or not proposal.supporters.filter(pk=person.pk).exists():
        raise ValidationError("Du instämmer inte i yrkandet.")
    if item.is_decided:
        raise ValidationError(f"§ {item.number} är redan beslutad.")
    vote = open_vote(item)
    if vote and proposal.pk in (vote.yes_id, vote.no_id):
        raise ValidationError(
            "En votering om yrkandet pågår: instämmandet kan inte återtas förrän den är avslutad."
        )
    proposal._change_reason = f"{person.full_name} återtar sitt instämmande"
    proposal.supporters.remove(person)
    changed(item.meeting, YRKANDEN)
    return proposal


@transaction.atomic
def yrkande_withdraw(*, proposal: Yrkande, person: Person | None) -> None:
    """The mover takes back their yrkande before the paragraph is decided, and not while a
    votering is open or once it has been put to a votering; those who instämde lose it with it.
    The yrkande's history keeps it (`services.yrkande_remove`)."""
    item = services._item_locked(proposal.item)
    if person is None or proposal.mover_id != person.pk:
        raise ValidationError("Bara den som lade yrkandet kan återta det.")
    if open_vote(item):
        raise ValidationError(
            "En votering pågår: yrkandet kan inte återtas förrän den är avslutad."
        )
    if item.votes.filter(Q(yes=proposal) | Q(no=proposal)).exists():
        raise ValidationError("Yrkandet har varit uppe i votering och kan inte återtas.")
    services.yrkande_remove(item=item, proposal=proposal)
    changed(item.meeting, YRKANDEN)


def propositionsordning(item: AgendaItem) -> list[Yrkande]:
    """The order the chair puts the yrkanden: återremiss and bordläggning first, as questions of
    whether the matter is decided today, then the yrkanden in sak in the order they were put."""
    order = {Yrkande.Kind.SEND_BACK: 0, Yrkande.Kind.POSTPONE: 1, Yrkande.Kind.MATTER: 2}
    yrkanden = item.yrkanden.select_related("mover").prefetch_related("supporters")
    return sorted(yrkanden, key=lambda p: (order[p.kind], p.position))


# --- What a member's page offers ------------------------------------------------------------
# The page leaves out what the rules above would refuse whatever the member sent; they still
# refuse it, with their reason, when it is sent from a page made earlier.


def standing_behind(yrkanden: list[Yrkande], person: Person) -> list[Yrkande]:
    """Of the paragraph's yrkanden (their supporters prefetched), those the member put or
    instämmer i."""
    return [p for p in yrkanden if p.mover_id == person.pk or person in p.supporters.all()]


def yrkande_steps(
    item: AgendaItem, person: Person, yrkanden: list[Yrkande], vote: Vote | None
) -> list[tuple[Yrkande, str]]:
    """Each yrkande with the step the member's page offers on it ("" for none): on their own,
    "withdraw_yrkande", not while a votering is open or once it has been put to one
    (`yrkande_withdraw`); on one they instämmer i, "unsupport", not while it is in the open
    votering (`yrkande_support_withdraw`); on another, "support", unless it is set against one
    they stand behind (`yrkande_support`). For a member taking part in the undecided paragraph;
    `yrkanden` as `propositionsordning` gives them."""
    own = any(p.mover_id == person.pk for p in yrkanden)
    votes = item.votes.values_list("yes_id", "no_id") if own and not vote else []
    put_to_vote = {pk for pair in votes for pk in pair}
    mine = standing_behind(yrkanden, person)
    steps = []
    for proposal in yrkanden:
        if proposal.mover_id == person.pk:
            step = "" if vote or proposal.pk in put_to_vote else "withdraw_yrkande"
        elif proposal in mine:
            step = "" if vote and proposal.pk in (vote.yes_id, vote.no_id) else "unsupport"
        else:
            step = "" if competing(proposal, mine) else "support"
        steps.append((proposal, step))
    return steps


def yrkande_forms(
    item: AgendaItem, person: Person, yrkanden: list[Yrkande], vote: Vote | None
) -> list[str]:
    """The forms of yrkande (`FORMS`) the member's page offers: those not refused whatever the
    member writes (`yrkande_refusal`, `competing`, `amended`). An eget yrkande is tried as if its
    att-satser were the proposal's, an ändringsyrkande as if it changed every att-sats no
    yrkande of theirs changes: were even those refused, every one would be. Nor återremiss or
    bordläggning once the member has moved it: put again, it adds nothing (`_already_put`)."""
    proposal = list(item.decided_items or item.proposal)
    mine = standing_behind(yrkanden, person)
    free = [n for n in range(1, len(proposal) + 1) if all(n not in p.amends for p in mine)]
    moved = {p.kind for p in yrkanden if p.mover_id == person.pk and p.is_procedural}
    offered = []
    for form, (kind, _) in FORMS.items():
        if (form == "andring" and not free) or kind in moved:
            continue
        tried = Yrkande(
            item=item,
            kind=kind,
            items=[REJECTED] if form == "avslag" else proposal,
            amends=free if form == "andring" else [],
        )
        if not yrkande_refusal(yrkanden, person, kind, form, vote) and not competing(tried, mine):
            offered.append(form)
    return offered


# --- The electronic votering -----------------------------------------------------------------


def open_vote(item: AgendaItem) -> Vote | None:
    return item.votes.filter(opened_at__isnull=False, closed_at__isnull=True).first()


@transaction.atomic
def vote_open(
    *,
    item: AgendaItem,
    yes: Yrkande,
    no: Yrkande,
    stage: str = Vote.Stage.MAIN,
    requested_by: Person | None = None,
    now: datetime.datetime,
) -> Vote:
    """The chair opens a votering between two yrkanden in sak: Ja for `yes`, Nej for `no`. The
    röstlängd is fixed now: those serving at the meeting (substitutes in place of those they
    replace), less those with jäv in the paragraph."""
    item = services._item_locked(item)
    if yes.pk == no.pk:
        raise ValidationError("Ja och Nej ska stå för två olika yrkanden.")
    if yes.item_id != item.pk or no.item_id != item.pk:
        raise ValidationError("Voteringen står mellan två av paragrafens yrkanden.")
    if yes.is_procedural or no.is_procedural:
        raise ValidationError("Voteringen i sak står mellan två yrkanden i sak.")
    if open_vote(item):
        raise ValidationError("En votering pågår redan i paragrafen.")
    if item.votes.filter(stage=stage).exists():
        raise ValidationError("Den voteringen är redan hållen i paragrafen.")
    _refuse_out_of_order(item, yes, no, stage)
    vote = Vote(item=item, yes=yes, no=no, stage=stage, requested_by=requested_by, opened_at=now)
    vote.full_clean(validate_constraints=False)
    vote.save()
    vote.roll.set(item.serving())
    if item.taken_up_at is None:  # the paragraph stays in use once decided (`current_item`)
        item.taken_up_at = now
        item.save(update_fields=["taken_up_at"])
    changed(item.meeting, VOTE)
    return vote


def _refuse_out_of_order(item: AgendaItem, yes: Yrkande, no: Yrkande, stage: str) -> None:
    """A kontrapropositionsvotering, with three or more yrkanden in sak, comes before the
    huvudvotering, which then sets the chair's main proposal against the motförslag it chose."""
    if stage == Vote.Stage.COUNTER:
        if item.yrkanden.filter(kind=Yrkande.Kind.MATTER).count() < 3:
            raise ValidationError(
                "Kontrapropositionsvotering hålls när det finns minst tre yrkanden i sak."
            )
        return
    counter = item.votes.filter(stage=Vote.Stage.COUNTER).first()
    if counter is None:
        return
    chosen = counter.carried
    other = no if yes == chosen else yes
    if chosen not in (yes, no) or other in (counter.yes, counter.no):
        raise ValidationError(
            f"Huvudvoteringen står mellan huvudförslaget och motförslaget, {chosen.label}."
        )


def _vote_locked(vote: Vote) -> Vote:
    """The votering's row locked to close or cancel it, after every place on its röstlängd, in
    the order a ballot takes them (its place, then the votering's row, which writing the ballot
    checks its key against): ballots under way are written first, and those sent meanwhile wait,
    then find the votering closed (`ballots_cast`)."""
    places = Vote.roll.through.objects.select_for_update().filter(vote_id=vote.pk)
    list(places.order_by("pk").values_list("pk", flat=True))
    try:
        return (
            Vote.objects.select_for_update(of=("self",))
            .select_related("item__meeting")
            .get(pk=vote.pk)
        )
    except Vote.DoesNotExist:  # cancelled (`vote_cancel`)
        raise ValidationError(
            "Voteringen är avbruten; rösten kan inte läggas eller ändras."
        ) from None


def ballot_cast(
    *, vote: Vote, person: Person | None, choice: str, by_clerk: bool = False
) -> Ballot:
    """A member's Ja, Nej or Avstår, which they may change until the chair closes the votering;
    the secretary may cast it for them (`by_clerk`)."""
    sent = SentVote(vote.item.meeting_id, vote.pk, person, choice)
    return _one(ballots_cast([sent], by_clerk=by_clerk))


def member_vote(*, meeting_id: int, vote_id: int, person: Person | None, choice: str) -> Ballot:
    """The vote a member's page sends as a form: cast in the votering the page showed, if that
    is still open (`ballots_cast`). Their page's socket sends its votes a group at a time
    (meetings.live_socket)."""
    return _one(ballots_cast([SentVote(meeting_id, vote_id, person, choice)]))


@dataclass(frozen=True)
class SentVote:
    """A vote as a member's device sent it: in this votering of this meeting, as their page
    showed it."""

    meeting_id: int
    vote_id: int
    person: Person | None
    choice: str


@transaction.atomic
def ballots_cast(sent: list[SentVote], *, by_clerk: bool = False) -> list[Ballot | ValidationError]:
    """Each vote sent cast, or refused with its reason, in one transaction: the stored Ballot
    (the member's earlier one changed, or their first) or the ValidationError, in the order
    sent. A member votes until the chair closes the votering; a vote chosen before it was closed,
    or cancelled and opened again, is refused, not counted in another.

    A council votes within seconds: a group of ballots is written at once (a socket's app server
    writes those that came while it wrote the last group, meetings.live_socket), each locking
    only the member's own place on the röstlängd, so that the same member's two devices at once
    write one after the other, and closing the votering (`_vote_locked`, which locks every place
    first, in the same order) waits for the ballots under way."""
    members = {getattr(s.person, "pk", None) for s in sent}
    vote_ids = {s.vote_id for s in sent}
    places = Vote.roll.through.objects.select_for_update().order_by("pk")
    places = places.filter(vote_id__in=vote_ids, person_id__in=members)
    on_roll = set(places.values_list("vote_id", "person_id"))
    # Read after the places were locked, in statements of their own: a closing, or another
    # ballot of the same member, committed meanwhile is seen.
    votes = Vote.objects.filter(pk__in=vote_ids).values_list("pk", "item__meeting_id", "closed_at")
    states = {pk: (meeting, closed_at) for pk, meeting, closed_at in votes}
    earlier = Ballot.objects.filter(vote_id__in=vote_ids, person_id__in=members)
    earlier = {(v, p): pk for pk, v, p in earlier.values_list("pk", "vote_id", "person_id")}
    ballots: dict[tuple, Ballot] = {}
    answers = []
    for vote in sent:
        place = (vote.vote_id, getattr(vote.person, "pk", None))
        try:
            _refuse_vote(vote, states.get(vote.vote_id), place in on_roll)
        except ValidationError as error:
            answers.append(error)
            continue
        ballot = ballots.setdefault(
            place, Ballot(pk=earlier.get(place), vote_id=vote.vote_id, person=vote.person)
        )
        ballot.choice, ballot.by_clerk = vote.choice, by_clerk
        if not by_clerk:  # a socket has no request to name the member in the history
            ballot._history_user = getattr(vote.person, "user", None)
        answers.append(ballot)
    _ballots_save(list(ballots.values()), {pk: meeting for pk, (meeting, _) in states.items()})
    return answers


def _refuse_vote(vote: SentVote, state: tuple | None, on_roll: bool) -> None:
    """Why `vote` is not cast, given its votering's (meeting, closed_at) and whether the member
    is on its röstlängd; nothing if it is."""
    if state != (vote.meeting_id, None):  # cancelled, closed, or not this meeting's
        if Vote.objects.filter(item__meeting_id=vote.meeting_id, closed_at__isnull=True).exists():
            raise ValidationError(
                "Voteringen har ändrats sedan sidan visades. Välj igen.", code=STALE
            )
        ended = "avbruten" if state is None and vote.vote_id else "avslutad"  # gone: cancelled
        raise ValidationError(
            f"Voteringen är {ended}; rösten kan inte läggas eller ändras.", code=STALE
        )
    if vote.choice not in Ballot.Choice.values:
        raise ValidationError("Rösta ja, nej eller avstår.")
    if not on_roll:
        raise ValidationError("Du står inte på röstlängden i voteringen.")


def _ballots_save(ballots: list[Ballot], meetings: dict[int, int]) -> None:
    """Write the ballots, first ones and changed ones, with their history, a statement each
    (Ballot has no signals of its own to miss: it marks no page changed, see its docstring), and
    publish to each votering's meeting (`meetings`: by votering) how many have voted."""
    first = [b for b in ballots if b.pk is None]
    again = [b for b in ballots if b.pk is not None]
    Ballot.objects.bulk_create(first)
    Ballot.objects.bulk_update(again, ["choice", "by_clerk"])
    Ballot.history.bulk_history_create(first)
    Ballot.history.bulk_history_create(again, update=True)
    # Published, but the meeting is not marked changed: an open votering's ballots are on no
    # page kept by `changed_at` (the minutes, open data); its closing marks it (`vote_close`).
    # With how many have voted: the big screens show it from the event, not each fetching its
    # part at each of 101 votes (a count made after two groups committed at once may be sent
    # before the one made between them: a screen keeps the highest, static/js/screen.js).
    for vote_id in {b.vote_id for b in ballots}:
        votes = Ballot.objects.filter(vote_id=vote_id)
        broadcast.changed(meetings[vote_id], BALLOT, count=votes.count)


def _one(answers: list[Ballot | ValidationError]) -> Ballot:
    if isinstance(answers[0], ValidationError):
        raise answers[0]
    return answers[0]


def _on_open_roll(vote: Vote, person: Person | None) -> Vote:
    """The open votering, locked, with `person` on its röstlängd."""
    vote = _vote_locked(vote)
    if not vote.is_open:
        raise ValidationError("Voteringen är avslutad; närvaron i den kan inte ändras.")
    if person is None or not vote.roll.filter(pk=person.pk).exists():
        raise ValidationError("Ledamoten står inte på röstlängden i voteringen.")
    return vote


@transaction.atomic
def vote_mark_absent(*, vote: Vote, person: Person | None) -> Vote:
    """The chair (or the secretary) marks a member on the röstlängd who has left the room during
    the votering as frånvarande: it may then be closed without their vote, and the
    voteringslista names them frånvarande. Not one who has voted: their vote counts. Should they
    come back and vote before it is closed, the vote counts and the mark goes (`vote_close`).
    The votering's history keeps each mark, as a ballot's keeps each vote."""
    vote = _on_open_roll(vote, person)
    if vote.ballots.filter(person=person).exists():
        raise ValidationError(f"{person.full_name} har redan röstat; rösten räknas.")
    vote._change_reason = f"{person.full_name} har lämnat salen"
    vote.absent.add(person)
    broadcast.changed(vote.item.meeting_id, BALLOT)  # as a vote cast: the voteringslista's row
    return vote


@transaction.atomic
def vote_mark_present(*, vote: Vote, person: Person | None) -> Vote:
    """A member marked frånvarande is back in the room before the votering is closed: they are
    to vote again, as anyone on the röstlängd."""
    vote = _on_open_roll(vote, person)
    if not vote.absent.filter(pk=person.pk).exists():
        raise ValidationError(f"{person.full_name} är inte markerad som frånvarande.")
    vote._change_reason = f"{person.full_name} är åter i salen"
    vote.absent.remove(person)
    broadcast.changed(vote.item.meeting_id, BALLOT)
    return vote


def _ballots(vote: Vote) -> dict[int, str | None]:
    """Each member on the röstlängd: their Ja, Nej or Avstår, None for one frånvarande."""
    ballots = dict(vote.ballots.values_list("person_id", "choice"))
    return {**dict.fromkeys(vote.absent.values_list("pk", flat=True)), **ballots}


@transaction.atomic
def vote_close(*, vote: Vote, by=None, outcome: str = "", now: datetime.datetime) -> AgendaItem:
    """The chair closes the votering once everyone on the röstlängd has voted (the secretary
    casts for a member whose device failed) or has been marked frånvarande (`vote_mark_absent`;
    one who came back and voted is not). A kontrapropositionsvotering picks the motförslag;
    a huvudvotering decides the paragraph, its result and voteringslista written as the
    secretary's hand-recorded votering is (`services.item_decide`)."""
    vote = _vote_locked(vote)
    if not vote.is_open:
        raise ValidationError("Voteringen är redan avslutad.")
    voted = set(vote.ballots.values_list("person_id", flat=True))
    returned = list(vote.absent.filter(pk__in=voted))
    if returned:  # came back and voted: the vote counts, the mark goes
        vote._change_reason = "Åter i salen och har röstat"
        vote.absent.remove(*returned)
        vote._change_reason = None  # not the closing's
    absent = set(vote.absent.values_list("pk", flat=True))
    missing = [p.full_name for p in vote.roll.all() if p.pk not in voted | absent]
    if missing:
        raise ValidationError(
            f"{', '.join(missing)} har inte röstat; registrera rösten för hand om enheten inte "
            "fungerar, eller markera den som har lämnat salen som frånvarande."
        )
    item = vote.item
    if vote.stage == Vote.Stage.COUNTER:  # at a tie the chair must have voted Ja or Nej
        services.vote_winner(item=item, yes=vote.yes, no=vote.no, ballots=_ballots(vote))
    vote.closed_at = now
    vote.save(update_fields=["closed_at"])
    if vote.stage == Vote.Stage.MAIN:
        counter = item.votes.filter(stage=Vote.Stage.COUNTER).first()
        item = services.item_decide(
            item=item,
            vote=(vote.yes, vote.no),
            ballots=_ballots(vote),
            requested_by=vote.requested_by,
            counter_vote=(counter.yes, counter.no) if counter else None,
            counter_ballots=_ballots(counter) if counter else None,
            outcome=outcome,
            by=by,
            now=now,
        )
    changed(item.meeting, VOTE)
    return item


@transaction.atomic
def item_decide_as_proposed(
    *, item: AgendaItem, outcome: str = "", by=None, now: datetime.datetime
) -> AgendaItem:
    """With no yrkanden on the paragraph, the chair finds that the body decides as proposed
    ("beslutar enligt förslaget"), written into the paragraph as the secretary's decision is
    (`services.item_decide`). With yrkanden the chair puts them, or a votering decides."""
    item = services._item_locked(item)
    if item.is_decided:
        raise ValidationError(f"§ {item.number} är redan beslutad.")
    if open_vote(item):
        raise ValidationError("En votering pågår: paragrafen avgörs när den är avslutad.")
    if item.yrkanden.exists():
        raise ValidationError(
            "Det finns yrkanden i paragrafen: ställ proposition på dem eller öppna en votering."
        )
    item = services.item_decide(item=item, outcome=outcome, by=by, now=now)
    changed(item.meeting, PARAGRAPH)
    return item


@transaction.atomic
def vote_cancel(*, vote: Vote) -> None:
    """The chair cancels an open votering (opened by mistake): it is taken away with its ballots,
    which count for nothing, and nothing is written into the paragraph; the votering's and the
    ballots' history keep it, marked cancelled. A new votering may then be opened."""
    vote = _vote_locked(vote)
    if not vote.is_open:
        raise ValidationError("Bara en pågående votering kan avbrytas.")
    meeting = vote.item.meeting
    vote._change_reason = CANCELLED
    vote.delete()
    changed(meeting, VOTE)
