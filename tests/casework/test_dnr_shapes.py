"""Every registry-number shape a municipality writes, as a pattern in its profile: printing,
reading back (the address form, the search box, a typed dnr) follow it (issue 21)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from casework.models import Case, Classification, Municipality

D = datetime.date
SHAPES = [  # (pattern, with a classification, without one)
    ("{diarium} {år}/{nr}", "KS 2023/47", "KS 2023/47"),
    ("{år}/{diarium} {nr:4}", "2023/KS 0047", "2023/KS 0047"),
    ("{år}/{diarium} {nr:4} {klass}", "2023/KS 0047 107", "2023/KS 0047"),
    ("{nr}/{år} {diarium}", "47/2023 KS", "47/2023 KS"),  # the number before the registry
    ("{diarium} {år}/{nr}-{klass}", "KS 2023/47-107", "KS 2023/47"),  # a hyphen, then the class
    ("{diarium}-{år}-{nr:5}", "KS-2023-00047", "KS-2023-00047"),
    ("{år}.{nr:3} {diarium}", "2023.047 KS", "2023.047 KS"),
]


def profile(pattern: str) -> None:
    Municipality.objects.filter(pk=1).update(dnr_pattern=pattern)
    Municipality.forget()


@pytest.mark.parametrize(("pattern", "classified", "plain"), SHAPES)
def test_each_shape_prints_and_reads_back(world, client, pattern, classified, plain):
    profile(pattern)
    code = Classification.objects.create(code="107", title="Motioner")
    with_class = world.motion(
        title="Med klassificering", filed_on=D(2023, 3, 1), classification=code, sequence=47
    ).case
    without = world.motion(title="Utan", filed_on=D(2024, 3, 1), sequence=47).case
    assert with_class.dnr == classified
    assert without.dnr == plain.replace("2023", "2024")
    for typed in (classified, classified.lower(), f"  {classified}  ", with_class.slug):
        assert Case.objects.by_dnr(typed).get() == with_class, typed
    page = client.get("/arenden/", {"q": classified})  # a whole dnr typed goes to the case
    assert page.status_code == 302 and page["Location"] == with_class.get_absolute_url()
    assert classified in client.get(with_class.get_absolute_url()).text


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("{diarium} {nr}", "Mönstret saknar {år}."),
        ("{diarium}{år}/{nr}", "Skilj {diarium} och {år} åt med ett tecken."),
        ("{diarium} {år}/{nr} {typ}", "Okänd del inom klammer"),
        ("{diarium} {år}/{nr}/{nr}", "{nr} står två gånger."),
    ],
)
def test_a_pattern_that_cannot_be_read_back_is_refused_in_swedish(world, pattern, problem):
    municipality = Municipality.current()
    municipality.dnr_pattern = pattern
    with pytest.raises(ValidationError, match=problem.replace("{", r"\{").replace("}", r"\}")):
        municipality.full_clean()
