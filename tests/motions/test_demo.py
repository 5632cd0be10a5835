import json
import re
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, override_settings

from casework.models import Case, MemberStatement
from casework.workflow import Status
from motions.demo import MORE_TITLES
from rotlar.models import rotel_of

# A copy of the public record in shared/reference, so the tests never depend on that folder.
REFERENCE = Path(settings.BASE_DIR) / "tests" / "data" / "utlatande-KS-2023-1387.md"


def reference_paragraphs() -> list[str]:
    text = REFERENCE.read_text(encoding="utf-8").split("-->", 1)[1]
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def dumped_text() -> str:
    out = StringIO()
    proxies = ["casework.LoginAttempt", "casework.SecondFactorDevice"]  # the libraries' records
    call_command("dumpdata", "casework", "referrals", "motions", exclude=proxies, stdout=out)
    return json.dumps(json.loads(out.getvalue()), ensure_ascii=False)


def test_load_demo_holds_the_case_at_its_real_state(demo):
    case = Case.objects.by_dnr("KS 2023/1387").get()
    assert case.dnr == "KS 2023/1387"
    assert (case.status, case.stage) == (Status.IN_DECISION, "hos kommunfullmäktige")
    assert [d.body.name for d in case.motion.utlatande.chain_decisions] == [
        "Borgarrådsberedningen",
        "Kommunstyrelsen",
    ]
    assert case.motion.movers_display == "Gabriel Kroon (SD)"
    assert rotel_of(case).numeral == "I"
    utlatande = case.motion.utlatande
    assert utlatande.rapporteur.full_name == "Karin Wanngård"
    assert utlatande.signed_on.isoformat() == "2024-06-05"
    assert [r.body.name for r in case.referrals.all()] == [
        "Stadsledningskontoret",
        "Arbetsmarknadsnämnden",
        "Socialnämnden",
    ]
    headings = [
        s.heading for s in MemberStatement.objects.order_by("decision__meeting__date", "kind", "id")
    ]
    assert headings == [
        "Reservation av Gabriel Kroon (SD)",
        "Särskilt uttalande av Jan Jonsson (L)",
        "Reservation av Ann-Christine Carlberg (SD)",
        "Särskilt uttalande av Christina Tufvesson (L)",
        "Reservation av Gabriel Kroon (SD)",
        "Reservation av Jan Jonsson (L) och Jonas Naddebo (C)",
    ]
    joint = MemberStatement.objects.get(authors__last_name="Naddebo")
    assert joint.author_names == "borgarrådet Jan Jonsson (L) och Jonas Naddebo (C)"
    assert joint.pronoun == "Vi"


def test_load_demo_twice_duplicates_nothing(db):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())
        before = dumped_text()
        call_command("load_demo", stdout=StringIO())
    assert dumped_text() == before
    assert User.objects.count() == 10


def test_dumpdata_holds_every_text_block_name_and_date_of_the_reference(demo):
    dump = " ".join(dumped_text().replace("\\n", " ").split())
    prose = [p for p in reference_paragraphs() if len(p) > 120 and not p.startswith("#")]
    assert len(prose) >= 25
    missing = [p[:60] for p in prose if p not in dump]
    assert missing == []
    for name in [
        "Gabriel",
        "Kroon",
        "Karin",
        "Wanngård",
        "Jan",
        "Jonsson",
        "Jonas",
        "Naddebo",
        "Ann-Christine",
        "Carlberg",
        "Christina",
        "Tufvesson",
        "Stadsledningskontoret",
        "Arbetsmarknadsnämnden",
        "Arbetsmarknadsförvaltningen",
        "Socialnämnden",
        "Socialförvaltningen",
        "Borgarrådsberedningen",
        "Kommunstyrelsen",
    ]:
        assert f'"{name}"' in dump, name
    for date in [
        "2024-06-05",
        "2024-04-15",
        "2024-03-26",
        "2024-03-19",
        "2024-03-14",
        "2024-03-04",
    ]:
        assert date in dump, date
    items = re.findall(r"^\d\. (.+)$", REFERENCE.read_text(encoding="utf-8"), flags=re.M)
    assert len(items) == 8
    assert all(item in dump for item in items)


def test_load_demo_refuses_accounts_when_debug_is_off(db):
    err = StringIO()
    with override_settings(DEBUG=False):
        call_command("load_demo", stdout=StringIO(), stderr=err)
    # the reference case, the invented cases in every state, and today's practice motion
    assert Case.objects.count() == 2 + len(MORE_TITLES)
    assert not User.objects.exists()
    assert "Demokonton skapades inte" in err.getvalue()


def test_demo_accounts_are_the_clerks_and_the_politicians_of_the_case(demo):
    assert set(User.objects.values_list("username", flat=True)) == {
        "registrator",
        "handlaggare",
        "namndsekreterare",
        "administrator",
        "gabriel.kroon",
        "jan.jonsson",
        "jonas.naddebo",
        "ann-christine.carlberg",
        "christina.tufvesson",
        "karin.wanngard",
    }
    user = User.objects.get(username="karin.wanngard")
    assert user.check_password("demo") and user.person.last_name == "Wanngård"
    assert user.groups.filter(name="politiker").exists()


def test_load_demo_today_gives_every_demo_politician_an_open_decision(db, client):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())
    politicians = User.objects.filter(groups__name="politiker")
    assert politicians.count() == 6
    for user in politicians:
        client.force_login(user)
        page = client.get("/mina-beslut/").text
        assert "Anmäl särskilt uttalande" in page and "Anmäl reservation" in page, user.username
        assert "övningsärende" in page


def test_the_demo_case_events_carry_the_dates_of_the_case(demo):
    case = Case.objects.by_dnr("KS 2023/1387").get()
    assert [(e.to_status, e.at.date().isoformat()) for e in case.events.all()] == [
        ("registrerad", "2023-09-27"),
        ("remitterad", "2023-10-10"),
        ("under_beredning", "2024-04-16"),
        ("i_beslutsgangen", "2024-05-15"),
        ("i_beslutsgangen", "2024-05-22"),
        ("i_beslutsgangen", "2024-06-05"),
    ]
    assert [e.note for e in case.events.all()][-3:] == [
        "Till borgarrådsberedningen.",
        "Borgarrådsberedningen beslutade den 2024-05-22. Till kommunstyrelsen.",
        "Kommunstyrelsen beslutade den 2024-06-05. Till kommunfullmäktige.",
    ]
    assert [d.get_direction_display() for d in case.documents.all()][:4] == [
        "inkommen",
        "utgående",
        "utgående",
        "utgående",
    ]


def test_the_demo_documents_text_is_searchable_as_make_demo_leaves_it(db):
    """make demo reads the text of the demo's documents (read_document_texts --nu): the letter on
    the case about Mälaren is found by a word only its PDF has."""
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())
    call_command("read_document_texts", "--nu", stdout=StringIO())
    water = Case.objects.get(title="Motion om renare vatten i Mälaren")
    listed = Client().get("/arenden/", {"q": "cyanobakterier"}).content.decode()
    assert water.get_absolute_url() in listed
    assert "Träff i handlingen: Skrivelse om algblomning i Mälaren" in listed
