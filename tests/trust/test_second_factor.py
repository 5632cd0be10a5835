"""An administrator can require a second factor (TOTP, django-otp) of any user, e.g. all clerks."""

from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework import roles


def code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_clerk_who_must_use_a_second_factor_sets_it_up_then_verifies(client, user_with_role, db):
    clerk = user_with_role(roles.REGISTRATOR)
    clerk.groups.add(Group.objects.get_or_create(name=roles.SECOND_FACTOR)[0])
    client.post("/konto/logga-in/", {"username": "registrator", "password": "demo"})
    response = client.get("/start/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/konto/tvafaktor/?next=/start/"
    )
    setup = client.get("/konto/tvafaktor/")
    assert "Nyckel:" in setup.text
    device = TOTPDevice.objects.get(user=clerk)
    wrong = client.post("/konto/tvafaktor/?next=/start/", {"token": "12345x"})
    assert wrong.status_code == 400 and "Koden består av sex siffror." in wrong.text
    right = client.post("/konto/tvafaktor/?next=/start/", {"token": code(device)})
    assert right.status_code == 302 and right["Location"] == "/start/"
    assert client.get("/start/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    client.post("/konto/logga-in/", {"username": "registrator", "password": "demo"})
    assert client.get("/start/").status_code == 302
    verify = client.get("/konto/tvafaktor/")
    assert "Nyckel:" not in verify.text and "Skriv in koden" in verify.text


def test_users_without_the_requirement_are_not_asked(client, user_with_role, db):
    user_with_role(roles.HANDLAGGARE)
    client.post("/konto/logga-in/", {"username": "handläggare", "password": "demo"})
    assert client.get("/start/").status_code == 200
