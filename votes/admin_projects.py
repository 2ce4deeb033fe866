"""Admin of the elected projects: milestones, progress updates, inspections and the rectifications
of the year-end evaluation."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.admin_bodies import BodyScopedAdminMixin
from congress.admin_guard import admin_permissions
from congress.admin_mixins import ServiceAdminMixin, changed_values, formset_mark_saved
from congress.errors import DomainError
from deputies.models import Deputy

from . import services
from .forms import (
    InspectionForm,
)
from .models import (
    Cycle,
    InspectionVisit,
    Milestone,
    ProgressUpdate,
    Project,
    Rectification,
)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class UpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    can_delete = False
    readonly_fields = (
        "reported_on",
        "author",
        "progress_percent",
        "actual_quantity",
        "spent",
        "text",
        "milestone",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class InspectionInline(admin.TabularInline):
    model = InspectionVisit
    extra = 0
    can_delete = False
    readonly_fields = ("visited_on", "findings")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RectificationInline(admin.TabularInline):
    model = Rectification
    extra = 0
    can_delete = False
    readonly_fields = (
        "evaluation",
        "reason",
        "requested_on",
        "due_on",
        "response",
        "responded_on",
        "responded_by",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """A project's plan, targets and milestones are edited through ``services.project_update`` and
    ``services.milestone_*`` (audited) while it is in progress; its status moves only through
    ``project_transition``, its progress through the units' reports. Projects are never deleted."""

    list_display = [
        "title",
        "cycle",
        "lead_unit",
        "status",
        "progress_percent",
        "target_percent_display",
        "budget",
        "spent",
    ]
    list_filter = ["cycle", "status"]
    list_select_related = ["cycle", "lead_unit"]
    search_fields = ["title"]
    fields = [
        "title",
        "cycle",
        "lead_unit",
        "co_units",
        "task_force",
        "plan",
        "status",
        "progress_percent",
        "target_quantity",
        "target_unit",
        "actual_quantity",
        "budget",
        "spent",
        "carried_over_to",
        "inspection_link",
    ]
    filter_horizontal = ["co_units"]
    inlines = [MilestoneInline, UpdateInline, InspectionInline, RectificationInline]
    actions = ["carry_over"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # projects come from published ballots

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != Project.Status.IN_PROGRESS:
            return [*fields, *(f for f in services.PROJECT_FIELDS if f not in fields)]
        return fields

    def service_check(self, instance: Project) -> None:
        services.project_open_check(instance)

    def save_model(self, request: HttpRequest, obj: Project, form: Any, change: bool) -> None:
        services.project_update(project=obj, changes=changed_values(form), actor=request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Milestone:
            formset_mark_saved(formset)  # the other inlines are read-only records
            return
        new, changed, deleted = [], [], []
        for inline in formset.forms:
            data = getattr(inline, "cleaned_data", None)
            if not data:
                continue
            milestone = inline.instance
            if data.get("DELETE"):
                if milestone.pk:
                    services.milestone_delete(milestone=milestone, actor=request.user)
                    deleted.append(milestone)
                continue
            if not inline.has_changed():
                continue
            if milestone.pk:
                values = {name: data[name] for name in inline.changed_data if name in data}
                changed.append(
                    services.milestone_save(milestone=milestone, values=values, actor=request.user)
                )
            else:
                values = {name: data[name] for name in services.MILESTONE_FIELDS if name in data}
                values["project"] = form.instance
                new.append(services.milestone_save(milestone=None, values=values, actor=request.user))
        formset_mark_saved(formset, new=new, changed=changed, deleted=deleted)

    readonly_fields = (
        "cycle",
        "lead_unit",
        "status",
        "progress_percent",
        "actual_quantity",
        "spent",
        "carried_over_to",
        "inspection_link",
    )

    @admin.display(description=gettext_lazy("Inspection visits"))
    def inspection_link(self, obj: Project) -> str:
        if not obj.pk:
            return ""
        url = reverse("admin:votes_project_inspection", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Record an inspection visit"))

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/inspection/",
                self.admin_site.admin_view(self.inspection_view),
                name="votes_project_inspection",
            ),
            *super().get_urls(),
        ]

    @admin_permissions("change")
    def inspection_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_object_or_404(self.get_queryset(request).select_related("cycle"), pk=pk)
        if not self.has_change_permission(request, project):
            raise PermissionDenied
        queryset = Deputy.objects.active().filter(term_id=project.cycle.term_id).order_by("name")
        form = InspectionForm(request.POST or None, queryset=queryset)
        if request.method == "POST" and form.is_valid():
            try:
                services.inspection_record(
                    project=project,
                    visited_on=form.cleaned_data["visited_on"],
                    deputies=list(form.cleaned_data["deputies"]),
                    findings=form.cleaned_data["findings"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(request, _("Inspection visit recorded."))
                return HttpResponseRedirect(reverse("admin:votes_project_change", args=[pk]))
        return TemplateResponse(
            request,
            "votes/admin/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Record an inspection visit to “%(p)s”") % {"p": project},
                "form": form,
                "opts": self.model._meta,
            },
        )

    @admin.display(description=gettext_lazy("achieved / target"))
    def target_percent_display(self, obj: Project) -> str:
        value = obj.target_percent
        return "—" if value is None else f"{value}%"

    @admin.action(description=gettext_lazy("Carry over to the next year's cycle"), permissions=["change"])
    def carry_over(self, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        for project in queryset.select_related("cycle__term"):
            target = Cycle.objects.filter(term=project.cycle.term, year=project.cycle.year + 1).first()
            if target is None:
                self.message_user(
                    request,
                    _("%(p)s: next year's cycle does not exist yet.") % {"p": project},
                    messages.ERROR,
                )
                continue
            try:
                services.project_carry_over(project=project, to_cycle=target, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{project}: {error.message}", messages.ERROR)


@admin.register(Rectification)
class RectificationAdmin(BodyScopedAdminMixin, admin.ModelAdmin):
    list_display = ["project", "reason", "requested_on", "due_on", "responded_on"]
    list_filter = ["reason"]
    list_select_related = ["project"]
    readonly_fields = [
        "project",
        "evaluation",
        "reason",
        "requested_on",
        "due_on",
        "deadline_id",
        "response",
        "responded_on",
        "responded_by",
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a rectification request is the record of the rating

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
