"""Admin of the suggestions app for committee staff: the triage queue, the case page with every
staff action (accept, reject, merge, hand to a deputy, key suggestion, assign, supervise, close,
publish), bulk assignment, entry from other channels and the hotline CSV import. Every action calls
a service; nothing here writes models directly."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.admin_bodies import BodyScopedAdminMixin, SharedOrBodyAdminMixin
from congress.admin_guard import admin_permissions
from congress.admin_mixins import ServiceAdminMixin, changed_values
from congress.admin_paging import LargeTableAdmin, YearListFilter
from congress.admin_spreadsheets import import_page, template_response
from congress.bodies import body_ids_writable_by, can_write_body
from congress.calendar.models import DeadlineExtension, ExtensionStatus
from congress.calendar.selectors import deadline_for
from congress.calendar.templatetags.due_dates import render_due_date
from congress.errors import DomainError
from congress.fieldcrypto import blind_index, normalise
from congress.notifications import texts as T
from congress.notifications.selectors import item_notifications_context
from congress.notifications.texts import fill
from congress.privacy import mask_name, mask_phone
from congress.selectors import categories_for_body

from . import selectors, services, workflow
from .forms import (
    AssignForm,
    HandForm,
    KeyForm,
    MergeForm,
    PublishForm,
    RejectForm,
    StaffEntryForm,
    SupervisionForm,
    TransferForm,
    person_label,
)
from .history_import import HistoryImporter
from .models import (
    AccessLog,
    Assignment,
    Commitment,
    RejectionReason,
    Status,
    Suggestion,
    Supervision,
    TriageItem,
)
from .pins import pin_slip_give, pin_slip_take
from .querysets import is_committee
from .resources import HotlineImporter
from .routing.admin_dispatch import (
    AutoDispatchFilter,
    RoutingHintsChangeList,
    auto_dispatch_check_action,
    suggested_route_html,
)
from .routing.selectors import routing_hints
from .services._common import MOBILE_RE
from .services.reminders import (
    active_assignments_of,
    assignment_remind_now,
    assignment_reminders_set_paused,
)

LEADER_ACTIONS = ("supervise", "reveal")


def _time_left_label(delta: datetime.timedelta | None) -> str:
    if delta is None:
        return "—"
    hours = int(delta.total_seconds() // 3600)
    if hours < 0:
        return _("overdue by %(days)d d %(hours)d h") % {"days": (-hours) // 24, "hours": (-hours) % 24}
    return _("%(days)d d %(hours)d h left") % {"days": hours // 24, "hours": hours % 24}


def _no_clock_reason(suggestion: Suggestion) -> str:
    """Why an item waiting for triage has no time left to show."""
    deadline = suggestion.triage_deadline
    if deadline is not None and not deadline.is_open:
        day = f"{localtime(deadline.closed_at):%Y-%m-%d}" if deadline.closed_at else ""
        return _("clock stopped on %(day)s") % {"day": day}
    if suggestion.external_ref:
        return _("no triage clock: entered in bulk (import or hotline) without one")
    return _("no triage clock: no active triage time limit when it came in")


# -- reminders: pause, resume, remind now (docs/reminders.md), for the suggestion and assignment admins


@admin.action(description=T.PAUSE_ACTION, permissions=["remind"])
def pause_reminders_action(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    """Admin action for SuggestionAdmin or AssignmentAdmin."""
    assignments = list(active_assignments_of(queryset).select_related("suggestion", "unit"))
    for assignment in assignments:
        assignment_reminders_set_paused(assignment=assignment, paused=True, actor=request.user)
    modeladmin.message_user(
        request,
        fill(T.PAUSED_MESSAGE, count=len(assignments)),
        messages.SUCCESS,
    )


@admin.action(description=T.RESUME_ACTION, permissions=["remind"])
def resume_reminders_action(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    assignments = list(active_assignments_of(queryset).select_related("suggestion", "unit"))
    for assignment in assignments:
        assignment_reminders_set_paused(assignment=assignment, paused=False, actor=request.user)
    modeladmin.message_user(
        request,
        fill(T.RESUMED_MESSAGE, count=len(assignments)),
        messages.SUCCESS,
    )


@admin.action(description=T.REMIND_NOW_ACTION, permissions=["remind"])
def remind_now_action(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    assignments = list(active_assignments_of(queryset).select_related("suggestion", "unit"))
    officers = sum(assignment_remind_now(assignment=a, actor=request.user) for a in assignments)
    modeladmin.message_user(request, fill(T.REMINDED_MESSAGE, count=officers), messages.SUCCESS)


def _int_or_zero(value: Any) -> int:
    """A posted id, or 0 (matches nothing) for anything that is not a number."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else 0


class RemindersAdminMixin:
    """The reminder actions change the assignments of the selected rows: they need that permission
    (the assignment list itself is read-only in the admin)."""

    def has_remind_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("suggestions.change_assignment"))


class SubmittedYearFilter(YearListFilter):
    field_name = "submitted_at"
    title = gettext_lazy("year submitted")


@admin.register(Suggestion)
class SuggestionAdmin(BodyScopedAdminMixin, RemindersAdminMixin, LargeTableAdmin):
    """Rows of the bodies the user sees (BodyScopedAdminMixin); a descendant body's item opens
    read-only and its actions are refused."""

    list_display = (
        "code",
        "title",
        "kind",
        "channel",
        "status",
        "body",
        "area",
        "submitted_at",
        "is_key",
    )
    list_filter = (
        "status",
        "kind",
        "channel",
        "is_key",
        "is_published",
        AutoDispatchFilter,
        SubmittedYearFilter,
    )
    search_fields = ("code", "title")
    list_select_related = ("area", "body")
    ordering = ("-submitted_at",)
    actions = (
        "accept_selected",
        "assign_selected",
        "close_selected",
        auto_dispatch_check_action,
        pause_reminders_action,
        resume_reminders_action,
        remind_now_action,
    )
    list_per_page = 50
    case_template = "admin/suggestions/case.html"

    # Items are created by the intake services (or the staff entry form below), never raw.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("suggestions.add_suggestion"))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        """A whole mobile number finds the submitter's items through the blind index (the number is
        stored encrypted); any other term searches code and title as before."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        index = (
            blind_index(search_term, "mobile") if MOBILE_RE.match(normalise(search_term, "mobile")) else ""
        )
        if index:
            found = found | queryset.filter(submitter_mobile_index=index)
        return found, may_have_duplicates

    def get_urls(self) -> list[URLPattern]:
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/case/", view(self.case_view), name=f"{prefix}_case"),
            path("enter/", view(self.enter_view), name=f"{prefix}_enter"),
            path("import/", view(self.import_view), name=f"{prefix}_import"),
            path("import/template/", view(self.import_template_view), name=f"{prefix}_import_template"),
            path("history-import/", view(self.history_import_view), name=f"{prefix}_history_import"),
            path(
                "history-import/template/",
                view(self.history_template_view),
                name=f"{prefix}_history_import_template",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:suggestions_suggestion_enter"))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not object_id.isdigit():  # a typed or guessed address: not found, like a missing id
            raise Http404
        if not self.get_queryset(request).filter(pk=int(object_id)).exists():
            raise Http404  # outside the user's bodies, or missing: not found here already
        return HttpResponseRedirect(reverse("admin:suggestions_suggestion_case", args=[object_id]))

    # -- the case page ----------------------------------------------------------------------------

    # A read for whoever may view cases; each change it offers checks its own permission below.
    @admin_permissions("view")
    def case_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        # Through the admin's queryset: an item outside the user's bodies is not found (404).
        suggestion = get_object_or_404(
            self.get_queryset(request).select_related(
                "body",
                "received_by",
                "category",
                "area",
                "deputy",
                "station",
                "lead_deputy",
                "handed_to",
                "merged_into",
                "triage_deadline",
                "supervising_leader__committee_member",
            ),
            pk=pk,
        )
        action = request.POST.get("action", "") if request.method == "POST" else ""
        bound = request.POST if request.method == "POST" else None
        forms: dict[str, Any] = {
            "reject_form": RejectForm(bound if action == "reject" else None, body=suggestion.body),
            "merge_form": MergeForm(bound if action == "merge" else None),
            "assign_form": AssignForm(
                bound if action == "assign" else None,
                # One tap on a suggested lead unit (?lead=<id>) fills it in; staff still assign.
                initial={"lead_unit": request.GET.get("lead")}
                if request.GET.get("lead", "").isdigit()
                else None,
            ),
            "hand_form": HandForm(bound if action == "hand" else None),
            "key_form": KeyForm(
                bound if action == "key" else None,
                body_id=suggestion.body_id,
                initial={
                    "is_key": suggestion.is_key,
                    "lead_official": suggestion.lead_official,
                    "supervising_leader": suggestion.supervising_leader_id,
                },
            ),
            "supervision_form": SupervisionForm(bound if action == "supervise" else None),
            "transfer_form": TransferForm(bound if action == "transfer" else None, body=suggestion.body)
            if suggestion.status in workflow.TRANSFER_STATES
            else None,
            "publish_form": PublishForm(
                bound if action == "publish" else None,
                initial={
                    "public_title": suggestion.public_title or suggestion.title,
                    "public_text": suggestion.public_text
                    or services.suggestion_default_public_text(suggestion),
                },
            ),
        }
        # A body tasks its own units only.
        for name in ("lead_unit", "co_units"):
            field = forms["assign_form"].fields[name]
            field.queryset = field.queryset.filter(body_id=suggestion.body_id)
        can_write = can_write_body(request.user, suggestion.body_id)
        contact = None
        if request.method == "POST":
            # Leaders read cases, lead supervision of key suggestions (DOMAIN.md §2) and may open
            # contacts; an item of a body below the user's is read-only for staff and leaders alike.
            can_change = can_write and (
                self.has_change_permission(request, suggestion)
                or (action in LEADER_ACTIONS and is_committee(request.user))
            )
            if not can_change:
                messages.error(request, _("You may only read this case."))
            else:
                result = self._case_action(request, suggestion, action, forms)
                if action == "reveal" and result:
                    contact = result
                elif result:
                    if action == "transfer" and not self.get_queryset(request).filter(pk=pk).exists():
                        # Passed up, out of this user's sight: back to the list.
                        return HttpResponseRedirect(reverse("admin:suggestions_suggestion_changelist"))
                    return HttpResponseRedirect(request.path)
        history = selectors.suggestion_history(suggestion)
        extensions = list(
            DeadlineExtension.objects.filter(
                deadline_id__in=[a.deadline_id for a in history["assignments"] if a.deadline_id],
                status=ExtensionStatus.REQUESTED,
            ).select_related("deadline__policy")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{suggestion.code} {suggestion.title}",
            "suggestion": suggestion,
            "supervising_leader_label": person_label(suggestion.supervising_leader)
            if suggestion.supervising_leader
            else "",
            "masked_name": mask_name(suggestion.submitter_name),
            "masked_mobile": mask_phone(suggestion.submitter_mobile),
            "contact": contact,
            "duplicates": selectors.suggestion_duplicates(suggestion, user=request.user)
            if suggestion.status in (Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED)
            else [],
            "routing": routing_hints([suggestion])[suggestion.pk]
            if suggestion.status in (Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED)
            else None,
            "time_left": _time_left_label(selectors.triage_time_left(suggestion))
            if suggestion.status in (Status.SUBMITTED, Status.RETURNED)
            else "",
            "extensions": extensions,
            "feedback_deadline": deadline_for(suggestion, "opinion.feedback", open_only=False),
            "merged_items": list(suggestion.merged_items.all()),
            "access_logs": list(suggestion.access_logs.select_related("user")[:20]),
            **item_notifications_context(suggestion),
            "slip": pin_slip_take(request),
            "can_write": can_write,
            **history,
            **forms,
        }
        return TemplateResponse(request, self.case_template, context)

    def _case_action(
        self, request: HttpRequest, suggestion: Suggestion, action: str, forms: dict[str, Any]
    ) -> Any:
        user = request.user
        form = {
            "reject": forms["reject_form"],
            "merge": forms["merge_form"],
            "assign": forms["assign_form"],
            "hand": forms["hand_form"],
            "key": forms["key_form"],
            "supervise": forms["supervision_form"],
            "publish": forms["publish_form"],
            "transfer": forms["transfer_form"],
        }.get(action)
        if form is not None and not form.is_valid():
            return False
        data = form.cleaned_data if form is not None else {}
        try:
            if action == "accept":
                services.suggestion_accept(suggestion=suggestion, actor=user)
            elif action == "reject":
                services.suggestion_reject(suggestion=suggestion, actor=user, reason=form.reason_text())  # type: ignore[union-attr]
            elif action == "merge":
                main = Suggestion.objects.filter(code=services.normalise_code(data["into"])).first()
                if main is None:
                    raise DomainError(_("No case with this tracking code."), field="into")
                services.suggestion_merge(suggestion=suggestion, into=main, actor=user)
            elif action == "assign":
                services.suggestion_assign(
                    suggestion=suggestion,
                    lead_unit=data["lead_unit"],
                    co_units=data["co_units"],
                    actor=user,
                    note=data["note"],
                )
            elif action == "categorise":
                # Only a category the item's body uses; another body's id is not found here.
                category = (
                    categories_for_body(suggestion.body)
                    .filter(pk=_int_or_zero(request.POST.get("category")))
                    .first()
                )
                if category is None:
                    raise DomainError(_("Choose a category."))
                services.suggestion_categorise(suggestion=suggestion, category=category, actor=user)
            elif action == "hand":
                services.suggestion_hand_to_deputy(suggestion=suggestion, deputy=data["deputy"], actor=user)
            elif action == "key":
                services.suggestion_mark_key(
                    suggestion=suggestion,
                    is_key=data["is_key"],
                    lead_official=data["lead_official"],
                    supervising_leader=data["supervising_leader"],
                    actor=user,
                )
            elif action == "supervise":
                services.supervision_record(
                    suggestion=suggestion,
                    kind=data["kind"],
                    method=data["method"],
                    held_on=data["held_on"],
                    note=data["note"],
                    actor=user,
                )
            elif action == "close":
                services.suggestion_close(suggestion=suggestion, actor=user)
            elif action == "publish":
                services.suggestion_publish(
                    suggestion=suggestion,
                    public_title=data["public_title"],
                    public_text=data["public_text"],
                    actor=user,
                )
            elif action == "transfer" and form is not None:
                services.suggestion_transfer(
                    suggestion=suggestion, to_body=data["to_body"], reason=data["reason"], actor=user
                )
            elif action == "unpublish":
                services.suggestion_unpublish(suggestion=suggestion, actor=user)
            elif action in ("approve_extension", "reject_extension"):
                extension = get_object_or_404(DeadlineExtension, pk=request.POST.get("extension"))
                services.assignment_extension_decide(
                    extension=extension, approve=action == "approve_extension", actor=user
                )
            elif action == "reveal":
                return services.contact_reveal(suggestion=suggestion, user=user, where="admin case page")
            else:
                return False
        except DomainError as error:
            if form is not None:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.error(request, error.message)
            return False
        messages.success(request, _("Done."))
        return True

    # -- entry from other channels, hotline import ----------------------------------------------------

    @admin_permissions("add")
    def enter_view(self, request: HttpRequest) -> HttpResponse:
        # Entered by a body's staff: that body's item, with that body's categories (a superuser's
        # goes by the area, so the shared ones).
        body_id = next(iter(body_ids_writable_by(request.user) or ()), None)
        form = StaffEntryForm(request.POST or None, body=body_id)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = services.suggestion_submit(
                    submission=services.SubmissionInput.from_cleaned(
                        data, channel=data["channel"], consent_privacy=True, body_id=body_id
                    ),
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                # The case page shows the PIN once; no flash message carries it (pins.py).
                pin_slip_give(request, result.suggestion)
                return HttpResponseRedirect(
                    reverse("admin:suggestions_suggestion_case", args=[result.suggestion.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Enter an item from another channel"),
            "form": form,
        }
        return TemplateResponse(request, "admin/suggestions/form_page.html", context)

    # Live work orders from the 12345 hotline: each new one a new item, its clock started.
    @admin_permissions("add")
    def import_view(self, request: HttpRequest) -> HttpResponse:
        return import_page(
            self,
            request,
            HotlineImporter(),
            done_url=reverse("admin:suggestions_suggestion_changelist"),
            template_url=reverse("admin:suggestions_suggestion_import_template"),
        )

    @admin_permissions("add")
    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        return template_response(HotlineImporter())

    # The office's past items (历史台账), as history: nothing is sent, no clock for what is finished.
    @admin_permissions("add")
    def history_import_view(self, request: HttpRequest) -> HttpResponse:
        return import_page(
            self,
            request,
            HistoryImporter(),
            done_url=reverse("admin:suggestions_suggestion_changelist"),
            template_url=reverse("admin:suggestions_suggestion_history_import_template"),
        )

    @admin_permissions("add")
    def history_template_view(self, request: HttpRequest) -> HttpResponse:
        return template_response(HistoryImporter())

    # -- bulk actions -----------------------------------------------------------------------------------

    @admin.action(description=gettext_lazy("Accept the selected items"), permissions=["change"])
    def accept_selected(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> None:
        self._bulk(request, queryset, lambda s: services.suggestion_accept(suggestion=s, actor=request.user))

    @admin.action(description=gettext_lazy("Close the selected items"), permissions=["change"])
    def close_selected(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> None:
        self._bulk(request, queryset, lambda s: services.suggestion_close(suggestion=s, actor=request.user))

    @admin.action(description=gettext_lazy("Assign the selected items to units"), permissions=["change"])
    def assign_selected(self, request: HttpRequest, queryset: QuerySet[Suggestion]) -> HttpResponse | None:
        form = AssignForm(request.POST if "apply" in request.POST else None)
        writable = body_ids_writable_by(request.user)
        if writable is not None:  # a body tasks its own units only
            for name in ("lead_unit", "co_units"):
                field = form.fields[name]
                field.queryset = field.queryset.filter(body_id__in=writable)  # type: ignore[attr-defined]
        if "apply" in request.POST and form.is_valid():
            data = form.cleaned_data
            self._bulk(
                request,
                queryset,
                lambda s: services.suggestion_assign(
                    suggestion=s,
                    lead_unit=data["lead_unit"],
                    co_units=data["co_units"],
                    actor=request.user,
                    note=data["note"],
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Assign the selected items"),
            "form": form,
            "items": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/suggestions/bulk_assign.html", context)

    def _bulk(self, request: HttpRequest, queryset: QuerySet[Suggestion], fn: Any) -> None:
        done = 0
        for suggestion in queryset.order_by("submitted_at"):
            try:
                fn(suggestion)
            except DomainError as error:
                messages.warning(request, f"{suggestion.code}: {error.message}")
            else:
                done += 1
        if done:
            messages.success(request, _("%(count)d items done.") % {"count": done})


@admin.register(TriageItem)
class TriageItemAdmin(SuggestionAdmin):
    """New and returned items, oldest first, with the time left under the triage policy."""

    # Kind and channel ride under the title (they are filters too): at 1366 px with the admin's
    # navigation open every column, the time left included, fits without scrolling sideways.
    list_display = (
        "code",
        "title_kind_channel",
        "status",
        "area",
        "submitted_at",
        "time_left",
        "likely_duplicates",
        "suggested_route",
        "case_link",
    )
    list_filter = ("status", "kind", "channel")  # type: ignore[assignment]
    list_select_related = ("area", "triage_deadline", "terms")  # type: ignore[assignment]
    ordering = ("submitted_at", "pk")  # type: ignore[assignment]
    actions = ("accept_selected", "assign_selected")  # type: ignore[assignment]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Suggestion]:
        return super().get_queryset(request).filter(status__in=(Status.SUBMITTED, Status.RETURNED))

    def get_urls(self) -> list[URLPattern]:
        return admin.ModelAdmin.get_urls(self)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if not object_id.isdigit():  # a typed or guessed address: not found, like a missing id
            raise Http404
        if not self.get_queryset(request).filter(pk=int(object_id)).exists():
            raise Http404  # outside the user's bodies, or missing: not found here already
        return HttpResponseRedirect(reverse("admin:suggestions_suggestion_case", args=[object_id]))

    class Media:
        css = {"all": ("css/admin-triage.css",)}

    @admin.display(description=gettext_lazy("title"), ordering="title")
    def title_kind_channel(self, obj: Suggestion) -> str:
        return format_html(
            '{}<br><span class="sg-meta">{} · {}</span>',
            obj.title,
            obj.get_kind_display(),
            obj.get_channel_display(),
        )

    @admin.display(description=gettext_lazy("time left"), ordering="triage_deadline__due")
    def time_left(self, obj: Suggestion) -> str:
        delta = selectors.triage_time_left(obj)
        if delta is None:
            # No clock runs: say why instead of a bare dash.
            return format_html('<span class="sg-no-clock">{}</span>', _no_clock_reason(obj))
        label = _time_left_label(delta)
        if delta.total_seconds() < 0:
            # Overdue is said in words and marked with a sign, not by the colour alone.
            return format_html('<strong class="sg-overdue">⚠ {}</strong>', label)
        return format_html('<span class="sg-time-left">{}</span>', label)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[RoutingHintsChangeList]:
        return RoutingHintsChangeList

    @admin.display(description=gettext_lazy("suggested category / unit"))
    def suggested_route(self, obj: Suggestion) -> str:
        return suggested_route_html(obj)

    @admin.display(description=gettext_lazy("likely duplicates"))
    def likely_duplicates(self, obj: Suggestion) -> str:
        """Found when the item came in, only those the viewer may see (``RoutingHintsChangeList``);
        the case page looks again, with the shared words."""
        found = getattr(obj, "visible_duplicates", [])
        if not found:
            return "—"
        return format_html_join(
            " ",
            '<a href="{}" title="{}">{}</a>&nbsp;({})',
            (
                (
                    reverse("admin:suggestions_suggestion_case", args=[pk]),
                    _("similarity %(score)s") % {"score": f"{score:.2f}"},
                    code,
                    f"{score:.2f}",
                )
                for pk, code, score in found
            ),
        )

    @admin.display(description=gettext_lazy("case"))
    def case_link(self, obj: Suggestion) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:suggestions_suggestion_case", args=[obj.pk]),
            _("open the case"),
        )


class ReadOnlyAdmin(BodyScopedAdminMixin, LargeTableAdmin):
    """Rows about items: scoped by the item's current body."""

    body_field = "suggestion__body"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assignment)
class AssignmentAdmin(RemindersAdminMixin, ReadOnlyAdmin):
    list_display = (
        "suggestion",
        "unit",
        "role",
        "status",
        "due",
        "signed_for_at",
        "replied_at",
        "overdue_level",
        "reminders_paused",
    )
    list_filter = ("status", "role", "overdue_level", "reminders_paused")
    actions = (pause_reminders_action, resume_reminders_action, remind_now_action)
    search_fields = ("suggestion__code", "unit__name")
    list_select_related = ("suggestion", "unit", "deadline")
    ordering = ("due_date",)

    class Media:
        css = {"all": ("css/due-date.css",)}

    @admin.display(description=gettext_lazy("due date"), ordering="due_date")
    def due(self, obj: Assignment) -> str:
        return render_due_date(obj.due_date, obj.deadline and obj.deadline.is_provisional)


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ("suggestion", "promise", "due_on", "kept_at")
    list_filter = ("kept_at",)
    list_select_related = ("suggestion",)
    search_fields = ("suggestion__code", "promise")


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdmin):
    list_display = ("suggestion", "kind", "method", "held_on", "is_case")
    list_filter = ("kind", "method", "is_case")
    list_select_related = ("suggestion",)
    search_fields = ("suggestion__code",)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "suggestion", "where")
    list_select_related = ("user", "suggestion")
    search_fields = ("suggestion__code", "user__username")
    date_hierarchy = "at"


@admin.register(RejectionReason)
class RejectionReasonAdmin(SharedOrBodyAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Reason templates are written through ``services.rejection_reason_save`` (audited) and never
    deleted: one no longer offered is made inactive. Shared ones (no body) are the root body's to
    keep; a body adds its own, offered to it and the bodies below it (docs/bodies.md)."""

    list_display = ("title", "owner_label", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("body",)
    search_fields = ("title", "text")
    fields = ("title", "body", "text", "is_active")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RejectionReason, form: Any, change: bool) -> None:
        data = form.cleaned_data
        values = (
            {n: v for n, v in changed_values(form).items() if n in services.REJECTION_REASON_UPDATE_FIELDS}
            if change
            else {n: data[n] for n in services.REJECTION_REASON_FIELDS if n in data}
        )
        obj.pk = services.rejection_reason_save(
            reason=obj if change else None, values=values, actor=request.user
        ).pk


from .routing import admin as _routing_admin  # noqa: E402, F401  (registers RoutingModelAdmin)
