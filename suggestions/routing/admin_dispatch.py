"""Automatic dispatch in the suggestions admin: a filter that lists the items the model dispatched on
its own (自动分办，待复核 / 已复核 / 被退回) and the action that marks them checked (through
``dispatch.auto_dispatch_check``); the triage list's column of suggested category and unit."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from congress.errors import DomainError

from ..duplicates import stored_duplicates_visible
from .dispatch import auto_dispatch_check
from .selectors import Hints, routing_hints


class AutoDispatchFilter(admin.SimpleListFilter):
    title = pgettext_lazy("routing", "automatic dispatch")
    parameter_name = "auto_dispatch"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("unchecked", pgettext_lazy("routing", "Dispatched automatically, to be checked")),
            ("checked", pgettext_lazy("routing", "Dispatched automatically, checked")),
            ("returned", pgettext_lazy("routing", "Dispatched automatically, returned by the unit")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == "unchecked":
            return queryset.filter(auto_dispatch__isnull=False, auto_dispatch__checked_at__isnull=True)
        if value == "checked":
            return queryset.filter(auto_dispatch__checked_at__isnull=False)
        if value == "returned":
            return queryset.filter(auto_dispatch__returned_at__isnull=False)
        return queryset


@admin.action(
    description=gettext_lazy("Mark the automatic dispatch of the selected items checked"),
    permissions=["change"],
)
def auto_dispatch_check_action(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    try:
        done = auto_dispatch_check(suggestions=queryset.order_by("pk"), actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return
    messages.success(request, _("%(count)d automatic dispatches checked.") % {"count": done})


class RoutingHintsChangeList(ChangeList):
    """The triage list's rows with their top suggested category and unit, and the likely duplicates
    the viewer may see, computed for the whole page at once (a fixed number of queries, not one per
    row)."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        items = list(self.result_list)  # fills the page's cache: the rows shown are these objects
        hints = routing_hints(items, k=1)
        duplicates = stored_duplicates_visible(items, request.user)
        for item in items:
            item.routing_hint = hints.get(item.pk)
            item.visible_duplicates = duplicates.get(item.pk, [])


def suggested_route_html(obj: Any) -> str:
    """“category (0.93) / unit (0.88)” for one row of ``RoutingHintsChangeList``; bold when the
    unit's confidence reaches the model's automatic-dispatch threshold."""
    hints: Hints | None = getattr(obj, "routing_hint", None)
    if hints is None or not (hints.categories or hints.units):
        return "—"
    parts = [
        format_html("{}&nbsp;({})", hint.choice, f"{hint.confidence:.2f}")
        for hint in (*hints.categories[:1], *hints.units[:1])
    ]
    html = format_html_join(" / ", "{}", ((part,) for part in parts))
    unit = hints.units[0] if hints.units else None
    if unit is not None and hints.unit_threshold is not None and unit.confidence >= hints.unit_threshold:
        return format_html("<strong>{}</strong>", html)
    return html
