"""The statistics page reads its figures as kept in the database (opendata.KeptFigures): after
every change that the figures count they equal a direct count, through zero, one and many cases,
cases entered with old dates, a withdrawn case and the other municipality's profile; a change
they do not count, or a second request, reads them without counting."""

import dataclasses
import datetime
import random

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import Case, Municipality
from motions import exempelkommun
from motions.services import motion_withdraw
from opendata.models import KeptFigures
from opendata.statistics import TOPIC, all_tables, kept_tables
from referrals.services import referral_answer_by_report, referral_send
from tests.opendata.test_statistics import TODAY, decide

D = datetime.date


def rows(tables) -> list[dict]:
    return [dataclasses.asdict(table) for table in tables]


def counted(today=TODAY) -> bool:
    """Whether reading the kept figures counted the register (read its decisions)."""
    with CaptureQueriesContext(connection) as queries:
        kept = kept_tables(today)
    assert rows(kept) == rows(all_tables(today))  # what was kept is what a direct count gives
    return any("casework_caseevent" in q["sql"] for q in queries)


def test_the_kept_figures_equal_a_direct_count_after_every_change(
    client, world, django_capture_on_commit_callbacks
):
    def change():
        return django_capture_on_commit_callbacks(execute=True)

    assert counted() and not counted()  # nothing registered: kept, empty
    assert all(t["rows"] == [] for t in KeptFigures.objects.get(topic=TOPIC).tables)
    with change():
        one = world.motion(filed_on=D(2023, 3, 1))
    assert counted() and not counted()
    with change():
        decide(one, D(2023, 6, 9), "bifall")
    assert counted() and not counted()
    rng = random.Random(22)
    with change():
        for n in range(25):
            filed = D(2021, 1, 1) + datetime.timedelta(rng.randint(0, 1400))
            movers = [[world.kroon], [world.wanngard], [world.kroon, world.jonsson]][n % 3]
            motion = world.motion(filed_on=filed, movers=movers)
            if n % 2:
                decide(motion, filed + datetime.timedelta(rng.randint(0, 500)), "avslag")
            if n % 5 == 0:
                referral_answer_by_report(
                    referral=referral_send(
                        case=motion.case, body=world.slk, sent_on=filed, due_on=filed
                    ),
                    dated=filed + datetime.timedelta(n % 3),
                    text="Svar.",
                )
    assert counted() and not counted()
    with change():  # entered afterwards: filed and settled in 2019
        old = world.motion(filed_on=D(2019, 2, 1), registered_on=D(2019, 2, 4))
        decide(old, D(2019, 11, 20), "bifall")
    assert counted() and not counted()
    with change():
        late = world.motion(filed_on=D(2024, 6, 1))  # its year ends on TODAY
        motion_withdraw(motion=world.motion(filed_on=D(2022, 5, 1)), reason="Återkallad.")
    assert counted() and not counted()
    assert counted(TODAY + datetime.timedelta(1))  # the next day: `late` is past its year
    assert [2024, 0, 1, 0] not in kept_tables(TODAY)[3].rows
    with change():  # medborgarförslag: on the one-year clock only where the profile says so
        proposal = world.motion(
            kind="medborgarforslag", movers=[], proposer="Kim Svensson", filed_on=D(2022, 9, 1)
        )
        decide(proposal, D(2024, 1, 15), "besvarad")
        world.motion(kind="medborgarforslag", movers=[], proposer="Kim", filed_on=D(2023, 2, 1))
    assert counted() and not counted()
    before = kept_tables(TODAY)[3].rows
    with change():  # the other municipality's profile
        profile = Municipality.objects.get()
        for field, value in exempelkommun.PROFILE.items():
            setattr(profile, field, value)
        profile.save()
    assert counted() and not counted()
    assert kept_tables(TODAY)[3].rows != before
    with change():  # not counted by the figures
        Case.objects.get(pk=late.pk).save()
    assert not counted()
    assert client.get("/statistik/").status_code == 200
    csv = client.get("/statistik/handlaggningstid.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[1:] == [";".join(map(str, r)) for r in all_tables()[0].rows]
