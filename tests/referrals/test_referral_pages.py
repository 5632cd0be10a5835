"""What a referral's pages call things."""

import datetime

from casework import roles
from referrals.models import Referral
from referrals.services import referral_decline, referral_send

D = datetime.date


def test_a_referral_that_was_declined_is_listed_as_avstod(client, world, user_with_role):
    motion = world.motion()
    referral = referral_send(
        case=motion.case, body=world.sof, sent_on=D(2023, 10, 1), due_on=D(2024, 1, 31)
    )
    referral_decline(referral=referral, dated=D(2023, 11, 1), reason="Frågan rör inte oss.")
    assert Referral.State.DECLINED.label == "avstod"
    client.force_login(user_with_role(roles.HANDLAGGARE))
    page = client.get(motion.case.get_absolute_url()).text
    assert '<td data-label="Status" class="key">avstod</td>' in page and "avstådd" not in page


def test_the_committee_answer_step_is_called_registrera_nämndens_remissvar(
    client, world, user_with_role
):
    motion = world.motion()
    referral_send(case=motion.case, body=world.sn, sent_on=D(2023, 10, 1), due_on=D(2024, 1, 31))
    client.force_login(user_with_role(roles.NAMNDSEKRETERARE))
    page = client.get(f"/arenden/{motion.case.slug}/remissvar/namnd/").text
    assert "<h1>Registrera nämndens remissvar</h1>" in page and "nämnds remissvar" not in page
