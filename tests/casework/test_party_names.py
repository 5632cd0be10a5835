"""A party's letters are one party whatever their case: older documents write "(s)" for "(S)",
so an abbreviation that differs from an existing one only in case is refused (issue 21)."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from casework.models import Party


def test_an_abbreviation_differing_only_in_case_is_refused(world):
    with pytest.raises(ValidationError, match="Det finns redan ett parti med den förkortningen"):
        Party(abbreviation="sd", name="Sverigedemokraterna").full_clean()
    Party(abbreviation="MP", name="Miljöpartiet").full_clean()


def test_the_admin_refuses_it_in_swedish_and_saves_nothing(client, world):
    admin = User.objects.create_superuser("admin", password="x")
    client.force_login(admin)
    response = client.post("/admin/casework/party/add/", {"abbreviation": "s", "name": "Sossarna"})
    assert response.status_code == 200  # the form again, with the error
    assert "Det finns redan ett parti med den förkortningen" in response.text
    assert list(Party.objects.filter(abbreviation__iexact="s").values_list("name", flat=True)) == [
        "Socialdemokraterna"
    ]
