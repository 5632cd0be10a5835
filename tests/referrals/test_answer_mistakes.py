"""A referral's dates as a clerk enters them, and the answer registered by mistake: an answer
cannot be dated before the referral was sent nor after today; an empty due date follows the day
the referral is sent (also one sent in 2019); cancelling the answer's document (makulering)
reopens the referral, so the right answer can be registered (issue 21's past entries)."""

import datetime

from django.utils import timezone

from casework.models import Body, CaseEvent, Document
from referrals.models import OfficerReport, Referral
from tests.casework.test_profile import post_rows
from tests.motions.test_entered_afterwards import clerk, registered_2019, step  # noqa: F401

D = datetime.date
TODAY = timezone.localdate()


def referred_2019(clerk, due_on=""):  # noqa: F811
    case = registered_2019(clerk)
    slk = Body.objects.get(name="Stadsledningskontoret")
    step(
        clerk,
        case,
        "remittera",
        {"sent_on": "2019-03-11", **post_rows("remiss", [{"body": slk.pk, "due_on": due_on}])},
    )
    return case, case.referrals.get()


def answer(clerk, case, referral, dated):  # noqa: F811
    return clerk.post(
        f"/arenden/{case.slug}/remissvar/skriftligt/",
        {"referral": referral.pk, "dated": dated, "text": "Kontoret tillstyrker motionen."},
    )


def test_an_empty_due_date_follows_the_day_the_referral_is_sent(clerk):  # noqa: F811
    form = clerk.get(f"/arenden/{registered_2019(clerk, 'Motion om ljus').slug}/remittera/").text
    assert 'name="remiss-0-due_on"' in form and "Tomt: 90 dagar efter Skickas." in form
    assert f'value="{TODAY + datetime.timedelta(days=90):%Y-%m-%d}"' not in form

    _, referral = referred_2019(clerk)
    assert referral.sent_on == D(2019, 3, 11) and referral.due_on == D(2019, 6, 9)


def test_an_answer_dated_before_the_referral_was_sent_or_after_today_is_refused(
    clerk,  # noqa: F811
):
    case, referral = referred_2019(clerk, due_on="2019-05-31")
    documents = Document.objects.filter(case=case).count()
    for dated, message in [
        ("2019-03-10", "Svaret kan inte vara daterat före den 2019-03-11, då remissen skickades."),
        ("2018-01-01", "Svaret kan inte vara daterat före den 2019-03-11, då remissen skickades."),
        (f"{TODAY + datetime.timedelta(days=1):%Y-%m-%d}", "kan inte vara senare än i dag."),
    ]:
        response = answer(clerk, case, referral, dated)
        assert response.status_code == 400 and message in response.text
    referral.refresh_from_db()
    assert referral.state == Referral.State.SENT and referral.answered_on is None
    assert not OfficerReport.objects.filter(referral=referral).exists()
    assert Document.objects.filter(case=case).count() == documents

    decline = clerk.post(
        f"/arenden/{case.slug}/remissvar/avstar/",
        {"referral": referral.pk, "dated": "2019-03-01", "reason": "Inte vår fråga."},
    )
    assert decline.status_code == 400 and "då remissen skickades" in decline.text

    assert answer(clerk, case, referral, "2019-03-11").status_code == 302  # the day it was sent


def test_cancelling_a_mistaken_answer_reopens_the_referral_for_the_right_one(
    clerk,  # noqa: F811
):
    case, referral = referred_2019(clerk, due_on="2019-05-31")
    assert answer(clerk, case, referral, "2019-04-02").status_code == 302  # the wrong day
    referral.refresh_from_db()
    assert referral.state == Referral.State.ANSWERED and referral.answer.dated == D(2019, 4, 2)
    mistaken = referral.answer

    response = clerk.post(f"/handlingar/{mistaken.pk}/makulera/", {"reason": "Fel datum"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == Referral.State.LATE  # its due date, 2019-05-31, has passed
    assert referral.answered_on is None and referral.answer is None
    assert not OfficerReport.objects.filter(referral=referral).exists()
    mistaken.refresh_from_db()
    assert mistaken.cancelled_at and mistaken.cancel_reason == "Fel datum"  # still listed

    form = clerk.get(f"/arenden/{case.slug}/remissvar/skriftligt/").text
    assert f'<option value="{referral.pk}" selected>Stadsledningskontoret</option>' in form
    assert answer(clerk, case, referral, "2019-05-20").status_code == 302
    referral.refresh_from_db()
    assert referral.state == Referral.State.ANSWERED and referral.answered_on == D(2019, 5, 20)
    assert referral.answer != mistaken and referral.answered_in_time
    page = clerk.get(case.get_absolute_url()).text
    assert "Beredning: remissvaret har kommit in, för ärendet vidare till beredning" in page


def test_the_timeline_names_each_step_without_an_invented_hour(clerk):  # noqa: F811
    case, _ = referred_2019(clerk)
    page = clerk.get(case.get_absolute_url()).text
    timeline = page.split('id="handelser"')[1].split("</ol>")[0]
    assert "–" not in timeline and "08:00" not in timeline
    assert '<time datetime="2019-03-05">2019-03-05</time>: Registrerad' in timeline
    assert (
        '<time datetime="2019-03-11">2019-03-11</time>: Remitterad (från registrerad)' in timeline
    )
    assert CaseEvent.objects.filter(case=case).count() == 2


def test_a_committee_s_answer_is_its_decision_and_its_document_cannot_undo_it(
    clerk,  # noqa: F811
):
    case = registered_2019(clerk)
    sn = Body.objects.get(name="Socialnämnden")
    step(
        clerk,
        case,
        "remittera",
        {"sent_on": "2019-03-11", **post_rows("remiss", [{"body": sn.pk, "due_on": ""}])},
    )
    referral = case.referrals.get()
    data = {"referral": referral.pk, "items": "Nämnden tillstyrker motionen."}
    data |= post_rows("uttalande", [])
    early = clerk.post(
        f"/arenden/{case.slug}/remissvar/namnd/", data | {"meeting_date": "2019-03-01"}
    )
    assert early.status_code == 400 and "då remissen skickades" in early.text
    assert not sn.meetings.filter(date=D(2019, 3, 1)).exists()  # nothing half-saved

    step(clerk, case, "remissvar/namnd", data | {"meeting_date": "2019-04-15"})
    referral.refresh_from_db()
    response = clerk.post(f"/handlingar/{referral.answer.pk}/makulera/", {"reason": "Fel"})
    assert response.status_code == 400
    assert "Svaret är Socialnämndens beslut" in response.text
    referral.refresh_from_db()
    assert referral.state == Referral.State.ANSWERED and referral.answer.cancelled_at is None
