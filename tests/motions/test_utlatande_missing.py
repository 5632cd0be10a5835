"""One function decides what the utlåtande lacks: the preview and the PDF's refusal list the same
parts, each linked to where it is filled in."""

import re

from motions.models import Utlatande


def listed(html: str) -> list[tuple[str, str]]:
    box = html.split('id="saknas"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', box)


def test_the_preview_and_the_pdf_refusal_list_the_same_missing_parts(
    world, client, django_user_model
):
    motion = world.motion(rotel=None)
    utlatande = Utlatande.objects.create(
        motion=motion, rapporteur=world.wanngard, summary="En sammanfattning."
    )
    client.force_login(django_user_model.objects.create(username="handlaggare"))
    preview = client.get(f"/arenden/{motion.case.slug}/utlatande/")
    refusal = client.get(f"/arenden/{motion.case.slug}/utlatande.pdf")
    assert preview.status_code == 200 and refusal.status_code == 409
    expected = [(part.url, part.label.capitalize()) for part in utlatande.missing()]
    assert [label for _url, label in expected] == [
        "Rotel",
        "Förslag till beslut",
        "Föredragande borgarrådets synpunkter",
        "Ärendet",
    ]
    assert listed(preview.text) == listed(refusal.text) == expected
    assert expected[0][0] == f"/arenden/{motion.case.slug}/uppgifter/#id_rotel"
    assert (
        expected[1][0]
        == f"/arenden/{motion.case.slug}/utlatande/redigera/forslag/#id_proposed_items"
    )
    assert "Det saknar: rotel, förslag till beslut" in refusal.text
