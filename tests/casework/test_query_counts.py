"""No page's number of queries grows with its rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import roles
from casework.models import Meeting
from casework.services import decision_record, member_statement_file

D = datetime.date


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def decisions(world, count: int, start: int = 0) -> list:
    made = []
    for i in range(start, start + count):
        meeting = Meeting.objects.create(
            body=world.ks, date=D(2024, 1, 1) + datetime.timedelta(days=i)
        )
        decision = decision_record(
            meeting=meeting, case=world.motion(title=f"Motion {i}").case, items=["Beslut."]
        )
        member_statement_file(
            decision=decision,
            kind="reservation",
            authors=[world.kroon, world.jonsson],
            text="Text.",
        )
        made.append(decision)
    return made


def test_mina_beslut_runs_the_same_queries_for_1_5_and_20_decisions(client, world, user_with_role):
    world.kroon.user = user_with_role(roles.POLITIKER, "kroon")
    world.kroon.save()
    client.force_login(world.kroon.user)
    counts = []
    for total, step in ((1, 1), (5, 4), (20, 15)):
        decisions(world, step, start=total - step)
        counts.append(queries(client, "/mina-beslut/"))
    assert counts[0] == counts[1] == counts[2], counts


def test_the_case_history_runs_the_same_queries_however_long_it_is(client, world, user_with_role):
    client.force_login(user_with_role(roles.ADMINISTRATOR))
    motion = world.motion()
    url = f"/arenden/{motion.case.slug}/historik/"
    few = queries(client, url)
    for i in range(30):
        motion.att_satser = [f"att {j}" for j in range(i + 1)]
        motion.save()
        motion.case.title = f"Motion {i}"
        motion.case.save()
    assert queries(client, url) == few


@pytest.mark.parametrize("count", [2, 12])
def test_the_admin_statement_list_runs_a_fixed_number_of_queries(admin_client, world, count):
    decisions(world, count)
    assert queries(admin_client, "/admin/casework/memberstatement/") <= 12


def test_the_case_list_and_the_start_page_run_the_same_queries_for_1_and_10_cases_in_the_chain(
    client, world, user_with_role
):
    """Each row says where in the chain its case is ("hos borgarrådsberedningen")."""
    from casework.models import Case, ChainStep
    from casework.workflow import Status

    client.force_login(user_with_role(roles.REGISTRATOR))
    first = ChainStep.chain("motion").first()

    def in_the_chain(count: int, start: int) -> None:
        for i in range(start, start + count):
            case = world.motion(title=f"Motion {i}").case
            Case.objects.filter(pk=case.pk).update(status=Status.IN_DECISION, step=first)

    in_the_chain(1, 0)
    few = (queries(client, "/arenden/"), queries(client, "/start/"))
    in_the_chain(9, 1)
    assert "Hos borgarrådsberedningen" in client.get("/arenden/").text
    assert (queries(client, "/arenden/"), queries(client, "/start/")) == few
