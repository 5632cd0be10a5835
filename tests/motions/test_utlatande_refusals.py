"""Asking for an utlåtande that cannot be printed gives a Swedish message, never a traceback."""

import pytest
from django.core.management import CommandError, call_command

from motions.models import Utlatande


def test_a_case_without_an_utlatande_gets_a_clear_message(world, client, tmp_path):
    case = world.motion().case
    response = client.get(f"/arenden/{case.slug}/utlatande.pdf")
    assert response.status_code == 404 and "Utlåtandet har inte skrivits ännu." in response.text
    with pytest.raises(CommandError, match="har inget utlåtande ännu"):
        call_command("render_utlatande", case.dnr, output=str(tmp_path / "u.pdf"))


def test_an_utlatande_missing_parts_names_them(world, client, django_user_model):
    motion = world.motion()
    Utlatande.objects.create(
        motion=motion, rapporteur=world.wanngard, proposed_items=["Motionen besvaras."]
    )
    client.force_login(django_user_model.objects.create(username="handlaggare"))
    response = client.get(f"/arenden/{motion.case.slug}/utlatande.pdf")
    assert response.status_code == 409
    assert (
        "Det saknar: sammanfattning av ärendet, föredragande borgarrådets synpunkter, ärendet."
        in response.text
    )


def test_a_draft_is_not_shown_to_anonymous_readers(world, client):
    motion = world.motion()
    Utlatande.objects.create(motion=motion, rapporteur=world.wanngard, proposed_items=["Besvaras."])
    for path in ("utlatande/", "utlatande.pdf"):
        response = client.get(f"/arenden/{motion.case.slug}/{path}")
        assert response.status_code == 404
        assert "Utlåtandet publiceras här när kommunstyrelsen" in response.text
        assert "/konto/logga-in/?next=" in response.text


def test_an_incomplete_draft_can_be_previewed_with_what_is_missing_marked(
    world, client, django_user_model
):
    motion = world.motion(rotel=None)
    Utlatande.objects.create(motion=motion, rapporteur=world.wanngard, summary="En sammanfattning.")
    client.force_login(django_user_model.objects.create(username="handlaggare"))
    response = client.get(f"/arenden/{motion.case.slug}/utlatande/")
    assert response.status_code == 200
    assert "En sammanfattning." in response.text
    assert response.text.count("Saknas ännu i utkastet.") == 3  # förslag, synpunkter, ärendet
    assert "None" not in response.text and "UTKAST" in response.text
