"""A case that is already under way, entered afterwards: every step takes the day it happened, the
timeline and the feed read those days and keep the day each step was entered beside them, and a
step cannot be dated before the one it follows, nor after today (issue 21)."""

import datetime
import re
import uuid

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from casework.models import Body, Case, CaseEvent, Document, Meeting, Person, Registry
from casework.workflow import Status
from motions.forms import UtlatandeForm
from motions.models import Motion, Utlatande
from rotlar.models import Rotel, RotelHead
from tests.casework.test_profile import post_rows

D = datetime.date
TODAY = timezone.localdate()


@pytest.fixture
def clerk(client, demo):
    client.force_login(User.objects.get(username="administrator"))
    return client


def pk(name: str) -> int:
    first, last = name.split(" ", 1)
    return Person.objects.get(first_name=first, last_name=last).pk


def registered_2019(clerk, title="Motion om fler bänkar vid Årstaviken") -> Case:
    response = clerk.post(
        "/arenden/ny-motion/",
        {
            "kind": "motion",
            "registry": Registry.objects.get(prefix="KS").pk,
            "title": title,
            "first_mover": pk("Jan Jonsson"),
            "filed_on": "2019-03-04",
            "registered_on": "2019-03-05",
            "rotel": Rotel.objects.get(numeral="I").pk,
            "registration_key": uuid.uuid4(),
        },
    )
    assert response.status_code == 302
    return Case.objects.get(title=title)


def step(clerk, case: Case, path: str, data: dict) -> None:
    response = clerk.post(f"/arenden/{case.slug}/{path}/", data)
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^>]*>(.*?)</ul>', response.text
    )


def test_a_motion_decided_in_2019_entered_today_reads_2019_everywhere(clerk):
    case = registered_2019(clerk)
    slk = Body.objects.get(name="Stadsledningskontoret")
    step(
        clerk,
        case,
        "remittera",
        {
            "sent_on": "2019-03-11",
            **post_rows("remiss", [{"body": slk.pk, "due_on": "2019-05-31"}]),
        },
    )
    step(
        clerk,
        case,
        "remissvar/skriftligt",
        {
            "referral": case.referrals.get().pk,
            "dated": "2019-05-20",
            "text": "Stadsledningskontoret tillstyrker motionen.",
        },
    )
    step(clerk, case, "skede", {"to_status": Status.IN_PREPARATION, "happened_on": "2019-05-21"})
    Utlatande.objects.create(  # the document, as the task list's pages save it
        motion=Motion.objects.get(case=case),
        rapporteur=Person.objects.get(pk=pk("Karin Wanngård")),
        proposed_items=["Motionen bifalls."],
        summary="Motionären vill ha fler bänkar.",
        views="Jag delar motionärens uppfattning.",
        matter="Stadsledningskontoret tillstyrker.",
    )
    step(clerk, case, "skede", {"to_status": Status.IN_DECISION, "happened_on": "2019-08-19"})
    for meeting_date, extra in [
        ("2019-08-21", {}),
        (
            "2019-09-04",
            {
                "signatory": pk("Karin Wanngård"),
                "signatory_title": "Borgarråd",
                "paragraph_number": "52",  # the year's earlier minutes: § 1–51
                "justering_deadline": "2019-09-06T12:00",
            },
        ),
        ("2019-09-23", {"outcome": "bifall", "justering_deadline": "2019-09-27T12:00"}),
    ]:
        step(
            clerk,
            case,
            "beslut",
            {
                "meeting_date": meeting_date,
                "items": "Motionen bifalls.",
                **extra,
                **post_rows("reservation", []),
            },
        )

    case.refresh_from_db()
    assert case.status == Status.DECIDED
    events = list(CaseEvent.objects.filter(case=case))
    assert [e.at.date().isoformat() for e in events] == [
        "2019-03-05",  # registrerat
        "2019-03-11",  # remitterat
        "2019-05-21",  # under beredning
        "2019-08-19",  # i beslut, hos borgarrådsberedningen
        "2019-08-21",  # hos kommunstyrelsen
        "2019-09-04",  # hos kommunfullmäktige
        "2019-09-23",  # beslutat
    ]
    assert all(timezone.localdate(e.recorded_at) == TODAY for e in events)
    assert [e.to_status for e in events][-1] == Status.DECIDED

    kf = Meeting.objects.get(body__name="Kommunfullmäktige", date=D(2019, 9, 23))
    anslag = clerk.post(
        f"/sammantraden/{kf.pk}/anslag/",
        {"posted_on": "2019-09-30", "kept_at": "Stadshuset, stadsarkivet", "bekrafta": "ja"},
    )
    assert anslag.status_code == 302

    page = clerk.get(case.get_absolute_url()).text
    assert "§ 52 i protokollet." in page
    assert "Beslutet vann laga kraft 2019-10-22, om det inte har överklagats." in page
    timeline = page.split('id="handelser"')[1].split("</ol>")[0]
    assert timeline.count("(registrerat i systemet <time datetime=") == len(events)
    assert f">{TODAY:%Y-%m-%d} " not in timeline  # no step is dated today
    feed = clerk.get(f"/flode/arenden/{case.slug}/").text
    updated = re.findall(r"<updated>(\d{4}-\d\d-\d\d)", feed)
    assert updated and all(day.startswith("2019-") for day in updated), updated


def test_a_step_dated_before_the_one_it_follows_or_after_today_is_refused_and_nothing_is_saved(
    clerk,
):
    case = registered_2019(clerk)
    before = clerk.post(
        f"/arenden/{case.slug}/skede/",
        {"to_status": Status.IN_PREPARATION, "happened_on": "2019-03-01"},
    )
    assert before.status_code == 400
    assert (
        "Ärendets senaste händelse är från den 2019-03-05; det som hände därefter kan inte "
        "dateras före den dagen."
    ) in before.text
    assert 'id="id_happened_on_error"' in before.text
    tomorrow = TODAY + datetime.timedelta(days=1)
    later = clerk.post(
        f"/arenden/{case.slug}/skede/",
        {"to_status": Status.IN_PREPARATION, "happened_on": f"{tomorrow:%Y-%m-%d}"},
    )
    assert later.status_code == 400 and "Datumet kan inte vara senare än i dag." in later.text
    referred_too_early = clerk.post(
        f"/arenden/{case.slug}/remittera/",
        {
            "sent_on": "2019-02-01",
            **post_rows(
                "remiss",
                [
                    {
                        "body": Body.objects.get(name="Stadsledningskontoret").pk,
                        "due_on": "2019-05-31",
                    }
                ],
            ),
        },
    )
    assert referred_too_early.status_code == 400
    assert "2019-03-05" in referred_too_early.text
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and not case.referrals.exists()
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_two_steps_entered_for_one_day_keep_the_order_they_were_entered_in(clerk):
    case = registered_2019(clerk)
    step(clerk, case, "skede", {"to_status": Status.IN_PREPARATION, "happened_on": "2019-03-05"})
    events = list(CaseEvent.objects.filter(case=case))
    assert [e.to_status for e in events] == [Status.REGISTERED, Status.IN_PREPARATION]
    assert events[0].at < events[1].at and events[1].at.date() == D(2019, 3, 5)


def test_a_step_taken_today_is_logged_now_and_not_marked_as_entered_afterwards(clerk):
    case = registered_2019(clerk)
    step(clerk, case, "skede", {"to_status": Status.IN_PREPARATION})  # the date left as it is
    latest = CaseEvent.objects.filter(case=case).last()
    assert timezone.localdate(latest.at) == TODAY and not latest.entered_afterwards
    page = clerk.get(case.get_absolute_url()).text
    assert page.count("registrerat i systemet") == 1  # the registration in 2019 only


def test_a_paragraph_another_case_holds_in_the_same_minutes_is_refused(clerk):
    first = registered_2019(clerk)
    second = registered_2019(clerk, title="Motion om belysning vid Årstaviken")
    for case in (first, second):
        step(
            clerk, case, "skede", {"to_status": Status.IN_PREPARATION, "happened_on": "2019-03-06"}
        )
        Utlatande.objects.create(
            motion=Motion.objects.get(case=case),
            rapporteur=Person.objects.get(pk=pk("Karin Wanngård")),
            proposed_items=["Motionen avslås."],
            summary="S.",
            views="V.",
            matter="Ä.",
        )
        step(clerk, case, "skede", {"to_status": Status.IN_DECISION, "happened_on": "2019-03-07"})
    data = {"meeting_date": "2019-04-03", "items": "Motionen avslås.", "paragraph_number": "7"}
    step(clerk, first, "beslut", {**data, **post_rows("reservation", [])})
    refused = clerk.post(
        f"/arenden/{second.slug}/beslut/", {**data, **post_rows("reservation", [])}
    )
    assert refused.status_code == 400
    assert f"§ 7 i borgarrådsberedningens protokoll den 2019-04-03 gäller redan {first.dnr}." in (
        refused.text
    )
    second.refresh_from_db()
    assert second.status == Status.IN_DECISION and not second.decisions.exists()


def test_the_documents_of_steps_entered_afterwards_are_registered_on_the_steps_days(clerk):
    case = registered_2019(clerk)
    slk = Body.objects.get(name="Stadsledningskontoret")
    step(
        clerk,
        case,
        "remittera",
        {
            "sent_on": "2019-03-11",
            **post_rows("remiss", [{"body": slk.pk, "due_on": "2019-05-31"}]),
        },
    )
    step(
        clerk,
        case,
        "remissvar/skriftligt",
        {"referral": case.referrals.get().pk, "dated": "2019-05-20", "text": "Tillstyrks."},
    )
    assert [(d.number, d.registered_on) for d in case.documents.order_by("number")] == [
        (1, D(2019, 3, 5)),  # the motion, on the case's registration day
        (2, D(2019, 3, 11)),  # the remiss, the day it was sent
        (3, D(2019, 5, 20)),  # the answer, the day it answered
    ]
    postlista = clerk.get("/diarium/postlista/?dag=2019-03-05").text
    assert f"{case.dnr}-1" in postlista
    assert f"{case.dnr}-1" not in clerk.get(f"/diarium/postlista/?dag={TODAY:%Y-%m-%d}").text


def test_a_clerk_registers_a_document_on_the_day_an_earlier_diarium_registered_it(clerk):
    case = registered_2019(clerk)
    data = {
        "dated": "2019-09-06",
        "kind": "protokollsutdrag",
        "direction": "upprattad",
        "title": "Protokollsutdrag kommunstyrelsen 2019-09-04 § 52",
    }
    before_its_date = clerk.post(
        f"/arenden/{case.slug}/handlingar/ny/", {**data, "registered_on": "2019-09-05"}
    )
    assert before_its_date.status_code == 400
    assert "Handlingen kan inte ha registrerats före sitt datum (2019-09-06)." in (
        before_its_date.text
    )
    tomorrow = TODAY + datetime.timedelta(days=1)
    future = clerk.post(
        f"/arenden/{case.slug}/handlingar/ny/", {**data, "registered_on": f"{tomorrow:%Y-%m-%d}"}
    )
    assert future.status_code == 400 and "Datumet kan inte vara senare än i dag." in future.text
    assert case.documents.count() == 1
    assert (
        clerk.post(
            f"/arenden/{case.slug}/handlingar/ny/", {**data, "registered_on": "2019-09-09"}
        ).status_code
        == 302
    )
    assert case.documents.get(number=2).registered_on == D(2019, 9, 9)
    assert clerk.post(f"/arenden/{case.slug}/handlingar/ny/", data).status_code == 302
    assert case.documents.get(number=3).registered_on == TODAY  # left empty: today


def test_a_meeting_kept_elsewhere_takes_its_anslag_from_its_page_once_justerad(clerk):
    case = registered_2019(clerk)
    step(clerk, case, "skede", {"to_status": Status.IN_PREPARATION, "happened_on": "2019-03-06"})
    Utlatande.objects.create(
        motion=Motion.objects.get(case=case),
        rapporteur=Person.objects.get(pk=pk("Karin Wanngård")),
        proposed_items=["Motionen bifalls."],
        summary="S.",
        views="V.",
        matter="Ä.",
    )
    step(clerk, case, "skede", {"to_status": Status.IN_DECISION, "happened_on": "2019-03-07"})
    step(
        clerk,
        case,
        "beslut",
        {
            "meeting_date": "2019-04-03",
            "items": "Motionen bifalls.",
            "justering_deadline": "2019-04-05T12:00",
            **post_rows("reservation", []),
        },
    )
    meeting = Meeting.objects.get(date=D(2019, 4, 3))
    page = clerk.get(f"/sammantraden/{meeting.pk}/").text
    assert "protokoll utanför systemet, justerat 2019-04-05" in page
    assert "Anslaget är inte uppsatt; det ska sättas upp senast 2019-04-07" in page
    assert f'href="/sammantraden/{meeting.pk}/anslag/"' in page
    clerk.post(
        f"/sammantraden/{meeting.pk}/anslag/",
        {"posted_on": "2019-04-08", "kept_at": "Stadshuset", "bekrafta": "ja"},
    )
    page = clerk.get(f"/sammantraden/{meeting.pk}/").text
    assert "Anslaget på anslagstavlan 2019-04-08" in page
    assert "Besluten har vunnit laga kraft, om de inte har överklagats." in page


def test_the_utlatande_of_a_case_entered_afterwards_proposes_the_rapporteur_of_its_day(clerk):
    """The head of the case's rotel on the day the case stands at, not today's head."""
    rotel = Rotel.objects.get(numeral="I")
    then, now = (
        Person.objects.get(pk=pk("Jan Jonsson")),
        Person.objects.get(pk=pk("Karin Wanngård")),
    )
    RotelHead.objects.create(
        rotel=rotel, person=then, starts_on=D(2019, 1, 1), ends_on=D(2019, 12, 31)
    )
    RotelHead.objects.create(rotel=rotel, person=now, starts_on=TODAY - datetime.timedelta(days=30))
    case = registered_2019(clerk)

    assert case.current_on() == D(2019, 3, 5)
    assert UtlatandeForm.initial_for(None, case.motion)["rapporteur"] == then


def test_the_document_form_asks_for_the_kind_and_leaves_the_direction_to_it(clerk):
    case = registered_2019(clerk)
    form = clerk.get(f"/arenden/{case.slug}/handlingar/ny/").text
    assert '<option value="" selected>– Välj –</option>' in form
    assert "Handlingens eget datum" in form and "Dagen då handlingen registrerades" in form
    assert re.search(r'name="direction" value="" [^>]*checked', form)
    assert "Som handlingstypen brukar" in form
    data = {"dated": "2019-09-06", "title": "Remiss till stadsbyggnadsnämnden", "direction": ""}
    without_kind = clerk.post(f"/arenden/{case.slug}/handlingar/ny/", data)
    assert without_kind.status_code == 400
    assert case.documents.count() == 1
    sent = clerk.post(f"/arenden/{case.slug}/handlingar/ny/", {**data, "kind": "remiss"})
    assert sent.status_code == 302
    assert case.documents.get(number=2).direction == Document.Direction.OUTGOING
