"""The meeting's record in the admin: read only once the minutes are justerade (a paragraph, its
yrkanden and votes), and always read only for what the services alone write (justeringar, the
signed minutes, expedieringar). Nothing is deleted."""

from django.contrib import admin

from casework.admin import AppendOnlyAdmin, FinalRecordAdmin
from meetings import models


class ParagraphRecordAdmin(FinalRecordAdmin):
    def is_final(self, obj) -> bool:
        """Once the meeting is closed its record is what the chair and justerare approve."""
        return obj.meeting.justerad_at is not None or obj.meeting.ends_at is not None

    def has_add_permission(self, request):
        return False  # the paragraph's page adds them, in order


class YrkandeInline(admin.TabularInline):
    model = models.Yrkande
    extra = 0
    fields = ["position", "mover", "text", "items"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SpeakerRequestInline(admin.TabularInline):
    """The talarlista, as the members and the chair made it on their pages."""

    model = models.SpeakerRequest
    extra = 0
    fields = ["position", "person", "kind", "reply_to", "requested_at", "started_at", "finished_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.AgendaItem)
class AgendaItemAdmin(ParagraphRecordAdmin):
    list_display = ["__str__", "meeting", "case", "decided_at"]
    list_filter = ["meeting__body"]
    search_fields = ["title", "case__title"]
    list_select_related = ["meeting__body", "case__registry", "case__classification"]
    readonly_fields = ["meeting", "number", "case", "decision", "winner", "decided_at", "extract"]
    inlines = [YrkandeInline, SpeakerRequestInline]


@admin.register(models.Vote)
class VoteAdmin(FinalRecordAdmin):
    list_display = ["item", "yes", "no"]
    readonly_fields = ["item", "yes", "no"]

    def is_final(self, obj) -> bool:
        return obj.item.meeting.justerad_at is not None or obj.item.meeting.ends_at is not None

    def has_add_permission(self, request):
        return False


@admin.register(models.Justering)
class JusteringAdmin(AppendOnlyAdmin):
    list_display = ["meeting", "person", "at"]
    list_select_related = ["meeting__body", "person"]


@admin.register(models.VoidedJustering)
class VoidedJusteringAdmin(AppendOnlyAdmin):
    list_display = ["justering", "at"]


@admin.register(models.KallelseSent)
class KallelseSentAdmin(AppendOnlyAdmin):
    list_display = ["meeting", "sent_at"]
    exclude = ["html"]


@admin.register(models.ProtocolSigning)
class ProtocolSigningAdmin(AppendOnlyAdmin):
    list_display = ["meeting", "ordered_at", "failed_at"]
    exclude = ["html"]


@admin.register(models.Protocol)
class ProtocolAdmin(AppendOnlyAdmin):
    list_display = ["meeting", "signed_at", "sha256"]
    exclude = ["pdf", "html"]


@admin.register(models.Dispatch)
class DispatchAdmin(AppendOnlyAdmin):
    list_display = ["item", "recipient", "sent_on"]
    search_fields = ["recipient"]
