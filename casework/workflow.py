"""The workflow of a case: the statuses, the moves the table allows, and guards.

A kind of case declares guards for facts only it knows (`casework.kinds.AppHooks.guards`); the
core never imports its app.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from casework import kinds


class Status(models.TextChoices):
    REGISTERED = "registrerad", _("registrerad")
    REFERRED = "remitterad", _("remitterad")
    IN_PREPARATION = "under_beredning", _("under beredning")
    IN_DECISION = "i_beslutsgangen", _("i beslutsgången")
    DECIDED = "avgjord", _("avgjord")
    WITHDRAWN = "aterkallad", _("återkallad")
    WRITTEN_OFF = "avskriven", _("avskriven från vidare handläggning")


# From each status, the statuses allowed next. In the decision chain (the bodies the municipality's
# profile lists for the kind of case, `ChainStep`) the case moves from step to step: IN_DECISION
# to IN_DECISION, one event each; the last step's decision closes it.
# From any open status a case may be withdrawn, or written off from further handling (the
# kind's guards say when).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    # a case that needs no referral (many skrivelser) goes straight to preparation
    Status.REGISTERED: (
        Status.REFERRED,
        Status.IN_PREPARATION,
        Status.WITHDRAWN,
        Status.WRITTEN_OFF,
    ),
    Status.REFERRED: (Status.IN_PREPARATION, Status.WITHDRAWN, Status.WRITTEN_OFF),
    Status.IN_PREPARATION: (Status.IN_DECISION, Status.WITHDRAWN, Status.WRITTEN_OFF),
    # återremiss: a body of the chain sends the case back to an earlier step (IN_DECISION) or
    # to the office for more preparation
    Status.IN_DECISION: (
        Status.IN_DECISION,
        Status.IN_PREPARATION,
        Status.DECIDED,
        Status.WITHDRAWN,
        Status.WRITTEN_OFF,
    ),
    Status.DECIDED: (),
    Status.WITHDRAWN: (),
    Status.WRITTEN_OFF: (),
}

CLOSED = frozenset(s for s, nexts in TRANSITIONS.items() if not nexts)
# Closed by a decision at a meeting (not by the movers withdrawing).
CLOSED_BY_DECISION = frozenset({Status.DECIDED, Status.WRITTEN_OFF})


def check_guards(case, to_status: str) -> list[str]:
    """What the apps' guards say is missing before the case may move to `to_status`."""
    return [msg for guard in kinds.guards(to_status) if (msg := guard(case))]
