"""A clerk adds a municipal company or an outside authority to refer to, without the admin
(issue 21); committees and offices stay the administrator's."""

import datetime

from django.contrib.auth.models import User

from casework.models import Body
from tests.casework.test_profile import post_rows
from tests.test_whole_process import TODAY, registered

DUE = TODAY + datetime.timedelta(days=60)


def test_a_handlaggare_adds_an_authority_and_refers_the_case_to_it(client, demo):
    client.force_login(User.objects.get(username="handlaggare"))
    case = registered("Motion om en ny pendelbåt").case
    refer = f"/arenden/{case.slug}/remittera/"
    page = client.get(refer).text
    assert "Saknas instansen? Lägg till ett bolag eller en myndighet" in page
    new = f"{refer}ny-instans/"
    response = client.post(new, {"name": " Trafikverket ", "kind": "extern", "proper_name": "on"})
    assert response.status_code == 302 and response["Location"] == refer
    trafikverket = Body.objects.get(name="Trafikverket")
    assert (trafikverket.kind, trafikverket.in_running_text) == ("extern", "Trafikverket")
    assert "Trafikverket finns nu bland remissinstanserna." in client.get(refer).text

    referred = client.post(
        refer,
        {
            "sent_on": f"{TODAY:%Y-%m-%d}",
            **post_rows("remiss", [{"body": trafikverket.pk, "due_on": f"{DUE:%Y-%m-%d}"}]),
        },
    )
    assert referred.status_code == 302
    assert case.referrals.get().body == trafikverket


def test_a_name_already_there_and_a_committee_are_refused_and_nothing_is_added(client, demo):
    client.force_login(User.objects.get(username="handlaggare"))
    new = "/arenden/KS-2023-1387/remittera/ny-instans/"
    count = Body.objects.count()
    twice = client.post(new, {"name": "socialnämnden", "kind": "extern"})
    assert twice.status_code == 400
    assert "socialnämnden finns redan bland remissinstanserna." in twice.text
    committee = client.post(new, {"name": "Nöjesnämnden", "kind": "namnd"})
    assert committee.status_code == 400 and 'id="id_kind_error"' in committee.text
    assert Body.objects.count() == count


def test_a_politician_cannot_add_one(client, demo):
    client.force_login(User.objects.get(username="jan.jonsson"))
    response = client.post(
        "/arenden/KS-2023-1387/remittera/ny-instans/", {"name": "X AB", "kind": "bolag"}
    )
    assert response.status_code == 403
    assert not Body.objects.filter(name="X AB").exists()
