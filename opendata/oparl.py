"""Our rows as OParl 1.1 objects (https://oparl.org/spezifikation/), for the open data API.

OParl's Body is the municipality (one here); its Organizations are our bodies (nämnder,
styrelse, fullmäktige …); a Paper is a case; a Consultation is a referral of the case to a
body or a decision of a body in it; a File is a public registered document. What OParl has no
field for (referral due dates, reservations and special statements, the one-year clock) is
given under our own prefix, NS. Only what is public is given: no secret document, no draft
statement, no author who has not confirmed.
"""

import datetime
import mimetypes
from urllib.parse import quote

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from casework.models import (
    Body,
    Case,
    ChainStep,
    ChangeCounter,
    Document,
    Meeting,
    Membership,
    Municipality,
    Person,
)
from meetings.models import AgendaItem
from referrals.models import Referral

OPARL = "https://schema.oparl.org/1.1/"
NS = "arende:"  # our own fields, where OParl has none
LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"

# Swedish mandate periods begin on 15 October of the election year (KL 5 kap. 5 §) and run four
# years; the elections of 2018 and 2022 fix the cycle.
TERM_EPOCH = 2018


class Oparl:
    """Makes OParl objects for one request: ids are absolute URLs on the host asked."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self._patterns: dict[str, str] = {}
        self._labels: dict[tuple, dict] = {}

    @cached_property
    def last_steps(self) -> dict[str, int]:
        """Each case kind's last step of the decision chain: its decision settles the case."""
        steps = ChainStep.objects.order_by("case_kind", "position").values_list("case_kind", "pk")
        return dict(steps)

    @cached_property
    def reference_changed(self) -> datetime.datetime | None:
        """People, bodies and memberships change as a whole: when they last did."""
        return ChangeCounter.changed()

    def url(self, name: str, *args) -> str:
        """An OParl address."""
        return self.web(f"oparl:{name}", *args)

    def web(self, name: str, *args) -> str:
        """An address on the host asked, reversed once per name and then filled in: a page of
        papers has hundreds. The arguments (ids, keys like `remiss-12`, slugs like `KS-2023-1387`)
        are quoted as reverse() quotes them: a registry's prefix may have an Å."""
        pattern = self._patterns.get(name)
        if pattern is None:
            marks = [f"97531{i:013d}" for i in range(len(args))]  # pass every converter we use
            address = self.request.build_absolute_uri(reverse(name, args=marks))
            pattern = address.replace("{", "{{").replace("}", "}}")
            for i, mark in enumerate(marks):
                pattern = pattern.replace(mark, f"{{{i}}}")
            self._patterns[name] = pattern
        return pattern.format(*(quote(str(arg)) for arg in args))

    def display(self, row, field: str) -> str:
        """`row.get_<field>_display()`, with the labels read once per request: Django's hashes
        (and so translates) every label of the field's choices at each call."""
        key = (type(row), field)
        if key not in self._labels:
            choices = row._meta.get_field(field).flatchoices
            self._labels[key] = {value: str(label) for value, label in choices}
        value = getattr(row, field)
        return self._labels[key].get(value, value)

    # --- The system and the municipality ------------------------------------------------

    def system(self) -> dict:
        municipality = Municipality.current()
        return {
            "id": self.url("system"),
            "type": f"{OPARL}System",
            "oparlVersion": OPARL,
            "license": LICENSE,
            "body": self.url("body_list"),
            "name": f"{municipality.name}: motioner och ärenden",
            "website": self.web("home"),
            "web": self.web("home"),
            NS + "openapi": self.url("openapi"),
            **stamps(self.reference_changed),
        }

    def body(self) -> dict:
        municipality = Municipality.current()
        return {
            "id": self.url("body", 1),
            "type": f"{OPARL}Body",
            "system": self.url("system"),
            "name": municipality.name,
            "website": self.web("home"),
            "license": LICENSE,
            "organization": self.url("organization_list", 1),
            "person": self.url("person_list", 1),
            "membership": self.url("membership_list", 1),
            "meeting": self.url("meeting_list", 1),
            "agendaItem": self.url("agendaitem_list", 1),
            "paper": self.url("paper_list", 1),
            "file": self.url("file_list", 1),
            "legislativeTerm": [self.legislative_term(y) for y in term_years()],
            "legislativeTermList": self.url("legislativeterm_list", 1),
            "web": self.web("home"),
            **stamps(self.reference_changed),
        }

    def legislative_term(self, year: int) -> dict:
        return {
            "id": self.url("legislativeterm", year),
            "type": f"{OPARL}LegislativeTerm",
            "body": self.url("body", 1),
            "name": f"Mandatperioden {year}–{year + 4}",
            "startDate": datetime.date(year, 10, 15).isoformat(),
            "endDate": datetime.date(year + 4, 10, 14).isoformat(),
        }

    # --- Organizations, people and their memberships -------------------------------------

    def organization(self, body: Body) -> dict:
        data = {
            "id": self.url("organization", body.pk),
            "type": f"{OPARL}Organization",
            "body": self.url("body", 1),
            "name": body.name,
            "organizationType": self.display(body, "kind"),
            "classification": self.display(body, "kind"),
            "membership": [self.url("membership", m.pk) for m in body.memberships.all()],
            "meeting": self.url("organization_meeting_list", body.pk),
            NS + "flode": self.web("feed_body", body.pk),
            **stamps(self.reference_changed),
        }
        if body.office_id:
            data[NS + "forvaltning"] = self.url("organization", body.office_id)
        return data

    def person(self, person: Person) -> dict:
        today = timezone.localdate()
        party = person.party_on(today)
        data = {
            "id": self.url("person", person.pk),
            "type": f"{OPARL}Person",
            "body": self.url("body", 1),
            "name": person.full_name,
            "familyName": person.last_name,
            "givenName": person.first_name,
            "membership": [self.membership(m) for m in person.memberships.all()],
            **stamps(self.reference_changed),
        }
        if party:
            data[NS + "parti"] = party.abbreviation
        return data

    def membership(self, membership: Membership) -> dict:
        data = {
            "id": self.url("membership", membership.pk),
            "type": f"{OPARL}Membership",
            "person": self.url("person", membership.person_id),
            "organization": self.url("organization", membership.body_id),
            "role": self.display(membership, "role"),
            "votingRight": membership.role != Membership.Role.SUBSTITUTE,
            "startDate": membership.starts_on.isoformat(),
            **stamps(self.reference_changed),
        }
        if membership.ends_on:
            data["endDate"] = membership.ends_on.isoformat()
        return data

    # --- Meetings and their agendas ---------------------------------------------------------

    def meeting(self, meeting: Meeting) -> dict:
        data = {
            "id": self.url("meeting", meeting.pk),
            "type": f"{OPARL}Meeting",
            "name": f"{meeting.body} {meeting.date:%Y-%m-%d}",
            "meetingState": meeting_state(meeting),
            "organization": [self.url("organization", meeting.body_id)],
            "agendaItem": [self.agenda_item(i, meeting) for i in meeting.agenda_items.all()],
            "web": self.web("meetings:detail", meeting.pk),
            NS + "datum": meeting.date.isoformat(),
            NS + "plats": meeting.place,
            NS + "justerat": meeting.justerad_on().isoformat() if meeting.justerad_on() else None,
            NS + "anslaget": meeting.anslag_on.isoformat() if meeting.anslag_on else None,
            NS + "overklagandetidenSlutar": iso(meeting.appeal_ends_on()),
            **stamps(meeting.changed_at),
        }
        if meeting.starts_at:
            data["start"] = at(meeting.date, meeting.starts_at)
        if meeting.ends_at:
            data["end"] = at(meeting.date, meeting.ends_at)
        if meeting.opened_at:
            data["participant"] = [self.url("person", p.pk) for p in meeting.participants.all()]
        if meeting.kallelse_sent_at:
            data["invitation"] = self.meeting_file(meeting, "kallelse")
        if meeting.justerad_at and signed(meeting):
            data["resultsProtocol"] = self.meeting_file(meeting, "protokoll")
        return data

    def meeting_file(self, meeting: Meeting, which: str) -> dict:
        """The kallelse or the justerat protokoll, as printed: a File of the meeting."""
        name = {"kallelse": "Kallelse", "protokoll": "Protokoll"}[which]
        address = self.web(
            "meetings:agenda_pdf" if which == "kallelse" else "meetings:protocol_pdf", meeting.pk
        )
        data = {
            "id": self.url("file", f"{which}-{meeting.pk}"),
            "type": f"{OPARL}File",
            "name": f"{name} {meeting.body} {meeting.date:%Y-%m-%d}",
            "fileName": f"{which}-{meeting.pk}-{meeting.date:%Y-%m-%d}.pdf",
            "mimeType": "application/pdf",
            "accessUrl": address,
            "downloadUrl": address,
            "meeting": [self.url("meeting", meeting.pk)],
            **stamps(meeting.changed_at),
        }
        if which == "protokoll":
            data["date"] = meeting.justerad_on().isoformat()
            data[NS + "sha256"] = meeting.protocol.sha256
        return data

    def agenda_item(self, item: AgendaItem, meeting: Meeting | None = None) -> dict:
        meeting = meeting or item.meeting
        data = {
            "id": self.url("agendaitem", item.pk),
            "type": f"{OPARL}AgendaItem",
            "meeting": self.url("meeting", meeting.pk),
            "number": f"§ {item.number}" if item.number else str(item.position),
            "order": item.position,
            "name": item.title,
            "public": True,
            NS + "forslag": item.proposal,
            **stamps(meeting.changed_at),
        }
        if item.case_id:
            data[NS + "arende"] = self.url("paper", item.case_id)
        if item.decision_id:
            data["consultation"] = self.url("consultation", f"beslut-{item.decision_id}")
        if item.postponed:
            data["result"] = "bordlagt"
        elif item.is_decided:
            data["result"] = "beslutat"
            data["resolutionText"] = "\n".join(item.decided_items)
        return data

    # --- Cases, their consultations and documents ---------------------------------------------

    def paper(self, case: Case) -> dict:
        motion = getattr(case, "motion", None)
        files = [self.file(d, case) for d in case.document_list if is_public_file(d)]
        data = {
            "id": self.url("paper", case.pk),
            "type": f"{OPARL}Paper",
            "body": self.url("body", 1),
            "name": case.title,
            "reference": case.dnr,
            "date": case.registered_on.isoformat(),
            "paperType": self.display(case, "kind"),
            "consultation": [self.referral(r, case) for r in case.referral_list]
            + [self.decision(d, case) for d in case.decision_list],
            "web": self.web("case_detail", case.slug),
            NS + "status": self.display(case, "status"),
            NS + "flode": self.web("feed_case", case.slug),
            NS + "handlingar": [self.registered(d) for d in case.document_list],
            **stamps(case.changed_at),
        }
        if files:
            data["mainFile"], data["auxiliaryFile"] = files[0], files[1:]
        if motion is not None:
            data["originatorPerson"] = [self.url("person", p.pk) for p in motion.ordered_movers]
            data[NS + "vackt"] = motion.filed_on.isoformat()
            data[NS + "vacktAv"] = motion.movers_display
            data[NS + "ettarsgrans"] = iso(motion.deadline)
            data[NS + "utfall"] = self.display(motion, "outcome") if motion.outcome else None
        return data

    def registered(self, document: Document) -> dict:
        """A document as the public diarium lists it: a secret one by its number, date and
        provision only; a cancelled one marked."""
        return {
            "diarienummer": document.dnr,
            "datum": document.dated.isoformat(),
            "registrerad": document.registered_on.isoformat(),
            "rubrik": document.public_title,
            "riktning": self.display(document, "direction"),
            "avsandareMottagare": document.public_counterpart,
            "makulerad": document.cancelled_at is not None,
            "fil": self.url("file", str(document.pk)) if is_public_file(document) else None,
        }

    def referral(self, referral: Referral, case: Case) -> dict:
        """A remiss: the body asked for its view, by when, and whether it answered in time."""
        data = {
            "id": self.url("consultation", f"remiss-{referral.pk}"),
            "type": f"{OPARL}Consultation",
            "paper": self.url("paper", case.pk),
            "organization": [self.url("organization", referral.body_id)],
            "authoritative": False,
            "role": "remissinstans",
            NS + "skickad": referral.sent_on.isoformat(),
            NS + "svarsdatum": referral.due_on.isoformat(),
            NS + "besvarad": iso(referral.answered_on),
            NS + "iTid": referral.answered_in_time,
            NS + "status": self.display(referral, "state"),
            **stamps(case.changed_at),
        }
        if referral.decision_id:  # a committee's answer: its decision
            data[NS + "svar"] = self.url("consultation", f"beslut-{referral.decision_id}")
        return data

    def decision(self, decision, case: Case) -> dict:
        """A body's decision in the case, with the reservations and special statements on it."""
        meeting = decision.meeting
        item = getattr(decision, "agenda_item", None)
        answers = any(r.decision_id == decision.pk for r in case.referral_list)
        data = {
            "id": self.url("consultation", f"beslut-{decision.pk}"),
            "type": f"{OPARL}Consultation",
            "paper": self.url("paper", case.pk),
            "meeting": self.url("meeting", meeting.pk),
            "organization": [self.url("organization", meeting.body_id)],
            "authoritative": decision.step_id is not None
            and decision.step_id == self.last_steps.get(case.kind),
            "role": "remissvar" if answers else "beslut",
            NS + "datum": meeting.date.isoformat(),
            NS + "beslut": decision.items,
            NS + "lagaKraft": iso(decision.legal_force_on()),
            NS + "paragraf": paragraph(decision, item),
            NS + "reservationerOchSarskildaUttalanden": [
                self.statement(s, meeting.date) for s in decision.submitted_statements
            ],
            **stamps(case.changed_at),
        }
        if item is not None:
            data["agendaItem"] = self.url("agendaitem", item.pk)
        return data

    def statement(self, statement, date: datetime.date) -> dict:
        return {
            "typ": self.display(statement, "kind"),
            "rubrik": statement.heading,
            "forfattare": [
                {"namn": p.name_with_party(date), "person": self.url("person", p.pk)}
                for p in statement.ordered_authors
            ],
            "attSatser": statement.items,
            "text": statement.text,
        }

    def file(self, document: Document, case: Case | None = None) -> dict:
        case = case or document.case
        address = self.web("document_file", document.pk)
        return {
            "id": self.url("file", str(document.pk)),
            "type": f"{OPARL}File",
            "name": document.title,
            "fileName": f"{case.slug}-{document.number}.{document.file.name.rsplit('.', 1)[-1]}",
            "mimeType": mimetypes.guess_type(document.file.name)[0] or "application/octet-stream",
            "date": document.dated.isoformat(),
            "accessUrl": address,
            "downloadUrl": address,
            "paper": [self.url("paper", case.pk)],
            NS + "diarienummer": document.dnr,
            NS + "handlingstyp": self.display(document, "kind"),
            NS + "riktning": self.display(document, "direction"),
            NS + "sha256": document.sha256,
            **stamps(case.changed_at),
        }


def is_public_file(document: Document) -> bool:
    """A registered document with a file, neither secret nor cancelled (`selectors.files`)."""
    return bool(document.file) and document.is_public_attachment


def meeting_state(meeting: Meeting) -> str:
    if meeting.is_justerad(timezone.now()):
        return "justerat"
    if meeting.opened_at or meeting.date < timezone.localdate():
        return "hållet"
    if meeting.kallelse_sent_at:
        return "kallat"
    return "planerat"


def term_years(today: datetime.date | None = None) -> list[int]:
    """The mandate periods from the first we count to the one running now."""
    today = today or timezone.localdate()
    last = TERM_EPOCH + (today.year - TERM_EPOCH) // 4 * 4
    if today < datetime.date(last, 10, 15):
        last -= 4
    return list(range(TERM_EPOCH, last + 1, 4))


def at(date: datetime.date, time: datetime.time) -> str:
    moment = datetime.datetime.combine(date, time)
    return timezone.make_aware(moment).isoformat()


def paragraph(decision, item: AgendaItem | None) -> str | None:
    """'§ 52': the paragraph of the minutes, its agenda item's here, or as entered for minutes
    kept elsewhere (which have no agenda items here); as the AgendaItem's `number` writes it."""
    number = item.number if item is not None else decision.paragraph_number
    return f"§ {number}" if number else None


def iso(date: datetime.date | None) -> str | None:
    return date.isoformat() if date else None


def stamps(modified: datetime.datetime | None) -> dict:
    return {"modified": modified.isoformat()} if modified else {}


def signed(meeting: Meeting) -> bool:
    """Justerade minutes are a File once the worker has printed and signed them."""
    try:
        return meeting.protocol is not None
    except Meeting.protocol.RelatedObjectDoesNotExist:
        return False
