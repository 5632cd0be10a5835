"""KL 5 kap. 35 §: the report to KF of motions not prepared within a year, and KF's write-off."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from casework import roles
from casework.models import Case, Decision
from casework.workflow import Status
from motions.models import DeadlineReport, Motion
from motions.services import deadline_report_make, deadline_report_write_off, motion_withdraw
from referrals.services import referral_send

D = datetime.date
ON = D(2024, 10, 1)  # warning days: 60


@pytest.fixture
def motions(world):
    """Filed so that on 1 October 2024 two are past their year, one is within the warning days,
    one has time left, and one past its year is closed already."""
    made = {
        name: world.motion(filed_on=filed, title=f"Motion {name}")
        for name, filed in [
            ("long_past", D(2023, 3, 1)),
            ("just_past", D(2023, 9, 25)),
            ("approaching", D(2023, 11, 20)),
            ("in_time", D(2024, 3, 1)),
            ("withdrawn", D(2023, 4, 1)),
        ]
    }
    motion_withdraw(motion=made["withdrawn"], reason="Återkallad.")
    referral_send(
        case=made["long_past"].case, body=world.sn, sent_on=D(2023, 4, 1), due_on=D(2023, 6, 30)
    )
    return made


@pytest.fixture
def clerk(client, user_with_role):
    client.force_login(user_with_role(roles.HANDLAGGARE))
    return client


def test_the_report_lists_exactly_what_the_one_year_querysets_find(motions):
    report = deadline_report_make(as_of=ON)
    listed = {item.motion.case.title for item in report.items.all()}
    expected = set(Motion.objects.past_deadline(on=ON)) | set(
        Motion.objects.approaching_deadline(on=ON)
    )
    assert (
        listed
        == {m.case.title for m in expected}
        == {"Motion long_past", "Motion just_past", "Motion approaching"}
    )
    found = report.items.get(motion=motions["long_past"]).found
    assert found == "Remitterad till socialnämnden; inga svar ännu. Status: registrerad."
    motion_withdraw(motion=motions["long_past"], reason="Återkallad.")
    assert report.items.get(motion=motions["long_past"]).found == found  # what was reported stays


def test_nothing_to_report_is_said_so(world):
    world.motion(filed_on=D(2024, 3, 1))
    with pytest.raises(ValidationError, match="Inga motioner behöver redovisas per 2024-10-01"):
        deadline_report_make(as_of=ON)
    assert not DeadlineReport.objects.exists()


def test_kf_writes_off_reported_motions_through_the_pages_and_they_close_avskrivna(
    clerk, world, motions
):
    response = clerk.post("/ettarsredovisning/ny/", {"as_of": "2024-10-01"})
    report = DeadlineReport.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/ettarsredovisning/{report.pk}/"
    )
    page = clerk.get(f"/ettarsredovisning/{report.pk}/").text
    assert "KS 2023/1" in page and "KS 2024/1" not in page and "Motion in_time" not in page
    form = clerk.get(f"/ettarsredovisning/{report.pk}/avskriv/").text
    assert "Motion in_time" not in form and "Motion approaching" in form
    chosen = [motions["long_past"], motions["just_past"]]
    response = clerk.post(
        f"/ettarsredovisning/{report.pk}/avskriv/",
        {
            "meeting_date": "2024-10-14",
            "items": "Motionen avskrivs från vidare handläggning.",
            "motions": [m.pk for m in chosen],
        },
    )
    assert response.status_code == 302
    for motion in chosen:
        motion.refresh_from_db()
        assert (motion.case.status, motion.outcome) == (
            Status.WRITTEN_OFF,
            Motion.Outcome.WRITTEN_OFF,
        )
        decision = Decision.objects.get(case=motion.case)
        assert (decision.meeting.body, decision.items) == (
            world.kf,
            ["Motionen avskrivs från vidare handläggning."],
        )
        assert (
            motion.case.events.last().note
            == "Avskriven av kommunfullmäktige den 2024-10-14 (KL 5 kap. 35 §)."
        )
    assert Case.objects.get(pk=motions["approaching"].pk).status == Status.REGISTERED
    refused = clerk.post(
        f"/ettarsredovisning/{report.pk}/avskriv/",
        {
            "meeting_date": "2024-10-14",
            "items": "Avskrivs.",
            "motions": [motions["in_time"].pk],
        },
    )
    assert refused.status_code == 400 and "Motioner som avskrivs" in refused.text  # not offered


def test_a_write_off_is_all_or_nothing_and_only_of_reported_open_motions(world, motions):
    report = deadline_report_make(as_of=ON)
    meeting = world.meeting(world.kf, D(2024, 10, 14))
    with pytest.raises(ValidationError, match="KS 2024/1 finns inte med i redovisningen"):
        deadline_report_write_off(
            report=report,
            motions=[motions["just_past"], motions["in_time"]],
            meeting=meeting,
            items=["Avskrivs."],
        )
    assert (
        not Decision.objects.exists()
        and Case.objects.filter(status=Status.WRITTEN_OFF).count() == 0
    )
    with pytest.raises(ValidationError, match="Det är fullmäktige som avskriver motioner"):
        deadline_report_write_off(
            report=report,
            motions=[motions["just_past"]],
            meeting=world.meeting(world.ks, D(2024, 10, 7)),
            items=["Avskrivs."],
        )
    with pytest.raises(ValidationError, match="Motionen har inte redovisats för fullmäktige"):
        motions["in_time"].case.transition_to(Status.WRITTEN_OFF)


def test_the_reports_are_public_and_only_clerks_make_them(client, world, motions, user_with_role):
    report = deadline_report_make(as_of=ON)
    assert client.get("/ettarsredovisning/").status_code == 200
    assert "Motion just_past" in client.get(f"/ettarsredovisning/{report.pk}/").text
    assert (
        client.post("/ettarsredovisning/ny/", {"as_of": "2024-10-01"}).status_code == 302
    )  # to log in
    client.force_login(user_with_role(roles.POLITIKER))
    assert client.post(f"/ettarsredovisning/{report.pk}/avskriv/", {}).status_code == 403
    assert DeadlineReport.objects.count() == 1


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_a_date_off_the_calendar_is_refused_in_swedish_not_a_server_error(
    client, world, user_with_role, as_of
):
    """Found by the hostile-input test: a year back from 0001-01-01 does not exist."""
    client.force_login(user_with_role(roles.REGISTRATOR))
    response = client.post("/ettarsredovisning/ny/", {"as_of": as_of})
    assert response.status_code == 400
    assert "Ange ett datum mellan år 1900 och 2200." in response.text
    assert not DeadlineReport.objects.exists()
