from django.contrib import admin

from referrals.models import OfficerReport, Referral


class OfficerReportInline(admin.StackedInline):
    model = OfficerReport
    extra = 0


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["case", "body", "sent_on", "due_on", "state"]
    list_filter = ["state", "body"]
    search_fields = ["case__title", "body__name"]
    inlines = [OfficerReportInline]


@admin.register(OfficerReport)
class OfficerReportAdmin(admin.ModelAdmin):
    list_display = ["referral", "office", "dated"]
    list_filter = ["office"]
    search_fields = ["text"]
