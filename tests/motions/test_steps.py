"""Each step's form: it does the step, or answers bad input in Swedish beside the field and saves nothing."""

import datetime
import uuid

import pytest

from casework import roles
from casework.models import Case, ChainStep, Decision, Meeting, MemberStatement
from casework.workflow import Status
from motions.models import Motion, Utlatande
from referrals.models import OfficerReport, Referral
from rotlar.models import CaseRotel, rotel_of

D = datetime.date


@pytest.fixture
def clerk(client, world, user_with_role):
    """A signed-in user allowed every step (administratör)."""
    client.force_login(user_with_role(roles.ADMINISTRATOR))
    return client


def register_data(world, **overrides):
    data = {
        "registry": world.registry.pk,
        "title": "Motion om fler cykelbanor",
        "first_mover": world.kroon.pk,
        "filed_on": "2024-02-12",
        "registered_on": "2024-02-14",
        "rotel": world.rotel.pk,
        "att_satser": "att bygga fler cykelbanor\n\natt måla dem röda",
        "text": "Cyklar är bra.\x07",
        "registration_key": str(uuid.uuid4()),  # the form's one-time key, as the page gives it
    }
    return {**data, **overrides}


def test_a_registrator_registers_a_motion(client, world, user_with_role):
    client.force_login(user_with_role(roles.REGISTRATOR))
    response = client.post(
        "/arenden/ny-motion/", register_data(world, co_movers=[world.jonsson.pk])
    )
    motion = Motion.objects.get()
    assert response.status_code == 302 and response["Location"] == "/arenden/KS-2024-1/"
    assert motion.att_satser == ["att bygga fler cykelbanor", "att måla dem röda"]
    assert motion.text == "Cyklar är bra."
    assert motion.movers_display == "Gabriel Kroon (SD) m.fl."  # Stockholm names one mover
    assert motion.number == ""  # Stockholm's motions have no series of their own
    page = client.get(response["Location"])
    assert "Motionen har registrerats med diarienummer KS 2024/1." in page.text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_mover": ""}, "first_mover", "Ange vem som väckt ärendet."),
        ({"title": "   "}, "title", "Detta fält måste fyllas i."),
        ({"number": "39/2008"}, "number", "Motionsnumret skrivs ÅÅÅÅ:N, t.ex. 2008:39."),
        ({"filed_on": "2024-13-45"}, "filed_on", "Fyll i ett giltigt datum."),
        (
            {"registered_on": "2024-02-01"},
            "registered_on",
            "Ärendet kan inte registreras före det väcktes.",
        ),
    ],
)
def test_registration_refuses_bad_input_beside_the_field(clerk, world, overrides, field, message):
    response = clerk.post("/arenden/ny-motion/", register_data(world, **overrides))
    assert response.status_code == 400
    assert message in response.text
    assert f'id="id_{field}_error"' in response.text
    assert not Case.objects.exists()


def test_refer_to_several_bodies_at_once(clerk, world):
    case = world.motion().case
    response = clerk.post(
        f"/arenden/{case.slug}/remittera/",
        {
            "sent_on": "2023-10-10",
            "remiss-TOTAL_FORMS": "3",
            "remiss-INITIAL_FORMS": "0",
            "remiss-0-body": world.sn.pk,
            "remiss-0-due_on": "2024-03-31",
            "remiss-1-body": world.slk.pk,
            "remiss-1-due_on": "2024-04-30",
            "remiss-2-body": "",
            "remiss-2-due_on": "2024-04-30",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REFERRED
    assert [(r.body.name, r.due_on) for r in case.referrals.all()] == [
        ("Socialnämnden", D(2024, 3, 31)),
        ("Stadsledningskontoret", D(2024, 4, 30)),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            {"remiss-0-body": "", "remiss-0-due_on": "", "remiss-1-body": ""},
            "Välj minst en remissinstans.",
        ),
        (
            {"remiss-0-body": "SN", "remiss-0-due_on": "2023-10-01"},
            "Svarsdatumet för Socialnämnden (2023-10-01) ligger före den dag remissen skickas "
            "(2023-10-10).",
        ),
    ],
)
def test_refer_refuses_bad_rows_and_saves_none(clerk, world, rows, message):
    case = world.motion().case
    data = {
        "sent_on": "2023-10-10",
        "remiss-TOTAL_FORMS": "2",
        "remiss-INITIAL_FORMS": "0",
        "remiss-1-body": world.slk.pk,
        "remiss-1-due_on": "2024-04-30",
        **rows,
    }
    if data["remiss-0-body"] == "SN":
        data["remiss-0-body"] = world.sn.pk
    response = clerk.post(f"/arenden/{case.slug}/remittera/", data)
    assert response.status_code == 400 and message in response.text
    assert not Referral.objects.exists()
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


@pytest.fixture
def referred(world):
    from referrals.services import referral_send

    motion = world.motion()
    referral_send(case=motion.case, body=world.slk, sent_on=D(2023, 10, 10), due_on=D(2024, 4, 30))
    referral_send(case=motion.case, body=world.sn, sent_on=D(2023, 10, 10), due_on=D(2024, 3, 31))
    motion.case.transition_to(Status.REFERRED, at=motion.case.moment_of(D(2023, 10, 10)))
    return motion


def test_an_office_answer_is_recorded(clerk, world, referred):
    slk = referred.case.referrals.get(body=world.slk)
    response = clerk.post(
        f"/arenden/{referred.case.slug}/remissvar/skriftligt/",
        {
            "referral": slk.pk,
            "dated": "2024-04-15",
            "text": "Första stycket.\r\n\r\n\r\nAndra stycket.  ",
            "proposed_items": "Motionen anses besvarad.",
        },
    )
    assert response.status_code == 302
    report = OfficerReport.objects.get()
    assert report.text == "Första stycket.\n\nAndra stycket."
    assert report.proposed_items == ["Motionen anses besvarad."]


def committee_data(world, referral, **overrides):
    data = {
        "referral": referral.pk,
        "meeting_date": "2024-03-19",
        "justering_deadline": "2024-03-26T12:00",
        "items": "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.",
        "report_dated": "2024-03-04",
        "report_text": "Förvaltningens text.",
        "uttalande-TOTAL_FORMS": "2",
        "uttalande-INITIAL_FORMS": "0",
        "uttalande-0-kind": "reservation",
        "uttalande-0-first_author": world.kroon.pk,
        "uttalande-0-items": "att socialnämnden tillstyrker motionen, samt\natt därutöver anföra följande:",
        "uttalande-0-text": "Motivering.",
        "uttalande-1-kind": "sarskilt_uttalande",
        "uttalande-1-first_author": world.jonsson.pk,
        "uttalande-1-text": "Uttalande.",
    }
    return {**data, **overrides}


def test_a_committee_answer_with_its_reservation_and_statement(clerk, world, referred):
    sn = referred.case.referrals.get(body=world.sn)
    response = clerk.post(
        f"/arenden/{referred.case.slug}/remissvar/namnd/", committee_data(world, sn)
    )
    assert response.status_code == 302
    sn.refresh_from_db()
    assert sn.state == Referral.State.ANSWERED and sn.report.dated == D(2024, 3, 4)
    assert [s.heading for s in sn.decision.statements.all()] == [
        "Reservation av Gabriel Kroon (SD)",
        "Särskilt uttalande av Jan Jonsson (L)",
    ]


def test_a_committee_answer_with_a_statement_by_a_non_member_saves_nothing(clerk, world, referred):
    sn = referred.case.referrals.get(body=world.sn)
    data = committee_data(world, sn, **{"uttalande-1-first_author": world.outsider.pk})
    response = clerk.post(f"/arenden/{referred.case.slug}/remissvar/namnd/", data)
    assert response.status_code == 400
    assert "Olle Utanför" not in response.text  # not offered: only the committee's members are
    assert 'id="id_uttalande-1-first_author_error"' in response.text
    assert (
        not Decision.objects.exists()
        and not MemberStatement.objects.exists()
        and not Meeting.objects.exists()
    )
    sn.refresh_from_db()
    assert sn.state == Referral.State.SENT


def test_a_committee_answer_with_a_statement_the_law_refuses_saves_nothing(clerk, world, referred):
    # Jonsson has sat in socialnämnden, so the form offers him, but not on the meeting's day.
    world.jonsson.memberships.filter(body=world.sn).update(ends_on=D(2024, 1, 31))
    sn = referred.case.referrals.get(body=world.sn)
    response = clerk.post(
        f"/arenden/{referred.case.slug}/remissvar/namnd/", committee_data(world, sn)
    )
    assert response.status_code == 400
    assert "Inget sparades: rätta reservationerna och uttalandena nedan." in response.text
    assert (
        "Jan Jonsson var inte ledamot eller ersättare i socialnämnden den 2024-03-19."
        in response.text
    )
    assert (
        not Decision.objects.exists()
        and not MemberStatement.objects.exists()
        and not Meeting.objects.exists()
    )
    sn.refresh_from_db()
    assert sn.state == Referral.State.SENT and sn.decision is None


def test_a_committee_answer_with_a_report_dated_after_the_meeting_is_refused(
    clerk, world, referred
):
    sn = referred.case.referrals.get(body=world.sn)
    response = clerk.post(
        f"/arenden/{referred.case.slug}/remissvar/namnd/",
        committee_data(world, sn, report_dated="2024-03-20"),
    )
    assert response.status_code == 400
    assert (
        "Tjänsteutlåtandet kan inte vara daterat efter sammanträdet som antar det." in response.text
    )
    assert 'id="id_report_dated_error"' in response.text
    assert not Decision.objects.exists()


def draft_data(world, referral_ids=(), **overrides):
    data = {
        "rapporteur": world.wanngard.pk,
        "proposed_items": "Motionen besvaras.",
        "summary": "Sammanfattning.",
        "views": "Synpunkter.",
        "matter": "Ärendet.",
        "version": "",
    }
    for pk in referral_ids:
        data[f"summary_{pk}"] = f"Svar {pk}."
    return {**data, **overrides}


def test_the_draft_is_saved_and_a_stale_edit_is_refused_with_the_newer_version(
    clerk, world, referred, client, user_with_role
):
    tasks = f"/arenden/{referred.case.slug}/utlatande/redigera/"
    url = tasks + "sammanfattning/"
    ids = list(referred.case.referrals.values_list("pk", flat=True))
    saved = clerk.post(tasks + "beredning/", draft_data(world, ids))
    assert saved.status_code == 302 and saved["Location"] == tasks  # back to the task list
    utlatande = Utlatande.objects.get()
    assert utlatande.version == 1 and utlatande.preparation.count() == 2
    assert utlatande.summary == ""  # only the section's own parts are saved
    first = clerk.post(
        url, draft_data(world, ids, version="1", summary="Första handläggarens text.")
    )
    assert first.status_code == 302
    second = clerk.post(
        url, draft_data(world, ids, version="1", summary="Andra handläggarens text.")
    )
    assert second.status_code == 409
    assert "Någon annan har sparat utlåtandet medan du skrev." in second.text
    assert "<mark>Första</mark> handläggarens text." in second.text  # the saved version, marked
    assert "<mark>Andra</mark> handläggarens text." in second.text  # beside the clerk's own
    assert (
        'name="valj_summary"' in second.text and 'name="valj_views"' not in second.text
    )  # only what differs
    utlatande.refresh_from_db()
    assert (utlatande.summary, utlatande.version) == ("Första handläggarens text.", 2)
    # The second clerk takes the saved summary.
    third = clerk.post(
        url,
        draft_data(
            world, ids, version="2", summary="Andra handläggarens text.", valj_summary="sparad"
        ),
    )
    assert third.status_code == 302
    utlatande.refresh_from_db()
    assert (utlatande.summary, utlatande.version) == ("Första handläggarens text.", 3)
    assert utlatande.preparation.count() == 2  # the other sections keep what was saved


def test_moving_on_with_an_incomplete_draft_names_what_is_missing(clerk, world, referred):
    Case.objects.filter(pk=referred.case.pk).update(status=Status.IN_PREPARATION)
    response = clerk.post(
        f"/arenden/{referred.case.slug}/skede/", {"to_status": Status.IN_DECISION}
    )
    assert response.status_code == 400 and "Utlåtandet har inte skrivits ännu." in response.text


def test_the_last_decision_of_the_chain_needs_an_outcome(clerk, world, referred):
    kf = ChainStep.chain("motion").last()
    Case.objects.filter(pk=referred.case.pk).update(status=Status.IN_DECISION, step=kf)
    response = clerk.post(
        f"/arenden/{referred.case.slug}/beslut/",
        {"meeting_date": "2024-06-17", "items": "Motionen besvaras."},
    )
    assert response.status_code == 400 and 'id="id_outcome_error"' in response.text
    assert Case.objects.get().status == Status.IN_DECISION


def decision_data(world, **overrides):
    data = {
        "meeting_date": "2024-06-17",
        "items": "Motionen besvaras.",
        "outcome": "besvarad",
        "reservation-TOTAL_FORMS": "2",
        "reservation-INITIAL_FORMS": "0",
        "reservation-0-kind": "reservation",
        "reservation-0-first_author": world.kroon.pk,
        "reservation-0-items": "att bifalla motionen",
        "reservation-0-text": "Motivering.",
        "reservation-1-kind": "reservation",
        "reservation-1-first_author": world.jonsson.pk,
        "reservation-1-items": "att avslå motionen",
        "reservation-1-text": "Motivering.",
    }
    return {**data, **overrides}


def test_a_decision_is_registered_with_its_reservations(clerk, world, referred):
    kf = ChainStep.chain("motion").last()
    Case.objects.filter(pk=referred.case.pk).update(status=Status.IN_DECISION, step=kf)
    response = clerk.post(f"/arenden/{referred.case.slug}/beslut/", decision_data(world))
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert [s.heading for s in decision.statements.all()] == [
        "Reservation av Gabriel Kroon (SD)",
        "Reservation av Jan Jonsson (L)",
    ]
    assert Case.objects.get().status == Status.DECIDED


def test_a_decision_with_a_reservation_the_law_refuses_saves_nothing(clerk, world, referred):
    # Jonsson has sat in fullmäktige, so the form offers him, but not on the meeting's day.
    world.jonsson.memberships.filter(body=world.kf).update(ends_on=D(2024, 5, 31))
    kf = ChainStep.chain("motion").last()
    Case.objects.filter(pk=referred.case.pk).update(status=Status.IN_DECISION, step=kf)
    response = clerk.post(f"/arenden/{referred.case.slug}/beslut/", decision_data(world))
    assert response.status_code == 400
    assert "Inget sparades: rätta reservationerna nedan." in response.text
    assert (
        "Jan Jonsson var inte ledamot eller ersättare i kommunfullmäktige den 2024-06-17."
        in response.text
    )
    assert (
        not Decision.objects.exists()
        and not MemberStatement.objects.exists()
        and not Meeting.objects.exists()
    )
    case = Case.objects.get()
    assert case.status == Status.IN_DECISION and case.motion.outcome == ""


def test_withdrawing_needs_a_reason_and_closes_the_case(clerk, world, referred):
    url = f"/arenden/{referred.case.slug}/aterkalla/"
    assert clerk.post(url, {"note": ""}).status_code == 400
    assert clerk.post(url, {"note": "Motionären har återkallat motionen."}).status_code == 302
    case = Case.objects.get()
    assert case.status == Status.WITHDRAWN
    assert case.events.last().note == "Motionären har återkallat motionen."


@pytest.mark.parametrize(
    ("role", "path", "expected"),
    [
        (None, "/arenden/ny-motion/", 302),
        (roles.POLITIKER, "/arenden/ny-motion/", 403),
        (roles.HANDLAGGARE, "/arenden/ny-motion/", 403),
        (roles.REGISTRATOR, "/arenden/ny-motion/", 200),
        (roles.REGISTRATOR, "/arenden/KS-2023-1/utlatande/redigera/", 403),
        (roles.HANDLAGGARE, "/arenden/KS-2023-1/utlatande/redigera/", 200),
        (roles.NAMNDSEKRETERARE, "/arenden/KS-2023-1/remissvar/namnd/", 200),
        (roles.NAMNDSEKRETERARE, "/arenden/KS-2023-1/remittera/", 403),
        (roles.POLITIKER, "/arenden/KS-2023-1/aterkalla/", 403),
    ],
)
def test_each_role_gets_only_its_own_steps(
    client, world, referred, user_with_role, role, path, expected
):
    if role:
        client.force_login(user_with_role(role))
    assert client.get(path).status_code == expected


def test_the_case_page_offers_only_the_steps_the_role_and_workflow_allow(
    client, world, referred, user_with_role
):
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    page = client.get(referred.case.get_absolute_url()).text
    assert "Registrera nämndens remissvar" in page
    assert ">Remittera</a>" not in page and ">Återkalla</a>" not in page
    assert "Remissvar (0 av 2 inkomna)" in page


def statement_rows(prefix, world, count, total):
    """`count` filled statement rows among `total` rows; the rest untouched, as a browser posts them."""
    people = [world.kroon, world.jonsson]
    data = {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    for i in range(total):
        filled = i < count
        data.update(
            {
                f"{prefix}-{i}-kind": "sarskilt_uttalande" if filled else "",
                f"{prefix}-{i}-first_author": people[i % 2].pk if filled else "",
                f"{prefix}-{i}-items": "",
                f"{prefix}-{i}-text": f"Uttalande {i}." if filled else "",
            }
        )
    return data


@pytest.mark.parametrize(("count", "total"), [(0, 2), (1, 2), (2, 2), (1, 4), (5, 6)])
def test_a_committee_answer_saves_any_number_of_statements_and_skips_untouched_rows(
    clerk, world, referred, count, total
):
    sn = referred.case.referrals.get(body=world.sn)
    data = committee_data(world, sn)
    data = {k: v for k, v in data.items() if not k.startswith("uttalande-")}
    data.update(statement_rows("uttalande", world, count, total))
    response = clerk.post(f"/arenden/{referred.case.slug}/remissvar/namnd/", data)
    assert response.status_code == 302, response.text
    sn.refresh_from_db()
    assert sn.decision.statements.count() == count


def test_more_rows_come_back_with_everything_typed_and_nothing_saved(clerk, world, referred):
    sn = referred.case.referrals.get(body=world.sn)
    data = {**committee_data(world, sn), "fler_rader": "1"}
    response = clerk.post(f"/arenden/{referred.case.slug}/remissvar/namnd/", data)
    assert response.status_code == 200
    assert 'name="uttalande-TOTAL_FORMS" value="4"' in response.text
    assert "Motivering." in response.text and "Förvaltningens text." in response.text
    assert "Detta fält måste fyllas i." not in response.text
    assert not Decision.objects.exists()


def test_a_thousand_posted_rows_are_refused_without_reading_them(
    clerk, world, referred, django_assert_max_num_queries
):
    data = {"sent_on": "2023-10-10", "remiss-TOTAL_FORMS": "1000", "remiss-INITIAL_FORMS": "0"}
    for i in range(1000):
        data[f"remiss-{i}-body"] = world.sn.pk
        data[f"remiss-{i}-due_on"] = "2024-03-31"
    with django_assert_max_num_queries(20):
        response = clerk.post(f"/arenden/{referred.case.slug}/remittera/", data)
    assert response.status_code == 400
    assert referred.case.referrals.count() == 2


def test_a_refused_form_sums_up_its_errors_at_the_top_with_links_and_fel_in_the_title(clerk, world):
    response = clerk.post(
        "/arenden/ny-motion/", register_data(world, title="", filed_on="2024-13-45")
    )
    assert response.status_code == 400
    page = response.text
    assert "<title>Fel: Registrera ett ärende – Motionsärenden</title>" in page
    summary = page[page.index('id="fel"') : page.index("</ul>", page.index('id="fel"'))]
    assert '<a href="#id_title">Ärendemening: Detta fält måste fyllas i.</a>' in summary
    assert '<a href="#id_filed_on">' in summary
    assert ">Registrera ärendet</button>" in page and ">Avbryt</a>" in page


def test_the_editor_lists_the_sections_in_the_order_of_the_document(clerk, world, referred):
    page = clerk.get(f"/arenden/{referred.case.slug}/utlatande/redigera/").text
    headings = [
        "Rubrik",
        "Förslag till beslut",
        "Sammanfattning av ärendet",
        "Beredning",
        "Föredragande borgarrådets synpunkter",
        "Bilagor",
        "Ärendet",
    ]
    positions = [page.index(f'">{heading}</a>') for heading in headings]
    assert positions == sorted(positions)
    assert page.count("Inte påbörjad") == len(headings)
    assert "Förhandsgranska utlåtandet" in page


def test_a_case_registered_without_a_rotel_gets_one_afterwards_and_can_move_on(
    clerk, world, referred
):
    from casework.models import Case as CaseModel

    CaseRotel.objects.filter(case=referred.case).delete()
    url = f"/arenden/{referred.case.slug}/uppgifter/"
    assert "Ändra ärendets uppgifter" in clerk.get(referred.case.get_absolute_url()).text
    response = clerk.post(url, {"title": "Motion om något annat", "rotel": world.rotel.pk})
    assert response.status_code == 302
    case = CaseModel.objects.get(pk=referred.case.pk)
    assert (case.title, rotel_of(case)) == ("Motion om något annat", world.rotel)
    assert clerk.post(url, {"title": ""}).status_code == 400
    history = clerk.get(f"/arenden/{case.slug}/historik/").text
    assert "”Motion om något” → ”Motion om något annat”" in history


def test_a_skrivelse_names_its_signers_undertecknare_not_motionär(clerk, world):
    from motions import kinds

    skrivelse = world.motion(title="Skrivelse om parkbänkar", kind=kinds.SKRIVELSE)
    motion = world.motion(title="Motion om parkbänkar")
    assert skrivelse.mover_label == "Undertecknare"
    assert motion.mover_label == "Motionär"
    page = clerk.get(skrivelse.case.get_absolute_url()).text
    assert "<dt>Undertecknare</dt>" in page and "<dt>Motionär</dt>" not in page
    assert "<dt>Motionär</dt>" in clerk.get(motion.case.get_absolute_url()).text


def test_an_office_s_proposed_att_satser_follow_beslutar_följande_not_a_second_att(clerk, world):
    from referrals.services import referral_answer_by_report, referral_send

    motion = world.prepared_motion()
    referral = referral_send(
        case=motion.case, body=world.sof, sent_on=D(2023, 10, 1), due_on=D(2024, 1, 31)
    )
    referral_answer_by_report(
        referral=referral,
        dated=D(2023, 12, 1),
        text="Förvaltningen har inget att invända.",
        proposed_items=["att bifalla motionen"],
    )
    page = clerk.get(f"/arenden/{motion.case.slug}/utlatande/").text
    assert "Socialförvaltningen föreslår att kommunfullmäktige beslutar följande." in page
    assert "beslutar att</p>" not in page
