"""The live meeting on the data `make run` leaves, driven through the pages as the users would,
each from a session of their own: the clerk puts a real demo case on kommunfullmäktige's agenda
and opens the meeting, the members ask to speak, put their yrkanden and vote from their own
pages, the chair runs the talarlista and the voteringar, and the same case goes on to a
reservation, the justering, the case page, the open data and the justerade minutes. Then the same
in the example municipality, and for a case entered with the dates it had in 2019."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from casework.models import Body, Case, Meeting, MemberStatement, Registry
from casework.services import meeting_get_or_create
from casework.workflow import Status
from meetings.models import AgendaItem, Protocol, Vote, Yrkande
from motions.services import motion_chain_decide, motion_register
from referrals.services import referral_answer_by_report, referral_send
from rotlar.models import Rotel
from tests.conftest import pdf_text
from tests.meetings.live_world import next_speaker, sent
from tests.test_whole_process import (  # the fixtures: the demo data `make run` leaves
    D,
    at,
    document,
    into_chain,
    meeting_at,
    person,
    registered,
    sjobacka,  # noqa: F401
    stockholm,  # noqa: F401
)

TODAY = timezone.localdate()
REASONS = "Motionen borde ha bifallits med ändringen."  # the reservation's motivation
REFERENCE_TITLE = "Motion om samverkan"  # the demo's reference case, KS 2023/1387, at KF


def signed_in(username: str) -> Client:
    """A user's own browser session, signed in with the demo's password."""
    client = Client()
    response = client.post("/konto/logga-in/", {"username": username, "password": "demo"})
    assert response.status_code == 302, (username, text(response)[:1000])
    return client


def text(response) -> str:
    return " ".join(response.text.split())


def username(name: str) -> str:
    return person(name).user.username


def ok(response, *, status: int = 200):
    assert response.status_code == status, (response.status_code, text(response)[:2000])
    return response


class Session:
    """The meeting's people, each with their own session: the clerk, and the serving members."""

    def __init__(self, meeting: Meeting, members: list[str]):
        self.meeting = meeting
        self.clerk = signed_in("namndsekreterare")
        self.members = {name: signed_in(username(name)) for name in members}
        self.member_page = f"/sammantraden/{meeting.pk}/deltar/"
        self.chair_page = f"/sammantraden/{meeting.pk}/leder/"
        self.detail = f"/sammantraden/{meeting.pk}/"

    def member(self, name: str, data: dict) -> str:
        """A member sends a form from their own page, as the page sends it; what the page then
        says."""
        return text(
            ok(self.members[name].post(self.member_page, sent(self.meeting, data), follow=True))
        )

    def chair(self, name: str, data: dict) -> str:
        return text(ok(self.members[name].post(self.chair_page, data, follow=True)))

    def screen(self) -> str:
        """The big screen in the room, which no one signs in to."""
        return text(ok(Client().get(f"/sammantraden/{self.meeting.pk}/skarm/")))


def plan_and_build(clerk: Client, body: Body, date: datetime.date) -> Meeting:
    """The secretary plans the body's meeting on the pages (or takes the one the demo planned
    for today, to be held in the system, its kallelse sent) and puts the ready cases on its
    föredragningslista."""
    meeting = Meeting.objects.filter(body=body, date=date).first()
    if meeting is None:
        response = ok(
            clerk.post(
                "/sammantraden/nytt/",
                {
                    "body": body.pk,
                    "date": date.isoformat(),
                    "starts_at": "13:00",
                    "place": "Rådssalen",
                },
                follow=True,
            )
        )
        meeting = Meeting.objects.get(body=body, date=date)
        assert response.redirect_chain[-1][0] == f"/sammantraden/{meeting.pk}/"
    page = text(ok(clerk.post(f"/sammantraden/{meeting.pk}/bygg/", follow=True)))
    assert "lades till på föredragningslistan" in page, page[:2000]
    return meeting


def open_meeting(session: Session, *, serving: list[str], chair: str, justerare: list[str]):
    """The secretary opens the meeting with those serving, the chair and the justerare."""
    url = f"/sammantraden/{session.meeting.pk}/oppna/"
    form = text(ok(session.clerk.get(url)))
    assert "Öppna sammanträdet" in form
    deadline = f"{TODAY + datetime.timedelta(days=3):%Y-%m-%d}T16:00"
    page = text(
        ok(
            session.clerk.post(
                url,
                {
                    "serving": [person(n).pk for n in serving],
                    "chair": person(chair).pk,
                    "justerare": [person(n).pk for n in justerare],
                    "justering_deadline": deadline,
                    "place": "Rådssalen",
                    "starts_at": "13:00",
                },
                follow=True,
            )
        )
    )
    assert "Sammanträdet är öppnat; punkterna har fått sina paragrafer." in page, page[:3000]
    session.meeting.refresh_from_db()


def vote(session: Session, choices: dict[str, str]) -> None:
    """Every serving member votes from their own page."""
    for name, choice in choices.items():
        page = session.member(name, {"action": "vote", "choice": choice})
        assert "Din röst är registrerad" in page, page[:2000]


def run_the_paragraph(session: Session, item: AgendaItem, *, chair: str, names: list[str]):
    """The paragraph run live: three ask to speak, the chair gives them the word in turn; one
    puts an ändringsyrkande, another avslag, the chair bifall, a fourth instämmer in the
    ändringsyrkande; a kontrapropositionsvotering picks the ändringsyrkande as motförslag, the
    huvudvotering decides for the proposal, 3–1. Returns the member who lost."""
    first, second, third = (n for n in names if n != chair)
    page = session.chair(chair, {"action": "take_up", "item": item.pk})
    assert f"§ {item.number} behandlas nu." in page
    for name in (first, second, third):
        page = session.member(name, {"action": "speak", "kind": "inlagg"})
        assert "Du står på talarlistan." in page
    for name in (first, second, third):
        page = session.chair(chair, next_speaker(item))
        assert f"{person(name).full_name} har ordet." in page
    proposal = item.decided_items or item.proposal
    changes = {f"att_{n}": t for n, t in enumerate(proposal, 1)}
    changes["att_1"] = "Motionen bifalls med den ändringen att uppdraget redovisas inom ett år."
    page = session.member(first, {"action": "yrka", "form": "andring", **changes})
    assert "Ditt yrkande är lagt: att att-sats 1 får lydelsen" in page, page[:3000]
    page = session.member(second, {"action": "yrka", "form": "avslag"})
    assert "Ditt yrkande är lagt" in page
    page = session.member(chair, {"action": "yrka", "form": "bifall"})
    assert "Ditt yrkande är lagt" in page
    change = Yrkande.objects.get(item=item, mover=person(first))
    reject = Yrkande.objects.get(item=item, mover=person(second))
    main = Yrkande.objects.get(item=item, mover=person(chair))
    page = session.member(third, {"action": "support", "proposal": change.pk})
    assert "Du instämmer i" in page
    screen = session.screen()
    assert f"§ {item.number}" in screen and item.title in screen
    assert "(har ordet)" in screen and person(third).full_name in screen
    assert screen.count("<li>") >= 3  # the three yrkanden in sak
    page = session.chair(chair, next_speaker(item))
    assert "Ingen mer står på talarlistan." in page
    assert "Talarlistan är stängd." in session.chair(chair, {"action": "close_speakers"})

    page = session.chair(
        chair,
        {"action": "vote_open", "yes": change.pk, "no": reject.pk, "stage": "kontraproposition"},
    )
    assert "Voteringen är öppen." in page
    vote(session, {chair: "avstar", first: "ja", second: "nej", third: "ja"})
    page = session.chair(chair, {"action": "vote_close"})
    assert "Kontrapropositionsvoteringen är avslutad." in page

    page = session.chair(
        chair, {"action": "vote_open", "yes": main.pk, "no": change.pk, "stage": "huvudvotering"}
    )
    assert "Voteringen är öppen." in page
    vote(session, {chair: "ja", first: "nej", second: "ja"})
    assert "Voteringen pågår: <span data-voted>3</span> av 4 har röstat." in session.screen()
    vote(session, {third: "ja"})
    outcome = {"outcome": "bifall"} if item.case_id else {}
    page = session.chair(chair, {"action": "vote_close", **outcome})
    assert f"Voteringen är avslutad och beslutet i § {item.number} registrerat." in page, page[
        :3000
    ]
    item.refresh_from_db()
    assert item.is_decided and Vote.objects.filter(item=item).count() == 2
    screen = session.screen()
    assert "Beslutad." in screen and f"Bifall till {main.label}." in screen, screen[-3000:]
    member_page = text(ok(session.members[first].get(session.member_page)))
    assert f"§ {item.number}" in member_page
    waiting = session.meeting.agenda_items.filter(decided_at__isnull=True).exists()
    assert (
        "Ordföranden har inte tagit upp nästa paragraf än."
        if waiting  # the demo's practice paragraphs
        else "Alla paragrafer är beslutade; ordföranden avslutar sammanträdet."
    ) in member_page
    return first


def reserve(session: Session, name: str, case: Case) -> MemberStatement:
    """The member who lost files a reservation from 'Mina beslut' while the meeting goes on."""
    client = session.members[name]
    page = text(ok(client.get("/mina-beslut/")))
    assert case.dnr in page and "Anmäl reservation" in page, page[:3000]
    decision = case.decisions.get(meeting=session.meeting)
    response = ok(
        client.post(f"/beslut/{decision.pk}/anmal/", {"kind": "reservation"}, follow=True)
    )
    assert f"Reservation anmäld för {person(name).full_name}." in text(response)
    return MemberStatement.objects.get(decision=decision, authorships__person=person(name))


def decide_the_rest_as_proposed(session: Session, chair: str) -> None:
    """The paragraphs not yet decided (the demo's practice items) taken up in turn and, with no
    yrkande put, decided as proposed."""
    for item in session.meeting.agenda_items.filter(decided_at__isnull=True).order_by("number"):
        page = session.chair(chair, {"action": "take_up", "item": item.pk})
        assert f"§ {item.number} behandlas nu." in page, page[:2000]
        page = session.chair(chair, {"action": "as_proposed"})
        assert f"§ {item.number} är beslutad enligt förslaget." in page, page[:2000]


def close_meeting(session: Session) -> None:
    url = f"/sammantraden/{session.meeting.pk}/avsluta/"
    ends = f"{timezone.localtime():%H:%M}"
    confirm = text(ok(session.clerk.post(url, {"ends_at": ends})))
    assert "Bekräfta och avsluta sammanträdet" in confirm
    page = text(ok(session.clerk.post(url, {"ends_at": ends, "bekrafta": "ja"}, follow=True)))
    assert "Sammanträdet är avslutat" in page, page[:2000]


def write_reservation(session: Session, name: str, statement: MemberStatement, words: str):
    client = session.members[name]
    url = f"/uttalanden/{statement.pk}/"
    data = {"items": "", "text": words, "version": statement.version, "lamna_in": ""}
    confirm = ok(client.post(url, data))
    assert "bekrafta" in confirm.text, text(confirm)[:2000]
    statement.refresh_from_db()
    data["version"] = statement.version
    ok(client.post(url, {**data, "bekrafta": "ja"}, follow=True))
    statement.refresh_from_db()
    assert statement.is_submitted


def justera(session: Session, names: list[str]) -> None:
    for name in names:
        client = session.members[name]
        assert "Jag justerar protokollet" in text(ok(client.get(session.detail)))
        url = f"/sammantraden/{session.meeting.pk}/justera/"
        confirm = ok(client.post(url)).text
        version = re.search(r'name="version" value="([^"]*)"', confirm).group(1)
        page = text(ok(client.post(url, {"version": version, "bekrafta": "ja"}, follow=True)))
        assert "justering är registrerad" in page or "Protokollet är justerat" in page, page[:2000]
    session.meeting.refresh_from_db()
    assert session.meeting.justerad_at is not None


def assert_decided_everywhere(session: Session, case: Case, item: AgendaItem, reserver: str):
    """The decision on the case page, in the open data, and in the justerade minutes (their page
    and the signed PDF): the paragraph with its votering result and the reservation."""
    public = Client()
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    page = text(ok(public.get(case.get_absolute_url())))
    assert f"§ {item.number}" in page and "Reservation" in page, page[:4000]
    assert REASONS in page, page[:4000]  # the reservation as handed in
    paper = ok(public.get(f"/oparl/v1/paper/{case.pk}/")).json()
    ours = [c for c in paper["consultation"] if c.get("arende:paragraf") == f"§ {item.number}"]
    assert ours, paper["consultation"]
    agendaitem = ok(public.get(f"/oparl/v1/agendaitem/{item.pk}/")).json()
    assert agendaitem.get("result") or agendaitem.get("resolutionText"), agendaitem
    minutes = text(ok(public.get(f"/sammantraden/{session.meeting.pk}/protokoll/")))
    pdf = ok(public.get(f"/sammantraden/{session.meeting.pk}/protokoll.pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert bytes(pdf.content) == bytes(Protocol.objects.get(meeting=session.meeting).pdf)
    signed = " ".join(pdf_text(pdf.content).split())
    paragraph = text(ok(public.get(item.get_absolute_url())))
    for where in (minutes, signed, paragraph):
        assert f"§ {item.number}" in where
        assert "Omröstningen utfaller med 3 ja-röster och 1 nej-röst" in where, where[:6000]
        assert "Reservation" in where and person(reserver).full_name in where
        assert REASONS in where


@pytest.fixture
def afternoon():
    """Today at one o'clock, the clock running: the meeting opens at 13.00 and closes when the
    last step is done (an end time later than now is refused)."""
    with time_machine.travel(at(TODAY, 13), tick=True):
        yield


@pytest.mark.usefixtures("stockholm")
def test_on_the_demo_kf_runs_the_reference_case_live_to_the_justerade_minutes(afternoon):
    clerk = signed_in("namndsekreterare")
    demo_kf = Meeting.objects.get(
        body__name="Kommunfullmäktige", date=TODAY + datetime.timedelta(days=7)
    )
    case = Case.objects.get(title__startswith=REFERENCE_TITLE)
    planned = demo_kf.agenda_items.get(case=case)
    # the clerk moves the case from next week's meeting to today's
    page = text(
        ok(
            clerk.post(
                f"/sammantraden/{demo_kf.pk}/punkter/{planned.pk}/andra/",
                {"action": "ta-bort"},
                follow=True,
            )
        )
    )
    assert "är borttagen från föredragningslistan" in page
    assert not demo_kf.agenda_items.filter(case=case).exists()
    kf = plan_and_build(clerk, Body.objects.get(name="Kommunfullmäktige"), TODAY)
    item = kf.agenda_items.get(case=case)
    members = ["Karin Wanngård", "Gabriel Kroon", "Jonas Naddebo", "Jan Jonsson"]
    session = Session(kf, members)
    open_meeting(session, serving=members, chair="Karin Wanngård", justerare=["Jan Jonsson"])
    item.refresh_from_db()
    loser = run_the_paragraph(session, item, chair="Karin Wanngård", names=members)
    statement = reserve(session, loser, case)
    decide_the_rest_as_proposed(session, "Karin Wanngård")
    close_meeting(session)
    write_reservation(session, loser, statement, REASONS)
    justera(session, ["Karin Wanngård", "Jan Jonsson"])
    assert_decided_everywhere(session, case, item, loser)


def live_at_kf_today(
    case: Case, *, members: list[str], chair: str, justerare: str, away: str = ""
) -> None:
    """Kommunfullmäktige today, planned and opened by the clerk on the pages, the case's
    paragraph run live, a reservation, the justering, and the decision wherever it is read."""
    clerk = signed_in("namndsekreterare")
    kf = plan_and_build(clerk, Body.objects.get(name="Kommunfullmäktige"), TODAY)
    item = kf.agenda_items.get(case=case)
    session = Session(kf, members)
    open_meeting(session, serving=members, chair=chair, justerare=[justerare])
    item.refresh_from_db()
    if away:  # a member of the body who does not serve today follows, but takes no part
        client = signed_in(username(away))
        assert "Du tjänstgör inte på sammanträdet" in text(ok(client.get(session.member_page)))
        refused = client.post(session.member_page, sent(kf, {"action": "speak", "kind": "inlagg"}))
        assert refused.status_code == 400 and "kan inte begära ordet" in text(refused)
    loser = run_the_paragraph(session, item, chair=chair, names=members)
    statement = reserve(session, loser, case)
    decide_the_rest_as_proposed(session, chair)
    close_meeting(session)
    for client, url in [
        (session.members[loser], session.member_page),
        (session.members[chair], session.chair_page),
        (Client(), f"/sammantraden/{kf.pk}/skarm/"),
    ]:
        ok(client.get(url))  # the meeting's live pages, once it is closed
    write_reservation(session, loser, statement, REASONS)
    justera(session, [chair, justerare])
    post_anslag(session, case)
    assert_decided_everywhere(session, case, item, loser)


@pytest.mark.usefixtures("sjobacka")
def test_in_the_example_municipality_kf_runs_a_motion_live_to_the_justerade_minutes(afternoon):
    motion = registered("Motion om fler laddstolpar", movers=["Cecilia Ek"])
    motion.case.transition_to(Status.IN_PREPARATION, note="Behöver ingen remiss.")
    document(motion, None)
    into_chain(motion)
    for body, items in [
        ("Kommunledningsutskottet", ["Utskottet föreslår att motionen bifalls."]),
        ("Kommunstyrelsen", ["Kommunstyrelsen föreslår att motionen bifalls."]),
    ]:
        motion_chain_decide(motion=motion, meeting=meeting_at(body, TODAY), items=items)
    motion.case.refresh_from_db()
    assert motion.case.stage == "hos kommunfullmäktige"
    live_at_kf_today(
        motion.case,
        members=["Anna Berg", "Bengt Dahl", "Cecilia Ek", "David Fors"],
        chair="Anna Berg",
        justerare="David Fors",
        away="Elin Gran",
    )


OLD_DAYS = ["2019-02-13", "2019-02-14", "2019-02-20", "2019-05-20", "2019-08-21", "2019-09-04"]


@pytest.mark.usefixtures("stockholm")
def test_a_motion_filed_in_2019_keeps_its_dates_when_kf_takes_it_live_today(afternoon):
    filed, sent_on, answered, brb, ks = (D.fromisoformat(d) for d in OLD_DAYS[:1] + OLD_DAYS[2:])
    motion = motion_register(  # as the registrator enters it, with the days it had
        registry=Registry.objects.get(prefix="KS"),
        title="Motion om bänkar vid Årstaviken",
        filed_on=filed,
        registered_on=D.fromisoformat(OLD_DAYS[1]),
        movers=[person("Jan Jonsson")],
        rotel=Rotel.objects.get(numeral="I"),
    )
    case = motion.case
    assert case.dnr.startswith("KS 2019/"), case.dnr
    referral = referral_send(
        case=case,
        body=Body.objects.get(name="Stadsledningskontoret"),
        sent_on=sent_on,
        due_on=D(2019, 5, 31),
    )
    case.transition_to(Status.REFERRED, at=at(sent_on, 10))
    referral_answer_by_report(
        referral=referral, dated=answered, text="Stadsledningskontoret tillstyrker motionen."
    )
    case.transition_to(Status.IN_PREPARATION, at=at(answered, 11))
    document(motion, "Karin Wanngård")
    case.transition_to(Status.IN_DECISION, at=at(D(2019, 8, 19), 9))
    for body, date, items in [
        ("Borgarrådsberedningen", brb, ["Borgarrådsberedningen tillstyrker förslaget."]),
        ("Kommunstyrelsen", ks, ["Kommunfullmäktige föreslås bifalla motionen."]),
    ]:
        meeting = meeting_get_or_create(
            body=Body.objects.get(name=body),
            date=date,
            justering_deadline=at(date + datetime.timedelta(days=2)),
        )
        motion_chain_decide(
            motion=motion,
            meeting=meeting,
            items=items,
            signatory=person("Karin Wanngård") if body == "Kommunstyrelsen" else None,
            at=at(date, 16),
        )
    case.refresh_from_db()
    assert case.stage == "hos kommunfullmäktige"

    live_at_kf_today(
        case,
        members=["Karin Wanngård", "Gabriel Kroon", "Jonas Naddebo", "Jan Jonsson"],
        chair="Karin Wanngård",
        justerare="Jan Jonsson",
    )

    page = text(Client().get(case.get_absolute_url()))
    for day in OLD_DAYS[1:]:  # the day it was väckt is in the open data, below
        assert day in page, day
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', page).group(1)
    events = re.findall(r"<li>(.*?)</li>", timeline)
    days = [re.match(r'<time datetime="(\d{4}-\d\d-\d\d)', e).group(1) for e in events]
    assert days.count(f"{TODAY:%Y-%m-%d}") >= 1 and len(days) >= 5, events
    for event, day in zip(events, days, strict=True):
        if day != f"{TODAY:%Y-%m-%d}":
            assert day.startswith("2019-"), event
        else:  # only kommunfullmäktige's steps, today
            assert "kommunfullmäktige" in event.lower() or "avgjord" in event.lower(), event
    kf = Meeting.objects.get(body__name="Kommunfullmäktige", date=TODAY)
    appeal_ends = kf.appeal_ends_on()
    meeting_days = {TODAY, kf.justering_deadline.date(), appeal_ends}
    meeting_days.add(appeal_ends + datetime.timedelta(days=1))  # laga kraft, if not appealed
    days = set(re.findall(r"\b(\d{4}-\d\d-\d\d)\b", page))
    later = {d for d in days if not d.startswith("2019-")}
    assert later <= {f"{d:%Y-%m-%d}" for d in meeting_days}, later
    paper = Client().get(f"/oparl/v1/paper/{case.pk}/").json()
    assert paper["date"] == OLD_DAYS[1] and paper["arende:vackt"] == OLD_DAYS[0]
    assert {c.get("arende:datum") for c in paper["consultation"]} >= {
        OLD_DAYS[4],
        OLD_DAYS[5],
        f"{TODAY:%Y-%m-%d}",
    }


def post_anslag(session: Session, case: Case) -> None:
    """The secretary puts up the anslag today; the decision is then on the public anslagstavla
    and in the decisions' feed."""
    url = f"/sammantraden/{session.meeting.pk}/anslag/"
    data = {"posted_on": f"{TODAY:%Y-%m-%d}", "kept_at": "Stadshuset"}
    confirm = text(ok(session.clerk.post(url, data)))
    assert "Bekräfta och sätt upp anslaget" in confirm, confirm[:2000]
    page = text(ok(session.clerk.post(url, {**data, "bekrafta": "ja"}, follow=True)))
    assert "Anslaget är uppsatt på anslagstavlan." in page, page[:2000]
    board = text(ok(Client().get("/anslagstavla/")))
    assert str(session.meeting.body) in board and f"{TODAY:%Y-%m-%d}" in board
    assert case.dnr in ok(Client().get("/flode/beslut/")).text
