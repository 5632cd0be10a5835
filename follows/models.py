"""Who follows what: an e-mail address (confirmed by a link in a mail, or a signed-in user's own)
following a case, a body or a saved search of the case list, and what each address has been sent,
so that nothing reaches a digest twice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Body, Case


class Subscriber(models.Model):
    """An address that follows something; one row per address (stored in lower case)."""

    email = models.EmailField(_("e-postadress"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscribers",
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    confirmations_sent = models.PositiveIntegerField(
        _("bekräftelser skickade"),
        default=0,
        help_text=_("Hur många mejl om att bekräfta som skickats i dag (se confirmations_on)."),
    )
    confirmations_on = models.DateField(_("bekräftelser räknade"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("senaste sammanställning"), null=True, blank=True)

    class Meta:
        verbose_name = _("prenumerant")
        verbose_name_plural = _("prenumeranter")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["email"], name="follows_subscriber_email_unique"),
        ]

    def __str__(self):
        return self.email


class FollowKind(models.TextChoices):
    CASE = "arende", _("ärende")
    BODY = "organ", _("organ")
    SEARCH = "sokning", _("sökning")


class Follow(models.Model):
    """One thing an address follows; it counts once confirmed."""

    Kind = FollowKind

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("prenumerant"), on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(_("vad"), max_length=10, choices=Kind.choices)
    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), null=True, blank=True, on_delete=models.CASCADE
    )
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), null=True, blank=True, on_delete=models.CASCADE
    )
    query = models.CharField(
        _("sökning"),
        max_length=500,
        blank=True,
        help_text=_("Ärendelistans sökning, som i adressen efter frågetecknet."),
    )
    created_at = models.DateTimeField(_("begärd"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        ordering = ["subscriber", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FollowKind.values),
                name="follows_follow_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="arende", case__isnull=False, body__isnull=True, query="")
                | Q(kind="organ", case__isnull=True, body__isnull=False, query="")
                | Q(kind="sokning", case__isnull=True, body__isnull=True),
                name="follows_follow_target_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "case"],
                condition=Q(kind="arende"),
                name="follows_follow_case_once",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "body"],
                condition=Q(kind="organ"),
                name="follows_follow_body_once",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "query"],
                condition=Q(kind="sokning"),
                name="follows_follow_search_once",
            ),
        ]

    def __str__(self):
        return f"{self.subscriber}: {self.describe()}"

    def describe(self) -> str:
        """What is followed, in running text."""
        if self.kind == self.Kind.CASE:
            return f"ärendet {self.case.dnr} {self.case.title}"
        if self.kind == self.Kind.BODY:
            return f"{self.body.running_genitive} beslut och sammanträden"
        return f"sökningen {self.query or '(alla ärenden)'} i ärendelistan"


class SentItem(models.Model):
    """A change an address has had in a digest: never sent to it again."""

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("prenumerant"), on_delete=models.CASCADE, related_name="sent"
    )
    key = models.CharField(_("nyckel"), max_length=60)
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)

    class Meta:
        verbose_name = _("skickad ändring")
        verbose_name_plural = _("skickade ändringar")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "key"], name="follows_sentitem_once"),
        ]

    def __str__(self):
        return f"{self.subscriber}: {self.key}"
