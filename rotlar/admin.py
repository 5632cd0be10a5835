from django.contrib import admin

from rotlar import models


class RotelHeadInline(admin.TabularInline):
    model = models.RotelHead
    extra = 0


@admin.register(models.Rotel)
class RotelAdmin(admin.ModelAdmin):
    list_display = ["numeral", "name"]
    search_fields = ["numeral", "name"]
    inlines = [RotelHeadInline]


@admin.register(models.RotelHead)
class RotelHeadAdmin(admin.ModelAdmin):
    list_display = ["rotel", "person", "starts_on", "ends_on"]
    list_filter = ["rotel"]
    search_fields = ["person__first_name", "person__last_name"]


@admin.register(models.RotlarProfile)
class RotlarProfileAdmin(admin.ModelAdmin):
    """The one row: edited, never added twice or removed."""

    def has_add_permission(self, request):
        return models.RotlarProfile.current()._state.adding  # none stored (read from memory)

    def has_delete_permission(self, request, obj=None):
        return False
