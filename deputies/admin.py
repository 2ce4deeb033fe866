"""The deputies admin. Every write goes through ``deputies.services`` (the same functions the API,
the import and the dashboard use), and each object's change page shows its audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congress.admin_bodies import BodyScopedAdminMixin
from congress.admin_guard import ImportExportAdmin, admin_permissions
from congress.admin_mixins import ServiceAdminMixin, changed_values
from congress.admin_spreadsheets import SpreadsheetImportMixin
from congress.errors import DomainError
from congress.import_export_base import SPREADSHEET_FORMATS

from . import permissions, services
from .forms import SecondSeatForm
from .models import (
    Delegation,
    Deputy,
    DeputyGroup,
    DutyRecord,
)
from .resources import DeputyImporter, DeputyResource, DutyRecordImporter, DutyRecordResource


class _ActivatedAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Delegations and groups: written through ``deputies.services.groups``, deactivated (an action)
    instead of deleted."""

    permission_check: Any = None
    set_active: Any = None
    actions = ["deactivate", "activate"]
    readonly_fields = ["is_active"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(type(self).permission_check(request.user, "add"))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = bool(type(self).permission_check(request.user, "change"))
        return allowed and (obj is None or self.may_write(request, self.body_id_of(obj)))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _set_active(self, request: HttpRequest, queryset: QuerySet[Any], active: bool) -> None:
        for obj in queryset:
            type(self).set_active(obj, active, request.user)
        self.message_user(
            request, ngettext("%d changed.", "%d changed.", queryset.count()) % queryset.count()
        )

    @admin.action(description=_("Deactivate the selected ones"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_active(request, queryset, False)

    @admin.action(description=_("Reactivate the selected ones"), permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._set_active(request, queryset, True)


@admin.register(Delegation)
class DelegationAdmin(_ActivatedAdmin):
    list_display = ["name", "term", "area", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["term", "area"]
    search_fields = ["name"]
    autocomplete_fields = ["term", "area"]
    permission_check = staticmethod(permissions.can_manage_delegations)
    set_active = staticmethod(
        lambda obj, active, actor: services.delegation_set_active(delegation=obj, active=active, actor=actor)
    )

    def service_check(self, instance: Delegation) -> None:
        services.delegation_check(instance)

    def save_model(self, request: HttpRequest, obj: Delegation, form: Any, change: bool) -> None:
        if change:
            saved = services.delegation_update(
                delegation=obj, changes=changed_values(form), actor=request.user
            )
        else:
            data = form.cleaned_data
            saved = services.delegation_create(
                name=data["name"], term=data["term"], area=data.get("area"), actor=request.user
            )
        obj.pk = saved.pk


@admin.register(DeputyGroup)
class DeputyGroupAdmin(_ActivatedAdmin):
    list_display = ["name", "kind", "area", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["area"]
    search_fields = ["name"]
    autocomplete_fields = ["area"]
    permission_check = staticmethod(permissions.can_manage_deputy_groups)
    set_active = staticmethod(
        lambda obj, active, actor: services.deputy_group_set_active(group=obj, active=active, actor=actor)
    )

    def service_check(self, instance: DeputyGroup) -> None:
        services.deputy_group_check(instance)

    def save_model(self, request: HttpRequest, obj: DeputyGroup, form: Any, change: bool) -> None:
        if change:
            saved = services.deputy_group_update(group=obj, changes=changed_values(form), actor=request.user)
        else:
            data = form.cleaned_data
            saved = services.deputy_group_create(
                name=data["name"], kind=data["kind"], area=data.get("area"), actor=request.user
            )
        obj.pk = saved.pk


@admin.register(Deputy)
class DeputyAdmin(BodyScopedAdminMixin, SpreadsheetImportMixin, ServiceAdminMixin, ImportExportAdmin):
    """Deputies are created, changed and leave (status) through ``deputies.services``; they are never
    deleted, so their duty record keeps its owner."""

    resource_classes = [DeputyResource]
    spreadsheet_importer = DeputyImporter()
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
    # The second seat of a deputy of two congresses is recorded by deputy_second_seat_create, from
    # the page linked on the change page (second_seat_view).
    readonly_fields = ["slug", "duty_report", "seat_of", "seats"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["end_term"]

    @admin.display(description=_("duty report"))
    def duty_report(self, deputy: Deputy) -> str:
        if deputy.pk is None:
            return "—"
        url = reverse("deputy-report-duty", args=[deputy.slug])
        this_year = timezone.localdate().year
        return format_html(
            '<a href="{}?year={}">{}</a> · <a href="{}?year={}">{}</a>',
            url,
            this_year,
            this_year,
            url,
            this_year - 1,
            this_year - 1,
        )

    @admin.display(description=_("seats in other congresses"))
    def seats(self, deputy: Deputy) -> str:
        """The person's other seats, and the page that records one more (deputies who hold the
        login only: a second seat points at the seat with the login)."""
        if deputy.pk is None:
            return "—"
        others = [
            format_html(
                '<a href="{}">{}</a>',
                reverse("admin:deputies_deputy_change", args=[seat.pk]),
                f"{seat.term.body.name} · {seat.term.name}" if seat.term else seat.name,
            )
            for seat in deputy.other_seats.select_related("term__body").order_by("pk")
        ]
        listed = format_html_join("、", "{}", ((other,) for other in others)) if others else "—"
        if deputy.seat_of_id is not None:
            return listed
        return format_html(
            '{} · <a href="{}">{}</a>',
            listed,
            reverse("admin:deputies_deputy_second_seat", args=[deputy.pk]),
            _("Record a seat in another congress"),
        )

    def get_urls(self) -> list[URLPattern]:
        second_seat = path(
            "<path:object_id>/second-seat/",
            self.admin_site.admin_view(self.second_seat_view),
            name="deputies_deputy_second_seat",
        )
        return [second_seat, *super().get_urls()]

    @admin_permissions("add")
    def second_seat_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Record that this deputy also sits in a congress of one of the user's own bodies (a city
        deputy elected to 城关区's congress, say): the new seat is that body's row."""
        deputy = self.get_object(request, object_id)
        if deputy is None:
            raise Http404
        form = SecondSeatForm(request.POST or None, deputy=deputy, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                seat = services.deputy_second_seat_create(
                    deputy=deputy,
                    term=data["term"],
                    constituency=data["constituency"],
                    elected_on=data["elected_on"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(
                    request,
                    _("%(name)s's seat in %(term)s is recorded.")
                    % {"name": seat.name, "term": data["term"].name},
                )
                return redirect("admin:deputies_deputy_change", seat.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": deputy,
            "title": _("Record a seat in another congress: %(name)s") % {"name": deputy.name},
            "form": form,
        }
        return render(request, "admin/deputies/second_seat.html", context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_add_deputies(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A deputy of a body below the user's opens read-only (BodyScopedAdminMixin).
        allowed = permissions.can_change_deputies(request.user)
        return allowed and (obj is None or self.may_write(request, self.body_id_of(obj)))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_delete_deputies(request.user)

    def service_check(self, instance: Deputy) -> None:
        services.deputy_check(instance)
        if instance.pk:
            stored = Deputy.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
            if stored and stored != instance.status:
                services.deputy_status_check(
                    from_status=stored,
                    to_status=instance.status,
                    on=instance.status_since,
                    reason=instance.status_reason,
                )

    def save_model(self, request: HttpRequest, obj: Deputy, form: Any, change: bool) -> None:
        if change:
            saved = services.deputy_update(deputy=obj, changes=changed_values(form), actor=request.user)
        else:
            data = {name: value for name, value in form.cleaned_data.items() if name != "slug"}
            saved = services.deputy_create(**data, actor=request.user)
        obj.pk, obj.slug = saved.pk, saved.slug

    @admin.action(description=_("End the term of the selected deputies today"), permissions=["change"])
    def end_term(self, request: HttpRequest, queryset: QuerySet[Deputy]) -> None:
        ended = 0
        for deputy in queryset.filter(status=Deputy.Status.ACTIVE):
            try:
                services.deputy_status_change(
                    deputy=deputy,
                    to_status=Deputy.Status.TERM_ENDED,
                    on=timezone.localdate(),
                    actor=request.user,
                )
            except DomainError as error:
                self.message_user(request, f"{deputy}: {error.message}", level=messages.WARNING)
                continue
            ended += 1
        self.message_user(
            request, ngettext("%d deputy's term ended.", "%d deputies' terms ended.", ended) % ended
        )


class DutyRecordForm(forms.ModelForm):
    class Meta:
        model = DutyRecord
        fields = ["deputy", "kind", "on", "note", "evidence"]


@admin.register(DutyRecord)
class DutyRecordAdmin(SpreadsheetImportMixin, BodyScopedAdminMixin, ServiceAdminMixin, ImportExportAdmin):
    """Staff add what deputies did offline, one by one or by spreadsheet (with a dry run); automatic
    entries come from the other apps and follow their source. Points come from the rules."""

    form = DutyRecordForm
    resource_classes = [DutyRecordResource]
    spreadsheet_importer = DutyRecordImporter()
    import_formats = SPREADSHEET_FORMATS
    export_formats = SPREADSHEET_FORMATS
    list_display = ["deputy", "kind", "on", "note", "points", "created_by"]
    list_filter = ["kind", "deputy__level", ("on", admin.DateFieldListFilter)]
    list_select_related = ["deputy", "created_by"]
    search_fields = ["deputy__name", "note"]
    autocomplete_fields = ["deputy"]
    date_hierarchy = "on"
    fields = ["deputy", "kind", "on", "note", "evidence", "points"]
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        fields.append("points")
        # Entries written automatically about a source are not edited by hand, except the note.
        if obj is not None and obj.content_type_id:
            fields += ["deputy", "kind", "on", "evidence"]
        elif obj is not None:
            fields.append("deputy")
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.content_type_id:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: DutyRecord, form: Any, change: bool) -> None:
        if change:
            services.duty_record_update(record=obj, changes=changed_values(form), actor=request.user)
            return
        data = form.cleaned_data
        record = services.duty_record_add(
            deputy=data["deputy"],
            kind=data["kind"],
            on=data["on"],
            note=data.get("note") or "",
            actor=request.user,
            evidence=data.get("evidence"),
        )
        obj.pk = record.pk

    def delete_model(self, request: HttpRequest, obj: DutyRecord) -> None:
        services.duty_record_delete(record=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DutyRecord]) -> None:
        for record in queryset.filter(content_type__isnull=True):
            services.duty_record_delete(record=record, actor=request.user)


# The rest of the deputies admin, split by concern (registered on import).
from . import admin_liaison, admin_rules  # noqa: E402, F401
