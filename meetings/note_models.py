"""A member's private notes on the papers of a meeting: for the member's eyes only."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.models import Person


class PrivateNote(models.Model):
    """A member's own note on an agenda item and its papers. Read and written only by its
    owner (`notes.own_notes`); no public page, feed, open data or archive package reads it, and
    the admin does not list it. No history is kept: a deleted note is gone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        Person, verbose_name=_("ägare"), on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("punkt"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("anteckning"))
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("privat anteckning")
        verbose_name_plural = _("privata anteckningar")
        ordering = ["item", "owner"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "item"], name="meetings_privatenote_unique"),
        ]

    def __str__(self):
        return f"Anteckning {self.pk}"

    def get_absolute_url(self):
        return reverse("meetings:note", args=[self.pk])
