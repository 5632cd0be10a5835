import django_filters
from django import forms

from casework.models import Body, Case, Party, Rotel
from casework.workflow import Status

DATE = forms.DateInput(attrs={"type": "date"})


def rows(queryset, label=str):
    """Choices of rows as (id, label), read in one plain query when the form is made (a model
    choice field reads through a server-side cursor, three round trips per select)."""
    return lambda: [(str(row.pk), label(row)) for row in queryset.all()]


def row_filter(label: str, queryset, field_name: str | None = None, **kwargs):
    """A choice of a row; a value that is not one of the rows is refused before any query."""
    return django_filters.ChoiceFilter(
        label=label, choices=rows(queryset), empty_label="Alla", field_name=field_name, **kwargs
    )


SORTS = {
    "dnr": ("year", "sequence"),
    "titel": ("title",),
    "status": ("status",),
    "vackt": ("motion__filed_on",),
    "registrerat": ("registered_on",),
}


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Sök i titlar och texter", method="search")
    status = django_filters.ChoiceFilter(label="Status", choices=Status.choices, empty_label="Alla")
    year = django_filters.NumberFilter(
        label="År", field_name="year", min_value=1900, max_value=2200
    )
    rotel = row_filter("Rotel", Rotel.objects.all(), "rotel")
    parti = row_filter(
        "Motionärens parti", Party.objects.all(),
        "motion__moverships__person__affiliations__party", distinct=True,
    )  # fmt: skip
    remissinstans = row_filter(
        "Remissinstans", Body.objects.filter(referrals__isnull=False).distinct(),
        "referrals__body", distinct=True,
    )  # fmt: skip
    vackt_fran = django_filters.DateFilter(
        label="Väckt från", field_name="motion__filed_on", lookup_expr="gte", widget=DATE
    )
    vackt_till = django_filters.DateFilter(
        label="Väckt till", field_name="motion__filed_on", lookup_expr="lte", widget=DATE
    )
    ordning = django_filters.ChoiceFilter(
        label="Sortering", method="sort", empty_label="Nyast först",
        choices=[(key, key) for name in SORTS for key in (name, f"-{name}")],
    )  # fmt: skip

    class Meta:
        model = Case
        fields = []

    def search(self, queryset, name, value):
        fields = [
            "title",
            "motion__text",
            "motion__utlatande__summary",
            "motion__utlatande__matter",
        ]
        return queryset.search(value, fields=fields)

    def sort(self, queryset, name, value):
        descending = value.startswith("-")
        fields = SORTS[value.lstrip("-")]
        return queryset.order_by(*[f"-{f}" if descending else f for f in fields], "-id")
