"""The text of a registered document, read from its file by the background worker so that the
case search finds the case by what its documents say."""

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.models.registry import SEARCH_CONFIG, Document
from casework.search import fold, folded_match


class DocumentTextStatus(models.TextChoices):
    PENDING = "vantar", _("väntar")
    DONE = "klar", _("klar")
    FAILED = "misslyckad", _("misslyckad")


class DocumentTextMethod(models.TextChoices):
    TEXT_LAYER = "textlager", _("filens text")
    OCR = "ocr", _("OCR (tolkad bild)")


class DocumentTextQuerySet(models.QuerySet):
    def public(self) -> "DocumentTextQuerySet":
        """The texts public search may read: of documents neither secret nor cancelled
        (`Document.objects.public_attachments`). No other text is ever stored
        (casework.services.document_text_order), and this filter says so again."""
        return self.filter(
            status=DocumentTextStatus.DONE,
            document__secrecy_provision="",
            document__cancelled_at__isnull=True,
        )

    def matching(self, query: str) -> "DocumentTextQuerySet":
        """The texts with the words, as the case search matches them (`CaseQuerySet.search`):
        Swedish full-text on PostgreSQL, a folded contains-match elsewhere."""
        if connection.vendor == "postgresql":
            return self.filter(
                Q(vector=SearchQuery(fold(query), **SEARCH_CONFIG))
                | Q(vector=SearchQuery(query, **SEARCH_CONFIG))
            )
        return self.filter(folded_match(["text"], query))


class DocumentText(models.Model):
    """The words of one public document's file (PDF, DOCX, ODT, plain text; a scanned PDF read
    by OCR). A secret document's text is never read, and a document cancelled or made secret
    loses its row. `vector` is the text's Swedish full-text vector, folded, on PostgreSQL (its
    GIN index is made by migration 0030); SQLite searches `text` itself, folded."""

    CASE_LOOKUP = "documents__extracted"  # from Case to this row: which case a change touches

    Status = DocumentTextStatus
    Method = DocumentTextMethod

    document = models.OneToOneField(
        Document,
        verbose_name=_("handling"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="extracted",
    )
    status = models.CharField(
        _("läge"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    method = models.CharField(_("läst som"), max_length=12, choices=Method.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    vector = SearchVectorField(_("sökvektor"), null=True)
    error = models.CharField(_("fel"), max_length=500, blank=True)
    ordered_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)

    objects = DocumentTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("handlingens text")
        verbose_name_plural = _("handlingarnas text")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DocumentTextStatus.values),
                name="casework_documenttext_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(method__in=[*DocumentTextMethod.values, ""]),
                name="casework_documenttext_method_valid",
            ),
        ]

    def __str__(self):
        return str(self.document_id)
