"""Cache invalidation, not business logic: a committed change to a case's data marks that case
changed (Case.changed_at), one to a meeting's data that meeting (Meeting.changed_at); a change to
the reference data shown beside cases (people, parties, bodies, the municipality's profile,
and what apps register with `register_reference_data`) bumps the change counter. Pages are cached, and open data's `modified` is read, by
those values. A figure cached apart from the pages counts some rows only: a change to one of them
bumps the counter of its topic (`register_topic`)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from casework.models import (
    Body,
    Case,
    ChainStep,
    ChangeCounter,
    Classification,
    Meeting,
    Membership,
    Municipality,
    Party,
    PartyAffiliation,
    Person,
    Registry,
)

REFERENCE_DATA = {
    Party,
    PartyAffiliation,
    Person,
    Body,
    Membership,
    Registry,
    Municipality,
    ChainStep,
    Classification,
}


def register_reference_data(*models) -> None:
    """An app's rows shown beside cases: a change to them bumps the change counter."""
    REFERENCE_DATA.update(models)


# Per topic, the rows a change to which bumps the topic's counter.
TOPICS: dict[str, set] = {}


def register_topic(topic: str, *models) -> None:
    """The rows an app's cached figures count: a change to one of them bumps `topic`'s counter
    (ChangeCounter.current(topic)), and a change to anything else leaves it."""
    TOPICS.setdefault(topic, set()).update(models)


# The rows that carry a changed_at, and the attribute naming the way from them to a changed row.
TRACKED = {"CASE_LOOKUP": Case, "MEETING_LOOKUP": Meeting}


def data_changed(sender, instance=None, **kwargs) -> None:
    signal = kwargs.get("signal")
    model = (
        type(instance) if signal is m2m_changed else sender
    )  # m2m: the sender is the through table
    lookups = [(r, getattr(model, a)) for a, r in TRACKED.items() if hasattr(model, a)]
    if lookups and instance is not None and signal is not post_delete:
        for tracked, lookup in lookups:
            transaction.on_commit(
                lambda t=tracked, q={lookup: instance.pk}: t.objects.filter(**q).update(
                    changed_at=timezone.now()
                )
            )
    elif lookups or model in REFERENCE_DATA:  # a deletion, or reference data: rare
        transaction.on_commit(ChangeCounter.bump)
    for topic, models in TOPICS.items():
        if model in models:
            transaction.on_commit(partial(ChangeCounter.bump, topic))


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(data_changed, dispatch_uid=f"casework-change-counter-{signal!r}")
