"""Issue 23, point 4: a step the user's role does not take is no dead end. The refusal says which
roles take it and who they are, and offers the user's own way on; the case page tells a clerk
which of the offered steps other roles take."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from casework import roles
from casework.models import Body
from motions.models import Motion
from referrals.services import Recipient, case_refer
from tests.test_whole_process import registered

TODAY = timezone.localdate()


def prepared_referred() -> Motion:
    """A motion referred to a nämnd, which answers by a decision of its own."""
    motion = registered("Fler parkbänkar")
    nämnd = Body.objects.exclude(kind__in=Body.WRITTEN_ANSWER_KINDS).exclude(
        name__in=["Kommunfullmäktige", "Kommunstyrelsen"]
    )[0]
    due = TODAY + datetime.timedelta(days=30)
    case_refer(case=motion.case, sent_on=TODAY, recipients=[Recipient(nämnd, due)])
    return motion


def test_who_may_names_the_roles_in_swedish():
    assert roles.who_may(roles.ANSWER_COMMITTEE) == (
        "en registrator, en nämndsekreterare eller en administratör"
    )
    assert roles.who_may(roles.DRAFT) == "en handläggare eller en administratör"


@pytest.mark.django_db
def test_handlaggare_refused_a_committee_answer_is_told_who_can(client, demo):
    motion = prepared_referred()
    client.force_login(User.objects.get(username="handlaggare"))
    url = reverse("referrals:answer_committee", args=[motion.case.slug])

    response = client.get(url)

    assert response.status_code == 403
    text = response.content.decode()
    assert "Det här gör en registrator, en nämndsekreterare eller en administratör." in text
    assert "med rollen handläggare" in text
    secretary = User.objects.get(username="namndsekreterare")
    assert secretary.get_full_name() and secretary.get_full_name() in text  # someone to ask
    assert reverse("case_detail", args=[motion.case.slug]) in text  # back to the case
    assert "Din roll får inte" not in text


@pytest.mark.django_db
def test_case_page_tells_a_clerk_which_steps_other_roles_take(client, demo):
    motion = prepared_referred()
    client.force_login(User.objects.get(username="handlaggare"))

    text = client.get(reverse("case_detail", args=[motion.case.slug])).content.decode()

    assert "Steg som andra roller tar" in text
    assert "görs av en registrator, en nämndsekreterare eller en administratör" in text
    answer_url = reverse("referrals:answer_committee", args=[motion.case.slug])
    assert answer_url not in text  # no link that would refuse


@pytest.mark.django_db
def test_a_reader_refused_is_offered_to_log_in(client, demo):
    user = User.objects.get(username="jan.jonsson")
    client.force_login(user)
    response = client.get(reverse("motions:register"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Det här gör en registrator eller en administratör." in text
    assert "Till din startsida" in text
