"""Slutna val: the chair opens and closes an election at a paragraph, each member on the
röstlängd casts a ballot from their own device, and anyone can read the count ballot by ballot."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from casework import roles
from casework.forms import add_service_errors
from casework.models import Meeting, Person
from casework.viewhelpers import is_confirmed, render_confirm
from meetings import elections
from meetings.member_forms import BLANK, BallotForm, ElectionOpenForm, LotForm
from meetings.models import AgendaItem, Election


def _item(pk: int, item_pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting__body", "meeting__chair"),
        pk=item_pk,
        meeting=pk,
    )


def _person(request: HttpRequest) -> Person | None:
    return getattr(request.user, "person", None) if request.user.is_authenticated else None


def may_run(request: HttpRequest, meeting: Meeting) -> bool:
    """The meeting's chair, signed in as themself, or the secretary."""
    person = _person(request)
    return roles.can(request.user, roles.MEETING) or (
        person is not None and person.pk == meeting.chair_id
    )


@never_cache
def election(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The election at a paragraph: for the chair, opening, closing and the lot; for a member
    on the röstlängd, the ballot; for everyone, the result once counted."""
    item = _item(pk, item_pk)
    current = Election.objects.filter(item=item).prefetch_related("candidates").first()
    person = _person(request)
    runs = may_run(request, item.meeting)
    posted = request.POST.get("form") if request.method == "POST" else None
    if posted in {"open", "close", "lot"} and not runs:
        raise PermissionDenied
    if posted in {"cast", "close", "lot"} and current is None:
        raise Http404
    forms = {}
    if current is None and runs and not item.case_id and not item.is_decided:
        forms["open"] = ElectionOpenForm(request.POST if posted == "open" else None)
        if posted == "open" and forms["open"].is_valid():
            try:
                elections.election_open(item=item, **forms["open"].cleaned_data, now=timezone.now())
            except ValidationError as error:
                add_service_errors(forms["open"], error)
            else:
                messages.success(request, "Valet är öppnat; röstlängden är fastställd.")
                return redirect("meetings:election", pk, item_pk)
    if current is not None and elections.may_vote(current, person):
        forms["cast"] = BallotForm(request.POST if posted == "cast" else None, election=current)
        if posted == "cast" and forms["cast"].is_valid():
            return _cast(request, current, person, forms["cast"])
    if current is not None and current.is_open and posted == "close":
        return _close(request, current)
    if current is not None and runs and current.status == Election.Status.LOT:
        forms["lot"] = LotForm(
            request.POST if posted == "lot" else None,
            tied=elections.tied_candidates(current),
            seats=elections.seats_by_lot(current),
        )
        if posted == "lot" and forms["lot"].is_valid():
            try:
                elections.election_draw_lot(
                    election=current,
                    drawn=list(forms["lot"].cleaned_data["drawn"]),
                    now=timezone.now(),
                )
            except ValidationError as error:
                add_service_errors(forms["lot"], error)
            else:
                messages.success(request, "Lottningen är registrerad och valet avgjort.")
                return redirect("meetings:election", pk, item_pk)
    invalid = any(f.is_bound and f.errors for f in forms.values())
    context = {
        "item": item,
        "meeting": item.meeting,
        "election": current,
        "forms": forms,
        "runs": runs,
        "has_voted": bool(current and person and current.receipts.filter(person=person).exists()),
        "on_roll": bool(current and person and current.voters.filter(person=person).exists()),
    }
    if current is not None:
        context["roll"] = current.voters.count()
        context["voted"] = current.receipts.count()
        if runs:
            voted = set(current.receipts.values_list("person_id", flat=True))
            context["voters"] = [
                (v.person, v.person_id in voted) for v in current.voters.select_related("person")
            ]
    return render(request, "meetings/val_election.html", context, status=400 if invalid else 200)


def _cast(request: HttpRequest, current: Election, person: Person, form: BallotForm):
    candidate = form.cleaned_data["choice"]
    if not is_confirmed(request):
        return render_confirm(
            request,
            title=f"Lägg din röst: val av {current.office}",
            facts=[
                ("Val av", current.office),
                ("Din röst", candidate.name if candidate else "Blank röstsedel"),
            ],
            happens=[
                "Din röstsedel läggs i valurnan utan ditt namn och utan tidpunkt.",
                "Röstlängden visar att du har röstat, men inte hur.",
            ],
            submit="Lägg rösten",
            back=current.get_absolute_url(),
            carry={"form": "cast", "choice": str(candidate.pk) if candidate else BLANK},
            final="Rösten kan inte ändras.",
        )
    try:
        elections.ballot_cast(election=current, voter=person, candidate=candidate)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Din röst är lagd.")
    return redirect(current)


def _close(request: HttpRequest, current: Election) -> HttpResponse:
    if not is_confirmed(request):
        return render_confirm(
            request,
            title=f"Avsluta valet: val av {current.office}",
            facts=[
                ("Val av", current.office),
                ("Har röstat", f"{current.receipts.count()} av {current.voters.count()}"),
            ],
            happens=[
                "Inga fler röster tas emot.",
                "Röstsedlarna räknas och visas en och en för alla, utan namn.",
                "Vid lika röstetal om sista platsen avgör ordföranden genom lottning.",
            ],
            submit="Avsluta valet",
            back=current.get_absolute_url(),
            carry={"form": "close"},
        )
    try:
        elections.election_close(election=current, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Valet är avslutat och rösterna räknade.")
    return redirect(current)


def election_tally(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Every ballot of a counted election, by its random id, so anyone can count again."""
    item = _item(pk, item_pk)
    current = get_object_or_404(
        Election.objects.prefetch_related("candidates"),
        item=item,
        status__in=[Election.Status.LOT, Election.Status.CLOSED],
    )
    ballots = current.ballots.select_related("candidate").order_by("id")
    return render(
        request,
        "meetings/val_tally.html",
        {"item": item, "meeting": item.meeting, "election": current, "ballots": ballots},
    )
