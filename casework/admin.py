from axes.admin import AccessAttemptAdmin
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db import admin as tasks_admin  # noqa: F401  registers DBTaskResult, unregistered below
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin

from casework import attributes, models
from casework.services import case_index, document_text_order

admin.site.site_header = "Motionsärenden – administration"
admin.site.site_title = "Motionsärenden"
admin.site.index_title = "Administration"

# The libraries' own admin pages speak English; what an administrator needs of them is below,
# under Swedish names (login lockouts to lift, second-factor devices to reset).
admin.site.unregister(TOTPDevice)
admin.site.unregister(DBTaskResult)
admin.site.register(models.LoginAttempt, AccessAttemptAdmin)
admin.site.register(models.SecondFactorDevice, TOTPDeviceAdmin)


class AppendOnlyAdmin(admin.ModelAdmin):
    """A log written by the services only: read in the admin, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """The record's history is read in the admin, never replayed over it: django-simple-history
    saves an old version posted to its history page whatever SIMPLE_HISTORY_REVERT_DISABLED says
    (that setting only hides the button), passing by every read-only field and rule."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Historiken läses bara; den återställs inte över posten.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class FinalRecordAdmin(admin.ModelAdmin):
    """A record the law has made final (a justerat decision, a fastställt document) is only
    read in the admin; before that it may be corrected, and nothing is ever deleted."""

    def is_final(self, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and self.is_final(obj))

    def has_delete_permission(self, request, obj=None):
        return False


def justerad(meeting) -> bool:
    """Final in the admin: the minutes are justerade, or, kept here, the meeting is closed and
    its record is what the chair and the justerare approve (the meeting's pages change it)."""
    return meeting.is_justerad(timezone.now()) or bool(
        meeting.minutes_kept_here and meeting.ends_at
    )


class PartyAffiliationInline(admin.TabularInline):
    model = models.PartyAffiliation
    extra = 0


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["person", "body"]


@admin.register(models.Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name"]
    search_fields = ["abbreviation", "name"]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "user"]
    list_filter = ["affiliations__party"]
    search_fields = ["first_name", "last_name"]
    fields = ["first_name", "last_name", "user", "personal_identity_number"]
    inlines = [PartyAffiliationInline, MembershipInline]


@admin.register(models.PartyAffiliation)
class PartyAffiliationAdmin(admin.ModelAdmin):
    list_display = ["person", "party", "starts_on", "ends_on"]
    list_filter = ["party"]
    search_fields = ["person__first_name", "person__last_name"]


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "office"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "role", "starts_on", "ends_on"]
    list_filter = ["role", "body"]
    search_fields = ["person__first_name", "person__last_name", "body__name"]
    autocomplete_fields = ["person", "body"]


@admin.register(models.Registry)
class RegistryAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "body"]
    search_fields = ["prefix", "name"]


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """The one profile: it is edited, never added twice or removed."""

    fieldsets = [
        (None, {"fields": ["name", "place"]}),
        (_("Diarienummer"), {"fields": ["dnr_pattern"]}),
        (
            _("Titlar och handlingar"),
            {
                "fields": [
                    "rapporteur_title",
                    "document_name",
                    "document_name_definite",
                    "report_name",
                    "views_heading",
                    "signatory_title",
                ]
            },
        ),
        (_("Medborgarförslag"), {"fields": ["citizen_proposals_have_deadline"]}),
        (
            _("Namn och motionsnummer"),
            {
                "fields": [
                    "movers_named",
                    "movers_grouped",
                    "party_lower_case",
                    "motion_number_series",
                    "motion_number_printed",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return not models.Municipality.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.ChainStep)
class ChainStepAdmin(admin.ModelAdmin):
    list_display = ["case_kind", "position", "body", "optional"]
    list_filter = ["case_kind"]


@admin.register(models.Classification)
class ClassificationAdmin(admin.ModelAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


class ReadOnlyInline(admin.TabularInline):
    """Rows a service writes (documents get their number, logs their moment): read here only."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class DocumentInline(ReadOnlyInline):
    model = models.Document
    fields = ["number", "dated", "kind", "direction", "title", "counterpart", "secrecy_provision"]
    show_change_link = True


class CaseEventInline(ReadOnlyInline):
    model = models.CaseEvent
    fields = ["at", "by", "from_status", "to_status", "note"]


@admin.register(models.Case)
class CaseAdmin(HistoryAdmin):
    list_display = ["dnr", "title", "kind", "status", "registered_on"]
    list_filter = ["status", "kind", "year", "registry"]
    search_fields = ["title", "sequence"]
    readonly_fields = ["registry", "year", "sequence", "kind", "status"]
    inlines = [DocumentInline, CaseEventInline]

    def get_list_display(self, request):
        """With a column for each attribute an app registers (`casework.attributes`)."""
        columns = [
            admin.display(description=a.label)(a.value) for a in attributes.case_attributes()
        ]
        return [*self.list_display[:-1], *columns, self.list_display[-1]]

    def get_list_filter(self, request):
        lookups = [a.lookup for a in attributes.case_attributes() if a.lookup]
        return [*self.list_filter[:-1], *lookups, self.list_filter[-1]]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*attributes.related())

    def has_add_permission(self, request):
        return False  # a case gets its dnr from case_register

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        case_index(case=obj)  # search finds the case by its title as it is now


@admin.register(models.CaseEvent)
class CaseEventAdmin(AppendOnlyAdmin):
    list_display = ["case", "at", "from_status", "to_status", "by"]
    list_filter = ["to_status"]
    search_fields = ["case__title", "note"]
    list_select_related = ["case__registry", "case__classification", "by"]


class DocumentAdminForm(forms.ModelForm):
    def clean(self):
        """OSL 5 kap. 5 §: a marking given without its day is made today; a document made public
        again keeps no marking day."""
        data = super().clean()
        if not data.get("secrecy_provision"):
            data["secrecy_marked_on"] = None
        elif not data.get("secrecy_marked_on"):
            data["secrecy_marked_on"] = timezone.localdate()
        return data


@admin.register(models.Document)
class DocumentAdmin(HistoryAdmin):
    form = DocumentAdminForm
    list_display = ["dnr", "dated", "kind", "title", "counterpart", "is_secret", "cancelled_at"]
    list_filter = ["kind", "dated"]
    search_fields = ["title", "counterpart"]
    readonly_fields = ["case", "number", "file", "sha256", "cancelled_at", "cancel_reason"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a document is cancelled (makulerad), never deleted

    def save_model(self, request, obj, form, change):
        """OSL: a document made secret here (or public, or given another sender) changes what
        finds its case: the case's search words are stored again. (The pages cached by the
        case's last change follow by themselves: casework.signals.)"""
        super().save_model(request, obj, form, change)
        case_index(case=obj.case)
        document_text_order(document=obj)  # a secret document keeps no text; a public one is read


@admin.register(models.DocumentText)
class DocumentTextAdmin(AppendOnlyAdmin):
    """What the worker read of each public document's file, and why a reading failed."""

    list_display = ["document", "status", "method", "read_at", "error"]
    list_filter = ["status", "method"]
    list_select_related = ["document__case__registry"]
    exclude = ["vector"]


class JusteringChangeInline(ReadOnlyInline):  # written by meeting_set_justering, with a reason
    model = models.JusteringChange
    fields = ["at", "by", "previous", "new", "reason"]


@admin.register(models.Meeting)
class MeetingAdmin(FinalRecordAdmin):
    list_display = ["body", "date", "justering_deadline"]
    list_filter = ["body", "date"]
    search_fields = ["body__name"]
    date_hierarchy = "date"
    readonly_fields = ["justering_deadline"]  # moved on the meeting's page, with a reason
    inlines = [JusteringChangeInline]
    list_select_related = ["body"]

    def is_final(self, obj) -> bool:
        return justerad(obj)


def statement_closed(statement) -> bool:
    """A submitted statement is its authors': only a clerk's correction, with a reason and on the
    statement's page (statement_correct), changes it. After justering every statement is final."""
    return statement.is_submitted or justerad(statement.decision.meeting)


class StatementAuthorInline(admin.TabularInline):
    """Only the invited person confirms, on their own page: here a confirmation is only read, and
    a draft's author added or changed is invited, never confirmed (see save_formset)."""

    model = models.StatementAuthor
    extra = 0
    can_delete = False
    autocomplete_fields = ["person"]
    readonly_fields = ["confirmed_at"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and statement_closed(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and statement_closed(obj))


@admin.register(models.Decision)
class DecisionAdmin(FinalRecordAdmin, HistoryAdmin):
    list_display = ["meeting", "case"]
    list_filter = ["meeting__body"]
    search_fields = ["case__title"]
    list_select_related = ["meeting__body", "case__registry", "case__classification"]
    readonly_fields = ["case", "step"]  # the chain's order is kept by its steps, not by hand

    def is_final(self, obj) -> bool:
        return justerad(obj.meeting)


@admin.register(models.MemberStatement)
class MemberStatementAdmin(FinalRecordAdmin, HistoryAdmin):
    """A statement is its authors'. Its text, att-satser and status are written on its page by
    them (and after justering corrected there by a clerk, with a reason); here they are only
    read. A draft's kind and authors may be put right (recorded: StatementAuthor has a history);
    a submitted statement is only read."""

    readonly_fields = ["decision", "items", "text", "status", "announced_at", "submitted_at"]
    list_display = ["heading", "kind", "decision"]
    list_filter = ["kind", "decision__meeting__body"]
    search_fields = ["text", "authors__last_name"]
    inlines = [StatementAuthorInline]
    list_select_related = [
        "decision__meeting__body",
        "decision__case__registry",
        "decision__case__classification",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("authorships__person__affiliations__party")
        )

    def has_add_permission(self, request):
        return False  # announced by its author, or filed by a clerk: through the services

    def is_final(self, obj) -> bool:
        return statement_closed(obj)

    def save_formset(self, request, form, formset, change):
        for author in formset.forms:
            if "person" in author.changed_data:  # someone else now: invited, until they confirm
                author.instance.confirmed_at = None
        super().save_formset(request, form, formset, change)


@admin.register(models.StatementCorrection)
class StatementCorrectionAdmin(AppendOnlyAdmin):
    list_display = ["statement", "at", "by", "reason"]
    search_fields = ["reason", "previous_text"]


@admin.register(models.JusteringChange)
class JusteringChangeAdmin(AppendOnlyAdmin):
    list_display = ["meeting", "at", "by", "previous", "new", "reason"]
    list_select_related = ["meeting__body", "by"]
