import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import roles
from casework.lists import CappedPaginator
from casework.models import Case
from casework.models.fields import SingleRow
from casework.workflow import Status
from motions.models import Motion
from referrals.services import referral_send

D = datetime.date


@pytest.fixture
def cases(world):
    bikes = world.motion(
        title="Motion om cykelbanor", text="Vi vill ha fler cykelbanor.", filed_on=D(2023, 3, 1)
    )
    back = world.motion(
        title="Motion om frivillig återvandring", movers=[world.jonsson], filed_on=D(2024, 5, 2)
    )
    referral_send(case=back.case, body=world.sn, sent_on=D(2024, 5, 10), due_on=D(2024, 8, 1))
    back.case.transition_to(Status.REFERRED)
    return bikes, back


def titles(response) -> list[str]:
    return [case.title for case in response.context["page"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Motion om frivillig återvandring", "Motion om cykelbanor"]),
        ({"status": "remitterad"}, ["Motion om frivillig återvandring"]),
        ({"year": "2023"}, ["Motion om cykelbanor"]),
        ({"parti": "SD"}, ["Motion om cykelbanor"]),
        ({"remissinstans": "SN"}, ["Motion om frivillig återvandring"]),
        ({"vackt_fran": "2024-01-01"}, ["Motion om frivillig återvandring"]),
        ({"vackt_till": "2023-12-31"}, ["Motion om cykelbanor"]),
        ({"q": "cykelbanor"}, ["Motion om cykelbanor"]),
        ({"q": "Jonsson"}, ["Motion om frivillig återvandring"]),
        ({"q": "kroon"}, ["Motion om cykelbanor"]),
        ({"q": "1"}, ["Motion om frivillig återvandring", "Motion om cykelbanor"]),
        ({"q": "ks 2024/1", "status": "remitterad"}, ["Motion om frivillig återvandring"]),
        ({"ordning": "titel"}, ["Motion om cykelbanor", "Motion om frivillig återvandring"]),
        ({"ordning": "-titel"}, ["Motion om frivillig återvandring", "Motion om cykelbanor"]),
    ],
)
def test_the_case_list_filters_searches_and_sorts_from_the_url(
    client, world, cases, params, expected
):
    lookups = {"SD": world.sd.pk, "SN": world.sn.pk}
    params = {k: lookups.get(v, v) for k, v in params.items()}
    response = client.get("/arenden/", params)
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.postgresql
def test_search_finds_senders_and_the_authors_of_submitted_statements_only(client, world, cases):
    from django.utils import timezone

    from casework.models import Meeting
    from casework.services import (
        decision_record,
        document_register,
        member_statement_file,
        statement_announce,
    )

    bikes, back = cases
    document_register(
        case=bikes.case,
        dated=D(2023, 4, 1),
        kind="ovrigt",
        title="Skrivelse",
        counterpart="Cykelfrämjandet",
    )
    decision = decision_record(
        meeting=Meeting.objects.create(body=world.ks, date=D(2024, 6, 5)),
        case=back.case,
        items=["Beslut."],
    )
    member_statement_file(
        decision=decision, kind="reservation", authors=[world.wanngard], text="Text."
    )
    now = timezone.now()
    draft_meeting = Meeting.objects.create(
        body=world.ks,
        date=timezone.localdate(now),
        justering_deadline=now + datetime.timedelta(days=2),
    )
    draft_decision = decision_record(meeting=draft_meeting, case=bikes.case, items=["Beslut."])
    statement_announce(
        decision=draft_decision, kind="reservation", author=world.jonsson, by_clerk=True, at=now
    )
    assert titles(client.get("/arenden/", {"q": "Cykelfrämjandet"})) == ["Motion om cykelbanor"]
    assert titles(client.get("/arenden/", {"q": "Wanngård"})) == [
        "Motion om frivillig återvandring"
    ]
    assert titles(client.get("/arenden/", {"q": "Jonsson"})) == [
        "Motion om frivillig återvandring"
    ]  # a mover, not the draft


def test_a_whole_diarienummer_goes_straight_to_the_case(client, world, cases):
    for typed in ("KS 2024/1", "ks 2024/1", "KS-2024-1", "2024/1", " KS  2024/1 "):
        response = client.get("/arenden/", {"q": typed})
        assert response.status_code == 302 and response["Location"] == "/arenden/KS-2024-1/", typed
    assert client.get("/arenden/", {"q": "KS 2024/99"}).status_code == 200  # none: the list says so


@pytest.mark.postgresql
def test_swedish_search_finds_other_forms_of_a_word(client, cases):
    assert titles(client.get("/arenden/", {"q": "återvandringen"})) == [
        "Motion om frivillig återvandring"
    ]
    assert titles(client.get("/arenden/", {"q": "cykelbana"})) == ["Motion om cykelbanor"]


def test_bad_filter_input_gets_a_swedish_error_not_a_500(client, cases):
    response = client.get("/arenden/", {"year": "tjugo", "vackt_fran": "igår", "ordning": "x"})
    assert response.status_code == 200
    assert "Fyll i ett tal." in response.text
    assert "Fyll i ett giltigt datum." in response.text


def test_the_csv_export_holds_exactly_the_filtered_list(client, world, cases):
    response = client.get("/arenden/export.csv", {"parti": world.sd.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Diarienummer", "Ärendetyp", "Ärendemening", "Väckt av"]
    assert rows[1:] == [
        [
            "KS 2023/1",
            "motion",
            "Motion om cykelbanor",
            "Gabriel Kroon (SD)",
            "Gabriel Kroon (SD)",  # Motionärer: each by name, for an import
            "2023-03-01",
            "Rotel I",
            "registrerad",
            "2023-03-01",
        ]
    ]


def test_the_list_paginates_and_keeps_the_filter_in_the_links(client, world):
    for i in range(30):
        world.motion(title=f"Motion {i:02}")
    response = client.get("/arenden/", {"status": "registrerad"})
    assert len(response.context["page"]) == 25
    assert "status=registrerad&amp;sida=2" in response.text
    assert len(client.get("/arenden/", {"status": "registrerad", "sida": "2"}).context["page"]) == 5


@pytest.mark.parametrize("cap", [1000, 26])
def test_a_search_lists_the_same_cases_whether_its_hits_are_few_or_more_than_the_list_counts(
    client, world, cap, monkeypatch
):
    """On PostgreSQL a word with more hits than the list counts (CappedPaginator.CAP) is found
    by walking the cases in the list's order, a rarer one by looking its hits up: the same
    cases, newest first, in pages either way; a word with no hit lists none."""
    monkeypatch.setattr(CappedPaginator, "CAP", cap)
    for i in range(30):
        world.motion(title=f"Motion {i:02} om simhallar")
    world.motion(title="Motion om cykelbanor")
    first = client.get("/arenden/", {"q": "simhallarna"})
    assert titles(first) == [f"Motion {i:02} om simhallar" for i in range(29, 4, -1)]
    assert first.context["page"].paginator.capped == (cap < 30)
    second = titles(client.get("/arenden/", {"q": "simhallarna", "sida": "2"}))
    assert second[:2] == ["Motion 04 om simhallar", "Motion 03 om simhallar"]
    assert titles(client.get("/arenden/", {"q": "simhallar", "status": "registrerad"}))[:1] == [
        "Motion 29 om simhallar"
    ]
    assert titles(client.get("/arenden/", {"q": "cykelbanorna"})) == ["Motion om cykelbanor"]
    assert titles(client.get("/arenden/", {"q": "zebror"})) == []


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def count_queries_afresh(client, url) -> int:
    """count_queries with the one-row profiles read afresh: their memory lasts seconds, and on a
    loaded machine making 490 cases outlasts it."""
    for single_row in SingleRow.__subclasses__():
        single_row.forget()
    return count_queries(client, url)


def test_list_and_case_page_run_the_same_number_of_queries_with_10_and_500_cases(
    client, world, user_with_role
):
    client.force_login(user_with_role(roles.ADMINISTRATOR))
    for i in range(10):
        world.motion(title=f"Motion {i}", movers=[world.kroon, world.jonsson])
    first = Case.objects.order_by("id").first()
    few = (
        count_queries_afresh(client, "/arenden/"),
        count_queries_afresh(client, first.get_absolute_url()),
        count_queries_afresh(client, "/arenden/?q=Motion&parti=" + str(world.sd.pk)),
    )
    for i in range(490):
        world.motion(title=f"Motion {i}", movers=[world.kroon, world.jonsson])
    many = (
        count_queries_afresh(client, "/arenden/"),
        count_queries_afresh(client, first.get_absolute_url()),
        count_queries_afresh(client, "/arenden/?q=Motion&parti=" + str(world.sd.pk)),
    )
    assert few == many
    assert Motion.objects.count() == 500


def test_the_start_page_shows_late_referrals_by_body_and_the_one_year_clock(
    client, world, cases, user_with_role
):
    client.force_login(user_with_role(roles.REGISTRATOR))
    page = client.get("/start/").text
    assert "Socialnämnden" in page and "svar senast 2024-08-01" in page  # overdue today
    assert "KS 2023/1" in page and "skulle ha avgjorts 1 mars 2024" in page


def test_the_list_is_cached_until_case_data_changes(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        world.motion(title="Motion om cykelbanor")
    assert count_queries(client, "/arenden/") > 3
    assert count_queries(client, "/arenden/") == 2  # counter and newest change; list from the cache
    with django_capture_on_commit_callbacks(execute=True):
        world.motion(title="Motion om parkbänkar")
    assert "Motion om parkbänkar" in client.get("/arenden/").text


def test_the_case_page_is_cached_for_readers_and_fresh_for_clerks(
    client, world, settings, user_with_role, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        case = world.motion(title="Motion om cykelbanor").case
    url = case.get_absolute_url()
    assert count_queries(client, url) > 3
    assert count_queries(client, url) == 2  # counter and the case's last change
    with django_capture_on_commit_callbacks(execute=True):
        other = world.motion(title="Motion om parkbänkar").case
        other.transition_to(Status.WITHDRAWN, note="Återkallad.")
    assert count_queries(client, url) == 2  # another case's change leaves this page cached
    with django_capture_on_commit_callbacks(execute=True):
        case.transition_to(Status.WITHDRAWN, note="Återkallad.")
    assert "<dd>Återkallad</dd>" in client.get(url).text
    client.force_login(user_with_role(roles.REGISTRATOR))
    assert count_queries(client, url) > 3


def test_changing_who_took_part_in_a_meeting_refreshes_the_case_page(
    client, world, settings, django_capture_on_commit_callbacks
):
    from casework.models import Meeting
    from casework.services import decision_record

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "m"}
    }
    with django_capture_on_commit_callbacks(execute=True):
        case = world.motion().case
        meeting = Meeting.objects.create(body=world.ks, date=D(2024, 6, 5))
        decision_record(meeting=meeting, case=case, items=["Beslut."])
    url = case.get_absolute_url()
    client.get(url)
    assert count_queries(client, url) == 2  # cached
    with django_capture_on_commit_callbacks(execute=True):
        meeting.participants.add(world.kroon)  # an m2m change, seen through the meeting
    assert count_queries(client, url) > 3
