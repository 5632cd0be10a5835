from django.contrib import admin

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
class UtlatandeAdmin(admin.ModelAdmin):
    list_display = ["motion", "number", "rapporteur", "signatory"]
    list_filter = ["rapporteur"]
    search_fields = ["motion__case__title", "summary", "views", "matter"]
    inlines = [PreparationSummaryInline]
