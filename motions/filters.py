import django_filters
from django.db.models import Exists, OuterRef

from casework.attributes import used_case_attributes
from casework.kinds import case_kind_choices
from casework.lists import DATE, dnr_parts, row_filter
from casework.models import Body, Case, Party
from casework.workflow import Status
from referrals.models import Referral

SORTS = {
    "dnr": ("year", "sequence"),
    "titel": ("title",),
    "status": ("status",),
    "vackt": ("motion__filed_on",),
    "registrerat": ("registered_on",),
}
SORT_LABELS = {
    "dnr": ("Diarienummer, lägst först", "Diarienummer, högst först"),
    "titel": ("Ärendemening, A–Ö", "Ärendemening, Ö–A"),
    "status": ("Status, A–Ö", "Status, Ö–A"),
    "vackt": ("Väckt, äldst först", "Väckt, nyast först"),
    "registrerat": ("Registrerat, äldst först", "Registrerat, nyast först"),
}


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Sök diarienummer, titlar, texter och motionärer", method="search"
    )
    status = django_filters.ChoiceFilter(label="Status", choices=Status.choices, empty_label="Alla")
    typ = django_filters.ChoiceFilter(
        label="Ärendetyp", field_name="kind", choices=case_kind_choices, empty_label="Alla"
    )
    year = django_filters.NumberFilter(
        label="År", field_name="year", min_value=1900, max_value=2200
    )
    parti = row_filter(
        "Motionärens parti",
        Party.objects.all(),
        "motion__moverships__person__affiliations__party",
        distinct=True,
    )
    remissinstans = row_filter(
        # the bodies asked: a semi-join by the referral's body index, not DISTINCT over all referrals
        "Remissinstans",
        Body.objects.filter(Exists(Referral.objects.filter(body=OuterRef("pk")))),
        "referrals__body",
        distinct=True,
    )
    vackt_fran = django_filters.DateFilter(
        label="Väckt från", field_name="motion__filed_on", lookup_expr="gte", widget=DATE
    )
    vackt_till = django_filters.DateFilter(
        label="Väckt till", field_name="motion__filed_on", lookup_expr="lte", widget=DATE
    )
    ordning = django_filters.ChoiceFilter(
        label="Sortering",
        method="sort",
        empty_label="Nyast först",
        choices=[
            (key, label)
            for name in SORTS
            for key, label in zip((name, f"-{name}"), SORT_LABELS[name], strict=True)
        ],
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, many_hits: bool = False, **kwargs):
        """With a filter, after the year's, for each attribute of a case the municipality uses
        (`casework.attributes`: a rotel in Stockholm). `many_hits`: the words are known to be
        found in more cases than a list counts (`CaseQuerySet.search`'s `many`)."""
        super().__init__(*args, **kwargs)
        self.many_hits = many_hits
        added = {}
        for attribute in used_case_attributes():
            if attribute.choices:
                added[attribute.name] = row_filter(
                    attribute.label, attribute.choices(), attribute.lookup
                )
                added[attribute.name].model, added[attribute.name].parent = Case, self
        filters, self.filters = self.filters, {}
        for name, filter_ in filters.items():
            self.filters[name] = filter_
            if name == "year":
                self.filters.update(added)

    def search(self, queryset, name, value):
        """A diarienummer, whole or in part ("KS 2023/1387", "2023/1387", "1387"), finds its cases;
        anything else is searched for in titles, texts and the movers' names."""
        by_number = dnr_parts(value)
        if by_number is not None:
            matches = queryset.filter(**by_number)
            if matches.exists():
                return matches
        fields = [
            "title",
            "motion__text",
            "motion__utlatande__summary",
            "motion__utlatande__matter",
            "motion__moverships__person__first_name",
            "motion__moverships__person__last_name",
        ]  # SQLite's fallback; PostgreSQL's index also holds senders and statements' authors
        return queryset.search(value, fields=fields, many=self.many_hits)

    def sort(self, queryset, name, value):
        descending = value.startswith("-")
        fields = SORTS[value.lstrip("-")]
        return queryset.order_by(*[f"-{f}" if descending else f for f in fields], "-id")
