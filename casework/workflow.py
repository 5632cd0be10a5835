"""The workflow of a case: the statuses, the moves the table allows, and guards.

A kind of case (motions, referrals) registers guards here for facts only it
knows; the core never imports those apps.
"""

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    REGISTERED = "registrerad", _("registrerad")
    REFERRED = "remitterad", _("remitterad")
    IN_PREPARATION = "under_beredning", _("under beredning")
    AT_PREPARATORY_COUNCIL = "hos_borgarradsberedningen", _("hos borgarrådsberedningen")
    PROPOSED_BY_KS = "ks_har_foreslagit", _("KS har föreslagit")
    DECIDED_BY_KF = "kf_har_beslutat", _("KF har beslutat")
    WITHDRAWN = "aterkallad", _("återkallad")


# From each status, the statuses allowed next.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.REGISTERED: (Status.REFERRED, Status.WITHDRAWN),
    Status.REFERRED: (Status.IN_PREPARATION, Status.WITHDRAWN),
    Status.IN_PREPARATION: (Status.AT_PREPARATORY_COUNCIL, Status.WITHDRAWN),
    Status.AT_PREPARATORY_COUNCIL: (Status.PROPOSED_BY_KS, Status.WITHDRAWN),
    Status.PROPOSED_BY_KS: (Status.DECIDED_BY_KF, Status.WITHDRAWN),
    Status.DECIDED_BY_KF: (),
    Status.WITHDRAWN: (),
}

CLOSED = frozenset(s for s, nexts in TRANSITIONS.items() if not nexts)

# A guard takes the case and returns a Swedish message naming what is missing, or None.
Guard = Callable[[object], str | None]
_guards: dict[str, list[Guard]] = {}


def register_guard(to_status: str) -> Callable[[Guard], Guard]:
    def decorator(guard: Guard) -> Guard:
        _guards.setdefault(to_status, []).append(guard)
        return guard

    return decorator


def check_guards(case, to_status: str) -> list[str]:
    return [msg for guard in _guards.get(to_status, []) if (msg := guard(case))]
