"""Cache invalidation, not business logic: any saved or deleted case data bumps the change counter."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from casework.models import ChangeCounter

WATCHED_APPS = {"casework", "referrals", "motions"}


def data_changed(sender, **kwargs) -> None:
    if sender._meta.app_label in WATCHED_APPS and sender is not ChangeCounter:
        transaction.on_commit(ChangeCounter.bump)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(data_changed, dispatch_uid=f"casework-change-counter-{signal!r}")
