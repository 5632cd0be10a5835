"""The OParl 1.1 API: every list and every object it serves, found by following its links from
the system object, is valid against OParl's own JSON schemas; lists page, filter by
modified_since, answer 304 to a known ETag and may be read from any origin."""

import datetime
import json
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import Body, Case, Meeting
from casework.services import document_register
from meetings import services
from motions import exempelkommun
from motions.services import motion_register
from opendata import api
from referrals.services import referral_decline, referral_send
from tests.opendata.conftest import DRAFT_TEXT, INVITEE, SECRET_TITLE

D = datetime.date
SCHEMAS = Path(__file__).parent.parent / "data" / "oparl-1.1-schema"
TYPE = "https://schema.oparl.org/1.1/"
FORMATS = jsonschema.Draft7Validator.FORMAT_CHECKER


@FORMATS.checks("url")
def is_url(value) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def nested(validator, name, instance, schema):
    """OParl's own keyword: an embedded object is valid against its type's schema."""
    yield from schema_for(name.removesuffix(".json")).iter_errors(instance)


Validator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"schema": nested})


def schema_for(type_name: str):
    schema = json.loads((SCHEMAS / f"{type_name}.json").read_text())
    return Validator(schema, format_checker=FORMATS)


def validate(data: dict) -> str:
    type_name = data["type"].removeprefix(TYPE)
    errors = [
        f"{'/'.join(map(str, e.path))}: {e.message}"
        for e in schema_for(type_name).iter_errors(data)
    ]
    assert not errors, f"{data['id']}: {errors}"
    return type_name


def get(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def crawl(client) -> tuple[dict[str, set], set[str]]:
    """Every list and object reachable from the system object: the types seen, by object id,
    and the lists (every page) read."""
    seen: dict[str, set] = {}
    lists: set[str] = set()
    queue = deque(["http://testserver/oparl/v1/"])
    fetched = set()
    while queue:
        url = queue.popleft()
        if url in fetched:
            continue
        fetched.add(url)
        data = get(client, url)
        if "data" in data:  # a list: its objects, and its further pages
            lists.add(url.split("?")[0])
            objects = data["data"]
            assert data["pagination"]["totalElements"] >= len(objects)
            queue.extend(data["links"].get("next", "").split() or [])
        else:
            objects = [data]
        for obj in objects:
            seen.setdefault(validate(obj), set()).add(obj["id"])
            for key, value in obj.items():
                for link in value if isinstance(value, list) else [value]:
                    if isinstance(link, dict) and "id" in link:
                        seen.setdefault(validate(link), set()).add(link["id"])
                        queue.append(link["id"])
                    elif (
                        isinstance(link, str)
                        and "/oparl/v1/" in link
                        and key not in ("id", "arende:openapi")
                    ):
                        queue.append(link)
    return seen, lists


def test_every_list_and_object_is_valid_oparl_and_nothing_private_is_served(client, record):
    seen, lists = crawl(client)
    assert set(seen) == {
        "System",
        "Body",
        "LegislativeTerm",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
    }
    assert {urlsplit(u).path.rsplit("/", 2)[-2] for u in lists} >= {
        "body",
        "organization",
        "person",
        "membership",
        "meeting",
        "agendaitem",
        "paper",
        "file",
        "legislativeterm",
    }
    body = "".join(client.get(u).text for ids in seen.values() for u in ids)
    for private in (SECRET_TITLE, DRAFT_TEXT, INVITEE):
        assert private not in body
    assert "Ingrid" not in body


def test_a_paper_carries_referrals_with_due_dates_the_decision_with_its_reservation_and_the_clock(
    client, record
):
    paper = get(client, f"/oparl/v1/paper/{record.pk}/")
    assert paper["reference"] == record.dnr and paper["arende:ettarsgrans"] == "2024-09-25"
    referral, decision = paper["consultation"][0], paper["consultation"][-1]
    assert referral["arende:svarsdatum"] == "2024-01-31" and referral["arende:besvarad"] is None
    assert decision["arende:datum"] == "2024-06-05" and decision["agendaItem"]
    assert decision["arende:paragraf"] == get(client, decision["agendaItem"])["number"]
    (reservation,) = decision["arende:reservationerOchSarskildaUttalanden"]
    assert reservation["rubrik"] == "Reservation av Gabriel Kroon (SD)"
    assert [a["namn"] for a in reservation["forfattare"]] == ["Gabriel Kroon (SD)"]
    assert [f["name"] for f in [paper["mainFile"], *paper["auxiliaryFile"]]] == [
        "Skrivelse från en förening",
        "Utlåtande: Motion om något",  # fastställt when KS's minutes were justerade
    ]
    listed = {d["rubrik"]: d for d in paper["arende:handlingar"]}  # the diarium, as data
    assert listed["Sekretess enligt OSL 26 kap. 1 §"]["fil"] is None
    assert listed["Felregistrerad handling"]["makulerad"] is True  # listed, as in the diarium
    assert listed["Felregistrerad handling"]["fil"] is None  # but its file is not offered
    assert listed["Skrivelse från en förening"]["avsandareMottagare"] == "Föreningen"
    meeting = get(client, decision["meeting"])
    assert meeting["meetingState"] == "justerat" and meeting["resultsProtocol"]["arende:sha256"]
    assert client.get(meeting["resultsProtocol"]["accessUrl"]).content.startswith(b"%PDF")


def test_lists_page_and_filter_by_modified_since(client, record, world):
    first = get(client, "/oparl/v1/body/1/person/?limit=2")
    assert first["pagination"] == {
        "totalElements": 4,
        "elementsPerPage": 2,
        "currentPage": 1,
        "totalPages": 2,
    }
    second = get(client, first["links"]["next"])
    ids = [p["id"] for p in first["data"] + second["data"]]
    assert len(set(ids)) == 4 and "next" not in second["links"]
    later = world.motion(title="Motion om senare saker")
    since = (timezone.now() - datetime.timedelta(seconds=1)).isoformat()
    Case.objects.filter(pk=record.pk).update(changed_at=timezone.now() - datetime.timedelta(days=1))
    changed = get(client, f"/oparl/v1/body/1/paper/?modified_since={since.replace('+', '%2B')}")
    assert [p["reference"] for p in changed["data"]] == [later.case.dnr]
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat().replace("+", "%2B")
    assert get(client, f"/oparl/v1/body/1/person/?modified_since={future}")["data"] == []


def test_a_list_longer_than_the_count_cap_is_read_by_its_next_links_without_a_total(
    client, record, monkeypatch
):
    monkeypatch.setattr(api, "COUNT_CAP", 1)  # four people: more than a page and the cap
    url, pages = "/oparl/v1/body/1/person/?limit=1", []
    while url:
        pages.append(get(client, url))
        url = pages[-1]["links"].get("next")
    assert len(pages) == 4 and len({p["data"][0]["id"] for p in pages}) == 4
    assert pages[0]["pagination"] == {"elementsPerPage": 1, "currentPage": 1}
    assert "last" not in pages[0]["links"] and "prev" not in pages[0]["links"]
    assert pages[-1]["pagination"]["totalElements"] == 4  # the last page knows: no next page
    assert pages[-1]["links"]["last"] == pages[-1]["links"]["prev"].replace("page=3", "page=4")
    assert client.get("/oparl/v1/body/1/person/?limit=1&page=5").status_code == 404


def test_the_pages_read_by_next_links_are_the_list_in_order_with_a_next_link_while_one_follows(
    client, record, world
):
    since = timezone.now().isoformat().replace("+", "%2B")
    for n in range(3):
        world.motion(title=f"Motion {n}")
    whole = [p["id"] for p in get(client, "/oparl/v1/body/1/paper/?limit=200")["data"]]
    for query in ("limit=1", f"limit={len(whole)}", f"limit=1&modified_since={since}"):
        url, pages = f"/oparl/v1/body/1/paper/?{query}", []
        while url:
            pages.append(get(client, url))
            url = pages[-1]["links"].get("next")
        read = [p["id"] for page in pages for p in page["data"]]
        assert read == (whole[-3:] if "since" in query else whole)
        assert all("next" in page["links"] for page in pages[:-1])
        assert pages[-1]["pagination"]["totalElements"] == len(read)
        beyond = pages[-1]["links"]["last"].replace(f"page={len(pages)}", f"page={len(pages) + 1}")
        assert client.get(beyond).status_code == 404


@pytest.mark.parametrize("offset", ["+14:00", "-16:00", "+23:59", "-23:59", "Z", "+00:00"])
def test_modified_since_takes_any_offset_iso_8601_allows_and_counts_from_the_same_instant(
    client, record, offset
):
    changed = datetime.datetime(2024, 6, 1, 12, 0, tzinfo=datetime.UTC)
    Case.objects.filter(pk=record.pk).update(changed_at=changed)
    zone = datetime.timezone(
        datetime.timedelta(0)
        if offset == "Z"
        else (-1 if offset[0] == "-" else 1)
        * datetime.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
    )

    def papers(moment: datetime.datetime) -> list[str]:
        text = moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S") + offset
        url = f"/oparl/v1/body/1/paper/?modified_since={text.replace('+', '%2B')}"
        return [p["reference"] for p in get(client, url)["data"]]

    assert papers(changed) == [record.dnr]
    assert papers(changed + datetime.timedelta(seconds=1)) == []


def test_an_unchanged_answer_is_304_and_a_changed_one_is_new(client, record):
    url = f"/oparl/v1/paper/{record.pk}/"
    etag = client.get(url)["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
    Case.objects.filter(pk=record.pk).update(title="Motion om något annat")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize(
    "url, status",
    [
        ("/oparl/v1/paper/999999/", 404),
        ("/oparl/v1/body/2/", 404),
        ("/oparl/v1/consultation/remiss-x/", 404),
        ("/oparl/v1/consultation/annat-1/", 404),
        ("/oparl/v1/file/protokoll-999/", 404),
        ("/oparl/v1/file/kallelse-abc/", 404),
        ("/oparl/v1/body/1/paper/?page=99", 404),
        ("/oparl/v1/body/1/paper/?page=0", 400),
        ("/oparl/v1/body/1/paper/?limit=-1", 400),
        ("/oparl/v1/body/1/paper/?modified_since=igår", 400),
        ("/oparl/v1/body/1/paper/?modified_since=2026-02-30", 400),
        ("/oparl/v1/body/1/paper/?modified_until=2026-01-01T25:61:00", 400),
        ("/oparl/v1/body/1/paper/?modified_since=2026-01-01T00:00:00-24:00", 400),
        ("/oparl/v1/body/1/paper/?modified_since=2026-01-01T00:00:00%2B25:00", 400),
        ("/oparl/v1/body/1/paper/?modified_since=2026-01-01T00:00:00-16:60", 400),
        ("/oparl/v1/body/1/paper/?modified_since=0001-01-01T00:00:00%2B01:00", 400),
        ("/oparl/v1/body/1/paper/?modified_until=9999-12-31T23:59:59-01:00", 400),
        ("/oparl/v1/body/1/paper/?modified_since=0001-01-01", 400),
        ("/oparl/v1/legislativeterm/2019/", 404),
    ],
)
def test_bad_addresses_and_parameters_get_a_swedish_json_error(client, record, url, status):
    response = client.get(url)
    assert response.status_code == status and response.json()["fel"]


def test_a_secret_documents_file_is_not_an_oparl_file(client, record):
    secret = record.documents.get(title=SECRET_TITLE)
    assert client.get(f"/oparl/v1/file/{secret.pk}/").status_code == 404


def test_the_api_is_read_only(client, record):
    assert client.post("/oparl/v1/body/1/paper/").status_code == 405


def test_the_openapi_description_names_every_address(client, db):
    description = get(client, "/oparl/v1/openapi.json")
    assert description["openapi"] == "3.1.0"
    paths = description["paths"]
    assert "/oparl/v1/paper/{pk}/" in paths and "/oparl/v1/body/{pk}/paper/" in paths
    assert {p["name"] for p in paths["/oparl/v1/body/{pk}/paper/"]["get"]["parameters"]} >= {
        "modified_since",
        "page",
        "limit",
    }


@pytest.mark.parametrize(
    "kind", ["paper", "meeting", "person", "organization", "file", "agendaitem"]
)
def test_a_list_reads_in_the_same_number_of_queries_for_one_object_or_many(
    client, record, world, kind
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            get(client, f"/oparl/v1/body/1/{kind}/")
        return len(captured)

    before = queries()
    for n in range(4):
        motion = world.prepared_motion(title=f"Motion {n}")
        document_register(
            case=motion.case,
            dated=D(2024, 5, 2),
            kind="ovrigt",
            title="Bilaga",
            file=ContentFile(b"%PDF-1.4\n", name="bilaga.pdf"),
        )
        meeting = world.meeting(world.sn, D(2024, 1, 10 + n))
        services.agenda_add(meeting=meeting, title="Punkt", proposal=["Förslaget bifalls."])
        world.person(f"Person{n}", "Ny", world.s, [world.sn])
    assert queries() == before


def test_another_municipality_with_a_citizens_proposal_and_a_company_that_declines(client, db):
    """Sjöbacka: its own dnr style, a medborgarförslag with a named proposer and no movers, a
    municipal company that declines its referral, and a motion of the chair after the election."""
    sjobacka = exempelkommun.load_example_municipality()
    proposal = motion_register(
        registry=sjobacka["registry"],
        kind="medborgarforslag",
        title="Medborgarförslag om en badplats",
        proposer="Kim Svensson",
        filed_on=D(2026, 1, 19),
        registered_on=D(2026, 1, 20),
    )
    company = Body.objects.get(name="Sjöbacka Bostäder AB")
    referral = referral_send(
        case=proposal.case, body=company, sent_on=D(2026, 2, 1), due_on=D(2026, 3, 1)
    )
    referral_decline(
        referral=referral, dated=D(2026, 2, 10), reason="Frågan hör inte till bolaget."
    )
    seen, _ = crawl(client)
    assert {"Paper", "Consultation", "Organization", "Person", "Membership"} <= set(seen)
    (paper,) = get(client, "/oparl/v1/body/1/paper/")["data"]
    assert paper["reference"] == proposal.case.dnr and paper["reference"].startswith("2026/KS 0")
    assert paper["originatorPerson"] == [] and paper["arende:vacktAv"] == "Kim Svensson"
    (declined,) = paper["consultation"]
    assert declined["arende:status"] == "avstod" and declined["arende:iTid"] is True
    body = get(client, "/oparl/v1/body/1/")
    assert body["name"] == "Sjöbacka kommun"


def test_a_list_is_kept_until_something_public_changes(
    client, world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Lists are the same for everyone, and kept by what every public change moves (a case's or
    a meeting's change, the reference data, the day): read again unchanged, from the cache."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "o"}
    }
    papers = "/oparl/v1/body/1/paper/"

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        return len(captured)

    with django_capture_on_commit_callbacks(execute=True):
        motion = world.motion(title="Motion om cykelbanor")
    assert queries(papers) > 5
    assert queries(papers) == 3  # the counter and the newest changes; the list is kept
    assert queries(papers + "?limit=1") > 5  # another address, another list

    with django_capture_on_commit_callbacks(execute=True):
        referral_send(case=motion.case, body=world.sn, sent_on=D(2024, 3, 1), due_on=D(2024, 5, 1))
    (paper,) = get(client, papers)["data"]
    assert [c["arende:skickad"] for c in paper["consultation"]] == ["2024-03-01"]

    with django_capture_on_commit_callbacks(execute=True):
        world.kroon.last_name = "Kron"
        world.kroon.save()
    people = get(client, "/oparl/v1/body/1/person/")["data"]
    assert "Gabriel Kron" in [p["name"] for p in people]

    with django_capture_on_commit_callbacks(execute=True):
        Meeting.objects.create(body=world.ks, date=D(2024, 6, 5))
    assert queries(papers) > 5  # a meeting changed: made again

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert queries(papers) > 5  # a new day: a referral may have become late
