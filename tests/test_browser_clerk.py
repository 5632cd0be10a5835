"""A clerk enters the whole reference case KS 2023/1387 through the pages, in Debian's Chromium.

The result must hold the same data as load_demo, compared field by field.
"""

import re
import shutil

import pytest
from django.core.management import call_command

from casework import roles
from casework.models import Case, Person
from motions import demo
from rotlar.models import rotel_of
from tests.test_browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def snapshot() -> dict:
    """Everything the case holds, as plain values, independent of ids and timestamps."""
    case = Case.objects.get()
    motion, utlatande = case.motion, case.motion.utlatande

    def names(people):
        return [p.full_name for p in people]

    def decision(d):
        return d and (
            d.body.name,
            d.date,
            d.meeting.justering_deadline,
            d.items,
            [(s.kind, names(s.ordered_authors), s.items, s.text) for s in d.statements.all()],
        )

    return {
        "case": (case.dnr, case.title, case.status, case.registered_on, rotel_of(case).numeral),
        "motion": (
            motion.number,
            motion.filed_on,
            motion.text,
            motion.att_satser,
            names(motion.ordered_movers),
        ),
        "referrals": [
            (
                r.body.name,
                r.sent_on,
                r.due_on,
                r.state,
                decision(r.decision),
                (r.report.office.name, r.report.dated, r.report.text, r.report.proposed_items),
            )
            for r in case.referrals.all()
        ],
        "documents": [
            (d.number, d.dated, d.kind, d.title, d.counterpart) for d in case.documents.all()
        ],
        "events": [(e.from_status, e.to_status, e.at.date()) for e in case.events.all()],
        "step": str(case.step),
        "utlatande": (
            utlatande.number,
            utlatande.rapporteur.full_name,
            utlatande.proposed_items,
            utlatande.summary,
            utlatande.views,
            utlatande.matter,
            [d.number for d in utlatande.attachments.all()],
            [(p.referral.body.name, p.text) for p in utlatande.preparation.all()],
            [decision(d) for d in utlatande.chain_decisions],
            utlatande.signatory.full_name,
            utlatande.signatory_title,
        ),
    }


def field(page, name):
    return page.locator(f"#id_{name}")


def submit(page):
    """The form's own button: it says what it does ("Registrera motionen", "Remittera", …)."""
    page.locator("form.form p.actions button[type=submit]").click()
    page.wait_for_load_state()


def log_in(page, url, username):
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("demo")
    page.get_by_role("button", name="Logga in").click()


def log_out(page):
    page.get_by_role("button", name="Logga ut").click()


def step(page, name):
    page.get_by_role("navigation", name="Nästa steg").get_by_role(
        "link", name=name, exact=True
    ).click()
    assert_accessible(page)


def section(page, heading):
    """Open one section of the document from its task list."""
    page.get_by_role("list").get_by_role("link", name=heading, exact=True).click()
    page.wait_for_load_state()


def pick(page, name, person):
    """Pick a person by typing, as a clerk does in the autocomplete (names show with party)."""
    box = page.locator(f"input#id_{name}")  # the autocomplete's box, once the script has made it
    box.fill(person.split()[-1][:4])
    page.get_by_role("option", name=re.compile("^" + re.escape(person) + " ")).click()


def check_people(page, name, people):
    for person in people:
        first, last = person.split(" ", 1)
        pk = Person.objects.get(first_name=first, last_name=last).pk
        page.locator(f"input[name='{name}'][value='{pk}']").check()


def fill_statements(page, prefix, statements):
    for i, (kind, authors, items, text) in enumerate(statements):
        field(page, f"{prefix}-{i}-kind").select_option(kind)
        pick(page, f"{prefix}-{i}-first_author", authors[0])
        if authors[1:]:
            check_people(page, f"{prefix}-{i}-co_authors", authors[1:])
        field(page, f"{prefix}-{i}-items").fill("\n".join(items))
        field(page, f"{prefix}-{i}-text").fill(text)


def committee_answer(page, body, meeting, justering, items, report_dated, report_text, statements):
    step(page, "Registrera nämndens remissvar")
    field(page, "referral").select_option(label=body)
    field(page, "meeting_date").fill(meeting)
    field(page, "justering_deadline").fill(justering)
    field(page, "items").fill("\n".join(items))
    field(page, "report_dated").fill(report_dated)
    field(page, "report_text").fill(report_text)
    fill_statements(page, "uttalande", statements)
    submit(page)
    assert page.get_by_role("status").is_visible()


@pytest.mark.django_db(transaction=True)
def test_a_clerk_enters_the_reference_case_and_it_equals_the_demo_data(
    page, live_server, user_with_role
):
    demo.load_reference_data()
    for role, username in [
        (roles.REGISTRATOR, "registrator"),
        (roles.NAMNDSEKRETERARE, "namndsekreterare"),
        (roles.HANDLAGGARE, "handlaggare"),
    ]:
        user_with_role(role, username)
    url = live_server.url
    R = "Reservation"

    log_in(page, url, "registrator")
    assert page.get_by_role("heading", name="Start", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Registrera ett ärende").first.click()
    assert_accessible(page)
    submit(page)  # empty: every required field says so, in Swedish, beside the field
    assert field(page, "title_error").inner_text() == "Detta fält måste fyllas i."
    assert_accessible(page)
    field(page, "title").fill(demo.TITLE)
    pick(page, "first_mover", "Gabriel Kroon")
    field(page, "filed_on").fill("2023-09-25")
    field(page, "registered_on").fill("2023-09-27")
    field(page, "sequence").fill("1387")
    field(page, "rotel").select_option(label="Rotel I")
    field(page, "att_satser").fill(
        "att kommunfullmäktige ger berörda nämnder i uppdrag att vara en aktiv part med ambitionen att delta "
        "i gemensamma projekt med Migrationsverket kring frivillig återvandring"
    )
    submit(page)
    assert page.get_by_text("Motionen har registrerats med diarienummer KS 2023/1387.").is_visible()
    assert_accessible(page)

    step(page, "Remittera")
    field(page, "sent_on").fill("2023-10-10")
    for i, (body, due) in enumerate(
        [
            ("Stadsledningskontoret", "2024-04-30"),
            ("Arbetsmarknadsnämnden", "2024-03-31"),
            ("Socialnämnden", "2024-03-31"),
        ]
    ):
        field(page, f"remiss-{i}-body").select_option(label=body)
        field(page, f"remiss-{i}-due_on").fill(due)
    submit(page)
    assert page.get_by_text("Remissvar (0 av 3 inkomna)").is_visible()
    log_out(page)

    log_in(page, url, "namndsekreterare")
    page.goto(url + "/arenden/KS-2023-1387/")
    committee_answer(
        page,
        "Socialnämnden",
        "2024-03-19",
        "2024-03-26T12:00",
        demo.SN_DECISION_ITEMS,
        "2024-03-04",
        demo.SOF_REPORT_TEXT,
        [
            (R.lower(), ["Gabriel Kroon"], demo.SN_KROON_ITEMS, demo.SN_KROON_TEXT),
            ("sarskilt_uttalande", ["Jan Jonsson"], [], demo.SN_JONSSON_TEXT),
        ],
    )
    committee_answer(
        page,
        "Arbetsmarknadsnämnden",
        "2024-03-26",
        "2024-04-02T12:00",
        demo.AMN_DECISION_ITEMS,
        "2024-03-14",
        demo.AMF_REPORT_TEXT,
        [
            (
                R.lower(),
                ["Ann-Christine Carlberg"],
                demo.AMN_CARLBERG_ITEMS,
                demo.AMN_CARLBERG_TEXT,
            ),
            ("sarskilt_uttalande", ["Christina Tufvesson"], [], demo.AMN_TUFVESSON_TEXT),
        ],
    )
    log_out(page)

    log_in(page, url, "handlaggare")
    page.goto(url + "/arenden/KS-2023-1387/")
    step(page, "Registrera skriftligt remissvar")
    field(page, "referral").select_option(label="Stadsledningskontoret")
    field(page, "dated").fill("2024-04-15")
    field(page, "text").fill(demo.SLK_REPORT_TEXT)
    field(page, "proposed_items").fill("\n".join(demo.SLK_PROPOSED_ITEMS))
    submit(page)

    step(page, "För ärendet vidare")
    field(page, "to_status").select_option(label="under beredning")
    field(page, "happened_on").fill("2024-04-16")  # entered afterwards, on its own day
    submit(page)

    step(page, "Skriv utlåtandet")  # a task list: one page per section
    section(page, "Rubrik")
    pick(page, "rapporteur", "Karin Wanngård")
    submit(page)
    for heading, name, text in [
        ("Förslag till beslut", "proposed_items", "\n".join(demo.PROPOSED_ITEMS)),
        ("Sammanfattning av ärendet", "summary", demo.SUMMARY),
        ("Föredragande borgarrådets synpunkter", "views", demo.VIEWS),
        ("Ärendet", "matter", demo.MATTER),
    ]:
        section(page, heading)
        field(page, name).fill(text)
        submit(page)
    section(page, "Bilagor")
    page.get_by_label("KS 2023/1387-1 " + demo.TITLE).check()
    submit(page)
    section(page, "Beredning")
    for body, text in [
        ("Stadsledningskontoret", demo.SUMMARY_SLK),
        ("Arbetsmarknadsnämnden", demo.SUMMARY_AMN),
        ("Socialnämnden", demo.SUMMARY_SN),
    ]:
        page.get_by_label(f"Beredning: {body}").fill(text)
    submit(page)
    assert page.get_by_text("Avsnittet beredning är sparat.").is_visible()  # on the task list
    assert page.locator(".task-status.done").count() == 7
    page.get_by_role("link", name="Förhandsgranska utlåtandet").click()
    assert page.get_by_role("heading", name="Sammanfattning av ärendet").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tillbaka till ärendet KS 2023/1387").click()

    step(page, "För ärendet vidare")
    field(page, "to_status").select_option(label="hos borgarrådsberedningen")
    field(page, "happened_on").fill("2024-05-15")
    submit(page)

    step(page, "Registrera borgarrådsberedningens beslut")
    field(page, "meeting_date").fill("2024-05-22")
    submit(page)

    step(page, "Registrera kommunstyrelsens beslut")
    field(page, "meeting_date").fill("2024-06-05")
    field(page, "justering_deadline").fill("2024-06-07T12:00")
    field(page, "items").fill("\n".join(demo.KS_DECISION_ITEMS))
    pick(page, "signatory", "Karin Wanngård")
    fill_statements(
        page,
        "reservation",
        [
            (R.lower(), ["Gabriel Kroon"], demo.KS_KROON_ITEMS, demo.KS_KROON_TEXT),
            (
                R.lower(),
                ["Jan Jonsson", "Jonas Naddebo"],
                demo.KS_JONSSON_NADDEBO_ITEMS,
                demo.KS_JONSSON_NADDEBO_TEXT,
            ),
        ],
    )
    submit(page)
    assert page.get_by_text("Kommunstyrelsens beslut är registrerat.").is_visible()
    assert page.get_by_text("hos kommunfullmäktige").first.is_visible()
    assert_accessible(page)

    entered = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    demo.load_reference_case()
    expected = snapshot()
    for key in expected:
        assert entered[key] == expected[key], key
