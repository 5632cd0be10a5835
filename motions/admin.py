from django.contrib import admin

from casework.admin import FinalRecordAdmin, HistoryAdmin
from motions.models import Motion, Mover, PreparationSummary, Utlatande


class MoverInline(admin.TabularInline):
    model = Mover
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin):
    list_display = ["case", "number", "filed_on", "outcome"]
    list_filter = ["outcome", "filed_on"]
    search_fields = ["case__title", "text"]
    inlines = [MoverInline]


class PreparationSummaryInline(admin.StackedInline):
    model = PreparationSummary
    extra = 0


@admin.register(Utlatande)
class UtlatandeAdmin(FinalRecordAdmin, HistoryAdmin):
    """A fastställt utlåtande, its Beredning paragraphs and attachments, are only read here: the
    public page and the frozen PDF show the same text for ever."""

    list_display = ["motion", "number", "rapporteur", "signatory"]
    list_filter = ["rapporteur"]
    search_fields = ["motion__case__title", "summary", "views", "matter"]
    inlines = [PreparationSummaryInline]
    readonly_fields = ["signatory"]  # set by kommunstyrelsen's decision

    def is_final(self, obj) -> bool:
        return bool(obj.frozen_document_id)


@admin.register(PreparationSummary)
class PreparationSummaryAdmin(FinalRecordAdmin):
    list_display = ["utlatande", "referral"]

    def is_final(self, obj) -> bool:
        return bool(obj.utlatande.frozen_document_id)
