"""A meeting from kallelse to anslag: the agenda built from the cases ready for the body, the
meeting opened with those serving, each paragraph's yrkanden, proposition and votering, the
decision recorded through the case's chain, the minutes justerade and signed, the anslag posted,
the extracts sent."""

import datetime
import hashlib
import json

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list

from casework import kinds, roles
from casework.models import (
    Body,
    Case,
    ChainStep,
    DocumentDirection,
    DocumentKind,
    Meeting,
    Membership,
    MemberStatement,
    Municipality,
    Period,
    Person,
    Substitution,
)
from casework.pdf import html_to_pdf
from casework.services import (
    chain_decide,
    chain_return,
    document_register,
    mail_people,
    site_url,
    statement_announce,
)
from casework.signing import sign_pdf
from casework.tasks import pdf_for
from casework.text import count
from casework.workflow import Status
from meetings import broadcast, selectors
from meetings.models import (
    AgendaItem,
    Ballot,
    Dispatch,
    Election,
    Justering,
    KallelseSent,
    MinutesPage,
    Protocol,
    ProtocolSigning,
    VoidedJustering,
    Vote,
    Yrkande,
    carried_by,
)
from meetings.tasks import sign_protocol

STYLESHEETS = ["css/protocol.css"]
POSTPONED = "Ärendet bordläggs."


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)


def _refuse_if_justerad(meeting: Meeting) -> None:
    if meeting.justerad_at:
        raise ValidationError(f"Protokollet från {meeting} är justerat och kan inte ändras.")


def _refuse_if_closed(meeting: Meeting) -> None:
    """What the minutes record happened at the meeting: once it is closed, nothing is added."""
    _refuse_if_justerad(meeting)
    if meeting.ends_at:
        raise ValidationError(
            f"Sammanträdet avslutades kl. {meeting.ends_at:%H.%M}; protokollet tar inga nya paragrafer eller beslut."
        )


# --- The agenda (föredragningslista) and the kallelse ----------------------------------------


@transaction.atomic
def meeting_plan(
    *, body: Body, date: datetime.date, starts_at: datetime.time | None = None, place: str = ""
) -> tuple[Meeting, bool]:
    """The body's meeting on the date, planned with its time and place; one already there is
    returned as it is (its own page changes it), with False."""
    meeting, created = Meeting.objects.get_or_create(
        body=body, date=date, defaults={"starts_at": starts_at, "place": place.strip()}
    )
    return meeting, created


@transaction.atomic
def meeting_close(*, meeting: Meeting, ends_at: datetime.time) -> Meeting:
    """The chair closes the meeting: its time goes in the minutes' header, and the chair and the
    justerare are told the minutes await their justering, with the time set and a link."""
    meeting = _locked(meeting)
    _refuse_if_justerad(meeting)
    if not meeting.opened_at:
        raise ValidationError({"ends_at": "Sammanträdet har inte öppnats."})
    _refuse_undecided(meeting, "sammanträdet kan inte avslutas än")
    refusal = selectors.end_time_refusal(meeting, ends_at)
    if refusal:
        raise ValidationError({"ends_at": refusal})
    meeting.ends_at = ends_at
    meeting.save(update_fields=["ends_at"])
    broadcast.changed(meeting.pk, "paragraf")
    _void_stale_justeringar(meeting, minutes_fingerprint(meeting), timezone.now())
    address = site_url(reverse("meetings:detail", args=[meeting.pk]))
    deadline = timezone.localtime(meeting.justering_deadline)
    drafts = [f"- {s.heading}, {s.decision.case.dnr}" for s in unsubmitted_statements(meeting)]
    pending = (
        (
            "\nAnmälda reservationer och särskilda uttalanden som ännu inte lämnats in:\n"
            + "\n".join(drafts)
            + "\nNär protokollet justeras står de kvar som anmälda, utan skriftlig motivering (kommunallagen 4 kap. 27 §).\n"
        )
        if drafts
        else ""
    )
    transaction.on_commit(
        lambda: mail_people(
            signers(meeting),
            f"Justering: {meeting.body} {meeting.date:%Y-%m-%d}",
            f"Protokollet från {meeting.body.running_genitive} sammanträde {meeting.date:%Y-%m-%d} är klart "
            f"för justering, senast {deadline:%Y-%m-%d %H:%M}. Läs och justera det här: {address}\n{pending}",
        )
    )
    return meeting


def _refuse_minutes_kept_elsewhere(meeting: Meeting) -> None:
    """A meeting whose decisions were entered on the cases' pages has its minutes elsewhere:
    opening it here would make minutes that leave those decisions out."""
    if selectors.minutes_kept_elsewhere(meeting):
        raise ValidationError(
            f"Besluten från {meeting} är redan registrerade på ärendena; protokollet förs utanför "
            "systemet. Planera ett nytt sammanträde för det som ska beslutas här."
        )


def _refuse_undecided(meeting: Meeting, consequence: str) -> None:
    undecided = [str(i.number) for i in meeting.agenda_items.filter(decided_at__isnull=True)]
    if undecided:
        raise ValidationError(f"§ {', '.join(undecided)} saknar beslut; {consequence}.")


def ready_cases(meeting: Meeting) -> list[Case]:
    """The cases at this body's step of their chain and on no other open agenda of it."""
    return [case for matter, case in ready_matters(meeting) if not matter]


def ready_matters(meeting: Meeting) -> list[tuple[str, Case]]:
    """What the body's agenda may take, each as (matter, case): the cases at this body's step of
    their chain (matter ""), then those that come before it in another way the apps register
    (a referral to answer, a motion to write off); none already on an open agenda."""
    pending = AgendaItem.objects.filter(
        case=OuterRef("pk"), decided_at__isnull=True, meeting__justerad_at__isnull=True
    )  # EXISTS, not NOT IN: an item by hand (no case) on an open agenda must not empty the list
    related = ("registry", "classification", "step__body")
    order = ("registered_on", "year", "sequence")
    at_step = Case.objects.filter(status=Status.IN_DECISION, step__body=meeting.body)
    ready = [
        ("", case)
        for case in at_step.exclude(Exists(pending)).select_related(*related).order_by(*order)
        if _carrier(case) == case
    ]
    seen = {case.pk for _, case in ready}
    for matter in kinds.agenda_matters():
        for case in (
            matter.ready(meeting).exclude(Exists(pending)).select_related(*related).order_by(*order)
        ):
            if case.pk not in seen:
                ready.append((matter.name, case))
                seen.add(case.pk)
    return ready


def _carrier(case: Case) -> Case:
    """The case whose paragraph decides this one: itself, or the first of the cases one document
    answers together (a skrivelse answered with a motion is decided under the motion's §)."""
    return kinds.decided_together(case)[0]


def _proposal_for(case: Case) -> tuple[str, list[str], list[str]]:
    """Whose proposal the body has before it, that body's decision as it made it (the utskott's
    proposal), and what the body decides if it adopts it: the words the profile gives the step;
    at the chain's last step what the case's own document proposes (KS's att-satser to KF);
    else the previous step's decision."""
    previous = (
        case.decisions.filter(step__isnull=False, sends_back=False)
        .select_related("meeting__body")
        .order_by("pk")
        .last()
    )
    items = (
        case.step.default_items.splitlines()
        or (kinds.proposed_items(case) if case.step.is_last else [])
        or (previous.items if previous else kinds.proposed_items(case))
    )
    if previous is None:
        return "Förslag till beslut", [], items
    return f"{previous.meeting.body.genitive} förslag", previous.items, items


@transaction.atomic
def agenda_add(
    *,
    meeting: Meeting,
    title: str = "",
    proposal: list[str] | None = None,
    case: Case | None = None,
    matter: str = "",
) -> AgendaItem:
    """One item last on the agenda: a case ready for the body (at its chain's step, or in a
    registered `matter`: a referral to answer, a motion to write off), or an item by hand."""
    meeting = _locked(meeting)
    _refuse_if_closed(meeting)
    _refuse_minutes_kept_elsewhere(meeting)
    proposed_by = ""
    if case is not None and matter:
        registered = kinds.agenda_matter(matter)
        if registered is None or not registered.ready(meeting).filter(pk=case.pk).exists():
            raise ValidationError(
                f"{case.dnr} väntar inte på {meeting.body.in_running_text} som {registered.label.lower() if registered else matter}."
            )
        if meeting.agenda_items.filter(case=case).exists():
            raise ValidationError(f"{case.dnr} står redan på föredragningslistan.")
        proposed_by, suggested = registered.propose(case, meeting)
        title, proposal = title or f"{registered.label}: {case.title}", proposal or suggested
        earlier, preceding = "", []
    elif case is not None:
        if (
            case.status != Status.IN_DECISION
            or case.step is None
            or case.step.body_id != meeting.body_id
        ):
            raise ValidationError(f"{case.dnr} ligger inte hos {meeting.body.in_running_text}.")
        if meeting.agenda_items.filter(case=case).exists():
            raise ValidationError(f"{case.dnr} står redan på föredragningslistan.")
        if (carrier := _carrier(case)) != case:
            raise ValidationError(
                f"{case.dnr} besvaras tillsammans med {carrier.dnr} och beslutas under den punkten."
            )
        proposed_by, preceding, suggested = _proposal_for(case)
        title, proposal = title or case.title, proposal or suggested
        earlier = _earlier_handling(case, meeting)
    else:
        earlier, preceding = "", []
    if not title.strip():
        raise ValidationError({"title": "Ange punktens rubrik."})
    if case is None and not proposal:
        raise ValidationError(
            {
                "proposal": "Ange förslaget till beslut: det är vad organet beslutar om inget annat yrkas."
            }
        )
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        case=case,
        title=title.strip(),
        proposed_by=proposed_by,
        proposal=proposal or [],
        earlier=earlier,
        matter=matter,
        preceding=preceding,
        added_late=meeting.kallelse_sent_at is not None,
    )
    if meeting.opened_at:  # an item added at the meeting gets the next paragraph at once
        item.number = _next_number(meeting.body, meeting.date.year)
    item.full_clean()
    item.save()
    return item


def _earlier_handling(case: Case, meeting: Meeting) -> str:
    """What the agenda line says of the case's earlier handling: when this body tabled it
    (bordlagt), and the paragraph of the previous step's decision ("Kommunledningsutskottet
    2026-02-18 § 12")."""
    parts = []
    tabled = (
        AgendaItem.objects.filter(case=case, postponed=True, meeting__body=meeting.body)
        .exclude(meeting=meeting)
        .select_related("meeting")
        .order_by("-meeting__date")
        .first()
    )
    if tabled:
        parts.append(f"Bordlagt {tabled.meeting.date:%Y-%m-%d} § {tabled.number}.")
    previous = (
        AgendaItem.objects.filter(
            case=case, decision__step__isnull=False, decision__sends_back=False
        )
        .exclude(meeting__body=meeting.body)
        .select_related("meeting__body")
        .order_by("-pk")
        .first()
    )
    if previous:
        parts.append(
            f"{previous.meeting.body.name} {previous.meeting.date:%Y-%m-%d} § {previous.number}."
        )
    return " ".join(parts)


def _refuse_after_kallelse(meeting: Meeting) -> None:
    if meeting.kallelse_sent_at or meeting.opened_at:
        raise ValidationError(
            "Kallelsen är skickad: föredragningslistan ändras inte längre, men en punkt kan läggas till (den märks som tillagd efter kallelsen)."
        )


@transaction.atomic
def agenda_move(*, item: AgendaItem, up: bool) -> AgendaItem:
    """Before the kallelse: move an item one place up or down the agenda."""
    meeting = _locked(item.meeting)
    _refuse_after_kallelse(meeting)
    item = meeting.agenda_items.get(pk=item.pk)
    items = meeting.agenda_items.order_by("position")
    other = (
        items.filter(position__lt=item.position).last()
        if up
        else items.filter(position__gt=item.position).first()
    )
    if other is None:
        return item
    mine, theirs = item.position, other.position
    item.position = 0  # the position is unique per meeting: step aside while the other moves
    item.save(update_fields=["position"])
    other.position = mine
    other.save(update_fields=["position"])
    item.position = theirs
    item.save(update_fields=["position"])
    return item


@transaction.atomic
def agenda_remove(*, item: AgendaItem) -> None:
    """Before the kallelse: take an item off the agenda (its case is ready again)."""
    meeting = _locked(item.meeting)
    _refuse_after_kallelse(meeting)
    removed = meeting.agenda_items.get(pk=item.pk)
    removed.delete()
    for later in meeting.agenda_items.filter(position__gt=removed.position).order_by("position"):
        later.position -= 1  # the agenda stays numbered 1, 2, 3 …
        later.save(update_fields=["position"])


@transaction.atomic
def agenda_build(*, meeting: Meeting) -> list[AgendaItem]:
    """Every case ready for the body, added last on the agenda in the order they were filed."""
    return [
        agenda_add(meeting=meeting, case=case, matter=matter)
        for matter, case in ready_matters(meeting)
    ]


def agenda_pdf(*, meeting: Meeting) -> bytes | None:
    """The kallelse with the föredragningslista as PDF/A (printed by the worker, then kept): as it
    was sent, once it has been; until then as the agenda stands."""
    sent = KallelseSent.objects.filter(meeting=meeting).order_by("-sent_at", "-pk").first()
    return pdf_for(sent.html if sent else agenda_html(meeting=meeting), stylesheets=STYLESHEETS)


def agenda_html(*, meeting: Meeting) -> str:
    context = agenda_context(meeting) | {
        "members": called(meeting)
    }  # the printed kallelse names them
    return render_to_string("meetings/agenda_print.html", context)


def agenda_context(meeting: Meeting) -> dict:
    items = meeting.agenda_items.select_related(
        "case__registry", "case__classification"
    ).prefetch_related("case__documents")
    return {
        "profile": Municipality.current(),
        "meeting": meeting,
        "items": items,
    }


def called(meeting: Meeting) -> list[Membership]:
    """Who is called: the body's members and substitutes on the meeting's date."""
    return list(
        meeting.body.memberships.filter(Period.on(meeting.date))
        .select_related("person")
        .order_by("role", "person__last_name", "person__first_name")
    )


@transaction.atomic
def meeting_send_kallelse(*, meeting: Meeting, now: datetime.datetime) -> Meeting:
    """The kallelse to the members and the substitutes, with a link to the agenda's page."""
    meeting = _locked(meeting)
    if meeting.opened_at:
        raise ValidationError("Sammanträdet är redan öppnat; kallelsen skickas före det.")
    _refuse_minutes_kept_elsewhere(meeting)
    if timezone.localdate(now) > meeting.date:
        raise ValidationError(
            f"Sammanträdet hölls {meeting.date:%Y-%m-%d}; kallelsen skickas före det."
        )
    if not meeting.agenda_items.exists():
        raise ValidationError("Föredragningslistan är tom; lägg till ärenden först.")
    people = [m.person for m in called(meeting)]
    address = site_url(reverse("meetings:detail", args=[meeting.pk]))
    when = f"{meeting.date:%Y-%m-%d}" + (
        f" kl. {meeting.starts_at:%H.%M}" if meeting.starts_at else ""
    )
    transaction.on_commit(
        lambda: mail_people(
            people,
            f"Kallelse: {meeting.body} {when}",
            f"Du kallas till sammanträde med {meeting.body.in_running_text} {when}"
            f"{', ' + meeting.place if meeting.place else ''}.\n"
            f"Föredragningslistan och beslutsunderlagen: {address}\n",
        )
    )
    meeting.kallelse_sent_at = now
    meeting.save(update_fields=["kallelse_sent_at"])
    KallelseSent.objects.create(meeting=meeting, html=agenda_html(meeting=meeting), sent_at=now)
    return meeting


# --- The meeting, paragraph by paragraph ------------------------------------------------------


def meeting_send_reminders(*, now: datetime.datetime) -> list[Meeting]:
    """Remind those who took part, 24 hours before justering, once per meeting."""
    due = Meeting.objects.filter(
        justering_deadline__gt=now,
        justering_deadline__lte=now + datetime.timedelta(hours=24),
        reminder_sent_at__isnull=True,
    ).select_related("body")
    reminded = []
    for meeting in due:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if locked.reminder_sent_at:
                continue
            cases = ", ".join(
                d.case.dnr
                for d in meeting.decisions.select_related("case__registry", "case__classification")
            )
            mail_people(
                meeting.serving_members(),
                f"Påminnelse: justering {timezone.localtime(meeting.justering_deadline):%Y-%m-%d %H:%M}",
                f"Skriftliga reservationer och särskilda uttalanden på {meeting.body}s beslut den "
                f"{meeting.date:%Y-%m-%d} ({cases}) ska lämnas in före justeringen.\n"
                f"{site_url(reverse('my_decisions'))}\n",
            )
            locked.reminder_sent_at = now
            locked.save(update_fields=["reminder_sent_at"])
            reminded.append(locked)
    return reminded


def _next_number(body: Body, year: int) -> int:
    """The next paragraph of the body's minutes this year (they run per body and year). The
    caller holds the body's row lock, so two meetings opened at once never share a number."""
    Body.objects.select_for_update().filter(pk=body.pk).first()
    last = AgendaItem.objects.filter(meeting__body=body, meeting__date__year=year).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


@transaction.atomic
def meeting_open(
    *,
    meeting: Meeting,
    serving: list[Person],
    chair: Person,
    justerare: list[Person],
    justering_deadline: datetime.datetime,
    place: str = "",
    starts_at: datetime.time | None = None,
    justering_place: str = "",
    replacing: dict[int, Person] | None = None,
    first_number: int | None = None,
    now: datetime.datetime,
) -> Meeting:
    """Open the meeting: who serves, who chairs, who justerar and by when; the agenda's items
    get their paragraphs in order, continuing the body's numbering for the year, or from
    `first_number` where the year's earlier minutes were kept elsewhere (a meeting may start at
    § 52), never reusing a number the body's minutes here have used this year."""
    meeting = _locked(meeting)
    if meeting.opened_at:
        raise ValidationError(f"{meeting} är redan öppnat.")
    _refuse_minutes_kept_elsewhere(meeting)
    if timezone.localdate(now) < meeting.date:
        raise ValidationError(
            f"Sammanträdet hålls {meeting.date:%Y-%m-%d}; det öppnas den dagen, inte före."
        )
    if not meeting.agenda_items.exists():
        raise ValidationError("Föredragningslistan är tom; lägg till ärenden först.")
    errors = {}
    members = {m.person_id for m in called(meeting)}
    strangers = [p.full_name for p in serving if p.pk not in members]
    if strangers:
        errors["serving"] = (
            f"{get_text_list(strangers, 'och')} är inte ledamot eller ersättare i {meeting.body.in_running_text}."
        )
    if not serving:
        errors["serving"] = "Ange vilka som tjänstgör."
    serving_ids = {p.pk for p in serving}
    if chair.pk not in serving_ids:
        errors["chair"] = f"Ordföranden {chair.full_name} finns inte bland de tjänstgörande."
    absent = [p.full_name for p in justerare if p.pk not in serving_ids]
    if absent:
        errors["justerare"] = (
            f"{get_text_list(absent, 'och')} tjänstgör inte och kan inte justera protokollet."
        )
    elif not justerare:
        errors["justerare"] = "Utse minst en justerare."
    elif chair in justerare:
        errors["justerare"] = "Ordföranden justerar redan; utse någon annan som justerare."
    if timezone.localdate(justering_deadline) < meeting.date:
        errors["justering_deadline"] = "Justeringen kan inte ligga före sammanträdet."
    local = timezone.localtime(now)
    if meeting.date == local.date() and starts_at and starts_at > local.time():
        # its end would have to come later still, and no end later than now is taken
        errors["starts_at"] = f"Sammanträdet kan inte ha öppnats senare än nu (kl. {local:%H.%M})."
    following = _next_number(meeting.body, meeting.date.year)
    if first_number is not None and first_number < following:
        errors["first_number"] = (
            f"{meeting.body.genitive} protokoll har redan § {following - 1} i år; "
            f"numreringen fortsätter med § {following} eller senare."
        )
    if errors:
        raise ValidationError(errors)
    substitutions = _substitutions(meeting, serving, replacing or {})
    meeting.participants.set(serving)
    Substitution.objects.bulk_create(
        [Substitution(meeting=meeting, substitute=s, replaces=r) for s, r in substitutions]
    )
    meeting.justerare.set(justerare)
    meeting.chair, meeting.place, meeting.justering_place = chair, place, justering_place
    meeting.starts_at = starts_at or meeting.starts_at
    meeting.justering_deadline = justering_deadline
    meeting.opened_at = now
    meeting.save()
    number = max(following, first_number or 0)
    for item in meeting.agenda_items.order_by("position"):
        item.number, number = number, number + 1
        item.save(update_fields=["number"])
    broadcast.changed(meeting.pk, "paragraf")
    return meeting


def _substitutions(
    meeting: Meeting, serving: list[Person], replacing: dict[int, Person]
) -> list[tuple[Person, Person]]:
    """Whom each serving substitute replaces (KL 5 kap. 17 §, 6 kap. 11 §): as the secretary
    says, otherwise an absent member of the substitute's party, otherwise any absent member."""
    roles = {m.person_id: m.role for m in called(meeting)}
    serving_ids = {p.pk for p in serving}
    substitutes = [p for p in serving if roles.get(p.pk) == Membership.Role.SUBSTITUTE]
    absent = [
        m.person
        for m in called(meeting)
        if m.role in Meeting.ORDINARY_ROLES and m.person_id not in serving_ids
    ]
    taken, pairs = set(), []
    for substitute in substitutes:
        member = replacing.get(substitute.pk)
        if member is not None and (member.pk not in {p.pk for p in absent} or member.pk in taken):
            raise ValidationError(
                {
                    "serving": f"{substitute.full_name} kan inte ersätta {member.full_name}, som tjänstgör eller redan ersätts."
                }
            )
        if member is None:
            party = substitute.party_on(meeting.date)
            free = [p for p in absent if p.pk not in taken]
            member = next(
                (p for p in free if party and p.party_on(meeting.date) == party), None
            ) or next(iter(free), None)
        if member is None:
            raise ValidationError(
                {
                    "serving": f"{substitute.full_name} är ersättare, men ingen ledamot är frånvarande att ersätta."
                }
            )
        taken.add(member.pk)
        pairs.append((substitute, member))
    return pairs


def _item_locked(item: AgendaItem) -> AgendaItem:
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__body", "case")
        .get(pk=item.pk)
    )
    _refuse_if_closed(item.meeting)
    if not item.meeting.opened_at:
        raise ValidationError("Öppna sammanträdet först: då får punkterna sina paragrafer.")
    if item.is_decided:
        raise ValidationError(f"§ {item.number} är redan beslutad.")
    return item


def _refuse_while_voting(item: AgendaItem, refusal) -> None:
    """While the members vote electronically (meetings.live) the röstlängd, the alternatives and
    the outcome are the votering's: nothing on the paragraph's page changes them."""
    if item.votes.filter(opened_at__isnull=False, closed_at__isnull=True).exists():
        raise ValidationError(refusal)


def _refuse_not_serving(item: AgendaItem, people: list[Person], field: str, what: str) -> None:
    serving = {p.pk for p in item.serving()}
    outside = [p.full_name for p in people if p.pk not in serving]
    if outside:
        raise ValidationError(
            {field: f"{get_text_list(outside, 'och')} deltar inte i ärendet och kan inte {what}."}
        )


@transaction.atomic
def item_set_recused(*, item: AgendaItem, recused: list[Person]) -> AgendaItem:
    """Jäv: the serving members who step aside for this paragraph."""
    item = _item_locked(item)
    _refuse_while_voting(
        item, {"recused": "En votering pågår: röstlängden är fastställd tills den avslutas."}
    )
    serving = {p.pk for p in item.meeting.serving_members()}
    outside = [p.full_name for p in recused if p.pk not in serving]
    if outside:
        raise ValidationError(
            {"recused": f"{get_text_list(outside, 'och')} tjänstgör inte på sammanträdet."}
        )
    if item.yrkanden.filter(mover__in=recused).exists():
        raise ValidationError(
            {
                "recused": "Den som har yrkat i ärendet kan inte anmäla jäv efteråt; ta bort yrkandet först."
            }
        )
    item.recused.set(recused)
    broadcast.changed(item.meeting_id, "paragraf")  # the member's page no longer offers her a say
    return item


@transaction.atomic
def yrkande_add(
    *,
    item: AgendaItem,
    mover: Person,
    text: str,
    items: list[str],
    supporters: list[Person] = (),
    kind: str = Yrkande.Kind.MATTER,
) -> Yrkande:
    """A yrkande, by someone taking part in the paragraph, supported by others who do."""
    item = _item_locked(item)
    _refuse_not_serving(item, [mover], "mover", "yrka")
    _refuse_not_serving(item, list(supporters), "supporters", "instämma")
    last = item.yrkanden.aggregate(last=Max("position"))["last"] or 0
    procedural = kind != Yrkande.Kind.MATTER
    proposal = Yrkande(
        item=item,
        position=last + 1,
        mover=mover,
        text=text.strip(),
        kind=kind,
        items=[] if procedural else items or item.proposal,
    )
    proposal.full_clean()
    proposal.save()
    proposal.supporters.set([p for p in supporters if p.pk != mover.pk])
    broadcast.changed(item.meeting_id, "yrkanden")
    return proposal


@transaction.atomic
def yrkande_remove(*, item: AgendaItem, proposal: Yrkande) -> None:
    """A yrkande recorded by mistake (or withdrawn by its mover) is taken off the paragraph
    before it is decided; the numbering of the others stays."""
    item = _item_locked(item)
    if proposal.item_id != item.pk:
        raise ValidationError("Yrkandet hör inte till paragrafen.")
    _refuse_while_voting(item, "En votering pågår: yrkanden tas inte bort förrän den är avslutad.")
    if item.votes.filter(Q(yes=proposal) | Q(no=proposal)).exists():
        raise ValidationError("Yrkandet har ställts i en votering och kan inte tas bort.")
    Yrkande.objects.filter(pk=proposal.pk).delete()
    broadcast.changed(item.meeting_id, "yrkanden")


def vote_winner(*, item: AgendaItem, yes: Yrkande, no: Yrkande, ballots: dict[int, str]) -> Yrkande:
    """The proposal the votering carried (`carried_by`); at a tie the chair must have voted."""
    winner = carried_by(yes, no, ballots, chair_id=item.meeting.chair_id)
    if winner is None:
        raise ValidationError(
            {"ballots": "Lika röstetal: ordföranden har utslagsröst och måste rösta ja eller nej."}
        )
    return winner


def minority_may_require(item: AgendaItem, proposal: Yrkande) -> bool:
    """Minoritetsåterremiss (kommunallagen 5 kap., since 2002): in fullmäktige a case shall be
    sent back, and likewise tabled, when at least a third of the members present ask for it:
    those asking (the mover and those supporting) counted against those present, not against
    the votes cast. A case sent back once on a minority's request is not sent back again on a
    minority's request at the same body."""
    if item.meeting.body.kind != Body.Kind.COUNCIL or not proposal.is_procedural:
        return False
    if 3 * proposal.requesters() < len(item.serving()):
        return False
    if proposal.kind == Yrkande.Kind.SEND_BACK and item.case_id:
        earlier = AgendaItem.objects.filter(
            case=item.case_id, meeting__body=item.meeting.body_id, minority=True
        )
        return not earlier.exclude(pk=item.pk).exists()
    return True


def _refuse_if_election(item: AgendaItem) -> None:
    """A paragraph with a slutet val is decided when the election is counted (meetings.elections)."""
    if Election.objects.filter(item=item).exists():
        raise ValidationError(f"§ {item.number} avgörs av valet med slutna sedlar.")


def _checked_ballots(item: AgendaItem, pair, ballots: dict[int, str] | None, field: str):
    yes, no = pair
    if yes.item_id != item.pk or no.item_id != item.pk or yes == no:
        raise ValidationError({field: "Voteringen står mellan två av paragrafens yrkanden."})
    ballots = ballots or {}
    serving = item.serving()
    if len(ballots) != len(serving) or {p.pk for p in serving} != set(ballots):
        raise ValidationError(
            {
                "ballots": (
                    f"Voteringen har {count(len(ballots), 'röst', 'röster')} men {len(serving)} "
                    "deltar i ärendet; "
                    "varje tjänstgörande ledamot röstar ja, nej eller avstår."
                )
            }
        )
    if any(c not in Ballot.Choice.values for c in ballots.values() if c is not None):
        raise ValidationError({"ballots": "En röst är ja, nej eller avstår."})
    return vote_winner(item=item, yes=yes, no=no, ballots=ballots)


def _record_vote(item, pair, ballots, requested_by, stage) -> None:
    """The votering into the paragraph; an electronic one closed by the chair is there already,
    with the members' own ballots."""
    electronic = Vote.objects.filter(item=item, stage=stage, closed_at__isnull=False).first()
    if electronic is not None:
        if (electronic.yes_id, electronic.no_id) != (pair[0].pk, pair[1].pk):
            raise ValidationError(
                {"vote": "Den elektroniska voteringen stod mellan andra yrkanden."}
            )
        return
    recorded = Vote.objects.create(
        item=item, yes=pair[0], no=pair[1], requested_by=requested_by, stage=stage
    )
    Ballot.objects.bulk_create(
        [Ballot(vote=recorded, person_id=pk, choice=c) for pk, c in ballots.items() if c]
    )
    recorded.absent.set([pk for pk, c in ballots.items() if c is None])


def _procedural_first(
    item: AgendaItem, yrkanden: list[Yrkande], *, send_back: bool, postpone: bool
) -> bool:
    """A yrkande on återremiss or bordläggning is decided before the matter itself. Returns
    whether the procedural question carried; refuses to decide the matter when a minority in
    fullmäktige has the right to have the case sent back or tabled."""
    for proposal in yrkanden:
        carried = send_back if proposal.kind == Yrkande.Kind.SEND_BACK else postpone
        if not carried and minority_may_require(item, proposal):
            what = "återremitteras" if proposal.kind == Yrkande.Kind.SEND_BACK else "bordläggas"
            raise ValidationError(
                {
                    "winner": (
                        f"{proposal.requesters()} av {len(item.serving())} närvarande begär att ärendet ska {what}: "
                        f"minst en tredjedel, så ärendet ska {what} (minoritetens rätt i fullmäktige)."
                    )
                }
            )
    return send_back or postpone


def _matter_winner(
    item: AgendaItem,
    matter: list[Yrkande],
    *,
    winner: Yrkande | None,
    vote: tuple[Yrkande, Yrkande] | None,
    ballots: dict[int, str] | None,
    counter_vote: tuple[Yrkande, Yrkande] | None,
    counter_ballots: dict[int, str] | None,
) -> Yrkande | None:
    """The yrkande in sak that carried (item_decide): the only one, the one the chair found
    carried, or the votering's (after a kontrapropositionsvotering, when one was held); None
    when there is none and the body decides as proposed."""
    if winner is not None and winner.is_procedural:
        raise ValidationError(
            {
                "winner": "Ett yrkande om återremiss eller bordläggning avgörs före frågan i sak: välj ”Ärendet återremitteras” eller ”Ärendet bordläggs” om det bifalls."
            }
        )
    if counter_vote:
        if not vote or len(matter) < 3:
            raise ValidationError(
                {
                    "counter_yes": "Kontrapropositionsvotering hålls före en huvudvotering, när det finns minst tre yrkanden i sak."
                }
            )
        counter_winner = _checked_ballots(item, counter_vote, counter_ballots, "counter_yes")
        other = vote[1] if vote[0] == counter_winner else vote[0]
        if counter_winner not in vote or other in counter_vote:
            raise ValidationError(
                {
                    "vote": f"Huvudvoteringen står mellan huvudförslaget och motförslaget, {counter_winner.label}."
                }
            )
    if vote:
        if vote[0].is_procedural or vote[1].is_procedural:
            raise ValidationError({"vote": "Voteringen i sak står mellan två yrkanden i sak."})
        winner = _checked_ballots(item, vote, ballots, "vote")
    elif len(matter) == 1:
        winner = matter[0]
    elif len(matter) > 1 and winner is None:
        raise ValidationError(
            {
                "winner": "Ange vilket yrkande ordföranden fann bifallet, eller registrera en votering."
            }
        )
    if winner is not None and winner.item_id != item.pk:
        raise ValidationError({"winner": "Yrkandet hör inte till paragrafen."})
    return winner


@transaction.atomic
def item_decide(
    *,
    item: AgendaItem,
    winner: Yrkande | None = None,
    vote: tuple[Yrkande, Yrkande] | None = None,
    ballots: dict[int, str] | None = None,
    requested_by: Person | None = None,
    counter_vote: tuple[Yrkande, Yrkande] | None = None,
    counter_ballots: dict[int, str] | None = None,
    outcome: str = "",
    reserving: list[Person] = (),
    postpone: bool = False,
    send_back: bool = False,
    back_to: ChainStep | None = None,
    back_reason: str = "",
    by=None,
    now: datetime.datetime,
) -> AgendaItem:
    """The paragraph's beslutsgång. A yrkande on återremiss or bordläggning is decided first: if
    it carries (`send_back`, `postpone`) the matter is not decided (a case sent back goes to an
    earlier step `back_to` or to the office's preparation, with `back_reason`; a tabled one stays
    with the body, ready for the next agenda); in fullmäktige a third of those present may
    require it (`minority_may_require`). Then the matter: with no yrkanden the body decides as
    proposed; with one, as moved; with several the chair puts them against each other and finds
    `winner`, or a votering by roll call (`vote`: Ja for the first, Nej for the second; `ballots`:
    each serving member's Ja, Nej or Avstår, None for one who left the room: frånvarande)
    decides; with three or more, a kontrapropositionsvotering (`counter_vote`,
    `counter_ballots`) may first pick the counter-proposal the main votering sets against the
    main proposal. The decision goes through the case's chain; the reservations announced at the
    meeting are recorded for the members to write."""
    item = _item_locked(item)
    _refuse_if_election(item)
    _refuse_while_voting(item, "En votering pågår: paragrafen avgörs när den är avslutad.")
    _refuse_not_serving(item, list(reserving), "reserving", "reservera sig mot beslutet")
    broadcast.changed(
        item.meeting_id, "votering" if vote else "paragraf"
    )  # sent only if it commits
    yrkanden = list(item.yrkanden.prefetch_related("supporters"))
    procedural = [p for p in yrkanden if p.is_procedural]
    matter = [p for p in yrkanden if not p.is_procedural]
    if _procedural_first(item, procedural, send_back=send_back, postpone=postpone):
        if vote or winner or counter_vote or (send_back and postpone):
            raise ValidationError(
                {
                    "send_back"
                    if send_back
                    else "postpone": "Ett ärende som återremitteras eller bordläggs avgörs inte i sak: ange inget bifallet yrkande eller votering, och bara det ena."
                }
            )
        item.minority = any(
            minority_may_require(item, p)
            for p in procedural
            if p.kind == (Yrkande.Kind.SEND_BACK if send_back else Yrkande.Kind.POSTPONE)
        )
        if postpone:
            item.att_satser, item.decided_at, item.postponed = [POSTPONED], now, True
        else:
            if item.case is None or item.matter:
                raise ValidationError(
                    {"send_back": "Bara ett ärende i beslutsgången kan återremitteras."}
                )
            item.decision = chain_return(
                case=item.case,
                meeting=item.meeting,
                to_step=back_to,
                reason=back_reason,
                by=by,
                at=now,
                in_minutes=True,
            )
            item.decided_at = now
        item.full_clean()
        item.save()
        return item
    winner = _matter_winner(
        item,
        matter,
        winner=winner,
        vote=vote,
        ballots=ballots,
        counter_vote=counter_vote,
        counter_ballots=counter_ballots,
    )
    decided = winner.items if winner else item.proposal
    if not decided:
        raise ValidationError({"winner": "Beslutet saknar text: ange förslaget till beslut."})
    if counter_vote:
        _record_vote(item, counter_vote, counter_ballots, None, Vote.Stage.COUNTER)
    if vote:
        _record_vote(item, vote, ballots, requested_by, Vote.Stage.MAIN)
    item.winner, item.decided_at = winner, now
    if item.case is None:
        item.att_satser = decided
    elif item.matter:
        registered = kinds.agenda_matter(item.matter)
        if registered.outcomes and outcome not in dict(registered.outcomes):
            raise ValidationError({"outcome": f"Ange utfallet för {item.case.dnr}."})
        item.decision = registered.decide(
            case=item.case, meeting=item.meeting, items=decided, outcome=outcome, by=by, at=now
        )
        item.outcome = outcome
    else:
        closing = kinds.closing_cases(item.case)
        if closing and not outcome:
            raise ValidationError(
                {"outcome": f"Ange utfallet för {get_text_list([c.dnr for c in closing], 'och')}."}
            )
        decide = kinds.decider(item.case.kind)
        if decide is None:
            item.decision = chain_decide(
                case=item.case, meeting=item.meeting, items=decided, by=by, at=now, in_minutes=True
            )
        else:
            item.decision = decide(
                case=item.case, meeting=item.meeting, items=decided, outcome=outcome, by=by, at=now
            )
        item.outcome = outcome
    item.full_clean()
    item.save()
    if reserving:
        if item.decision is None:
            raise ValidationError({"reserving": "Reservationer registreras på beslut i ärenden."})
        for person in reserving:
            statement_announce(
                decision=item.decision, kind="reservation", author=person, by_clerk=True, at=now
            )
    return item


# --- Minutes, justering, signing -------------------------------------------------------------


def protocol_context(meeting: Meeting, items=None) -> dict:
    """What the minutes print, in a fixed number of queries whatever the number of paragraphs.
    Of the statements on a decision, the minutes hold those submitted and those announced at the
    meeting; a member's private draft is not part of the record."""
    items = items if items is not None else meeting.agenda_items.order_by("number")
    parties = "affiliations__party"
    recorded = (
        MemberStatement.objects.filter(
            Q(status=MemberStatement.Status.SUBMITTED) | Q(announced_at__isnull=False)
        )
        .select_related("decision__meeting")
        .prefetch_related(f"authorships__person__{parties}", "corrections")
    )
    votes = Vote.objects.select_related(
        "yes__mover", "no__mover", "requested_by", "yes__item__meeting", "no__item__meeting"
    ).prefetch_related(
        f"yes__mover__{parties}",
        f"no__mover__{parties}",
        f"ballots__person__{parties}",
        f"absent__{parties}",
        f"requested_by__{parties}",
    )
    items = items.select_related(
        "meeting__body",
        "case__registry",
        "case__classification",
        "decision__meeting",
        "winner__mover",
        "winner__item__meeting",
        "election",
    ).prefetch_related(
        "case__documents",
        "election__candidates",
        f"yrkanden__mover__{parties}",
        f"yrkanden__supporters__{parties}",
        f"winner__mover__{parties}",
        Prefetch("votes", queryset=votes),
        "recused",
        "dispatches",
        Prefetch("decision__statements", queryset=recorded),
    )
    return {
        "profile": Municipality.current(),
        "meeting": meeting,
        "items": items,
        "serving": serving_with_roles(meeting),
        "justerare": people_with_parties(meeting.justerare.all()),
        "justeringar": list(
            meeting.justeringar.filter(voided__isnull=True).select_related("person")
        ),
    }


def serving_with_roles(meeting: Meeting) -> list[tuple[Person, str]]:
    """Those who took part in the decisions, each with what they served as: 'ordförande',
    'tjänstgörande ersättare' (a substitute serving for a member), or nothing for a member."""
    roles = {m.person_id: m.role for m in called(meeting)}
    replaces = {
        s.substitute_id: s.replaces for s in meeting.substitutions.select_related("replaces")
    }
    notes = []
    for person in people_with_parties(meeting.serving_members()):
        if person.pk == meeting.chair_id:
            notes.append((person, "ordförande"))
        elif person.pk in replaces:
            member = replaces[person.pk]
            notes.append(
                (person, f"tjänstgörande ersättare för {member.name_with_party(meeting.date)}")
            )
        elif roles.get(person.pk) == Membership.Role.SUBSTITUTE:
            notes.append((person, "tjänstgörande ersättare"))
        else:
            notes.append((person, ""))
    return notes


def people_with_parties(people) -> list[Person]:
    return list(
        Person.objects.filter(pk__in=[p.pk for p in people])
        .prefetch_related("affiliations__party")
        .order_by("last_name", "first_name")
    )


def protocol_html(*, meeting: Meeting, items=None, extract: bool = False) -> str:
    context = protocol_context(meeting, items) | {"extract": extract, "for_print": True}
    return render_to_string("meetings/protocol_print.html", context)


def minutes_page_keep(*, meeting: Meeting, stamp: str, html: str) -> None:
    """Keep the rendered page of justerade minutes in place of the one before (two requests
    at once both write it: the later one wins, with the same page)."""
    MinutesPage.objects.bulk_create(
        [MinutesPage(meeting=meeting, stamp=stamp, html=html)],
        update_conflicts=True,
        unique_fields=["meeting"],
        update_fields=["stamp", "html"],
    )


def protocol_draft_pdf(*, meeting: Meeting) -> bytes | None:
    return pdf_for(protocol_html(meeting=meeting), stylesheets=STYLESHEETS)


def awaiting_justering(person: Person) -> list[Meeting]:
    """The minutes this person is to justera (as chair or justerare) and has not yet."""
    return list(selectors.minutes_to_justera(person))


def may_read_draft(meeting: Meeting, user) -> bool:
    """The draft minutes are read by the meeting's secretary, and by the chair and the
    justerare, who must read what they are to approve."""
    if roles.can(user, roles.MEETING):
        return True
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person is not None and any(p.pk == person.pk for p in signers(meeting))


def minutes_fingerprint(meeting: Meeting) -> str:
    """The SHA-256 of what the minutes hold: the header, and each paragraph with its yrkanden,
    jäv, votering, decision, the reservations announced and the texts handed in (a reservation
    written or changed after an approval makes that approval void: the justerare approves the
    minutes as they will be signed)."""
    items = (
        meeting.agenda_items.order_by("number", "position")
        .select_related("decision")
        .prefetch_related(
            "recused",
            Prefetch(
                "yrkanden",
                queryset=Yrkande.objects.order_by("position").prefetch_related("supporters"),
            ),
            Prefetch("votes", queryset=Vote.objects.order_by("stage").prefetch_related("ballots")),
        )
    )
    statements: dict[int, list[MemberStatement]] = {}
    for statement in (
        MemberStatement.objects.filter(decision__meeting=meeting)
        .order_by("pk")
        .prefetch_related("authorships")
    ):
        statements.setdefault(statement.decision_id, []).append(statement)
    record = {
        "meeting": [
            str(meeting.date),
            meeting.place,
            str(meeting.starts_at),
            str(meeting.ends_at),
            meeting.chair_id,
            sorted(p.pk for p in meeting.participants.all()),
            sorted(p.pk for p in meeting.justerare.all()),
            meeting.justering_place,
        ],
        "items": [
            [
                item.number,
                item.title,
                item.case_id,
                item.proposed_by,
                item.proposal,
                item.att_satser,
                item.outcome,
                item.postponed,
                item.decision.items if item.decision else None,
                sorted(p.pk for p in item.recused.all()),
                [
                    [
                        p.position,
                        p.mover_id,
                        p.text,
                        p.items,
                        sorted(s.pk for s in p.supporters.all()),
                    ]
                    for p in item.yrkanden.all()
                ],
                item.winner_id,
                [
                    [
                        v.stage,
                        v.yes_id,
                        v.no_id,
                        sorted((b.person_id, b.choice) for b in v.ballots.all()),
                    ]
                    for v in item.votes.all()
                ],
                sorted(
                    (s.kind, a.person_id)
                    for s in statements.get(item.decision_id, [])
                    if s.announced_at
                    for a in s.authorships.all()
                ),
                [
                    [s.kind, s.items, s.text]
                    for s in statements.get(item.decision_id, [])
                    if s.is_submitted
                ],
            ]
            for item in items
        ],
    }
    return hashlib.sha256(json.dumps(record, default=str).encode()).hexdigest()


def unsubmitted_statements(meeting: Meeting):
    """Reservations and special statements announced at the meeting whose text is still a
    draft: at the justering the time to hand them in ends (KL 4 kap. 27 §)."""
    return (
        MemberStatement.objects.filter(
            decision__meeting=meeting, status=MemberStatement.Status.DRAFT
        )
        .select_related("decision__case__registry", "decision__case__classification")
        .prefetch_related("authorships__person", "decision__agenda_item")
    )


def signers(meeting: Meeting) -> list[Person]:
    """Who justerar: the chair and the justerare chosen at the meeting."""
    return [meeting.chair, *meeting.justerare.all()] if meeting.chair_id else []


@transaction.atomic
def meeting_justera(
    *, meeting: Meeting, person: Person | None, by, now: datetime.datetime
) -> Meeting:
    """Justering: the chair and each justerare justerar the closed meeting's minutes in their own
    session, before the time set (KL 5 kap. 69 §). Each justering binds to the minutes' content
    (`minutes_fingerprint`): if it has changed since, the earlier justeringar no longer hold, which
    is recorded, and those who gave them are told to read and justera again. The last justering
    justerar the minutes; the worker then prints them as PDF/A and signs them (PAdES)."""
    meeting = _locked(meeting)
    _refuse_if_justerad(meeting)
    if not meeting.opened_at:
        raise ValidationError(
            "Sammanträdet har inte öppnats här; det finns inget protokoll att justera."
        )
    if person is None or person.pk not in {p.pk for p in signers(meeting)}:
        raise ValidationError("Bara ordföranden och justerarna justerar protokollet.")
    if not meeting.ends_at:
        raise ValidationError(
            "Sammanträdet är inte avslutat än; protokollet justeras när sekreteraren har avslutat det."
        )
    if meeting.justering_deadline and now > meeting.justering_deadline:
        raise ValidationError(
            f"Tiden för justering gick ut {timezone.localtime(meeting.justering_deadline):%Y-%m-%d %H:%M}. "
            "Nämndsekreteraren kan flytta tiden, med skäl."
        )
    _refuse_undecided(meeting, "protokollet kan inte justeras än")
    fingerprint = minutes_fingerprint(meeting)
    _void_stale_justeringar(meeting, fingerprint, now)
    holding = meeting.justeringar.filter(voided__isnull=True)
    if holding.filter(person=person).exists():
        raise ValidationError(f"{person.full_name} har redan justerat protokollet.")
    Justering.objects.create(meeting=meeting, person=person, by=by, at=now, fingerprint=fingerprint)
    if {a.person_id for a in holding} >= {p.pk for p in signers(meeting)}:
        _protocol_justera(meeting, now)
    return meeting


def _void_stale_justeringar(meeting: Meeting, fingerprint: str, now: datetime.datetime) -> None:
    stale = list(
        meeting.justeringar.filter(voided__isnull=True)
        .exclude(fingerprint=fingerprint)
        .select_related("person__user")
    )
    if not stale:
        return
    VoidedJustering.objects.bulk_create(
        [VoidedJustering(justering=a, at=now, fingerprint=fingerprint) for a in stale]
    )
    address = site_url(reverse("meetings:detail", args=[meeting.pk]))
    people = [a.person for a in stale]
    transaction.on_commit(
        lambda: mail_people(
            people,
            f"Protokollet har ändrats: {meeting.body} {meeting.date:%Y-%m-%d}",
            f"Protokollet från {meeting.body.running_genitive} sammanträde {meeting.date:%Y-%m-%d} har "
            f"ändrats sedan du justerade det, så din justering gäller inte längre. Läs det och justera "
            f"på nytt: {address}\n",
        )
    )


def _protocol_justera(meeting: Meeting, now: datetime.datetime) -> None:
    """The minutes are justerade now; their HTML is fixed and the worker prints and signs it."""
    meeting.justerad_at = now
    meeting.save(update_fields=["justerad_at"])
    ProtocolSigning.objects.create(
        meeting=meeting, html=protocol_html(meeting=meeting), ordered_at=now
    )
    sign_protocol.enqueue(meeting_id=meeting.pk)


def protocol_sign(*, meeting: Meeting) -> Protocol:
    """Print the justerade minutes as PDF/A from the HTML fixed at the justering, sign it and
    keep it with its SHA-256 (the worker's task; a failure is recorded for a retry)."""
    signing = ProtocolSigning.objects.select_related("meeting__body").get(meeting=meeting)
    meeting = signing.meeting
    existing = Protocol.objects.filter(meeting=meeting).first()
    if existing:
        return existing
    pdf = sign_pdf(
        html_to_pdf(signing.html, stylesheets=STYLESHEETS),
        name=get_text_list([p.full_name for p in signers(meeting)], "och"),
        reason=f"Justerat protokoll, {meeting.body} {meeting.date:%Y-%m-%d}",
        location=meeting.justering_place,
    )
    protocol = Protocol.objects.create(
        meeting=meeting,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        html=signing.html,
        signed_at=timezone.now(),
    )
    ProtocolSigning.objects.filter(pk=signing.pk).update(failed_at=None, error="")
    kinds.minutes_justerade(at=meeting.justerad_at)  # e.g. KS's document becomes final with them
    return protocol


def protocol_sign_failed(*, meeting: Meeting, error: str) -> None:
    ProtocolSigning.objects.filter(meeting=meeting).update(
        failed_at=timezone.now(), error=error[:2000]
    )


@transaction.atomic
def protocol_sign_retry(*, meeting: Meeting, now: datetime.datetime) -> None:
    """Order the signing again, after a failure or a worker that never finished it."""
    signing = ProtocolSigning.objects.select_for_update().filter(meeting=meeting).first()
    if signing is None or Protocol.objects.filter(meeting=meeting).exists():
        raise ValidationError("Protokollet är redan signerat, eller inte justerat.")
    signing.failed_at, signing.error, signing.ordered_at = None, "", now
    signing.save(update_fields=["failed_at", "error", "ordered_at"])
    sign_protocol.enqueue(meeting_id=meeting.pk)


# --- Anslag and expediering ------------------------------------------------------------------


@transaction.atomic
def meeting_post_anslag(
    *, meeting: Meeting, posted_on: datetime.date, kept_at: str, today: datetime.date
) -> Meeting:
    """KL 8 kap. 12 §: the justering is announced on the anslagstavla (no later than the second
    day after it); the three weeks for appeal run from that day (KL 13 kap. 5 §)."""
    meeting = _locked(meeting)
    anslag_check(meeting=meeting, posted_on=posted_on, kept_at=kept_at, today=today)
    meeting.anslag_on, meeting.minutes_kept_at = posted_on, kept_at.strip()
    meeting.save(update_fields=["anslag_on", "minutes_kept_at"])
    return meeting


def anslag_check(
    *, meeting: Meeting, posted_on: datetime.date, kept_at: str, today: datetime.date
) -> None:
    """What meeting_post_anslag refuses, for its confirm page to say before anything happens:
    an anslag already up, minutes not yet justerade, a day before the justering or after
    today, no place where the minutes are kept."""
    justerad = meeting.justerad_on()
    if meeting.anslag_on:
        raise ValidationError(
            f"Anslaget sattes upp {meeting.anslag_on:%Y-%m-%d} och kan inte ändras."
        )
    if justerad is None or not meeting.is_justerad(timezone.now()):
        raise ValidationError(
            {"posted_on": "Protokollet är inte justerat än; anslaget sätts upp efter justeringen."}
        )
    if posted_on < justerad:
        raise ValidationError(
            {"posted_on": f"Anslaget kan inte sättas upp före justeringen ({justerad:%Y-%m-%d})."}
        )
    if posted_on > today:
        raise ValidationError(
            {"posted_on": "Ange dagen då anslaget sattes upp; den kan inte ligga i framtiden."}
        )
    if not kept_at.strip():
        raise ValidationError({"kept_at": "Ange var protokollet förvaras."})


def extract_pdf(item: AgendaItem) -> bytes:
    """The protokollsutdrag: the justerat paragraph with the header, as PDF/A, signed."""
    meeting = item.meeting
    html = protocol_html(meeting=meeting, items=AgendaItem.objects.filter(pk=item.pk), extract=True)
    return sign_pdf(
        html_to_pdf(html, stylesheets=STYLESHEETS),
        name=get_text_list([p.full_name for p in signers(meeting)], "och"),
        reason=f"Protokollsutdrag, {meeting.body} {meeting.date:%Y-%m-%d} § {item.number}",
    )


@transaction.atomic
def item_dispatch(
    *, item: AgendaItem, recipients: list[str], sent_on: datetime.date, by
) -> list[Dispatch]:
    """Expediering: the paragraph's extract sent to each recipient. The first time, the extract
    is registered on the case (a protokollsutdrag, with its SHA-256)."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__body", "case")
        .get(pk=item.pk)
    )
    if not item.meeting.justerad_at:
        raise ValidationError("Protokollsutdrag expedieras när protokollet är justerat.")
    recipients = [r.strip() for r in recipients if r.strip()]
    if not recipients:
        raise ValidationError({"recipients": "Ange minst en mottagare."})
    if sent_on > timezone.localdate():
        raise ValidationError(
            {"sent_on": "Ange dagen då utdraget skickades; den kan inte ligga i framtiden."}
        )
    if sent_on < timezone.localdate(item.meeting.justerad_at):
        raise ValidationError({"sent_on": "Utdraget kan inte ha skickats före justeringen."})
    if item.case_id and not item.extract_id:
        meeting = item.meeting
        item.extract = document_register(
            case=item.case,
            dated=timezone.localdate(meeting.justerad_at),
            kind=DocumentKind.MINUTES,
            direction=DocumentDirection.DRAWN_UP,
            title=f"Protokollsutdrag {meeting.body} {meeting.date:%Y-%m-%d} § {item.number}",
            counterpart=meeting.body.name,
            file=ContentFile(extract_pdf(item), name=f"protokollsutdrag-{item.number}.pdf"),
        )
        item.save(update_fields=["extract"])
    return [
        Dispatch.objects.create(item=item, recipient=r, sent_on=sent_on, by=by) for r in recipients
    ]


def decisions_with_items(decisions) -> dict[int, AgendaItem]:
    """The paragraph each decision was made at, by decision id (for a case's page)."""
    return {
        i.decision_id: i
        for i in AgendaItem.objects.filter(decision__in=decisions)
        .select_related("meeting")
        .prefetch_related("dispatches")
    }
