"""Cache invalidation, not business logic: a committed change to a case's data marks that case
changed (Case.changed_at); a change to the reference data shown beside cases (people, parties,
bodies, rotlar, the municipality's profile) bumps the change counter. Pages are cached by those values."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from casework.models import (
    Body,
    Case,
    ChainStep,
    ChangeCounter,
    Classification,
    Membership,
    Municipality,
    Party,
    PartyAffiliation,
    Person,
    Registry,
    Rotel,
    RotelHead,
)

REFERENCE_DATA = {
    Party, PartyAffiliation, Person, Body, Membership, Rotel, RotelHead, Registry,
    Municipality, ChainStep, Classification,
}  # fmt: skip


def data_changed(sender, instance=None, **kwargs) -> None:
    signal = kwargs.get("signal")
    model = (
        type(instance) if signal is m2m_changed else sender
    )  # m2m: the sender is the through table
    lookup = getattr(model, "CASE_LOOKUP", None)
    if lookup and instance is not None and signal is not post_delete:
        pk = instance.pk
        transaction.on_commit(
            lambda: Case.objects.filter(**{lookup: pk}).update(changed_at=timezone.now())
        )
    elif lookup or model in REFERENCE_DATA:  # a deletion, or reference data: rare
        transaction.on_commit(ChangeCounter.bump)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(data_changed, dispatch_uid=f"casework-change-counter-{signal!r}")
