from django.contrib import admin
from django.http import HttpRequest
from import_export.admin import ImportExportModelAdmin

from .admin_paging import LargeTableAdmin
from .import_export_base import SPREADSHEET_FORMATS
from .models import Area, AuditEvent, Category, HandlingUnit, Session, Term, UnitOfficer, WorkerHeartbeat
from .resources import HandlingUnitResource


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "number", "area", "starts_on", "ends_on", "is_current"]
    list_filter = ["level", "is_current"]
    list_select_related = ["area"]
    search_fields = ["name"]
    autocomplete_fields = ["area"]
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["name", "term", "opens_on", "closes_on"]
    list_select_related = ["term"]
    search_fields = ["name", "term__name"]


class UnitOfficerInline(admin.TabularInline):
    model = UnitOfficer
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(HandlingUnit)
class HandlingUnitAdmin(ImportExportModelAdmin):
    resource_classes = [HandlingUnitResource]
    import_formats = SPREADSHEET_FORMATS
    export_formats = SPREADSHEET_FORMATS
    list_display = ["name", "kind", "parent", "area", "contact_name", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["parent", "area"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "area"]
    inlines = [UnitOfficerInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "code", "sort_order", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(AuditEvent)
class AuditEventAdmin(LargeTableAdmin):
    """Audit events are evidence: readable, never editable."""

    list_display = ["at", "action", "content_type", "object_id", "from_state", "to_state", "actor"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["note", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen"]
