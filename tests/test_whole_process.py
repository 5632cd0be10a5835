"""One case followed across every module, on the data `make run` leaves (Stockholm's demo, its
KF meeting with an item by hand still on the agenda) and in the example municipality: the
defects of issue 19, each with the test that would have caught it."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from casework import roles
from casework.models import Body, Case, Meeting, MemberStatement, Person, Registry
from casework.services import statement_announce, statement_correct, statement_submit
from casework.workflow import Status
from meetings import services
from meetings.models import Justering, Protocol, VoidedJustering
from motions.models import Motion, Utlatande
from motions.services import motion_chain_decide, motion_register
from rotlar.models import Rotel
from tests.conftest import pdf_text

TODAY = timezone.localdate()
KS_DAY = TODAY + datetime.timedelta(days=1)  # the demo's practice meeting of KS is today's
D = datetime.date


def at(date: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(date.year, date.month, date.day, hour))


def person(name: str) -> Person:
    first, last = name.split(" ", 1)
    return Person.objects.get(first_name=first, last_name=last)


def body(name: str) -> Body:
    return Body.objects.get(name=name)


def registered(title: str, *, kind: str = "motion", movers=("Gabriel Kroon",), filed=None):
    """A case filed and registered in the KS registry (today unless `filed` says otherwise), in
    the first rotel where the municipality has rotlar."""
    filed = filed or TODAY
    return motion_register(
        registry=Registry.objects.get(prefix="KS"),
        title=title,
        kind=kind,
        filed_on=filed,
        registered_on=filed,
        movers=[person(m) for m in movers],
        rotel=Rotel.objects.filter(numeral="I").first(),
    )


def prepared(title: str, *, kind: str = "motion", movers=("Gabriel Kroon",), joint=()) -> Motion:
    """A case registered today and prepared without referral, its document complete, in the
    chain at its first step: what the pages do, through the same services."""
    motion = registered(title, kind=kind, movers=movers)
    motion.case.transition_to(Status.IN_PREPARATION, note="Behöver ingen remiss.")
    return motion


def document(motion: Motion, rapporteur: str | None, joint=()) -> Utlatande:
    utlatande = Utlatande.objects.create(
        motion=motion,
        rapporteur=person(rapporteur) if rapporteur else None,
        proposed_items=["Motionen bifalls."],
        summary="Sammanfattning.",
        views="Synpunkter.",
        matter="Ärendet.",
    )
    utlatande.joint_cases.set([m.case for m in joint])
    return utlatande


def into_chain(*motions: Motion) -> None:
    for motion in motions:
        motion.case.transition_to(Status.IN_DECISION)


def meeting_at(name: str, date: datetime.date) -> Meeting:
    meeting, _ = services.meeting_plan(body=body(name), date=date)
    return meeting


def run_meeting(meeting, *, serving, chair, justerare, decide=None, close=True):
    """Build the agenda from what is ready, open the meeting, decide each paragraph (`decide`
    maps a case to item_decide's keywords) and close it."""
    services.agenda_build(meeting=meeting)
    services.meeting_open(
        meeting=meeting,
        serving=serving,
        chair=chair,
        justerare=justerare,
        justering_deadline=at(meeting.date + datetime.timedelta(days=3)),
        now=at(meeting.date, 9),
    )
    for item in meeting.agenda_items.order_by("number"):
        if not item.is_decided:
            services.item_decide(
                item=item, now=at(meeting.date, 10), **(decide or {}).get(item.case, {})
            )
    if close:
        services.meeting_close(meeting=meeting, ends_at=datetime.time(15))
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def stockholm(db):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())


@pytest.fixture
def sjobacka(db):
    with override_settings(DEBUG=True):
        call_command("load_demo", "--exempelkommun", stdout=StringIO())


KS_SERVING = ("Karin Wanngård", "Jan Jonsson", "Gabriel Kroon", "Jonas Naddebo")


def at_ks(title: str) -> Motion:
    """On the demo: a new motion prepared and endorsed by borgarrådsberedningen (whose minutes
    are kept elsewhere), now at kommunstyrelsen."""
    motion = prepared(title)
    document(motion, "Karin Wanngård")
    into_chain(motion)
    motion_chain_decide(
        motion=motion,
        meeting=meeting_at("Borgarrådsberedningen", TODAY),
        items=["Borgarrådsberedningen tillstyrker förslaget."],
    )
    motion.case.refresh_from_db()
    return motion


def ks_held(**kwargs) -> Meeting:
    """Kommunstyrelsen's meeting on KS_DAY run by run_meeting (keywords passed on), with the four
    serving, Karin Wanngård in the chair and Jan Jonsson to justera."""
    return run_meeting(
        meeting_at("Kommunstyrelsen", KS_DAY),
        serving=[person(n) for n in KS_SERVING],
        chair=person("Karin Wanngård"),
        justerare=[person("Jan Jonsson")],
        **kwargs,
    )


def ks_opened() -> Meeting:
    """Kommunstyrelsen's meeting on KS_DAY, its agenda built from what is ready and opened, with
    Karin Wanngård in the chair and Jan Jonsson to justera."""
    ks = meeting_at("Kommunstyrelsen", KS_DAY)
    services.agenda_build(meeting=ks)
    services.meeting_open(
        meeting=ks,
        serving=[person(n) for n in KS_SERVING],
        chair=person("Karin Wanngård"),
        justerare=[person("Jan Jonsson")],
        justering_deadline=at(TODAY + datetime.timedelta(days=3)),
        now=at(KS_DAY, 9),
    )
    return ks


def test_on_the_demo_a_case_at_ks_is_ready_for_ks_though_kf_has_an_item_by_hand(stockholm):
    kf = Meeting.objects.get(
        body__name="Kommunfullmäktige", date=TODAY + datetime.timedelta(days=7)
    )
    assert kf.agenda_items.filter(case__isnull=True).exists()  # the demo's item by hand
    motion = at_ks("Motion om fler parkbänkar")
    ks = meeting_at("Kommunstyrelsen", TODAY + datetime.timedelta(days=1))
    assert services.ready_cases(ks) == [motion.case]
    assert [i.case for i in services.agenda_build(meeting=ks)] == [motion.case]
    assert services.ready_cases(ks) == []  # now on an open agenda


def test_the_chair_and_the_justerare_read_the_draft_minutes_before_they_justera(stockholm, client):
    motion = at_ks("Motion om belysning")
    ks = ks_held()
    draft = f"/sammantraden/{ks.pk}/protokoll/"
    assert client.get(draft).status_code == 404  # the public waits for the justering
    for name in ("Karin Wanngård", "Jan Jonsson"):
        client.force_login(person(name).user)
        page = client.get(draft)
        assert (
            page.status_code == 200
            and "Utkast: Protokoll" in page.text
            and motion.case.dnr in page.text
        )
        assert client.get(f"/sammantraden/{ks.pk}/protokoll.pdf").status_code in (200, 202)
        detail = client.get(f"/sammantraden/{ks.pk}/").text
        assert f'href="{draft}"' in detail and "Jag justerar protokollet" in detail
    client.force_login(person("Gabriel Kroon").user)  # serving, but neither chair nor justerare
    assert client.get(draft).status_code == 404


def test_a_justering_binds_to_what_was_justerat_and_a_closed_meeting_takes_no_new_paragraph(
    stockholm, django_capture_on_commit_callbacks
):
    at_ks("Motion om cykelbanor")
    ks = ks_held()
    chair, justerare = person("Karin Wanngård"), person("Jan Jonsson")
    services.meeting_justera(meeting=ks, person=chair, by=chair.user, now=at(KS_DAY, 16))
    with pytest.raises(ValidationError, match="avslutades"):
        services.agenda_add(meeting=ks, title="Ny punkt", proposal=["Beslut."])
    # a change by some other way (here the meeting's closing time corrected) voids the approval
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_close(meeting=ks, ends_at=datetime.time(16))
    services.meeting_justera(meeting=ks, person=justerare, by=justerare.user, now=at(KS_DAY, 17))
    ks.refresh_from_db()
    assert ks.justerad_at is None  # the chair approved other minutes than these
    assert VoidedJustering.objects.filter(justering__person=chair).count() == 1
    services.meeting_justera(meeting=ks, person=chair, by=chair.user, now=at(KS_DAY, 18))
    ks.refresh_from_db()
    assert ks.justerad_at == at(KS_DAY, 18)
    assert {a.fingerprint for a in Justering.objects.filter(meeting=ks, voided__isnull=True)} == {
        services.minutes_fingerprint(ks)
    }
    signed = " ".join(pdf_text(bytes(Protocol.objects.get(meeting=ks).pdf)).split())
    assert "signerat digitalt (PAdES) av Jan Jonsson, Karin Wanngård." in signed
    assert [m.to for m in mail.outbox if m.subject.startswith("Protokollet har ändrats")] == [
        [chair.user.email]
    ]


def test_a_member_with_jav_cannot_be_recorded_as_reserving(stockholm):
    motion = at_ks("Motion om jäv")
    ks = ks_opened()
    item = ks.agenda_items.get(case=motion.case)
    services.item_set_recused(item=item, recused=[person("Gabriel Kroon")])
    with pytest.raises(ValidationError, match="Gabriel Kroon deltar inte"):
        services.item_decide(item=item, reserving=[person("Gabriel Kroon")], now=at(KS_DAY, 10))
    services.item_decide(item=item, now=at(KS_DAY, 10))
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="anmälde jäv"):
        statement_announce(
            decision=item.decision,
            kind="reservation",
            author=person("Gabriel Kroon"),
            by_clerk=False,
            at=at(KS_DAY, 11),
        )


def test_unsubmitted_reservations_are_shown_to_the_chair_before_the_justering(
    stockholm, client, django_capture_on_commit_callbacks
):
    motion = at_ks("Motion om reservationer")
    ks = ks_held(close=False)
    decision = motion.case.decisions.get(meeting=ks)
    statement_announce(
        decision=decision,
        kind="reservation",
        author=person("Jonas Naddebo"),
        by_clerk=True,
        at=at(KS_DAY, 11),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_close(meeting=ks, ends_at=datetime.time(15))
    told = [m for m in mail.outbox if m.to == [person("Karin Wanngård").user.email]]
    assert told and "Reservation av Jonas Naddebo" in told[0].body and "4 kap. 27 §" in told[0].body
    client.force_login(person("Karin Wanngård").user)
    page = client.get(f"/sammantraden/{ks.pk}/").text
    assert "Anmälda men inte inlämnade" in page and "Reservation av Jonas Naddebo" in page
    assert "kommunallagen 4 kap. 27 §" in page


def test_a_correction_after_justering_is_shown_beside_what_was_justerat(
    stockholm, client, django_user_model
):
    motion = at_ks("Motion om rättelser")
    ks = ks_opened()
    item = ks.agenda_items.get(case=motion.case)
    services.item_decide(item=item, reserving=[person("Gabriel Kroon")], now=at(KS_DAY, 10))
    services.meeting_close(meeting=ks, ends_at=datetime.time(15))
    statement = MemberStatement.objects.get(decision__meeting=ks)
    from casework.services import statement_write

    statement_write(
        statement=statement,
        person=person("Gabriel Kroon"),
        items=[],
        text="Den ursprungliga texten.",
        at=at(KS_DAY, 12),
        version=statement.version,
    )
    statement_submit(statement=statement, person=person("Gabriel Kroon"), at=at(KS_DAY, 13))
    for name in ("Karin Wanngård", "Jan Jonsson"):
        services.meeting_justera(
            meeting=ks, person=person(name), by=person(name).user, now=at(KS_DAY, 16)
        )
    clerk = django_user_model.objects.get(username="namndsekreterare")
    with time_machine.travel(at(KS_DAY, 17)):  # after the justering
        statement_correct(
            statement=statement, by=clerk, items=[], text="Den rättade texten.", reason="Stavfel"
        )
    for url in (f"/sammantraden/{ks.pk}/protokoll/", item.get_absolute_url()):
        page = client.get(url).text
        assert "Den ursprungliga texten." in page
        assert (
            "Rättelse efter justeringen" in page
            and "Den rättade texten." in page
            and "Stavfel" in page
        )
    signed = pdf_text(bytes(Protocol.objects.get(meeting=ks).pdf))
    assert "Den ursprungliga texten." in signed and "Den rättade texten." not in signed


def test_a_failed_signing_is_shown_and_can_be_tried_again(
    stockholm, client, settings, tmp_path, django_user_model
):
    at_ks("Motion om signering")
    ks = ks_held()
    good = settings.SIGNING_DIR
    settings.SIGNING_DIR = tmp_path / "no-certificate-here"  # the worker cannot sign
    for name in ("Karin Wanngård", "Jan Jonsson"):
        services.meeting_justera(
            meeting=ks, person=person(name), by=person(name).user, now=at(KS_DAY, 16)
        )
    ks.refresh_from_db()
    assert ks.justerad_at is not None  # the justering holds; only the PDF is missing
    assert not Protocol.objects.filter(meeting=ks).exists()
    from archive.services import justering_refusal

    case = Case.objects.get(decisions__meeting=ks, title="Motion om signering")
    assert "det signerade protokollet från Kommunstyrelsen" in justering_refusal(
        case, timezone.now()
    )
    client.force_login(person("Karin Wanngård").user)
    assert client.get(f"/sammantraden/{ks.pk}/protokoll.pdf").status_code == 202
    client.force_login(django_user_model.objects.get(username="namndsekreterare"))
    page = client.get(f"/sammantraden/{ks.pk}/").text
    assert "misslyckades" in page and "Försök igen" in page
    settings.SIGNING_DIR = good
    client.post(f"/sammantraden/{ks.pk}/signera/")
    assert Protocol.objects.filter(meeting=ks).exists()
    assert "signerad PDF" in client.get(f"/sammantraden/{ks.pk}/").text


def test_sjobacka_a_motion_and_a_skrivelse_answered_jointly_are_both_decided(sjobacka):
    berg, dahl, ek, fors = (
        person(n) for n in ("Anna Berg", "Bengt Dahl", "Cecilia Ek", "David Fors")
    )
    motion = prepared("Motion om bostäder", movers=["Cecilia Ek"])
    skrivelse = prepared("Skrivelse om bostäder", kind="skrivelse", movers=["David Fors"])
    document(motion, None, joint=[skrivelse])
    into_chain(motion, skrivelse)
    klu = run_meeting(
        meeting_at("Kommunledningsutskottet", TODAY),
        serving=[berg, dahl],
        chair=berg,
        justerare=[dahl],
    )
    assert [i.case for i in klu.agenda_items.all()] == [
        motion.case
    ]  # the skrivelse is decided under its §
    for case in (motion.case, skrivelse.case):
        case.refresh_from_db()
        assert case.step.body.name == "Kommunstyrelsen"
    ks = run_meeting(
        meeting_at("Kommunstyrelsen", TODAY + datetime.timedelta(days=7)),
        serving=[berg, dahl, ek, fors],
        chair=dahl,
        justerare=[ek],
        decide={motion.case: {"outcome": "besvarad"}},
    )
    assert [i.case for i in ks.agenda_items.all()] == [motion.case]
    skrivelse.case.refresh_from_db()
    motion.case.refresh_from_db()
    assert skrivelse.case.status == Status.DECIDED  # KS för egen del
    assert motion.case.stage == "hos kommunfullmäktige"
    kf = run_meeting(
        meeting_at("Kommunfullmäktige", TODAY + datetime.timedelta(days=14)),
        serving=[berg, dahl, ek, fors],
        chair=berg,
        justerare=[fors],
        decide={motion.case: {"outcome": "bifall"}},
    )
    motion.refresh_from_db()
    motion.case.refresh_from_db()
    assert motion.case.status == Status.DECIDED and motion.outcome == "bifall"
    assert [i.case for i in kf.agenda_items.all()] == [motion.case]
    assert Case.objects.get(pk=skrivelse.case.pk).decisions.count() == 2  # KLU and KS only


def test_a_skrivelse_needing_no_referral_goes_to_preparation_from_the_case_page(sjobacka, client):
    skrivelse = registered("Skrivelse utan remiss", kind="skrivelse", movers=["David Fors"])
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="handlaggare"))
    page = client.get(skrivelse.case.get_absolute_url()).text
    assert "För ärendet vidare" in page
    response = client.post(
        f"/arenden/{skrivelse.case.slug}/skede/", {"to_status": Status.IN_PREPARATION}
    )
    skrivelse.case.refresh_from_db()
    assert response.status_code == 302 and skrivelse.case.status == Status.IN_PREPARATION
    assert roles.can(User.objects.get(username="handlaggare"), roles.MOVE)


KF_SERVING = ("Karin Wanngård", "Jan Jonsson", "Gabriel Kroon", "Jonas Naddebo")


def test_on_the_demo_kf_sends_a_motion_back_to_ks_and_decides_it_at_a_later_meeting(
    stockholm, client
):
    motion = at_ks("Motion om återremiss")
    serving = [person(n) for n in KF_SERVING]
    chair, justerare = person("Karin Wanngård"), [person("Jan Jonsson")]
    ks = run_meeting(
        meeting_at("Kommunstyrelsen", KS_DAY), serving=serving, chair=chair, justerare=justerare
    )
    ks_item = ks.agenda_items.get(case=motion.case)
    # KF's next meeting, as the demo planned it, with its item by hand; the kallelse has gone
    kf = Meeting.objects.get(
        body__name="Kommunfullmäktige", date=TODAY + datetime.timedelta(days=7)
    )
    services.meeting_send_kallelse(meeting=kf, now=at(TODAY, 8))
    motion.case.refresh_from_db()
    added = services.agenda_add(meeting=kf, case=motion.case)
    assert (
        added.added_late
        and f"Kommunstyrelsen {KS_DAY:%Y-%m-%d} § {ks_item.number}." in added.earlier
    )
    ks_step = motion.case.chain().get(body__name="Kommunstyrelsen")
    run_meeting(
        kf,
        serving=serving,
        chair=chair,
        justerare=justerare,
        decide={
            motion.case: {
                "send_back": True,
                "back_to": ks_step,
                "back_reason": "Kostnaderna ska utredas",
            },
            Case.objects.by_dnr("KS 2023/1387").get(): {"outcome": "besvarad"},  # the demo's own
        },
        close=False,
    )
    motion.case.refresh_from_db()
    assert motion.case.stage == "hos kommunstyrelsen"
    assert "Återremitterat av kommunfullmäktige" in motion.case.events.last().note
    assert kf.agenda_items.get(case=motion.case).sent_back
    # KS decides again (its earlier decision no longer counts), then KF at a later meeting
    ks2 = run_meeting(
        meeting_at("Kommunstyrelsen", TODAY + datetime.timedelta(days=10)),
        serving=serving,
        chair=chair,
        justerare=justerare,
    )
    assert [i.case for i in ks2.agenda_items.all()] == [motion.case]
    kf2 = run_meeting(
        meeting_at("Kommunfullmäktige", TODAY + datetime.timedelta(days=21)),
        serving=serving,
        chair=chair,
        justerare=justerare,
        decide={motion.case: {"outcome": "bifall"}},
    )
    motion.refresh_from_db()
    assert motion.case.status == Status.DECIDED and motion.outcome == "bifall"
    assert kf2.agenda_items.get(case=motion.case).proposal == ["Motionen bifalls."]  # KS's document
    page = client.get(motion.case.get_absolute_url()).text
    assert "Ärendet återremitteras till kommunstyrelsen: Kostnaderna ska utredas." in page


def test_a_tabled_case_carries_the_day_it_was_tabled_to_the_next_agenda(stockholm, client):
    motion = at_ks("Motion om bordläggning")
    serving = [person(n) for n in KS_SERVING]
    first = run_meeting(
        meeting_at("Kommunstyrelsen", KS_DAY),
        serving=serving,
        chair=person("Karin Wanngård"),
        justerare=[person("Jan Jonsson")],
        decide={motion.case: {"postpone": True}},
    )
    tabled = first.agenda_items.get(case=motion.case)
    nxt = meeting_at("Kommunstyrelsen", TODAY + datetime.timedelta(days=14))
    assert services.ready_cases(nxt) == [motion.case]
    item = services.agenda_build(meeting=nxt)[0]
    assert item.earlier.startswith(f"Bordlagt {KS_DAY:%Y-%m-%d} § {tabled.number}.")
    assert (
        f"Tidigare behandling: Bordlagt {KS_DAY:%Y-%m-%d} § {tabled.number}."
        in client.get(f"/sammantraden/{nxt.pk}/").text
    )
    assert (
        f"Bordlagt av kommunstyrelsen {KS_DAY:%Y-%m-%d}"
        in client.get(motion.case.get_absolute_url()).text
    )


def test_a_write_off_is_refused_for_a_kf_meeting_whose_minutes_are_kept_here(stockholm):
    from motions.services import deadline_report_make, deadline_report_write_off

    report = deadline_report_make(as_of=TODAY)
    reference = Motion.objects.get(case=Case.objects.by_dnr("KS 2023/1387").get())
    kf = Meeting.objects.get(
        body__name="Kommunfullmäktige", date=TODAY + datetime.timedelta(days=7)
    )
    serving = [person(n) for n in KF_SERVING]
    services.meeting_open(
        meeting=kf,
        serving=serving,
        chair=serving[0],
        justerare=[serving[1]],
        justering_deadline=at(kf.date + datetime.timedelta(days=3)),
        now=at(kf.date, 9),
    )
    kf.refresh_from_db()
    with pytest.raises(ValidationError, match="som en paragraf i protokollet"):
        deadline_report_write_off(
            report=report,
            motions=[reference],
            meeting=kf,
            items=["Motionen avskrivs från vidare handläggning."],
        )
    reference.case.refresh_from_db()
    assert reference.case.is_open and not reference.case.decisions.filter(meeting=kf).exists()


def test_sjobacka_a_committee_answers_a_referral_as_a_paragraph_of_its_minutes(sjobacka, client):
    from referrals.models import Referral
    from referrals.services import referral_answer_by_decision, referral_send

    motion = registered("Motion om skolgårdar", movers=["Cecilia Ek"])
    bun = body("Barn- och utbildningsnämnden")
    referral = referral_send(
        case=motion.case, body=bun, sent_on=TODAY, due_on=TODAY + datetime.timedelta(days=60)
    )
    members = [person(n) for n in ("Cecilia Ek", "David Fors", "Gunilla Ivarsson", "Hassan Jama")]
    meeting = meeting_at(bun.name, TODAY + datetime.timedelta(days=14))
    assert services.ready_matters(meeting) == [("remissvar", motion.case)]
    run_meeting(meeting, serving=members, chair=members[0], justerare=[members[1]])
    item = meeting.agenda_items.get()
    assert item.title == "Remissvar: Motion om skolgårdar" and item.decision is not None
    referral.refresh_from_db()
    assert referral.state == Referral.State.ANSWERED and referral.decision == item.decision
    # the same answer entered on the case page beside those minutes is refused
    other = registered("Motion om fritidsgårdar", movers=["David Fors"])
    second = referral_send(
        case=other.case, body=bun, sent_on=TODAY, due_on=TODAY + datetime.timedelta(days=60)
    )
    with pytest.raises(ValidationError, match="som en paragraf i protokollet"):
        referral_answer_by_decision(referral=second, meeting=meeting, items=["Nämnden svarar."])


def test_a_reported_motion_is_written_off_as_a_paragraph_of_kfs_justerade_minutes(
    stockholm, client
):
    from motions.services import deadline_report_make

    deadline_report_make(as_of=TODAY)
    reference = Motion.objects.get(case=Case.objects.by_dnr("KS 2023/1387").get())
    kf = Meeting.objects.get(
        body__name="Kommunfullmäktige", date=TODAY + datetime.timedelta(days=7)
    )
    with pytest.raises(ValidationError, match="står redan på föredragningslistan"):
        services.agenda_add(meeting=kf, case=reference.case, matter="avskrivning")
    item = kf.agenda_items.get(case=reference.case)  # at KF in its chain: decided there instead
    # a motion at KS, reported, written off by KF as a paragraph
    other = at_ks("Motion om en gammal fråga")
    Motion.objects.filter(pk=other.pk).update(filed_on=TODAY - datetime.timedelta(days=400))
    deadline_report_make(as_of=TODAY)
    kf2 = meeting_at("Kommunfullmäktige", TODAY + datetime.timedelta(days=28))
    ready = services.ready_matters(kf2)
    assert ("avskrivning", other.case) in ready
    # the demo's other motions filed more than a year ago are reported too, and kept
    decide = {case: {"outcome": "kvarstar"} for matter, case in ready if matter == "avskrivning"}
    serving = [person(n) for n in KF_SERVING]
    run_meeting(
        kf2,
        serving=serving,
        chair=serving[0],
        justerare=[serving[1]],
        decide={**decide, other.case: {"outcome": "avskriven"}},
    )
    for name in ("Karin Wanngård", "Jan Jonsson"):
        services.meeting_justera(
            meeting=kf2, person=person(name), by=person(name).user, now=at(kf2.date, 16)
        )
    other.refresh_from_db()
    other.case.refresh_from_db()
    assert other.case.status == Status.WRITTEN_OFF and other.outcome == "avskriven"
    paragraph = kf2.agenda_items.get(case=other.case)
    signed = " ".join(pdf_text(bytes(Protocol.objects.get(meeting=kf2).pdf)).split())
    assert (
        f"§ {paragraph.number} Avskrivning enligt ettårsregeln: Motion om en gammal fråga" in signed
    )
    assert "Motionen avskrivs från vidare handläggning." in signed
    assert item.case == reference.case


def opened_with(meeting_name: str, motion: Motion, date=None):
    date = date or KS_DAY
    meeting = meeting_at(meeting_name, date)
    services.agenda_build(meeting=meeting)
    serving = [person(n) for n in KS_SERVING]
    services.meeting_open(
        meeting=meeting,
        serving=serving,
        chair=serving[0],
        justerare=[serving[1]],
        justering_deadline=at(date + datetime.timedelta(days=3)),
        now=at(date, 9),
    )
    return meeting.agenda_items.get(case=motion.case), serving


def test_a_kontrapropositionsvotering_picks_the_counter_proposal_and_is_printed(stockholm, client):
    motion = at_ks("Motion om tre yrkanden")
    item, (wanngard, jonsson, kroon, naddebo) = opened_with("Kommunstyrelsen", motion)
    main = services.yrkande_add(item=item, mover=wanngard, text="bifall till förslaget", items=[])
    reject = services.yrkande_add(
        item=item, mover=kroon, text="avslag på motionen", items=["Motionen avslås."]
    )
    justera = services.yrkande_add(
        item=item, mover=naddebo, text="bifall till motionen", items=["Motionen bifalls."]
    )
    ballots = {
        wanngard.pk: "nej",
        jonsson.pk: "ja",
        kroon.pk: "nej",
        naddebo.pk: "ja",
    }  # 2–2: the chair's vote
    with pytest.raises(ValidationError, match="huvudförslaget och motförslaget"):
        services.item_decide(
            item=item,
            counter_vote=(reject, justera),
            counter_ballots=ballots,
            vote=(main, reject),
            ballots=ballots,
            now=at(KS_DAY, 10),
        )
    services.item_decide(
        item=item,
        counter_vote=(reject, justera),
        counter_ballots=ballots,
        vote=(main, justera),
        ballots={wanngard.pk: "ja", jonsson.pk: "ja", kroon.pk: "nej", naddebo.pk: "nej"},
        now=at(KS_DAY, 10),
    )
    item.refresh_from_db()
    assert item.winner == main and item.counter_vote.count() == {"ja": 2, "nej": 2, "avstar": 0}
    client.force_login(person("Karin Wanngård").user)
    page = " ".join(client.get(item.get_absolute_url()).text.split())
    assert "Kontrapropositionsvotering begärs" not in page  # no one was named as asking for it
    assert "Följande kontrapropositionsvoteringsproposition godkänns" in page
    assert f"Voteringslista, § {item.number}, kontrapropositionsvotering" in page
    assert (
        "Gabriel Kroons (SD) yrkande är därmed motförslag" not in page
    )  # the chair voted nej: Naddebo's
    assert "Jonas Naddebos (C) yrkande är därmed motförslag i huvudvoteringen." in page


def test_in_kf_a_third_of_those_present_have_a_case_sent_back_once(stockholm):
    from meetings.models import Yrkande

    motion = at_ks("Motion om minoriteten")
    ks_held()
    motion.case.refresh_from_db()
    kf_day = TODAY + datetime.timedelta(days=30)
    item, (wanngard, jonsson, kroon, naddebo) = opened_with("Kommunfullmäktige", motion, kf_day)
    back = services.yrkande_add(
        item=item,
        mover=kroon,
        text="återremiss för att utreda kostnaderna",
        items=[],
        supporters=[naddebo],
        kind=Yrkande.Kind.SEND_BACK,
    )
    services.yrkande_add(item=item, mover=wanngard, text="bifall till förslaget", items=[])
    with pytest.raises(
        ValidationError, match="2 av 4 närvarande begär att ärendet ska återremitteras"
    ):
        services.item_decide(item=item, winner=None, outcome="bifall", now=at(kf_day, 10))
    ks_step = motion.case.chain().get(body__name="Kommunstyrelsen")
    services.item_decide(
        item=item, send_back=True, back_to=ks_step, back_reason=back.text, now=at(kf_day, 10)
    )
    item.refresh_from_db()
    assert item.minority and item.sent_back
    # back at KS, then at KF again: the minority cannot have it sent back a second time
    run_meeting(
        meeting_at("Kommunstyrelsen", kf_day + datetime.timedelta(days=1)),
        serving=[person(n) for n in KS_SERVING],
        chair=person("Karin Wanngård"),
        justerare=[person("Jan Jonsson")],
    )
    motion.case.refresh_from_db()
    again_day = kf_day + datetime.timedelta(days=30)
    again, _ = opened_with("Kommunfullmäktige", motion, again_day)
    services.yrkande_add(
        item=again,
        mover=kroon,
        text="återremiss igen",
        items=[],
        supporters=[naddebo],
        kind=Yrkande.Kind.SEND_BACK,
    )
    services.item_decide(
        item=again, outcome="avslag", now=at(again_day, 10)
    )  # the matter is decided today
    again.refresh_from_db()
    assert again.decision.items == ["Motionen bifalls."] and not again.minority
    motion.case.refresh_from_db()
    assert motion.case.status == Status.DECIDED


def test_before_the_kallelse_the_agenda_is_reordered_and_an_item_removed(
    stockholm, client, django_user_model
):
    kf = Meeting.objects.get(
        body__name="Kommunfullmäktige", date=TODAY + datetime.timedelta(days=7)
    )
    services.agenda_add(meeting=kf, title="Val av justerare", proposal=["Justerare väljs."])
    client.force_login(django_user_model.objects.get(username="namndsekreterare"))
    titles = lambda: list(kf.agenda_items.order_by("position").values_list("position", "title"))  # noqa: E731
    first, hand, val = (i.pk for i in kf.agenda_items.order_by("position"))
    page = client.get(f"/sammantraden/{kf.pk}/").text
    assert 'aria-label="Flytta upp punkt 3, Val av justerare"' in page
    client.post(f"/sammantraden/{kf.pk}/punkter/{val}/andra/", {"action": "upp"})
    assert [t for _, t in titles()][1] == "Val av justerare"
    client.post(f"/sammantraden/{kf.pk}/punkter/{hand}/andra/", {"action": "ta-bort"})
    assert [p for p, _ in titles()] == [1, 2] and "Anmälan av nya motioner" not in [
        t for _, t in titles()
    ]
    services.meeting_send_kallelse(meeting=kf, now=at(TODAY, 8))
    response = client.post(
        f"/sammantraden/{kf.pk}/punkter/{first}/andra/", {"action": "ta-bort"}, follow=True
    )
    assert "Kallelsen är skickad" in response.text and len(titles()) == 2
    late = services.agenda_add(meeting=kf, title="Extra ärende", proposal=["Noteras."])
    assert (
        late.added_late
        and "(tillagd efter kallelsen)" in client.get(f"/sammantraden/{kf.pk}/").text
    )


def test_a_meetings_state_is_what_happened(stockholm, client):
    practice = Meeting.objects.get(
        body__name="Arbetsmarknadsnämnden", date=TODAY
    )  # decided on the case page
    kf = Meeting.objects.get(
        body__name="Kommunfullmäktige", date=TODAY + datetime.timedelta(days=7)
    )
    rows = {" ".join(r.split()) for r in client.get("/sammantraden/").text.split("<tr>")}
    assert any(
        f"{TODAY:%Y-%m-%d}" in r
        and "Arbetsmarknadsnämnden" in r
        and "protokoll utanför systemet" in r
        for r in rows
    )
    assert any(f"{kf.date:%Y-%m-%d}" in r and "planerat" in r for r in rows)
    page = client.get(f"/sammantraden/{practice.pk}/").text
    assert "Kallelsen är inte skickad" not in page and "Protokollet förs utanför systemet" in page


def test_a_member_cannot_announce_a_reservation_after_the_meeting_is_closed(stockholm, client):
    motion = at_ks("Motion om sena reservationer")
    ks = run_meeting(
        meeting_at("Kommunstyrelsen", TODAY + datetime.timedelta(days=1)),
        serving=[person(n) for n in KS_SERVING],
        chair=person("Karin Wanngård"),
        justerare=[person("Jan Jonsson")],
    )
    decision = motion.case.decisions.get(meeting=ks)
    client.force_login(person("Jonas Naddebo").user)
    with time_machine.travel(at(ks.date, 16)):
        assert "Anmäl reservation" not in client.get("/mina-beslut/").text
        with pytest.raises(ValidationError, match="innan det avslutas"):
            statement_announce(
                decision=decision,
                kind="reservation",
                author=person("Jonas Naddebo"),
                by_clerk=False,
                at=at(ks.date, 16),
            )
    assert not decision.statements.exists()


def test_ks_documents_are_fastställda_once_ks_minutes_are_justerade_and_signed(stockholm, client):
    motion = at_ks("Motion om fastställelse")
    ks = run_meeting(
        meeting_at("Kommunstyrelsen", TODAY + datetime.timedelta(days=1)),
        serving=[person(n) for n in KS_SERVING],
        chair=person("Karin Wanngård"),
        justerare=[person("Jan Jonsson")],
    )
    for name in ("Karin Wanngård", "Jan Jonsson"):
        services.meeting_justera(
            meeting=ks, person=person(name), by=person(name).user, now=at(ks.date, 16)
        )
    utlatande = Utlatande.objects.get(motion=motion)
    assert utlatande.frozen_document is not None  # no cron needed
    assert "UTKAST" not in client.get(f"/arenden/{motion.case.slug}/utlatande/").text.upper()


def test_a_meeting_whose_decisions_were_entered_on_the_cases_is_not_opened_here(
    stockholm, client, django_user_model
):
    practice = Meeting.objects.get(
        body__name="Kommunstyrelsen", date=TODAY
    )  # make run's practice meeting
    at_ks("Motion om ett andra protokoll")
    serving = [person(n) for n in KS_SERVING]
    with pytest.raises(ValidationError, match="protokollet förs utanför systemet"):
        services.agenda_build(meeting=practice)
    with pytest.raises(ValidationError, match="protokollet förs utanför systemet"):
        services.meeting_open(
            meeting=practice,
            serving=serving,
            chair=serving[0],
            justerare=[serving[1]],
            justering_deadline=at(TODAY + datetime.timedelta(days=3)),
            now=at(TODAY, 9),
        )
    client.force_login(django_user_model.objects.get(username="namndsekreterare"))
    page = client.get(f"/sammantraden/{practice.pk}/").text
    assert "Öppna sammanträdet" not in page and "Skicka kallelsen" not in page


def test_a_meeting_is_not_opened_before_its_day(stockholm):
    at_ks("Motion om framtiden")
    ks = meeting_at("Kommunstyrelsen", TODAY + datetime.timedelta(days=5))
    services.agenda_build(meeting=ks)
    serving = [person(n) for n in KS_SERVING]
    with pytest.raises(ValidationError, match="det öppnas den dagen, inte före"):
        services.meeting_open(
            meeting=ks,
            serving=serving,
            chair=serving[0],
            justerare=[serving[1]],
            justering_deadline=at(ks.date + datetime.timedelta(days=3)),
            now=at(TODAY, 9),
        )
    ks.refresh_from_db()
    assert ks.opened_at is None
    with pytest.raises(ValidationError, match="kallelsen skickas före det"):
        services.meeting_send_kallelse(meeting=ks, now=at(ks.date + datetime.timedelta(days=1), 8))


def test_the_kallelse_pdf_is_what_was_sent_whatever_the_agenda_becomes(stockholm):
    kf = Meeting.objects.get(
        body__name="Kommunfullmäktige", date=TODAY + datetime.timedelta(days=7)
    )
    services.meeting_send_kallelse(meeting=kf, now=at(TODAY, 8))
    sent = pdf_text(services.agenda_pdf(meeting=kf))
    services.agenda_add(meeting=kf, title="Extra ärende efter kallelsen", proposal=["Noteras."])
    serving = [person(n) for n in KF_SERVING]
    services.meeting_open(
        meeting=kf,
        serving=serving,
        chair=serving[0],
        justerare=[serving[1]],
        justering_deadline=at(kf.date + datetime.timedelta(days=3)),
        now=at(kf.date, 9),
    )
    kf.refresh_from_db()
    again = pdf_text(services.agenda_pdf(meeting=kf))
    assert again == sent and "Extra ärende efter kallelsen" not in again and "§" not in again


def test_a_years_archive_leaves_out_a_case_whose_justerade_minutes_are_not_yet_signed(
    stockholm, settings, tmp_path
):
    from archive.services import archivable_in
    from casework.services import meeting_set_justering

    motion = at_ks("Motion om arkivet")
    meeting_set_justering(
        meeting=meeting_at("Borgarrådsberedningen", TODAY), deadline=at(TODAY, 12)
    )
    serving = [person(n) for n in KS_SERVING]
    ks = run_meeting(
        meeting_at("Kommunstyrelsen", KS_DAY),
        serving=serving,
        chair=serving[0],
        justerare=[serving[1]],
    )
    for signer in serving[:2]:  # justerade and signed
        services.meeting_justera(meeting=ks, person=signer, by=signer.user, now=at(ks.date, 16))
    kf = run_meeting(
        meeting_at("Kommunfullmäktige", KS_DAY + datetime.timedelta(days=1)),
        serving=serving,
        chair=serving[0],
        justerare=[serving[1]],
        decide={motion.case: {"outcome": "bifall"}},
    )
    settings.SIGNING_DIR = tmp_path / "no-certificate-here"
    for signer in serving[:2]:
        services.meeting_justera(meeting=kf, person=signer, by=signer.user, now=at(kf.date, 16))
    with time_machine.travel(at(kf.date, 17)):
        cases, left_out = archivable_in(kf.date.year, timezone.now())
    assert motion.case.dnr in left_out and motion.case not in cases


def test_a_decision_on_the_case_page_is_refused_for_a_planned_kf_meeting(
    stockholm, client, django_user_model
):
    from motions.services import motion_chain_decide

    kf = Meeting.objects.get(
        body__name="Kommunfullmäktige", date=TODAY + datetime.timedelta(days=7)
    )
    reference = Motion.objects.get(case=Case.objects.by_dnr("KS 2023/1387").get())
    with pytest.raises(ValidationError, match="som en paragraf i protokollet"):
        motion_chain_decide(
            motion=reference,
            meeting=kf,
            items=["Motionen besvaras."],
            outcomes={reference.case.pk: "besvarad"},
        )
    reference.case.refresh_from_db()
    assert reference.case.is_open and not kf.decisions.exists()


def test_a_decision_of_a_meeting_not_yet_held_is_refused(stockholm):
    motion = prepared("Motion om en framtida beredning")
    document(motion, "Karin Wanngård")
    into_chain(motion)
    brb = meeting_at("Borgarrådsberedningen", TODAY + datetime.timedelta(days=16))
    with pytest.raises(ValidationError, match="har inte hållits än"):
        motion_chain_decide(
            motion=motion, meeting=brb, items=["Borgarrådsberedningen tillstyrker förslaget."]
        )
    motion.case.refresh_from_db()
    assert motion.case.step.body.name == "Borgarrådsberedningen" and not brb.decisions.exists()


def test_a_reservation_changed_after_the_chairs_justering_voids_it(
    stockholm, django_capture_on_commit_callbacks
):
    from casework.services import statement_write

    motion = at_ks("Motion om en ändrad reservation")
    ks = meeting_at("Kommunstyrelsen", KS_DAY)
    services.agenda_build(meeting=ks)
    serving = [person(n) for n in KS_SERVING]
    chair, justerare, kroon = serving[0], serving[1], person("Gabriel Kroon")
    services.meeting_open(
        meeting=ks,
        serving=serving,
        chair=chair,
        justerare=[justerare],
        justering_deadline=at(KS_DAY + datetime.timedelta(days=3)),
        now=at(KS_DAY, 9),
    )
    services.item_decide(
        item=ks.agenda_items.get(case=motion.case), reserving=[kroon], now=at(KS_DAY, 10)
    )
    services.meeting_close(meeting=ks, ends_at=datetime.time(15))
    statement = MemberStatement.objects.get(decision__meeting=ks)
    statement_write(
        statement=statement,
        person=kroon,
        items=[],
        text="Första texten.",
        at=at(KS_DAY, 15),
        version=statement.version,
    )
    services.meeting_justera(meeting=ks, person=chair, by=chair.user, now=at(KS_DAY, 16))
    statement.refresh_from_db()
    statement_write(  # a handed-in text is final; a draft is changed and handed in after
        statement=statement,
        person=kroon,
        items=[],
        text="En annan text.",
        at=at(KS_DAY, 17),
        version=statement.version,
    )
    statement_submit(statement=statement, person=kroon, at=at(KS_DAY, 17))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_justera(
            meeting=ks, person=justerare, by=justerare.user, now=at(KS_DAY, 18)
        )
    ks.refresh_from_db()
    assert ks.justerad_at is None  # the chair has not approved what would be signed
    assert [m.to for m in mail.outbox if m.subject.startswith("Protokollet har ändrats")] == [
        [chair.user.email]
    ]
    services.meeting_justera(meeting=ks, person=chair, by=chair.user, now=at(KS_DAY, 19))
    ks.refresh_from_db()
    assert ks.justerad_at is not None and "En annan text." in pdf_text(
        bytes(Protocol.objects.get(meeting=ks).pdf)
    )


def test_a_yrkande_recorded_by_mistake_is_removed_before_the_paragraph_is_decided(
    stockholm, client, django_user_model
):
    motion = at_ks("Motion om ett felaktigt yrkande")
    item, (wanngard, jonsson, kroon, naddebo) = opened_with("Kommunstyrelsen", motion)
    wrong = services.yrkande_add(item=item, mover=kroon, text="bifall till fel sak", items=["Fel."])
    client.force_login(django_user_model.objects.get(username="namndsekreterare"))
    page = client.get(item.get_absolute_url()).text
    assert 'aria-label="Ta bort Gabriel Kroons (SD) yrkande"' in page
    response = client.post(
        item.get_absolute_url(), {"form": "remove_proposal", "proposal": wrong.pk}, follow=True
    )
    assert (
        "Gabriel Kroons (SD) yrkande är borttaget." in response.text and not item.yrkanden.exists()
    )
    services.item_decide(item=item, now=at(KS_DAY, 10))
    again = client.post(
        item.get_absolute_url(), {"form": "remove_proposal", "proposal": wrong.pk}, follow=True
    )
    assert "finns inte längre" in again.text


def test_a_case_entered_with_past_dates_runs_through_meeting_justering_and_anslag(sjobacka, client):
    """A municipality bringing its history in: a motion filed in 2025, decided by KS and KF that
    year with minutes kept here, justerade, posted and past its time for appeal."""
    filed, ks_day, kf_day = D(2025, 2, 10), D(2025, 5, 6), D(2025, 6, 16)
    members = [person(n) for n in ("Anna Berg", "Bengt Dahl", "Cecilia Ek", "David Fors")]
    motion = registered("Motion om gamla tider", movers=["Cecilia Ek"], filed=filed)
    motion.case.transition_to(Status.IN_PREPARATION, at=at(filed, 10))
    document(motion, None)
    motion.case.transition_to(Status.IN_DECISION, at=at(D(2025, 4, 1), 10))
    klu = meeting_at("Kommunledningsutskottet", D(2025, 4, 22))
    motion_chain_decide(
        motion=motion, meeting=klu, items=["Utskottet föreslår bifall."], at=at(klu.date, 12)
    )
    for day, body_name, decide in (
        (ks_day, "Kommunstyrelsen", {}),
        (kf_day, "Kommunfullmäktige", {"outcome": "bifall"}),
    ):
        motion.case.refresh_from_db()
        meeting = run_meeting(
            meeting_at(body_name, day),
            serving=members,
            chair=members[0],
            justerare=[members[1]],
            decide={motion.case: decide},
        )
        for signer in members[:2]:
            services.meeting_justera(
                meeting=meeting, person=signer, by=signer.user, now=at(day, 16)
            )
        services.meeting_post_anslag(
            meeting=meeting,
            posted_on=day + datetime.timedelta(days=1),
            kept_at="Kommunledningskontoret",
            today=TODAY,
        )
    motion.case.refresh_from_db()
    assert motion.case.status == Status.DECIDED
    events = list(motion.case.events.order_by("at").values_list("at", flat=True))
    assert all(event.date() < TODAY for event in events)  # nothing stamped with today
    assert max(events) == at(kf_day, 10)
    page = client.get(motion.case.get_absolute_url()).text
    assert "Beslutet vann laga kraft" in page
