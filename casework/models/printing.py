"""PDFs printed once and kept: the same HTML is never printed twice; and the background workers
that print them, each with its last sign of life."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RenderedPdf(models.Model):
    """The PDF printed from one HTML text, keyed by the text's SHA-256. `pdf` is empty while a
    worker prints it; every server reads the same row, so a PDF printed once serves them all."""

    key = models.CharField(_("nyckel"), max_length=64, primary_key=True)
    requested_at = models.DateTimeField(_("beställd"), default=timezone.now)
    printed_at = models.DateTimeField(_("utskriven"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)

    class Meta:
        verbose_name = _("utskriven PDF")
        verbose_name_plural = _("utskrivna PDF:er")
        ordering = ["-requested_at"]

    def __str__(self):
        return self.key


class WorkerBeat(models.Model):
    """A background worker's sign of life: `manage.py db_worker` beats every few seconds from its
    start, also while it runs a task. A task still running under a worker that has stopped
    beating was lost with it (killed, its machine gone), and goes back in the queue
    (casework.tasks.tasks_requeue_lost)."""

    worker_id = models.CharField(_("arbetsprocess"), max_length=64, primary_key=True)
    started_at = models.DateTimeField(_("startad"), default=timezone.now)
    beat_at = models.DateTimeField(_("senaste livstecken"), default=timezone.now)

    class Meta:
        verbose_name = _("arbetsprocess")
        verbose_name_plural = _("arbetsprocesser")
        ordering = ["-beat_at"]

    def __str__(self):
        return self.worker_id
