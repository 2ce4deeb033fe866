from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from import_export.admin import ImportExportModelAdmin

from congress.errors import DomainError
from congress.import_export_base import SPREADSHEET_FORMATS

from .models import Delegation, Deputy, DeputyGroup, DutyRecord
from .resources import DeputyResource
from .services import duty_record_add


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "term", "area"]
    list_select_related = ["term", "area"]
    search_fields = ["name"]
    autocomplete_fields = ["term", "area"]


@admin.register(DeputyGroup)
class DeputyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area"]
    list_filter = ["kind"]
    list_select_related = ["area"]
    search_fields = ["name"]
    autocomplete_fields = ["area"]


@admin.register(Deputy)
class DeputyAdmin(ImportExportModelAdmin):
    resource_classes = [DeputyResource]
    import_formats = SPREADSHEET_FORMATS
    export_formats = SPREADSHEET_FORMATS
    list_display = ["name", "level", "area", "work_unit", "title", "party", "status"]
    list_filter = [
        "level",
        "status",
        ("area", admin.RelatedOnlyFieldListFilter),
        "memberships__station__kind",
        "gender",
        "occupation",
        "education",
        "is_official",
    ]
    list_select_related = ["area"]
    search_fields = ["name", "work_unit", "slug"]
    autocomplete_fields = ["term", "area", "delegation", "groups", "user"]
    readonly_fields = ["slug"]
    list_per_page = 50
    show_full_result_count = False


@admin.register(DutyRecord)
class DutyRecordAdmin(admin.ModelAdmin):
    """Staff add what deputies did offline; automatic entries come from the other apps."""

    list_display = ["deputy", "kind", "on", "note", "points", "created_by"]
    list_filter = ["kind", "deputy__level", ("on", admin.DateFieldListFilter)]
    list_select_related = ["deputy", "created_by"]
    search_fields = ["deputy__name", "note"]
    autocomplete_fields = ["deputy"]
    date_hierarchy = "on"
    fields = ["deputy", "kind", "on", "note", "points", "evidence"]
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Entries written automatically about a source are not edited by hand.
        if obj is not None and obj.content_type_id:
            return ["deputy", "kind", "on"]
        return []

    def save_model(self, request: HttpRequest, obj: DutyRecord, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            record = duty_record_add(
                deputy=obj.deputy,
                kind=obj.kind,
                on=obj.on,
                note=obj.note,
                points=obj.points,
                actor=request.user,
                evidence=form.cleaned_data.get("evidence"),
            )
        except DomainError as error:
            messages.error(request, error.message)
            return
        obj.pk = record.pk
