import django_filters
from django import forms

from casework.forms import BoundedPkMixin
from casework.models import Body, Case, Party, Rotel
from casework.workflow import Status

DATE = forms.DateInput(attrs={"type": "date"})


class ChoiceOfRowField(BoundedPkMixin, django_filters.fields.ModelChoiceField):
    pass


class RowFilter(django_filters.ModelChoiceFilter):
    """A choice of a row, refusing values that cannot be a primary key."""

    field_class = ChoiceOfRowField


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
    rotel = RowFilter(label="Rotel", queryset=Rotel.objects.all(), empty_label="Alla")
    parti = RowFilter(
        label="Motionärens parti", queryset=Party.objects.all(), empty_label="Alla",
        field_name="motion__moverships__person__affiliations__party", distinct=True,
    )  # fmt: skip
    remissinstans = RowFilter(
        label="Remissinstans", queryset=Body.objects.filter(referrals__isnull=False).distinct(), empty_label="Alla",
        field_name="referrals__body", distinct=True,
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
