"""Admin of the working-day calendar: every change goes through ``services`` so that open deadlines are
recomputed and audited; deadlines are read-only and show why their due date is what it is."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.admin_bodies import GenericScopedAdminMixin
from congress.admin_guard import admin_permissions
from congress.admin_mixins import ServiceAdminMixin, changed_values
from congress.errors import DomainError

from . import selectors, services
from .explain import explanation_lines, format_day, weekday_name
from .forms import CalendarDayForm, CalendarYearLoadForm, DeadlineExtensionForm
from .models import (
    CalendarDay,
    CalendarNotice,
    CalendarYear,
    Deadline,
    DeadlineExtension,
    DeadlinePolicy,
    ExtensionStatus,
)
from .owners import owner_kinds


def _warn_missing_years(request: HttpRequest) -> None:
    for notice in selectors.unresolved_notices():
        messages.warning(request, notice.message)


def _report_changes(request: HttpRequest, changes: list[services.DeadlineChange]) -> None:
    if not changes:
        messages.info(request, gettext("No open deadline had to change."))
        return
    shown = changes[:20]
    lines = [
        gettext("%(item)s: %(old)s → %(new)s")
        % {
            "item": change.owner_label,
            "old": format_day(change.old_due) + (gettext(" (provisional)") if change.old_provisional else ""),
            "new": format_day(change.new_due) + (gettext(" (provisional)") if change.new_provisional else ""),
        }
        for change in shown
    ]
    more = len(changes) - len(shown)
    if more:
        lines.append(gettext("… and %(count)d more") % {"count": more})
    messages.success(
        request,
        format_html(
            "{}<br>{}",
            gettext("%(count)d open deadlines were recomputed:") % {"count": len(changes)},
            format_html_join(SafeString("<br>"), "{}", ((line,) for line in lines)),
        ),
    )


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = CalendarYear.objects.order_by("-year").values_list("year", flat=True)
        return [(str(y), str(y)) for y in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ["date", "weekday", "kind", "name", "source", "note"]
    list_filter = [YearFilter, "kind", "source"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    readonly_fields = ["source", "updated_at"]
    change_list_template = "admin/workcalendar/calendarday/change_list.html"

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return weekday_name(obj.date)

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "load-year/",
                self.admin_site.admin_view(self.load_year_view),
                name="workcalendar_calendarday_load_year",
            )
        ]
        return custom + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            _warn_missing_years(request)
        return super().changelist_view(request, extra_context)

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        changes: list[services.DeadlineChange] = []
        if change and "date" in form.changed_data:
            old_date = CalendarDay.objects.values_list("date", flat=True).get(pk=obj.pk)
            changes += services.calendar_day_delete(day=old_date, actor=request.user)
        saved, more = services.calendar_day_set(
            day=obj.date, kind=obj.kind, name=obj.name, note=obj.note, actor=request.user
        )
        obj.pk, obj.source = saved.pk, saved.source
        _report_changes(request, changes + more)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        _report_changes(request, services.calendar_day_delete(day=obj.date, actor=request.user))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        changes: list[services.DeadlineChange] = []
        for day in list(queryset.values_list("date", flat=True)):
            changes += services.calendar_day_delete(day=day, actor=request.user)
        _report_changes(request, changes)

    @admin_permissions("add")
    def load_year_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CalendarYearLoadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            year = form.cleaned_data["year"]
            upload = form.cleaned_data.get("csv_file")
            try:
                if upload:
                    result = services.calendar_import_csv(file=upload, year=year, actor=request.user)
                else:
                    result = services.calendar_load_year(year=year, actor=request.user)
            except services.CalendarImportError as exc:
                for error in exc.errors:
                    form.add_error("csv_file", error)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    gettext("%(year)d loaded: %(holidays)d holidays, %(makeup)d make-up working days.")
                    % {"year": result.year, "holidays": result.holidays, "makeup": result.makeup_workdays},
                )
                if result.kept_manual:
                    messages.warning(
                        request,
                        gettext("%(count)d days entered by hand were kept; check them against the notice.")
                        % {"count": result.kept_manual},
                    )
                _report_changes(request, result.changes)
                return HttpResponseRedirect(
                    reverse("admin:workcalendar_calendarday_changelist") + f"?year={year}"
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Load or import a year"),
            "form": form,
        }
        return TemplateResponse(request, "admin/workcalendar/calendarday/load_year.html", context)


@admin.register(CalendarYear)
class CalendarYearAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["year", "is_loaded", "source", "loaded_at", "holiday_count", "makeup_count", "note"]
    list_filter = ["is_loaded", "source"]
    fields = ["year", "is_loaded", "source", "loaded_at", "note"]
    readonly_fields = ["is_loaded", "source", "loaded_at"]
    actions = ["load_from_package", "mark_loaded", "mark_not_loaded"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a year is withdrawn (marked not loaded), not deleted

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        data = form.cleaned_data
        values = changed_values(form) if change else {n: data[n] for n in ("year", "note") if n in data}
        saved = services.calendar_year_save(
            calendar_year=obj if change else None, values=values, actor=request.user
        )
        obj.pk = saved.pk

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        from django.db.models import OuterRef, Subquery
        from django.db.models.functions import Coalesce

        def count(kind: str) -> Any:
            return Coalesce(
                Subquery(
                    CalendarDay.objects.filter(date__year=OuterRef("year"), kind=kind)
                    .order_by()
                    .values("kind")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )

        return (
            super()
            .get_queryset(request)
            .annotate(holiday_count=count("holiday"), makeup_count=count("workday"))
        )

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarYear | None = None) -> list[str]:
        return [*self.readonly_fields, "year"] if obj else list(self.readonly_fields)

    @admin.display(description=_("holidays"), ordering="holiday_count")
    def holiday_count(self, obj: Any) -> int:
        return int(obj.holiday_count)

    @admin.display(description=_("make-up working days"), ordering="makeup_count")
    def makeup_count(self, obj: Any) -> int:
        return int(obj.makeup_count)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            _warn_missing_years(request)
        return super().changelist_view(request, extra_context)

    @admin.action(
        description=_("Load selected years from the chinesecalendar package"), permissions=["change"]
    )
    def load_from_package(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for year in queryset.order_by("year").values_list("year", flat=True):
            try:
                result = services.calendar_load_year(year=year, actor=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
                continue
            messages.success(
                request,
                gettext("%(year)d loaded: %(holidays)d holidays, %(makeup)d make-up working days.")
                % {"year": year, "holidays": result.holidays, "makeup": result.makeup_workdays},
            )
            _report_changes(request, result.changes)

    @admin.action(
        description=_("Mark selected years as complete (days entered by hand)"), permissions=["change"]
    )
    def mark_loaded(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for year in queryset.values_list("year", flat=True):
            _report_changes(
                request, services.calendar_year_set_loaded(year=year, is_loaded=True, actor=request.user)
            )

    @admin.action(description=_("Mark selected years as not loaded"), permissions=["change"])
    def mark_not_loaded(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for year in queryset.values_list("year", flat=True):
            _report_changes(
                request, services.calendar_year_set_loaded(year=year, is_loaded=False, actor=request.user)
            )


@admin.register(CalendarNotice)
class CalendarNoticeAdmin(admin.ModelAdmin):
    list_display = ["year", "message", "created_at", "last_emailed_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a notice is resolved by loading its year, not deleted

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class PolicyBodyFilter(admin.SimpleListFilter):
    title = _("whose rule")
    parameter_name = "rule_of"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("default", _("Default for every body")), ("body", _("A body's own rule"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "default":
            return queryset.filter(body__isnull=True)
        if self.value() == "body":
            return queryset.filter(body__isnull=False)
        return queryset


class DeadlinePolicyForm(forms.ModelForm):
    """Adding a rule for a body is an override of an existing code; the defaults (no body) are the
    root body's to add."""

    user: Any = None

    class Meta:
        model = DeadlinePolicy
        fields = [
            "code",
            "body",
            "name",
            "applies_to",
            "amount",
            "unit",
            "max_extension",
            "source",
            "is_active",
        ]

    def clean(self) -> dict[str, Any]:
        from congress.bodies import can_write_body, root_body

        data = super().clean() or {}
        if self.instance.pk is None and "code" in data:
            body = data.get("body")
            try:
                if body is not None:
                    services.deadline_policy_override_validate(body=body, code=data["code"])
                elif not can_write_body(self.user, root_body().pk):
                    raise DomainError(
                        gettext("Only %(body)s sets the defaults: choose your body.") % {"body": root_body()},
                        field="body",
                    )
            except DomainError as error:
                self.add_error(error.field if error.field in self.fields else None, str(error))
        return data


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The defaults (no body) and the bodies' own rules. A body's staff add their body's rule for a
    code (``services.deadline_policy_override``) and change it; the defaults are the root body's
    to change. Rules of bodies outside the user's scope are not found."""

    list_display = ["code", "name", "body_label", "amount", "unit", "max_extension", "is_active", "source"]
    list_filter = [PolicyBodyFilter, "unit", "is_active"]
    list_select_related = ["body"]
    search_fields = ["code", "name", "applies_to"]
    fields = ["code", "body", "name", "applies_to", "amount", "unit", "max_extension", "source", "is_active"]
    form = DeadlinePolicyForm

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    @admin.display(description=_("whose rule"), ordering="body__path")
    def body_label(self, obj: DeadlinePolicy) -> str:
        return str(obj.body) if obj.body_id else gettext("Default for every body")

    def get_queryset(self, request: HttpRequest) -> QuerySet[DeadlinePolicy]:
        from congress.bodies import body_ids_visible_to

        queryset = super().get_queryset(request)
        visible = body_ids_visible_to(request.user)
        if visible is None:
            return queryset
        return queryset.filter(Q(body__isnull=True) | Q(body_id__in=visible))

    def get_readonly_fields(self, request: HttpRequest, obj: DeadlinePolicy | None = None) -> list[str]:
        # Other apps refer to policies by code; a rule stays the rule of the body it was set for.
        return ["code", "body"] if obj else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "body":
            from congress.bodies import bodies_writable_by

            kwargs["queryset"] = bodies_writable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: DeadlinePolicy | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        from congress.bodies import can_write_body, root_body

        return can_write_body(request.user, obj.body_id if obj.body_id else root_body().pk)

    def save_model(self, request: HttpRequest, obj: DeadlinePolicy, form: Any, change: bool) -> None:
        if not change and obj.body_id:
            saved = services.deadline_policy_override(
                body=obj.body,
                code=obj.code,
                amount=obj.amount,
                unit=obj.unit,
                max_extension=obj.max_extension,
                source=obj.source,
                actor=request.user,
            )
            obj.pk = saved.pk
            return
        services.deadline_policy_save(policy=obj, changed=list(form.changed_data), actor=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


_EXTENSION_INLINE_FIELDS = (
    "amount",
    "reason",
    "status",
    "requested_by",
    "requested_at",
    "decided_by",
    "decided_at",
    "due_after",
)
_DEADLINE_FIELDS = (
    "policy",
    "owner_link",
    "start",
    "due",
    "provisional_badge",
    "amount",
    "unit",
    "extension_total",
    "is_open",
    "closed_at",
    "computed_at",
    "explanation_text",
)


class DeadlineExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    extra = 0
    fields = _EXTENSION_INLINE_FIELDS
    readonly_fields = _EXTENSION_INLINE_FIELDS
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.filter(is_open=True, due__lt=today)
        if self.value() == "no":
            return queryset.exclude(is_open=True, due__lt=today)
        return queryset


def _owner_labels(deadlines: list[Deadline]) -> None:
    """Name each deadline's item as its app names it (``owners.register_owner``: tracking code and
    title, with a link), one query per kind of owner for a whole page; kept on the rows."""
    by_type: dict[int, list[Deadline]] = {}
    for deadline in deadlines:
        by_type.setdefault(deadline.owner_content_type_id, []).append(deadline)
    kinds = owner_kinds()
    for rows in by_type.values():
        kind = kinds.get(rows[0].owner_content_type.model_class())  # type: ignore[arg-type]
        if kind is None:
            continue
        found = kind.labels(sorted({row.owner_id for row in rows}))
        for row in rows:
            if row.owner_id in found:
                row._owner_label = found[row.owner_id]  # type: ignore[attr-defined]


def _owner_link(obj: Deadline) -> str:
    if not hasattr(obj, "_owner_label"):
        _owner_labels([obj])
    named = getattr(obj, "_owner_label", None)
    if named is not None:
        label, url = named
        return format_html('<a href="{}">{}</a>', url, label) if url else label
    content_type = obj.owner_content_type
    label = f"{content_type.name} #{obj.owner_id}"
    try:
        url = reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[obj.owner_id])
    except NoReverseMatch:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


class DeadlineChangeList(ChangeList):
    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        _owner_labels(list(self.result_list))


@admin.register(Deadline)
class DeadlineAdmin(GenericScopedAdminMixin, admin.ModelAdmin):
    type_field, id_field = "owner_content_type", "owner_id"

    """Read-only: deadlines are created by the apps that own the items and move only through the
    calendar and extension services."""

    list_display = [
        "__str__",
        "owner_link",
        "start",
        "due",
        "provisional_badge",
        "is_open",
        "extension_total",
    ]
    list_filter = ["policy", "is_open", "is_provisional", OverdueFilter]
    list_select_related = ["policy", "owner_content_type"]
    date_hierarchy = "due"
    search_fields = ["owner_id", "policy__name", "policy__code"]
    fields = _DEADLINE_FIELDS
    readonly_fields = _DEADLINE_FIELDS
    inlines = [DeadlineExtensionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            _warn_missing_years(request)
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return DeadlineChangeList

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Deadline], search_term: str
    ) -> tuple[QuerySet[Deadline], bool]:
        """Besides the policy, the items' own terms: a tracking code finds the deadlines of the
        item and of its dispatches (each app says what its rows are found by)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return found, may_have_duplicates
        owners = Q()
        for model, kind in owner_kinds().items():
            ids = kind.search(term)
            owners |= Q(owner_content_type=ContentType.objects.get_for_model(model), owner_id__in=ids)
        if not owners:
            return found, may_have_duplicates
        return found | queryset.filter(owners), may_have_duplicates

    @admin.display(description=_("item"))
    def owner_link(self, obj: Deadline) -> str:
        return _owner_link(obj)

    @admin.display(description=_("provisional"), ordering="is_provisional")
    def provisional_badge(self, obj: Deadline) -> str:
        if not obj.is_provisional:
            return "—"
        return format_html(
            '<strong style="color:#b45309" title="{}">⚠ {}</strong>',
            gettext("Runs into a year whose holiday calendar is not loaded yet: weekends only were used."),
            gettext("Provisional"),
        )

    @admin.display(description=_("why this due date"))
    def explanation_text(self, obj: Deadline) -> str:
        explanation = obj.get_explanation()
        if explanation is None:
            return "—"
        lines = explanation_lines(explanation, extension=obj.extension_total)
        return format_html(
            '<ol style="margin:0;padding-left:1.5em">{}</ol>',
            format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
        )


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(GenericScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    type_field, id_field = "deadline__owner_content_type", "deadline__owner_id"

    list_display = [
        "deadline",
        "amount",
        "status",
        "reason",
        "requested_by",
        "requested_at",
        "decided_by",
        "due_after",
    ]
    list_filter = ["status", "deadline__policy"]
    list_select_related = ["deadline__policy", "requested_by", "decided_by"]
    raw_id_fields = ["deadline"]
    actions = ["approve", "reject"]
    readonly_fields = [
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "decision_note",
        "due_before",
        "due_after",
    ]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = DeadlineExtensionForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: DeadlineExtension | None = None) -> list[str]:
        if obj is None:
            return []
        return ["deadline", "amount", "reason", *self.readonly_fields]

    def get_fields(self, request: HttpRequest, obj: DeadlineExtension | None = None) -> Any:
        if obj is None:
            return ["deadline", "amount", "reason"]
        return ["deadline", "amount", "reason", *self.readonly_fields]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the history of requests is kept

    def has_approve_extension_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("workcalendar.approve_extension")

    def save_model(self, request: HttpRequest, obj: DeadlineExtension, form: Any, change: bool) -> None:
        if change:
            return  # decided through the actions only
        created = services.extension_request(
            deadline=obj.deadline, amount=obj.amount, reason=obj.reason, requested_by=request.user
        )
        obj.pk = created.pk

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().add_view(request, form_url, extra_context)
        except DomainError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(request.get_full_path())

    def _decide(self, request: HttpRequest, queryset: QuerySet[DeadlineExtension], *, approve: bool) -> None:
        done = 0
        for extension in queryset.filter(status=ExtensionStatus.REQUESTED).order_by("requested_at"):
            try:
                services.extension_decide(extension=extension, approve=approve, actor=request.user)
            except DomainError as exc:
                messages.error(request, f"{extension}: {exc.message}")
            else:
                done += 1
        skipped = queryset.filter(~Q(status=ExtensionStatus.REQUESTED)).count()
        if done:
            messages.success(request, gettext("%(count)d requests decided.") % {"count": done})
        if skipped:
            messages.warning(
                request, gettext("%(count)d requests had already been decided.") % {"count": skipped}
            )

    @admin.action(description=_("Approve selected extension requests"), permissions=["approve_extension"])
    def approve(self, request: HttpRequest, queryset: QuerySet[DeadlineExtension]) -> None:
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Reject selected extension requests"), permissions=["approve_extension"])
    def reject(self, request: HttpRequest, queryset: QuerySet[DeadlineExtension]) -> None:
        self._decide(request, queryset, approve=False)
