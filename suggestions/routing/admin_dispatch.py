"""Automatic dispatch in the suggestions admin: a filter that lists the items the model dispatched on
its own (自动分办，待复核 / 已复核 / 被退回) and the action that marks them checked (through
``dispatch.auto_dispatch_check``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from congress.errors import DomainError

from .dispatch import auto_dispatch_check


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
