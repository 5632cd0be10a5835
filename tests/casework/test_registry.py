import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from casework.models import Case, Document, parse_dnr
from casework.services import case_register, document_register

D = datetime.date


def test_a_dnr_reads_prefix_year_and_sequence(db):  # as the profile's pattern writes it
    assert parse_dnr("KS 2023/1387") == ("KS", 2023, 1387)
    assert parse_dnr("ks-2023-1387") == ("KS", 2023, 1387)


@pytest.mark.parametrize(
    "text", ["KS2023/1387", "KS 23/1387", "2023/1387", "KS 2023/", "KS 2023/13a", ""]
)
def test_it_refuses_a_dnr_that_does_not_match_the_registry_format(db, text):
    with pytest.raises(ValidationError) as error:
        parse_dnr(text)
    assert "har inte formen PREFIX ÅÅÅÅ/NNNN" in error.value.messages[0]


def test_cases_get_the_next_number_of_their_registry_and_year(world):
    first = case_register(
        registry=world.registry, title="A", registered_on=D(2024, 1, 2), kind="motion"
    )
    second = case_register(
        registry=world.registry, title="B", registered_on=D(2024, 5, 2), kind="motion"
    )
    next_year = case_register(
        registry=world.registry, title="C", registered_on=D(2025, 1, 2), kind="motion"
    )
    assert [first.dnr, second.dnr, next_year.dnr] == ["KS 2024/1", "KS 2024/2", "KS 2025/1"]
    assert first.get_absolute_url() == "/arenden/KS-2024-1/"


def test_an_existing_case_keeps_its_number_and_a_taken_number_is_refused(world):
    case = case_register(
        registry=world.registry,
        title="A",
        registered_on=D(2023, 9, 27),
        sequence=1387,
        kind="motion",
    )
    assert case.dnr == "KS 2023/1387"
    with pytest.raises(ValidationError) as error:
        case_register(
            registry=world.registry,
            title="B",
            registered_on=D(2023, 10, 1),
            sequence=1387,
            kind="motion",
        )
    assert "redan upptaget" in str(error.value)
    assert Case.objects.count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_share_a_number():
    from tests.conftest import World

    world = World()
    barrier = threading.Barrier(8)
    errors = []

    def register(i):
        try:
            barrier.wait()
            for j in range(5):
                case_register(
                    registry=world.registry,
                    title=f"{i}-{j}",
                    registered_on=D(2024, 3, 1),
                    kind="motion",
                )
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    sequences = sorted(Case.objects.filter(year=2024).values_list("sequence", flat=True))
    assert sequences == list(range(1, 41))


def test_documents_are_numbered_in_order_within_their_case(world):
    motion = world.motion()
    case = motion.case
    second = document_register(
        case=case, dated=D(2023, 10, 1), kind=Document.Kind.OTHER, title="Skrivelse"
    )
    assert [d.dnr for d in case.documents.all()] == ["KS 2023/1-1", "KS 2023/1-2"]
    assert second.number == 2


def test_a_secret_document_must_say_when_it_was_marked(world):
    case = world.motion().case
    with pytest.raises(ValidationError) as error:
        document_register(
            case=case,
            dated=D(2023, 10, 1),
            kind=Document.Kind.OTHER,
            title="Hemlig",
            secrecy_provision="OSL 26:1",
        )
    assert "sekretessmarkeringen" in str(error.value)
    assert case.documents.count() == 1
