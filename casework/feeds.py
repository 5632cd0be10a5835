"""Atom feeds of the public record (Django's syndication framework): the decisions of every body or
of one, and what happens in one case. A feed holds only what the public pages show: the decision's
att-satser and the case's moves, never a document's title, a statement's draft or a secret."""

import datetime

from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from casework.models import Body, Case, CaseEvent, Decision, Municipality

LATEST = 50


def _published(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12)))


class DecisionFeed(Feed):
    """The latest decisions, of every body."""

    feed_type = Atom1Feed

    def title(self):
        return f"Beslut – {Municipality.current().name}"

    def subtitle(self):
        return "De senaste besluten i ärendena, med beslutens att-satser."

    def link(self):
        return "/arenden/"

    def decisions(self):
        return Decision.objects.select_related(
            "meeting__body", "case__registry", "case__classification"
        )

    def items(self):
        return self.decisions().order_by("-meeting__date", "-id")[:LATEST]

    def item_title(self, decision):
        return f"{decision.meeting.body} {decision.date:%Y-%m-%d}: {decision.case.dnr} {decision.case.title}"

    def item_description(self, decision):
        return " ".join(decision.items)

    def item_link(self, decision):
        return f"{decision.case.get_absolute_url()}#beslut"

    def item_guid(self, decision):
        return f"beslut-{decision.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, decision):
        return _published(decision.date)


class BodyDecisionFeed(DecisionFeed):
    """The latest decisions of one body."""

    def get_object(self, request, pk: int):
        return get_object_or_404(Body, pk=pk)

    def title(self, body):
        return f"Beslut i {body.in_running_text} – {Municipality.current().name}"

    def items(self, body):
        return (
            self.decisions().filter(meeting__body=body).order_by("-meeting__date", "-id")[:LATEST]
        )


class CaseFeed(Feed):
    """What happens in one case: each move in its workflow, and each decision in it."""

    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def get_object(self, request, slug: str):
        try:
            case = Case.objects.by_dnr(slug).select_related("registry", "classification").first()
        except ValidationError:  # an address that is no dnr at all
            case = None
        if case is None:
            raise Http404("Ärendet finns inte")
        return case

    def title(self, case):
        return f"{case.dnr} {case.title}"

    def subtitle(self, case):
        return f"Vad som händer i ärendet {case.dnr}."

    def link(self, case):
        return case.get_absolute_url()

    def items(self, case):
        events = [(e.at, e) for e in CaseEvent.objects.filter(case=case).order_by("-at")[:LATEST]]
        decisions = [
            (_published(d.date), d) for d in case.decisions.select_related("meeting__body")[:LATEST]
        ]
        return [
            row for _at, row in sorted(events + decisions, key=lambda pair: pair[0], reverse=True)
        ][:LATEST]

    def item_title(self, row):
        if isinstance(row, Decision):
            return f"{row.meeting.body} beslutade {row.date:%Y-%m-%d}"
        return f"Nu {row.get_to_status_display()}"

    def item_description(self, row):
        return " ".join(row.items) if isinstance(row, Decision) else row.note

    def item_link(self, row):
        anchor = "beslut" if isinstance(row, Decision) else "handelser"
        return f"{row.case.get_absolute_url()}#{anchor}"

    def item_guid(self, row):
        return f"{'beslut' if isinstance(row, Decision) else 'handelse'}-{row.pk}"

    def item_pubdate(self, row):
        return _published(row.date) if isinstance(row, Decision) else row.at
