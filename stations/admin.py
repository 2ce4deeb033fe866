from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from congress.admin_bodies import BodyScopedAdminMixin
from congress.admin_guard import ImportExportAdmin
from congress.admin_mixins import ServiceAdminMixin, changed_values, formset_mark_saved
from congress.admin_spreadsheets import SpreadsheetImportMixin
from congress.bodies import can_write_body
from congress.errors import DomainError
from congress.import_export_base import SPREADSHEET_FORMATS
from deputies.admin import DeputyAdmin
from deputies.models import Deputy

from . import permissions
from .admin_qr import QrCodeActionsMixin
from .models import (
    Booking,
    Checklist,
    ChecklistItem,
    Compliance,
    Inspection,
    QrCode,
    Reception,
    ReceptionSchedule,
    RotationEntry,
    Station,
    StationMembership,
)
from .resources import MembershipImporter, MembershipResource, StationImporter, StationResource
from .services import (
    STATION_AUDITED,
    compliance_set,
    inspection_record,
    membership_add,
    membership_remove,
    qr_code_issue,
    qr_code_revoke,
    reception_create,
    reception_transition,
    receptions_materialise,
    schedule_validate,
    station_check,
    station_create,
    station_update,
)
from .services_registers import (
    CHECKLIST_FIELDS,
    CHECKLIST_ITEM_FIELDS,
    ROTATION_FIELDS,
    SCHEDULE_FIELDS,
    checklist_item_delete,
    checklist_item_save,
    checklist_save,
    reception_edit_check,
    reception_update,
    rotation_entry_delete,
    rotation_entry_save,
    schedule_save,
)


class StationMembershipInline(admin.TabularInline):
    model = StationMembership
    extra = 0
    autocomplete_fields = ["deputy"]


class ComplianceInline(admin.TabularInline):
    model = Compliance
    extra = 0
    can_delete = False  # answers are corrected through compliance_set, never deleted
    fields = ["item", "is_met", "evidence", "note", "checked_on"]
    readonly_fields = ["checked_on"]
    autocomplete_fields = ["item"]


def save_compliance_formset(request: HttpRequest, formset: Any, *, station: Station) -> None:
    """A station's checklist answers edited inline, each through ``compliance_set`` (audited)."""
    saved = []
    for inline in formset.forms:
        data = getattr(inline, "cleaned_data", None)
        if not data or not inline.has_changed():
            continue
        saved.append(
            compliance_set(
                station=station,
                item=data["item"],
                is_met=bool(data.get("is_met")),
                note=data.get("note", ""),
                evidence=data.get("evidence") if "evidence" in inline.changed_data else None,
                actor=request.user,
            )
        )
    formset_mark_saved(formset, changed=saved)


def save_membership_formset(
    request: HttpRequest, formset: Any, *, station: Any = None, deputy: Any = None
) -> None:
    """Memberships edited in an inline are added and removed through the services (audited)."""
    new, deleted = [], []
    for inline in formset.forms:
        data = getattr(inline, "cleaned_data", None)
        if not data:
            continue
        membership = inline.instance
        if data.get("DELETE"):
            if membership.pk:
                membership_remove(
                    membership=StationMembership.objects.get(pk=membership.pk), actor=request.user
                )
                deleted.append(membership)
            continue
        if not inline.has_changed():
            continue
        new.append(
            membership_add(
                station=station or data["station"],
                deputy=deputy or data["deputy"],
                joined_on=data.get("joined_on"),
                actor=request.user,
            )
        )
    formset_mark_saved(formset, new=new, deleted=deleted)


@admin.register(Station)
class StationAdmin(
    SpreadsheetImportMixin, QrCodeActionsMixin, BodyScopedAdminMixin, ServiceAdminMixin, ImportExportAdmin
):
    """Stations and their members are written through ``stations.services`` (audited); stations are
    never deleted (their receptions and QR codes are records), a closed one changes status."""

    resource_classes = [StationResource]
    spreadsheet_importer = StationImporter()
    import_formats = SPREADSHEET_FORMATS
    export_formats = SPREADSHEET_FORMATS
    list_display = ["name", "kind", "body", "area", "status", "head", "theme"]
    list_filter = ["kind", "status", "area__parent", "checklist"]
    list_select_related = ["area", "head", "body"]
    search_fields = ["name", "brand_name", "address", "slug"]
    autocomplete_fields = ["parent", "area", "head", "deputy_heads", "liaisons"]
    readonly_fields = ["slug"]
    inlines = [StationMembershipInline, ComplianceInline]
    actions = ["issue_qr_codes", "revoke_qr_codes", "reissue_qr_codes", "download_posters"]
    qr_owner_field = "station"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_add_stations(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A station of a body below the user's opens read-only (BodyScopedAdminMixin).
        return permissions.can_change_stations(request.user) and (
            obj is None or can_write_body(request.user, obj.body_id)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def service_check(self, instance: Station) -> None:
        station_check(instance)

    def save_model(self, request: HttpRequest, obj: Station, form: Any, change: bool) -> None:
        if change:
            saved = station_update(station=obj, changes=changed_values(form), actor=request.user)
        else:
            data = {name: form.cleaned_data[name] for name in STATION_AUDITED if name in form.cleaned_data}
            saved = station_create(**data, actor=request.user)
        obj.pk, obj.slug = saved.pk, saved.slug

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is StationMembership:
            save_membership_formset(request, formset, station=form.instance)
        elif formset.model is Compliance:
            save_compliance_formset(request, formset, station=form.instance)

    @admin.action(
        description=_("Download posters of the selected stations and their deputies (zip)"),
        permissions=["change"],
    )
    def download_posters(
        self, request: HttpRequest, queryset: QuerySet[Station]
    ) -> HttpResponseRedirect | None:
        if queryset.count() > 5:
            self.message_user(
                request,
                _("Select at most five stations; for a whole district use the district poster link."),
                level=messages.WARNING,
            )
            return None
        # The posters are documents of congress/reports: its zip view lays them out (at once, or
        # by a worker when the stations hold many deputies).
        query = urlencode([("stations", pk) for pk in queryset.order_by("pk").values_list("pk", flat=True)])
        return HttpResponseRedirect(f"{reverse('station-posters-zip')}?{query}")


@admin.register(StationMembership)
class StationMembershipAdmin(
    SpreadsheetImportMixin, BodyScopedAdminMixin, ServiceAdminMixin, ImportExportAdmin
):
    """编组进站: memberships are added and removed through ``stations.services`` (audited on the
    station and on the deputy); the office's list imports as it is kept (docs/import.md)."""

    resource_classes = [MembershipResource]
    spreadsheet_importer = MembershipImporter()
    import_formats = SPREADSHEET_FORMATS
    export_formats = SPREADSHEET_FORMATS
    list_display = ["deputy", "station", "joined_on"]
    list_filter = ["deputy__level", "station__kind", "station__area__parent"]
    list_select_related = ["deputy", "station"]
    search_fields = ["deputy__name", "station__name"]
    autocomplete_fields = ["deputy", "station"]
    show_full_result_count = False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = permissions.can_manage_memberships(request.user)
        return allowed and (obj is None or self.may_write(request, self.body_id_of(obj)))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "station", "deputy"] if obj is not None else fields

    def save_model(self, request: HttpRequest, obj: StationMembership, form: Any, change: bool) -> None:
        saved = membership_add(
            station=obj.station,
            deputy=obj.deputy,
            joined_on=form.cleaned_data.get("joined_on"),
            actor=request.user,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: StationMembership) -> None:
        membership_remove(membership=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[StationMembership]) -> None:
        for membership in queryset.select_related("station", "deputy"):
            membership_remove(membership=membership, actor=request.user)


@admin.register(QrCode)
class QrCodeAdmin(BodyScopedAdminMixin, admin.ModelAdmin):
    list_display = ["token", "deputy", "station", "created_at", "revoked_at", "downloads"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "deputy__level"]
    list_select_related = ["deputy", "station"]
    search_fields = ["token", "deputy__name", "station__name"]
    readonly_fields = ["token", "deputy", "station", "created_at", "revoked_at", "revoked_reason"]
    actions = ["revoke", "reissue"]
    show_full_result_count = False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a printed code is revoked, never deleted (its page shows it withdrawn)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # codes are issued by the QR actions of stations and deputies, never typed in

    @admin.display(description=_("downloads"))
    def downloads(self, code: QrCode) -> str:
        if code.revoked_at is not None:
            return "—"
        return format_html(
            '<a href="{}">PNG</a> · <a href="{}">SVG</a> · <a href="{}">PDF</a>',
            reverse("qr-png", args=[code.token]) + "?download=1",
            reverse("qr-svg", args=[code.token]) + "?download=1",
            reverse("qr-poster", args=[code.token]),
        )

    @admin.action(description=_("Revoke the selected codes"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[QrCode]) -> None:
        for code in queryset:
            qr_code_revoke(code=code, reason=str(_("revoked by staff")), actor=request.user)
        self.message_user(request, _("The selected codes are revoked."))

    @admin.action(
        description=_("Issue new codes to the owners of the selected codes"), permissions=["change"]
    )
    def reissue(self, request: HttpRequest, queryset: QuerySet[QrCode]) -> None:
        for code in queryset.select_related("deputy", "station"):
            qr_code_issue(deputy=code.deputy, station=code.station, actor=request.user)
        self.message_user(request, _("New codes issued; the old ones now show the withdrawn page."))


class RotationEntryInline(admin.TabularInline):
    model = RotationEntry
    extra = 0
    autocomplete_fields = ["deputy"]


def _save_rows(
    formset: Any,
    *,
    parent_field: str,
    parent: Any,
    fields: tuple[str, ...],
    save: Any,
    delete: Any,
) -> None:
    """An inline's rows, each added, changed or removed through its service."""
    new, changed, deleted = [], [], []
    for inline in formset.forms:
        data = getattr(inline, "cleaned_data", None)
        if not data:
            continue
        row = inline.instance
        if data.get("DELETE"):
            if row.pk:
                delete(row)
                deleted.append(row)
            continue
        if not inline.has_changed():
            continue
        if row.pk:
            changed.append(save(row, {name: data[name] for name in inline.changed_data if name in fields}))
        else:
            values = {name: data[name] for name in fields if name in data}
            new.append(save(None, {**values, parent_field: parent}))
    formset_mark_saved(formset, new=new, changed=changed, deleted=deleted)


@admin.register(ReceptionSchedule)
class ReceptionScheduleAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Schedules and their duty rotation are written through ``stations.services_registers``
    (audited); a schedule no longer used is made inactive, never deleted (its receptions keep it)."""

    list_display = ["name", "station", "frequency", "start_time", "end_time", "capacity", "is_active"]
    list_filter = ["frequency", "is_active", "station__area__parent"]
    list_select_related = ["station"]
    search_fields = ["name", "station__name"]
    autocomplete_fields = ["station"]
    inlines = [RotationEntryInline]
    actions = ["materialise"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def service_check(self, instance: ReceptionSchedule) -> None:
        schedule_validate(instance)

    def save_model(self, request: HttpRequest, obj: ReceptionSchedule, form: Any, change: bool) -> None:
        if change:
            saved = schedule_save(schedule=obj, values=changed_values(form), actor=request.user)
        else:
            data = form.cleaned_data
            values = {name: data[name] for name in SCHEDULE_FIELDS if name in data}
            saved = schedule_save(schedule=None, values=values, actor=request.user)
        obj.pk = saved.pk

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is RotationEntry:
            _save_rows(
                formset,
                parent_field="schedule",
                parent=form.instance,
                fields=ROTATION_FIELDS,
                save=lambda row, values: rotation_entry_save(entry=row, values=values, actor=request.user),
                delete=lambda row: rotation_entry_delete(entry=row, actor=request.user),
            )

    @admin.action(description=_("Plan the receptions of the selected schedules now"), permissions=["change"])
    def materialise(self, request: HttpRequest, queryset: QuerySet[ReceptionSchedule]) -> None:
        created = receptions_materialise(
            schedule_ids=list(queryset.values_list("pk", flat=True)), actor=request.user
        )
        self.message_user(
            request, ngettext("%d reception planned.", "%d receptions planned.", created) % created
        )


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    can_delete = False
    fields = ["code", "masked_name", "masked_mobile", "topic", "status", "created_at"]
    readonly_fields = ["code", "masked_name", "masked_mobile", "topic", "status", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("name"))
    def masked_name(self, booking: Booking) -> str:
        return booking.masked_name

    @admin.display(description=_("mobile phone"))
    def masked_mobile(self, booking: Booking) -> str:
        return booking.masked_mobile


@admin.register(Reception)
class ReceptionAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """A one-off reception is added through ``reception_create`` (never in the past), a planned one
    changed through ``reception_update`` (audited, the public pages refreshed); its status moves by
    the actions and the station's record, never here. Receptions are cancelled, not deleted."""

    list_display = ["date", "start_time", "station", "status", "visitors", "record_link"]
    list_filter = ["status", ("date", admin.DateFieldListFilter), "station__kind", "station__area__parent"]
    list_select_related = ["station"]
    search_fields = ["station__name", "topic"]
    autocomplete_fields = ["station", "duty_deputies"]
    date_hierarchy = "date"
    fields = [
        "station",
        "schedule",
        "date",
        "start_time",
        "end_time",
        "topic",
        "capacity",
        "duty_deputies",
        "status",
        "visitors",
        "deputies_present",
        "opinions_note",
        "notes",
    ]
    readonly_fields = ["schedule", "status", "visitors", "deputies_present", "opinions_note"]
    inlines = [BookingInline]
    actions = ["cancel", "replan"]
    show_full_result_count = False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def service_check(self, instance: Reception) -> None:
        if instance.pk is None:
            if instance.date is not None and instance.date < timezone.localdate():
                raise DomainError(gettext("A planned reception cannot be in the past."), field="date")
            return
        stored = Reception.objects.filter(pk=instance.pk).values_list("date", flat=True).first()
        reception_edit_check(instance, {"date": stored.isoformat() if stored else None})

    def save_model(self, request: HttpRequest, obj: Reception, form: Any, change: bool) -> None:
        if change:
            saved = reception_update(reception=obj, changes=changed_values(form), actor=request.user)
        else:
            data = form.cleaned_data
            saved = reception_create(
                station=data["station"],
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                topic=data.get("topic", ""),
                capacity=data.get("capacity") or 0,
                duty_deputies=list(data.get("duty_deputies") or []),
                notes=data.get("notes", ""),
                actor=request.user,
            )
        obj.pk = saved.pk

    @admin.display(description=_("record"))
    def record_link(self, reception: Reception) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("reception-record", args=[reception.pk]), _("Record")
        )

    def _move(self, request: HttpRequest, queryset: QuerySet[Reception], to_status: str) -> None:
        moved = 0
        for reception in queryset:
            try:
                reception_transition(reception=reception, to_status=to_status, actor=request.user)
                moved += 1
            except DomainError as error:
                self.message_user(request, f"{reception}: {error.message}", level=messages.WARNING)
        self.message_user(request, ngettext("%d reception updated.", "%d receptions updated.", moved) % moved)

    @admin.action(description=_("Cancel the selected receptions"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Reception]) -> None:
        self._move(request, queryset, Reception.Status.CANCELLED)

    @admin.action(description=_("Plan the selected cancelled receptions again"), permissions=["change"])
    def replan(self, request: HttpRequest, queryset: QuerySet[Reception]) -> None:
        self._move(request, queryset, Reception.Status.PLANNED)


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Checklists and their items are written through ``stations.services_registers`` (audited);
    a checklist is never deleted (stations name it), an item only while no station was checked
    against it."""

    list_display = ["name", "is_default"]
    inlines = [ChecklistItemInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Checklist, form: Any, change: bool) -> None:
        data = form.cleaned_data
        values = changed_values(form) if change else {n: data[n] for n in CHECKLIST_FIELDS if n in data}
        obj.pk = checklist_save(checklist=obj if change else None, values=values, actor=request.user).pk

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is ChecklistItem:
            _save_rows(
                formset,
                parent_field="checklist",
                parent=form.instance,
                fields=CHECKLIST_ITEM_FIELDS,
                save=lambda row, values: checklist_item_save(item=row, values=values, actor=request.user),
                delete=lambda row: checklist_item_delete(item=row, actor=request.user),
            )


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["label", "checklist", "group", "sort_order"]
    list_filter = ["checklist", "group"]
    search_fields = ["label", "code"]

    def save_model(self, request: HttpRequest, obj: ChecklistItem, form: Any, change: bool) -> None:
        data = form.cleaned_data
        values = changed_values(form) if change else {n: data[n] for n in CHECKLIST_ITEM_FIELDS if n in data}
        obj.pk = checklist_item_save(item=obj if change else None, values=values, actor=request.user).pk

    def delete_model(self, request: HttpRequest, obj: ChecklistItem) -> None:
        checklist_item_delete(item=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ChecklistItem]) -> None:
        for item in queryset:
            checklist_item_delete(item=item, actor=request.user)


@admin.register(Compliance)
class ComplianceAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """A station's answer to a checklist item is recorded through ``compliance_set`` (audited, the
    day and the checker set by the service); answers are corrected, never deleted."""

    list_display = ["station", "item", "is_met", "checked_on", "evidence"]
    list_filter = ["is_met", "item__checklist", "item", "station__area__parent"]
    list_select_related = ["station", "item"]
    search_fields = ["station__name"]
    autocomplete_fields = ["station", "item"]
    fields = ["station", "item", "is_met", "evidence", "note", "checked_on", "checked_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = [*super().get_readonly_fields(request, obj), "checked_on", "checked_by"]
        return [*fields, "station", "item"] if obj is not None else fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Compliance, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = compliance_set(
            station=obj.station,
            item=obj.item,
            is_met=bool(data.get("is_met")),
            note=data.get("note", ""),
            evidence=data.get("evidence") if "evidence" in form.changed_data else None,
            actor=request.user,
        )
        obj.pk = saved.pk


@admin.register(Inspection)
class InspectionAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    # The upper committee inspects the stations its lower bodies run (001): it scores theirs too.
    parent_writes = True
    list_display = ["station", "inspected_on", "hardware", "rules", "records", "activities", "total"]
    list_filter = [("inspected_on", admin.DateFieldListFilter), "station__area__parent"]
    list_select_related = ["station"]
    search_fields = ["station__name"]
    autocomplete_fields = ["station"]
    ordering = ["-total"]
    fields = ["station", "inspected_on", "inspectors", "hardware", "rules", "records", "activities", "note"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an inspection's score is rescored, never deleted

    def save_model(self, request: HttpRequest, obj: Inspection, form: Any, change: bool) -> None:
        try:
            saved = inspection_record(
                inspection=obj if change else None,
                station=obj.station,
                inspected_on=obj.inspected_on,
                hardware=obj.hardware,
                rules=obj.rules,
                records=obj.records,
                activities=obj.activities,
                inspectors=obj.inspectors,
                note=obj.note,
                actor=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
            return
        obj.pk = saved.pk


# The deputies' QR codes are stations' records (``QrCode``), and deputies never import stations:
# the deputy admin gains its QR actions here, where both are known.
class DeputyWithQrCodesAdmin(QrCodeActionsMixin, DeputyAdmin):
    actions = [*DeputyAdmin.actions, "issue_qr_codes", "revoke_qr_codes", "reissue_qr_codes"]
    qr_owner_field = "deputy"


admin.site.unregister(Deputy)
admin.site.register(Deputy, DeputyWithQrCodesAdmin)
