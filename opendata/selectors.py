"""What the open data reads: each list with what its objects show, fetched in a fixed number of
queries whatever the page size, and a `modified` to filter by."""

from django.db.models import Prefetch, Q

from casework.models import (
    Body,
    Case,
    Decision,
    Document,
    Meeting,
    Membership,
    MemberStatement,
    PartyAffiliation,
    Person,
    StatementAuthor,
)
from meetings.models import AgendaItem
from motions.models import Mover
from referrals.models import Referral


def organizations():
    return Body.objects.prefetch_related(
        Prefetch("memberships", Membership.objects.order_by("pk"))
    ).order_by("pk")


def people():
    """Those with a public role: members of a body, and movers of a motion."""
    public = Q(memberships__isnull=False) | Q(mover__isnull=False)
    return (
        Person.objects.filter(public)
        .distinct()
        .prefetch_related(
            Prefetch("memberships", Membership.objects.order_by("pk")),
            Prefetch("affiliations", PartyAffiliation.objects.select_related("party")),
        )
        .order_by("pk")
    )


def memberships():
    return Membership.objects.order_by("pk")


def meetings():
    return (
        Meeting.objects.select_related("body", "protocol")
        .prefetch_related(
            "participants", Prefetch("agenda_items", AgendaItem.objects.select_related("decision"))
        )
        .order_by("pk")
    )


def agenda_items():
    return AgendaItem.objects.select_related("meeting", "decision").order_by("pk")


def papers():
    statements = MemberStatement.objects.submitted().prefetch_related(
        Prefetch(
            "authorships",
            StatementAuthor.objects.select_related("person").prefetch_related(
                Prefetch("person__affiliations", PartyAffiliation.objects.select_related("party"))
            ),
        )
    )
    return (
        Case.objects.select_related("registry", "classification", "motion")
        .prefetch_related(
            Prefetch("documents", Document.objects.order_by("number"), to_attr="document_list"),
            Prefetch("referrals", Referral.objects.order_by("pk"), to_attr="referral_list"),
            Prefetch(
                "decisions",
                Decision.objects.select_related("meeting", "agenda_item").prefetch_related(
                    Prefetch("statements", statements, to_attr="submitted_statements")
                ),
                to_attr="decision_list",
            ),
            Prefetch(
                "motion__moverships",
                Mover.objects.select_related("person").prefetch_related(
                    Prefetch(
                        "person__affiliations", PartyAffiliation.objects.select_related("party")
                    )
                ),
            ),
        )
        .order_by("pk")
    )


def files():
    """The public documents' files: neither secret nor cancelled (`oparl.is_public_file`)."""
    return (
        Document.objects.public_attachments()
        .filter(file__gt="")
        .select_related("case__registry")
        .order_by("pk")
    )
