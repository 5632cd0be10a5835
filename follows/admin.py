from django.contrib import admin

from follows.models import Follow, Subscriber


class FollowInline(admin.TabularInline):
    model = Follow
    extra = 0
    fields = ["kind", "case", "body", "query", "created_at", "confirmed_at"]
    readonly_fields = fields


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "last_digest_at"]
    search_fields = ["email"]
    fields = ["email", "user", "last_digest_at"]
    readonly_fields = ["last_digest_at"]
    inlines = [FollowInline]
