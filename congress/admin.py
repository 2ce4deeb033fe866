from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit_labels, permissions, services
from .admin_bodies import BodyScopedAdminMixin, GenericScopedAdminMixin, SharedOrBodyAdminMixin
from .admin_guard import ImportExportAdmin
from .admin_mixins import ServiceAdminMixin, changed_values, formset_mark_saved
from .admin_paging import LargeTableAdmin
from .admin_spreadsheets import SpreadsheetImportMixin
from .bodies import bodies_visible_to, can_write_body
from .errors import DomainError
from .import_export_base import SPREADSHEET_FORMATS
from .models import (
    Area,
    AuditEvent,
    Body,
    BodyRole,
    Category,
    HandlingUnit,
    Session,
    Term,
    UnitOfficer,
    WorkerHeartbeat,
)
from .resources import HandlingUnitResource, UnitImporter


@admin.register(Area)
class AreaAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Areas are written through ``congress.services`` (audited) and never deleted: terms, stations,
    deputies and units point at them."""

    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_areas(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Area, form: Any, change: bool) -> None:
        if change:
            saved = services.area_update(area=obj, changes=changed_values(form), actor=request.user)
        else:
            data = form.cleaned_data
            saved = services.area_create(
                name=data["name"],
                code=data["code"],
                level=data["level"],
                parent=data.get("parent"),
                actor=request.user,
            )
        obj.pk = saved.pk


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class BodyRoleInline(admin.TabularInline):
    model = BodyRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Body)
class BodyAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Bodies are written through ``congress.services`` (audited, paths kept right) and never
    deleted. A body's staff see it and the bodies below; a body is set up and changed by the staff of
    its parent (a district sets up its street working committees), the root by superusers. Roles
    held in a body are added and removed here, through ``body_role_grant`` / ``body_role_revoke``."""

    list_display = ["name", "kind", "parent", "area", "has_congress"]
    list_filter = ["kind"]
    list_select_related = ["parent", "area"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "area"]
    inlines = [BodyRoleInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Body]:
        return bodies_visible_to(request.user).select_related("parent", "area")

    @admin.display(description=_("has a congress"), boolean=True)
    def has_congress(self, obj: Body) -> bool:
        return obj.has_congress

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = bool(request.user.has_perm("congress.change_body"))
        if obj is None or not allowed:
            return allowed
        return bool(request.user.is_superuser) or (
            obj.parent_id is not None and can_write_body(request.user, obj.parent_id)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def may_write(self, request: HttpRequest, body_id: int | None) -> bool:
        # A body's record is kept by its parent's staff (the root's by superusers).
        if request.user.is_superuser:
            return True
        if body_id is None:
            return False
        parent_id = Body.objects.filter(pk=body_id).values_list("parent_id", flat=True).first()
        return parent_id is not None and can_write_body(request.user, parent_id)

    def save_model(self, request: HttpRequest, obj: Body, form: Any, change: bool) -> None:
        if change:
            saved = services.body_update(body=obj, changes=changed_values(form), actor=request.user)
        else:
            data = form.cleaned_data
            saved = services.body_create(
                kind=data["kind"],
                name=data["name"],
                short_name=data.get("short_name", ""),
                area=data.get("area"),
                parent=data.get("parent"),
                sort_order=data.get("sort_order") or 0,
                actor=request.user,
            )
        obj.pk, obj.path = saved.pk, saved.path

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not BodyRole:
            super().save_formset(request, form, formset, change)
            return
        body = form.instance
        new, deleted = [], []
        for inline in formset.forms:
            if not getattr(inline, "cleaned_data", None):
                continue
            row = inline.instance
            if row.pk and (inline.cleaned_data.get("DELETE") or inline.has_changed()):
                stored = BodyRole.objects.select_related("user").get(pk=row.pk)
                services.body_role_revoke(user=stored.user, body=body, role=stored.role, actor=request.user)
                deleted.append(stored)
            if not inline.cleaned_data.get("DELETE") and inline.has_changed():
                new.append(
                    services.body_role_grant(
                        user=inline.cleaned_data["user"],
                        body=body,
                        role=inline.cleaned_data["role"],
                        actor=request.user,
                    )
                )
        formset_mark_saved(formset, new=new, deleted=deleted)


@admin.register(Term)
class TermAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Terms and their sessions are written through ``congress.services`` (audited); a term is
    never deleted (deputies, cycles and suggestions point at it)."""

    list_display = ["name", "level", "number", "body", "area", "starts_on", "ends_on", "is_current"]
    list_filter = ["level", "is_current"]
    list_select_related = ["area", "body"]
    search_fields = ["name"]
    autocomplete_fields = ["area"]
    inlines = [SessionInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def service_check(self, instance: Term) -> None:
        services.term_check(instance)

    def save_model(self, request: HttpRequest, obj: Term, form: Any, change: bool) -> None:
        if change:
            saved = services.term_update(term=obj, changes=changed_values(form), actor=request.user)
        else:
            data = form.cleaned_data
            saved = services.term_create(
                **{name: data[name] for name in services.TERM_FIELDS if name in data}, actor=request.user
            )
        obj.pk = saved.pk

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is Session:
            save_session_formset(request, formset, term=form.instance)


def save_session_formset(request: HttpRequest, formset: Any, *, term: Term) -> None:
    """A term's sessions edited inline: each added, changed or removed through the services."""
    new, changed, deleted = [], [], []
    for inline in formset.forms:
        data = getattr(inline, "cleaned_data", None)
        if not data:
            continue
        session = inline.instance
        if data.get("DELETE"):
            if session.pk:
                services.session_delete(session=session, actor=request.user)
                deleted.append(session)
            continue
        if not inline.has_changed():
            continue
        if session.pk:
            values = {name: data[name] for name in inline.changed_data if name in services.SESSION_FIELDS}
            changed.append(services.session_save(session=session, values=values, actor=request.user))
        else:
            values = {name: data[name] for name in services.SESSION_FIELDS if name in data}
            new.append(
                services.session_save(session=None, values={**values, "term": term}, actor=request.user)
            )
    formset_mark_saved(formset, new=new, changed=changed, deleted=deleted)


@admin.register(Session)
class SessionAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "term", "opens_on", "closes_on"]
    list_select_related = ["term"]
    search_fields = ["name", "term__name"]

    def service_check(self, instance: Session) -> None:
        services.session_check(instance)

    def save_model(self, request: HttpRequest, obj: Session, form: Any, change: bool) -> None:
        if change:
            saved = services.session_save(session=obj, values=changed_values(form), actor=request.user)
        else:
            data = form.cleaned_data
            values = {name: data[name] for name in services.SESSION_FIELDS if name in data}
            saved = services.session_save(session=None, values=values, actor=request.user)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Session) -> None:
        services.session_delete(session=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        for session in queryset:
            services.session_delete(session=session, actor=request.user)


class UnitOfficerInline(admin.TabularInline):
    model = UnitOfficer
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(HandlingUnit)
class HandlingUnitAdmin(SpreadsheetImportMixin, BodyScopedAdminMixin, ServiceAdminMixin, ImportExportAdmin):
    """Handling units are written through ``congress.services`` (audited): deactivated, never
    deleted, so past assignments keep their unit. Adding an officer here gives the account the
    unit-officer role; removing it takes the role away."""

    resource_classes = [HandlingUnitResource]
    spreadsheet_importer = UnitImporter()
    import_formats = SPREADSHEET_FORMATS
    export_formats = SPREADSHEET_FORMATS
    list_display = ["name", "kind", "body", "parent", "area", "contact_name", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["parent", "area", "body"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "area"]
    inlines = [UnitOfficerInline]
    actions = ["deactivate", "activate"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A unit of a body below the user's opens read-only (BodyScopedAdminMixin).
        return permissions.can_manage_handling_units(request.user) and (
            obj is None or can_write_body(request.user, obj.body_id)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: HandlingUnit, form: Any, change: bool) -> None:
        if change:
            saved = services.handling_unit_update(unit=obj, changes=changed_values(form), actor=request.user)
        else:
            fields = [name for name in services.UNIT_FIELDS if name in form.cleaned_data]
            saved = services.handling_unit_create(
                **{name: form.cleaned_data[name] for name in fields}, actor=request.user
            )
        obj.pk = saved.pk

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not UnitOfficer:
            super().save_formset(request, form, formset, change)
            return
        unit = form.instance
        new, deleted = [], []
        for inline in formset.forms:
            if not hasattr(inline, "cleaned_data") or not inline.cleaned_data:
                continue
            officer = inline.instance
            if inline.cleaned_data.get("DELETE") and officer.pk:
                services.unit_officer_remove(officer=officer, actor=request.user)
                deleted.append(officer)
            elif not inline.cleaned_data.get("DELETE") and inline.has_changed():
                stored = (
                    UnitOfficer.objects.filter(pk=officer.pk).select_related("user").first()
                    if officer.pk
                    else None
                )
                if stored is not None and stored.user_id != inline.cleaned_data["user"].pk:
                    services.unit_officer_remove(officer=stored, actor=request.user)
                new.append(
                    services.unit_officer_add(
                        unit=unit,
                        user=inline.cleaned_data["user"],
                        is_head=bool(inline.cleaned_data.get("is_head")),
                        actor=request.user,
                    )
                )
        formset_mark_saved(formset, new=new, deleted=deleted)

    def _set_active(self, request: HttpRequest, queryset: QuerySet[HandlingUnit], active: bool) -> None:
        done = 0
        for unit in queryset:
            if unit.is_active == active:
                continue
            try:
                if active:
                    services.handling_unit_activate(unit=unit, actor=request.user)
                else:
                    services.handling_unit_deactivate(unit=unit, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{unit}: {error.message}", level=messages.WARNING)
                continue
            done += 1
        self.message_user(request, ngettext("%d unit changed.", "%d units changed.", done) % done)

    @admin.action(description=_("Deactivate the selected units"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[HandlingUnit]) -> None:
        self._set_active(request, queryset, False)

    @admin.action(description=_("Activate the selected units"), permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet[HandlingUnit]) -> None:
        self._set_active(request, queryset, True)


@admin.register(Category)
class CategoryAdmin(SharedOrBodyAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Categories are written through ``services.category_save`` (audited) and never deleted:
    suggestions keep theirs; one no longer used is made inactive. Shared ones (no body) are the root
    body's to keep; a body adds its own, which it and the bodies below it use (docs/bodies.md)."""

    list_display = ["__str__", "code", "owner_label", "sort_order", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["parent__parent", "body"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    fields = ["name", "code", "body", "parent", "sort_order", "is_active"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def service_check(self, instance: Category) -> None:
        services.category_check(instance)

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        if change:
            values = {n: v for n, v in changed_values(form).items() if n in services.CATEGORY_UPDATE_FIELDS}
            saved = services.category_save(category=obj, values=values, actor=request.user)
        else:
            data = form.cleaned_data
            values = {name: data[name] for name in services.CATEGORY_FIELDS if name in data}
            saved = services.category_save(category=None, values=values, actor=request.user)
        obj.pk = saved.pk


class AuditActionFilter(admin.SimpleListFilter):
    """Actions by their names (``congress.audit_labels``), not their codes."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        named = ((code, audit_labels.action_label(code)) for code in audit_labels.ACTION_LABELS)
        return sorted(named, key=lambda choice: choice[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        return queryset.filter(action=self.value()) if self.value() else queryset


class AuditObjectTypeFilter(admin.SimpleListFilter):
    """The portal's own kinds of object (third-party models are never audited here)."""

    title = _("object type")
    parameter_name = "content_type"
    APPS = (
        "congress",
        "workcalendar",
        "notifications",
        "deputies",
        "stations",
        "suggestions",
        "votes",
        "reports",
    )

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        from django.contrib.contenttypes.models import ContentType

        types = ContentType.objects.filter(app_label__in=self.APPS)
        named = ((str(t.pk), str(t.name)) for t in types if t.model_class() is not None)
        return sorted(named, key=lambda choice: choice[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        value = self.value()
        return queryset.filter(content_type_id=int(value)) if value and value.isdigit() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(GenericScopedAdminMixin, LargeTableAdmin):
    """Audit events are evidence: readable, never editable."""

    list_display = ["at", "action_name", "content_type", "object_id", "state_change", "actor"]
    list_filter = [AuditActionFilter, AuditObjectTypeFilter]
    list_select_related = ["actor", "content_type"]
    search_fields = ["note", "object_id"]
    date_hierarchy = "at"

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, obj: AuditEvent) -> str:
        return audit_labels.action_label(obj.action)

    @admin.display(description=_("state"))
    def state_change(self, obj: AuditEvent) -> str:
        if not (obj.from_state or obj.to_state):
            return ""
        model = obj.content_type.model_class() if obj.content_type else None
        old = audit_labels.state_label(model, obj.from_state) or "—"
        new = audit_labels.state_label(model, obj.to_state) or "—"
        return str(audit_labels.STATE_CHANGE) % {"old": old, "new": new}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """The workers write their heartbeats; staff only read them."""

    list_display = ["name", "last_seen"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# The periodic tasks' admin, in Chinese (registered on import).
from . import admin_schedules  # noqa: E402, F401

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class CongressAccessAttemptAdmin(AccessAttemptAdmin):
    """django-axes' failed logins, with its clean-up action declared as the deletion it is."""

    actions = ["cleanup_expired_attempts"]

    @admin.action(description=_("Clean up expired attempts"), permissions=["delete"])
    def cleanup_expired_attempts(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        # django-axes reads the time of the request from an attribute its login handler sets.
        request.axes_attempt_time = timezone.now()  # type: ignore[attr-defined]
        super().cleanup_expired_attempts(request, queryset)

    # Unlocking an account (deleting its failed logins) is audited (congress.services).
    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        services.login_lockouts_clear(attempts=AccessAttempt.objects.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        services.login_lockouts_clear(attempts=queryset, actor=request.user)


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class CongressTOTPDeviceAdmin(TOTPDeviceAdmin):
    """django-otp's authenticators; removing one (a lost phone) is audited (congress.services)."""

    def delete_model(self, request: HttpRequest, obj: TOTPDevice) -> None:
        services.two_factor_devices_remove(devices=TOTPDevice.objects.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TOTPDevice]) -> None:
        services.two_factor_devices_remove(devices=queryset, actor=request.user)


from . import admin_audit_chain, admin_users  # noqa: E402, F401
