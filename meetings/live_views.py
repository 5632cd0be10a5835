"""The live meeting: a member's page on their own device, and the chair's. Both work by
reloading (POST, then redirect back); every change goes through meetings.live."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from casework import roles
from casework.forms import add_service_errors
from casework.kinds import agenda_matter, closing_cases, outcome_choices
from casework.models import Meeting
from casework.text import genitive
from meetings import broadcast, elections, live, live_socket
from meetings.live_forms import (
    AsProposedForm,
    BallotForm,
    ConfirmForm,
    HandBallotForm,
    PutYrkandeForm,
    SpeakForm,
    TakeUpForm,
    VoteCloseForm,
    VoteOpenForm,
    choice_label,
)
from meetings.models import AgendaItem, Ballot, Vote


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body", "chair"), pk=pk)


def _live_item(meeting) -> AgendaItem | None:
    if not meeting.opened_at or meeting.ends_at:
        return None
    return live.current_item(meeting)


def _refused(request: HttpRequest, error: ValidationError, form=None) -> None:
    """A refusal about a field is shown beside it; any other at the top of the page, where it is
    announced (the messages are a status region)."""
    if form is not None and hasattr(error, "error_dict"):
        add_service_errors(form, error)
    else:
        messages.error(request, " ".join(error.messages))


@login_required
def member_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's page for the meeting: the paragraph in use, its talarlista, its yrkanden with
    "Begär ordet" and "Lägg ett yrkande", and the open votering with the member's own vote. To
    someone with no seat at the meeting, and before it is opened or once it has ended, it says
    so."""
    person = getattr(request.user, "person", None)
    action = request.POST.get("action") if request.method == "POST" else None
    refused = False
    if action == "vote":
        # A council votes within seconds and each device waits for those before it: a vote
        # reads only the votering it was cast in, and is answered before the page is built.
        try:
            ballot = _vote(request, pk, person)
        except ValidationError as error:
            if _from_script(request):
                return JsonResponse(live_socket.refusal(error), status=400)
            _refused(request, error)
            refused = True
        else:
            if _from_script(request):  # answered as the socket answers (meetings.live_socket)
                return JsonResponse({"meddelande": ballot.receipt, "choice": ballot.choice})
            messages.success(request, ballot.receipt)
            return redirect("meetings:member", pk)
        action = None
    meeting = _meeting(pk)
    item = _live_item(meeting)
    now = timezone.now()
    vote = live.open_vote(item) if item else None
    # Only the form sent is built before acting, the page's others after.
    open_item = item and not item.is_decided
    form = _member_form(action, request.POST, item, person) if open_item and action else None
    forms = {action: form} if form else {}
    if action:
        try:
            if item is None:
                raise ValidationError("Ingen paragraf behandlas just nu.")
            _refuse_if_moved_on(request, item)
            if item.is_decided:
                raise ValidationError(f"§ {item.number} är redan beslutad.")
            if form is None or form.is_valid():
                note = _member_act(request, action, form, item=item, person=person, now=now)
            else:
                note = ""
        except ValidationError as error:
            _refused(request, error, form)
            refused = True
        else:
            if note:
                messages.success(request, note)
                return redirect("meetings:member", meeting.pk)
    outside = live.not_taking_part(item, person, "delta i paragrafen") if item else ""
    speakers = live.speakers(item) if item else []
    yrkanden = live.propositionsordning(item) if item else []
    taking_part = open_item and not outside  # the page offers only what the rules allow them
    if open_item:
        asked = [r.kind for r in speakers if r.person_id == getattr(person, "pk", None)]
        forms.setdefault("speak", _member_form("speak", None, item, person, asked=asked))
        offered = live.yrkande_forms(item, person, yrkanden, vote) if taking_part else []
        forms.setdefault("yrka", _member_form("yrka", None, item, person, offered=offered))
        if vote:
            forms["vote"] = BallotForm(vote=vote)
    mine = vote.ballots.filter(person=person).first() if vote and person else None
    speaking = next((r for r in speakers if r.started_at), None)
    seat = bool(item and not outside) or live.has_seat(meeting, person)  # taking part: one
    context = {
        "meeting": meeting,
        "seat": seat,  # without one, the page says so and leads to the big screen
        "may_chair": not seat and live.may_chair(meeting, request.user),
        "today": timezone.localdate(now),
        "item": item,
        "last": item is not None  # the last paragraph decided: no next to wait for
        and item.is_decided
        and not meeting.agenda_items.filter(decided_at__isnull=True).exists(),
        "person": person,
        "outside": outside,
        "forms": forms,
        "speakers": speakers,
        "speaking_time": live.speaking_time(speaking, now) if speaking else "",
        "waiting": [  # their own requests not yet given the word: they may withdraw them
            r for r in speakers if r.person_id == getattr(person, "pk", None) and not r.started_at
        ],
        "yrkanden": live.yrkande_steps(item, person, yrkanden, vote)
        if taking_part
        else [(proposal, "") for proposal in yrkanden],
        "vote": vote,
        "on_roll": bool(vote and person and vote.roll.filter(pk=person.pk).exists()),
        "socket": live_socket.socket_url(meeting.pk, request.session.session_key)
        if "vote" in forms
        else "",
        "mine": mine,
        "mine_label": choice_label(vote, mine.choice) if mine else "",
        "now": now,
        "live_since": broadcast.latest(meeting.pk),  # the page follows the meeting from here
        "live_quiet": live.BALLOT,  # another member's vote changes nothing on this page
        "elections": elections.open_for_member(meeting, person) if seat else [],
    }
    invalid = any(f.is_bound and f.errors for f in forms.values())
    return render(
        request, "meetings/live_member.html", context, status=400 if invalid or refused else 200
    )


def _refuse_if_moved_on(request: HttpRequest, item: AgendaItem) -> None:
    """A form sent from a page made before the chair moved on (another paragraph taken up) is
    refused, not applied to the paragraph in use now; one naming no paragraph of the meeting
    (the hidden field altered) is refused as such."""
    if request.POST.get("paragraf") != str(item.pk):
        if not item.meeting.agenda_items.filter(pk=_posted_pk(request, "paragraf")).exists():
            raise ValidationError(
                "Paragrafen finns inte på sammanträdet. Ladda om sidan och försök igen."
            )
        raise ValidationError(
            f"Ordföranden har gått vidare: nu behandlas § {item.number} {item.title}. "
            "Se över det du skickade och skicka igen."
        )


def _vote(request: HttpRequest, pk: int, person) -> Ballot:
    """Cast the member's vote in the votering the page showed (its hidden `votering`)."""
    return live.member_vote(
        meeting_id=pk,
        vote_id=_posted_pk(request, "votering"),
        person=person,
        choice=request.POST.get("choice", ""),
    )


def _from_script(request: HttpRequest) -> bool:
    """The vote form sent by the page's script (live-page.js), which shows the answer in place:
    101 phones voting at once do not each load the page again."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _member_form(action: str, data, item: AgendaItem, person, *, asked=(), offered=None):
    """The member's form for `action` ("speak" or "yrka"; the other steps have none), bound to
    `data` if given. A replik answers someone else who has had the word. The page's form leaves
    out the kinds of request already `asked` and offers only the forms of yrkande `offered`."""
    if action == "speak":
        speakers = [p for p in live.spoken(item) if p != person]
        return SpeakForm(data, speakers=speakers, asked=asked)
    if action == "yrka":
        att_satser = item.decided_items or item.proposal
        return PutYrkandeForm(data, att_satser=att_satser, offered=offered)
    return None


def _member_act(request, action: str, form, *, item, person, now) -> str:
    """Carry out what the member asked; returns what to tell them."""
    if action == "speak":
        data = form.cleaned_data
        live.speaker_request(
            item=item, person=person, kind=data["kind"], reply_to=data.get("reply_to"), now=now
        )
        return "Du står på talarlistan."
    if action == "withdraw":
        waiting = item.speakers.filter(person=person, started_at__isnull=True)  # not speaking
        if "speaker" in request.POST:
            waiting = waiting.filter(pk=_posted_pk(request, "speaker"))
        waiting = waiting.first()
        if waiting is None:
            raise ValidationError("Du står inte på talarlistan.")
        live.speaker_withdraw(request=waiting, now=now)
        return "Du har återtagit din begäran om ordet."
    if action == "yrka":
        data = form.cleaned_data
        proposal = live.yrkande_put(
            item=item,
            mover=person,
            form=data["form"],
            text=data["text"],
            items=data["items"],
            changes=form.changes(),
        )
        return f"Ditt yrkande är lagt: {proposal.text}."
    if action == "support":
        proposal = _posted_yrkande(request, item)
        live.yrkande_support(proposal=proposal, person=person)
        return f"Du instämmer i {proposal.label}."
    if action == "unsupport":
        proposal = _posted_yrkande(request, item)
        live.yrkande_support_withdraw(proposal=proposal, person=person)
        return f"Du har återtagit ditt instämmande i {proposal.label}."
    if action == "withdraw_yrkande":
        proposal = _posted_yrkande(request, item)
        if request.POST.get("bekrafta") != "ja":  # the page's check box: a second step, no script
            raise ValidationError(
                "Kryssa i rutan ”Ja, jag återtar yrkandet” för att återta ditt yrkande."
            )
        live.yrkande_withdraw(proposal=proposal, person=person)
        return f"Du har återtagit ditt yrkande: {proposal.text}."
    raise ValidationError("Okänt steg.")


def _posted_yrkande(request: HttpRequest, item: AgendaItem):
    proposal = item.yrkanden.filter(pk=_posted_pk(request, "proposal")).first()
    if proposal is None:
        raise ValidationError("Yrkandet finns inte i paragrafen; det kan ha återtagits.")
    return proposal


def _posted_pk(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdecimal() else 0  # "²" is a digit that int() refuses


def _outcomes(item: AgendaItem) -> list:
    if item.matter:
        return list(agenda_matter(item.matter).outcomes)
    if item.case_id and closing_cases(item.case):
        return outcome_choices(item.case.kind)
    return []


# The chair's steps that have a form, and why the form is not there (a second press, or a page
# made before the step was taken elsewhere).
NOT_NOW = {
    "take_up": "Sammanträdet pågår inte.",
    "vote_open": "En votering kan inte öppnas nu: en pågår redan, eller paragrafen är beslutad.",
    "as_proposed": "Paragrafen kan inte beslutas enligt förslaget nu: den har yrkanden, en "
    "votering pågår, eller den är redan beslutad.",
    "hand": "Ingen votering pågår.",
    "vote_close": "Ingen votering pågår.",
    "vote_cancel": "Ingen votering pågår.",
    "withdraw_yrkande": "Yrkandet kan inte återtas nu: det är redan återtaget, en votering "
    "pågår, eller det har varit uppe i votering.",
}


@login_required
def chair_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair's page: take up a paragraph, run the talarlista, see the yrkanden in
    propositionsordning, open and close the votering, record a member's vote by hand."""
    meeting = _meeting(pk)
    if not live.may_chair(meeting, request.user):
        raise PermissionDenied("Bara ordföranden och sekreteraren leder sammanträdet.")
    item = _live_item(meeting)
    now = timezone.now()
    action = request.POST.get("action") if request.method == "POST" else None
    vote = live.open_vote(item) if item else None
    counter = _counter_held(item) if item and not item.is_decided else None
    serving = item.serving() if item else []
    posted = {"data": request.POST} if action else {}
    forms = {}
    undecided = meeting.agenda_items.filter(decided_at__isnull=True).order_by("number")
    if meeting.opened_at and not meeting.ends_at and undecided.exists():
        forms["take_up"] = TakeUpForm(
            **(posted if action == "take_up" else {}),
            items=undecided,
            initial={"item": undecided.first() if item and item.is_decided else item},
        )
    if item and not item.is_decided and vote is None:
        forms["vote_open"] = VoteOpenForm(
            **(posted if action == "vote_open" else {}),
            item=item,
            serving=serving,
            counter=counter,
        )
        if not item.yrkanden.exists():
            forms["as_proposed"] = AsProposedForm(
                **(posted if action == "as_proposed" else {}), outcomes=_outcomes(item)
            )
    if vote:
        forms["hand"] = HandBallotForm(**(posted if action == "hand" else {}), vote=vote)
        forms["vote_cancel"] = ConfirmForm(
            **(posted if action == "vote_cancel" else {}),
            label="Ja, avbryt voteringen och stryk de avgivna rösterna",
            refusal="Kryssa i rutan för att bekräfta att voteringen ska avbrytas.",
        )
        forms["vote_close"] = VoteCloseForm(
            **(posted if action == "vote_close" else {}),
            outcomes=_outcomes(item) if vote.stage == Vote.Stage.MAIN else [],
        )
    yrkanden = live.propositionsordning(item) if item else []
    withdrawals = _withdrawals(request, action, item, yrkanden) if item and not vote else {}
    if action == "withdraw_yrkande" and _posted_pk(request, "proposal") in withdrawals:
        forms[action] = withdrawals[_posted_pk(request, "proposal")]
    refused = False
    if action:
        form = forms.get(action)
        try:
            if form is None and action in NOT_NOW:  # a page made before the step was taken
                raise ValidationError(NOT_NOW[action])
            if form is not None and form.is_valid():
                note = _chair_act(request, action, form, item=item, vote=vote, now=now)
            elif form is None and item:
                note = _chair_act(request, action, None, item=item, vote=vote, now=now)
            else:
                note = ""
        except ValidationError as error:
            _refused(request, error, form)
            refused = True
        else:
            if note:
                messages.success(request, note)
                return redirect("meetings:chair", meeting.pk)
    ballots = {b.person_id: b for b in vote.ballots.all()} if vote else {}
    absent = set(vote.absent.values_list("pk", flat=True)) if vote else set()
    roll = [(m, ballots.get(m.pk), m.pk in absent) for m in vote.roll.all()] if vote else []
    speakers = live.speakers(item) if item else []
    speaking = next((r for r in speakers if r.started_at), None)
    context = {
        "meeting": meeting,
        "item": item,
        "forms": forms,
        "speakers": speakers,
        "speaking": speaking,
        "speaking_time": live.speaking_time(speaking, now) if speaking else "",
        "yrkanden": yrkanden,
        "withdrawals": [(p, withdrawals.get(p.pk)) for p in yrkanden],
        "counter": counter,
        "motforslag": counter.carried if counter else None,
        "fallen": counter.fallen if counter else None,
        "vote": vote,
        "roll": roll,
        "cast": sum(1 for _, ballot, _ in roll if ballot),
        "away": sum(1 for _, ballot, absent in roll if absent and not ballot),
        "serving": serving,
        "can_close": roles.can(request.user, roles.MEETING),  # the secretary closes it
        "live_since": broadcast.latest(meeting.pk),  # the page follows the meeting from here
    }
    invalid = any(f.is_bound and f.errors for f in forms.values())
    return render(
        request, "meetings/live_chair.html", context, status=400 if invalid or refused else 200
    )


def _withdrawals(request, action, item: AgendaItem, yrkanden: list) -> dict:
    """The yrkanden the chair may record as taken back by their movers, each with its
    "are you sure" (the one posted bound to what was sent): before the paragraph is decided, and
    not one that has been put to a votering (`live.yrkande_withdraw`)."""
    if item.is_decided:
        return {}
    voted = {pk for pair in item.votes.values_list("yes_id", "no_id") for pk in pair}
    posted = _posted_pk(request, "proposal") if action == "withdraw_yrkande" else None
    return {
        p.pk: ConfirmForm(
            **({"data": request.POST} if p.pk == posted else {}),
            auto_id=f"id_%s_{p.pk}",  # one box per yrkande on the page
            label=f"Ja, {p.mover.full_name} återtar yrkandet",
            refusal="Kryssa i rutan för att bekräfta att yrkandet ska återtas.",
        )
        for p in yrkanden
        if p.pk not in voted
    }


def _counter_held(item: AgendaItem) -> Vote | None:
    """The paragraph's kontrapropositionsvotering once the chair has closed it: its result says
    which yrkande is the motförslag in the huvudvotering and which has fallen."""
    return (
        item.votes.filter(stage=Vote.Stage.COUNTER, closed_at__isnull=False)
        .select_related("item__meeting", "yes__mover", "no__mover")
        .select_related("yes__item__meeting", "no__item__meeting")
        .prefetch_related("ballots__person__affiliations__party")
        .first()
    )


def _chair_act(request, action: str, form, *, item, vote, now) -> str:
    """Carry out the chair's step; returns what to tell them."""
    if action == "take_up":
        taken = live.item_take_up(item=form.cleaned_data["item"], now=now)
        return f"§ {taken.number} behandlas nu."
    if action in ("up", "down"):
        waiting = item.speakers.filter(pk=_posted_pk(request, "speaker")).first()
        if waiting is None:
            raise ValidationError("Talaren finns inte längre på listan.")
        live.speaker_move(request=waiting, up=action == "up")
        return f"{waiting.person.full_name} är flyttad {'upp' if action == 'up' else 'ned'}."
    if action == "next":
        following = live.speaker_next(item=item, now=now, speaking=request.POST.get("talare", ""))
        if following is None:
            return "Ingen mer står på talarlistan."
        return f"{following.person.full_name} har ordet."
    if action == "close_speakers":
        live.speakers_close(item=item, now=now)
        return "Talarlistan är stängd."
    if action == "reopen_speakers":
        live.speakers_reopen(item=item)
        return "Talarlistan är öppen igen."
    if action == "vote_open":
        data = form.cleaned_data
        live.vote_open(
            item=item,
            yes=data["yes"],
            no=data["no"],
            stage=data["stage"],
            requested_by=data["requested_by"],
            now=now,
        )
        return "Voteringen är öppen."
    if action == "as_proposed":
        decided = live.item_decide_as_proposed(
            item=item, outcome=form.cleaned_data.get("outcome", ""), by=request.user, now=now
        )
        return f"§ {decided.number} är beslutad enligt förslaget."
    if action == "hand":
        return _hand_ballot(form, vote)
    if action == "withdraw_yrkande":  # the mover takes it back from the seat; the chair records it
        proposal = _posted_yrkande(request, item)
        live.yrkande_withdraw(proposal=proposal, person=proposal.mover)
        return f"{proposal.mover.full_name} har återtagit sitt yrkande: {proposal.text}."
    if action in ("absent", "present"):
        return _mark_absence(request, vote, absent=action == "absent")
    if action == "vote_cancel":
        live.vote_cancel(vote=vote)
        return "Voteringen är avbruten; rösterna räknas inte."
    if action == "vote_close":
        decided = live.vote_close(
            vote=vote, by=request.user, outcome=form.cleaned_data.get("outcome", ""), now=now
        )
        if vote.stage == Vote.Stage.COUNTER:
            return "Kontrapropositionsvoteringen är avslutad."
        return f"Voteringen är avslutad och beslutet i § {decided.number} registrerat."
    raise ValidationError("Okänt steg.")


def _hand_ballot(form: HandBallotForm, vote: Vote) -> str:
    """The secretary records a member's vote by hand; the note says whose own vote it replaced."""
    data = form.cleaned_data
    person = data["person"]
    earlier = vote.ballots.filter(person=person, by_clerk=False).first()
    ballot = live.ballot_cast(vote=vote, person=person, choice=data["choice"], by_clerk=True)
    note = f"Rösten för {person.full_name} är registrerad: {ballot.get_choice_display()}."
    if earlier is not None:  # the ballot's history keeps the member's own
        note += (
            f" Den ersatte {genitive(person.full_name)} egen röst ({earlier.get_choice_display()})."
        )
    return note


def _mark_absence(request, vote: Vote | None, *, absent: bool) -> str:
    """A member on the röstlängd has left the room during the votering, or is back: in the
    votering the page showed (its hidden `votering`), not one opened since."""
    if vote is None:
        raise ValidationError("Ingen votering pågår.")
    if _posted_pk(request, "votering") != vote.pk:
        raise ValidationError("Voteringen har ändrats sedan sidan visades. Se röstlängden igen.")
    person = vote.roll.filter(pk=_posted_pk(request, "person")).first()
    if absent:
        live.vote_mark_absent(vote=vote, person=person)
        return f"{person.full_name} är markerad som frånvarande."
    live.vote_mark_present(vote=vote, person=person)
    return f"{person.full_name} är åter i salen och kan rösta."
