"""Numbers with their words in Swedish: singular for one ('1 ärende', '1 dag'), plural
otherwise, on pages and in messages alike."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework import roles
from casework.text import count
from motions.models import Motion


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 ärenden"), (1, "1 ärende"), (2, "2 ärenden"), (21, "21 ärenden")]
)
def test_count_takes_the_singular_only_for_one(n, expected):
    assert count(n, "ärende", "ärenden") == expected


def test_a_motion_with_one_day_left_says_1_dag_kvar(client, world):
    today = timezone.localdate()
    motion = world.motion(filed_on=today.replace(year=today.year - 1) + timedelta(days=1))
    motion = Motion.objects.get(pk=motion.pk)
    assert motion.days_left() == 1
    page = client.get(motion.case.get_absolute_url()).text
    assert "1 dag kvar" in page and "1 dagar" not in page


def test_the_referral_form_says_1_dag_when_one_day_is_the_default(
    client, world, user_with_role, settings
):
    settings.REFERRAL_DEFAULT_DAYS = 1
    client.force_login(user_with_role(roles.HANDLAGGARE))
    form = client.get(f"/arenden/{world.motion().case.slug}/remittera/").text
    assert "Tomt: 1 dag efter Skickas." in form
