"""A case decided at a meeting whose minutes are not yet justerade is not final (KL 5 kap. 69 §):
the archive refuses it, on the page and in the command, and a year's export leaves it out and
says so; once the minutes are justerade it is archived with them. The case page and the list
say "avgjord (protokollet ej justerat)" until then."""

import datetime
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from archive.models import ArchiveExport
from casework.models import Case, ChainStep, Meeting
from casework.workflow import Status
from meetings import services
from motions.services import motion_chain_decide
from tests.meetings.conftest import at

D = datetime.date
KF_DAY = D(2024, 6, 17)
AWAITING = "Avgjord (protokollet ej justerat)"


@pytest.fixture
def decided(world):
    """A motion through the chain: borgarrådsberedningen and kommunstyrelsen at meetings whose
    minutes are kept elsewhere and justerade, then kommunfullmäktige at a meeting kept here,
    which decides it (avgjord, on 2024-06-17); KF's minutes are not yet justerade."""
    motion = world.prepared_motion()
    brb, ks, kf = ChainStep.chain("motion")
    Case.objects.filter(pk=motion.case.pk).update(status=Status.IN_DECISION, step=brb)
    for body, day, signatory in (
        (world.brb, D(2024, 5, 22), None),
        (world.ks, D(2024, 6, 5), world.wanngard),
    ):
        meeting = world.meeting(body, day, justering_deadline=at(day + datetime.timedelta(days=2)))
        motion_chain_decide(
            motion=motion,
            meeting=meeting,
            items=["Motionen besvaras."],
            signatory=signatory,
            at=at(day),
        )
    meeting = world.meeting(world.kf, KF_DAY, place="Stadshuset")
    (item,) = services.agenda_build(meeting=meeting)
    services.meeting_open(
        meeting=meeting,
        serving=[world.kroon, world.wanngard, world.outsider],
        chair=world.kroon,
        justerare=[world.outsider],
        justering_deadline=at(KF_DAY + datetime.timedelta(days=3)),
        now=at(KF_DAY, 9),
    )
    services.item_decide(item=item, outcome="besvarad", now=at(KF_DAY, 10))
    services.meeting_close(meeting=meeting, ends_at=datetime.time(12))
    motion.case.refresh_from_db()
    assert motion.case.status == Status.DECIDED
    return motion.case


def justera(world, meeting: Meeting, user) -> None:
    for person in (world.kroon, world.outsider):
        services.meeting_justera(meeting=meeting, person=person, by=user, now=at(KF_DAY, 15))


@pytest.fixture
def withdrawn(world):
    """Another case closed in 2024, by its movers: no meeting decided in it."""
    case = world.motion(title="Motion som återkallas").case
    case.transition_to(Status.WITHDRAWN, note="Återkallad.", at=at(D(2024, 8, 1)))
    return case


def test_the_archive_refuses_a_case_until_the_minutes_deciding_it_are_justerade(
    client, world, decided, user_with_role, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(user_with_role("registrator", "arkivarie"))
    refused = client.post("/arkiv/", {"dnr": decided.dnr}).text
    assert "kan inte arkiveras än" in refused
    assert "protokollet från Kommunfullmäktige 2024-06-17 är inte justerat" in refused
    with pytest.raises(
        CommandError, match="protokollet från Kommunfullmäktige 2024-06-17 är inte justerat"
    ):
        call_command("make_sip", "--arende", decided.slug, "--ut", str(tmp_path / "x.zip"))
    assert not ArchiveExport.objects.exists()

    kf_meeting = Meeting.objects.get(body=world.kf)
    justera(world, kf_meeting, user_with_role("politiker", "ordforande"))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/arkiv/", {"dnr": decided.dnr}).status_code == 302
    export = ArchiveExport.objects.get()
    assert export.finished_at and export.done == 1
    with zipfile.ZipFile(export.package.open("rb")) as outer:
        names = outer.namelist()
    assert any(name.endswith(f"protokoll-{world.kf.pk}-20240617.pdf") for name in names)


def test_a_years_export_leaves_out_the_cases_awaiting_justering_and_says_so(
    client, world, decided, withdrawn, user_with_role, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(user_with_role("registrator", "arkivarie"))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/arkiv/", {"year": "2024"}).status_code == 302
    export = ArchiveExport.objects.get()
    with zipfile.ZipFile(export.package.open("rb")) as outer:
        assert outer.namelist() == [f"{withdrawn.slug}.zip"]
    assert export.done == export.total == 1
    page = client.get("/arkiv/").text
    assert f"{decided.dnr} väntar på justering av protokollet och ingår inte" in page

    out = io.StringIO()
    call_command("make_sip", "--ar", "2024", "--ut", str(tmp_path / "2024.zip"), stdout=out)
    assert f"{decided.dnr} väntar på justering av protokollet och ingår inte" in out.getvalue()
    assert "1 ärende," in out.getvalue()

    justera(world, Meeting.objects.get(body=world.kf), user_with_role("politiker", "ordforande"))
    call_command("make_sip", "--ar", "2024", "--ut", str(tmp_path / "2024.zip"), stdout=out)
    with zipfile.ZipFile(tmp_path / "2024.zip") as outer:
        assert sorted(outer.namelist()) == sorted([f"{decided.slug}.zip", f"{withdrawn.slug}.zip"])


def test_a_year_whose_closed_cases_all_await_justering_is_refused(client, decided, user_with_role):
    client.force_login(user_with_role("registrator", "arkivarie"))
    refused = client.post("/arkiv/", {"year": "2024"}).text
    assert f"{decided.dnr} väntar på justering av protokollet" in refused
    assert not ArchiveExport.objects.exists()


def test_the_case_page_and_the_list_say_the_minutes_are_not_yet_justerade(
    client, world, decided, user_with_role
):
    assert AWAITING in client.get(f"/arenden/{decided.slug}/").text
    assert AWAITING in client.get("/arenden/").text
    assert "avgjord (protokollet ej justerat)" in client.get("/arenden/export.csv").text
    justera(world, Meeting.objects.get(body=world.kf), user_with_role("politiker", "ordforande"))
    for url in (f"/arenden/{decided.slug}/", "/arenden/"):
        page = client.get(url).text
        assert "Avgjord" in page and "ej justerat" not in page


@pytest.mark.parametrize(
    ("kept_here", "justerad_at", "deadline", "justerad"),
    [
        (True, None, None, False),  # opened here, not yet approved
        (True, None, "past", False),  # the time for justering passed, still not approved
        (True, "past", "past", True),
        (False, None, None, False),  # kept elsewhere, no time set: not yet
        (False, None, "future", False),
        (False, None, "past", True),
    ],
)
def test_the_archives_filter_agrees_with_meeting_is_justerad(
    world, kept_here, justerad_at, deadline, justerad
):
    now = at(D(2024, 6, 20))
    times = {
        None: None,
        "past": now - datetime.timedelta(hours=1),
        "future": now + datetime.timedelta(hours=1),
    }
    meeting = world.meeting(
        world.kf,
        KF_DAY,
        opened_at=at(KF_DAY, 9) if kept_here else None,
        justerad_at=times[justerad_at],
        justering_deadline=times[deadline],
    )
    case = world.motion().case
    meeting.decisions.create(case=case, items=["Beslut."])
    assert meeting.is_justerad(now) is justerad
    assert Case.objects.awaiting_justering(now).filter(pk=case.pk).exists() is not justerad
    assert list(case.meetings_awaiting_justering(now)) == ([] if justerad else [meeting])
