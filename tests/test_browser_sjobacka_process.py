"""In the example municipality (Sjöbacka), in Debian's Chromium: a motion and a skrivelse answered
jointly (KS decides the skrivelse för egen del, KF the motion, both closed), a bordläggning carried
to the next agenda, and a reported motion written off as a paragraph of KF's justerade minutes."""

import datetime
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from casework.models import Case, Registry
from casework.workflow import Status
from meetings.models import Protocol
from motions.services import deadline_report_make, motion_chain_decide, motion_register
from tests.conftest import pdf_text
from tests.test_browser import assert_accessible
from tests.test_browser_clerk import log_in, log_out
from tests.test_browser_whole_process import close, decide, justera, on_day, plan_and_open
from tests.test_whole_process import document, into_chain, meeting_at, person, prepared

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_sjobacka_joint_answer_bordlaggning_and_a_write_off_in_kfs_minutes(page, live_server):
    with override_settings(DEBUG=True):
        call_command("load_demo", "--exempelkommun", stdout=StringIO())
    today = timezone.localdate()
    url = live_server.url
    # Prepared by the clerks (their pages have tests of their own): a motion answered together
    # with a skrivelse, another motion, both endorsed by kommunledningsutskottet; an old motion
    # reported to KF under the one-year rule.
    motion = prepared("Motion om bostäder", movers=["Cecilia Ek"])
    skrivelse = prepared("Skrivelse om bostäder", kind="skrivelse", movers=["David Fors"])
    document(motion, None, joint=[skrivelse])
    tabled = prepared("Motion om cykelbanor", movers=["David Fors"])
    document(tabled, None)
    into_chain(motion, skrivelse, tabled)
    klu = meeting_at("Kommunledningsutskottet", today - datetime.timedelta(days=7))
    for m in (motion, tabled):
        motion_chain_decide(
            motion=m, meeting=klu, items=["Kommunledningsutskottet föreslår bifall."]
        )
    old = motion_register(
        registry=Registry.objects.get(prefix="KS"),
        title="Motion om en gammal fråga",
        filed_on=today - datetime.timedelta(days=400),
        registered_on=today - datetime.timedelta(days=400),
        movers=[person("Elin Gran")],
    )
    deadline_report_make(as_of=today)
    chair = "Bengt Dahl (s)"  # Sjöbacka prints party letters in lower case

    # KS: the joint motion is one paragraph, deciding the skrivelse för egen del; the other is tabled.
    log_in(page, url, "namndsekreterare")
    plan_and_open(page, url, "Kommunstyrelsen", today, "Cecilia Ek (c)", chair)
    ks_url = page.url
    agenda = page.locator("ol.agenda > li")
    assert (
        agenda.count() == 2
        and "Skrivelse om bostäder" not in page.locator("ol.agenda").inner_text()
    )
    decide(page, ks_url, "Motion om bostäder", outcome="besvarad")
    decide(page, ks_url, "Motion om cykelbanor", postpone=True)
    close(page, ks_url)
    log_out(page)
    justera(page, url, ks_url, ["bengt.dahl", "cecilia.ek"])
    assert Case.objects.get(pk=skrivelse.case.pk).status == Status.DECIDED
    assert Case.objects.get(pk=motion.case.pk).stage == "hos kommunfullmäktige"

    # KS's next meeting: the tabled motion is ready again, its agenda line saying when it was tabled.
    log_in(page, url, "namndsekreterare")
    page.goto(url + "/sammantraden/nytt/")
    page.get_by_label("Organ").select_option(label="Kommunstyrelsen")
    page.get_by_label("Datum").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Skapa sammanträdet").click()
    page.get_by_role("button", name="Lägg redo ärenden på föredragningslistan").click()
    line = page.locator("ol.agenda > li", has_text="Motion om cykelbanor").inner_text()
    assert f"Tidigare behandling: Bordlagt {today:%Y-%m-%d} §" in line
    assert_accessible(page)

    # KF: the joint motion decided, the reported motion written off, both paragraphs of its minutes.
    kf_day = today + datetime.timedelta(days=21)
    log_out(page)
    with on_day(kf_day):
        log_in(page, url, "namndsekreterare")
        plan_and_open(page, url, "Kommunfullmäktige", kf_day, "David Fors (v)", "Anna Berg (m)")
        kf_url = page.url
        assert (
            "Avskrivning enligt ettårsregeln: Motion om en gammal fråga"
            in page.locator("ol.agenda").inner_text()
        )
        decide(page, kf_url, "Motion om bostäder", outcome="bifall")
        decide(page, kf_url, "Motion om en gammal fråga", outcome="avskrivs")
        close(page, kf_url)
        log_out(page)
        justera(page, url, kf_url, ["anna.berg", "david.fors"])
    for case, status in (
        (motion.case, Status.DECIDED),
        (skrivelse.case, Status.DECIDED),
        (old.case, Status.WRITTEN_OFF),
    ):
        assert Case.objects.get(pk=case.pk).status == status
    signed = " ".join(
        pdf_text(bytes(Protocol.objects.get(meeting__body__name="Kommunfullmäktige").pdf)).split()
    )
    assert "Avskrivning enligt ettårsregeln: Motion om en gammal fråga" in signed
    page.goto(url + old.case.get_absolute_url())
    assert page.get_by_text("Motionen avskrivs från vidare handläggning.").first.is_visible()
    assert_accessible(page)
