from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArchiveExport(models.Model):
    """An archive package ordered by the archivist: one closed case, or every case closed in a
    year (one SIP per case in one zip). Made in the background; `done` of `total` counts
    progress, `failure` says why it was not made (it can be tried again). The zip is a file (a
    year's cases can be large) and its SHA-256 is recorded so that what was delivered can be
    checked. A case whose minutes are not yet justerade is not final and is not archived: a
    year's package leaves it out and `left_out` says so."""

    case = models.ForeignKey(
        "casework.Case", verbose_name=_("ärende"), null=True, blank=True, on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("avslutade år"), null=True, blank=True)
    ordered_at = models.DateTimeField(_("beställt"), default=timezone.now)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("beställt av"), null=True, on_delete=models.PROTECT
    )
    total = models.PositiveIntegerField(_("ärenden"), default=0)
    done = models.PositiveIntegerField(_("klara"), default=0)
    finished_at = models.DateTimeField(_("klart"), null=True, blank=True)
    package = models.FileField(_("paket"), upload_to="arkivpaket/", blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    failure = models.TextField(_("fel"), blank=True)
    left_out = models.TextField(
        _("utelämnade"),
        blank=True,
        help_text=_("Årets avslutade ärenden som inte ingår, och varför."),
    )

    class Meta:
        verbose_name = _("arkivpaket")
        verbose_name_plural = _("arkivpaket")
        ordering = ["-ordered_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False, year__isnull=True)
                | models.Q(case__isnull=True, year__isnull=False),
                name="archive_export_case_or_year",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return str(self.case.dnr) if self.case_id else f"Ärenden avslutade {self.year}"

    @property
    def file_name(self) -> str:
        return f"{self.case.slug}.zip" if self.case_id else f"arkivpaket-{self.year}.zip"
