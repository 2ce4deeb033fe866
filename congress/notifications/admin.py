from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from congress.admin_paging import LargeTableAdmin

from .kinds import kind_choices, kind_label
from .models import Notification, ReminderLog, ReminderPolicy
from .policies import DEFAULTS
from .services import notification_resend

# Lookups the "reminders sent for this item" links use (?content_type__id__exact=..&object_id=..).
ITEM_LOOKUPS = ("content_type__id__exact", "content_type__id", "object_id", "object_id__exact")


class KindFilter(admin.SimpleListFilter):
    """By kind, named; the choices are the registered kinds (congress.notifications.kinds), never a
    ``SELECT DISTINCT`` over the whole table."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        prefix = "reminder." if model_admin.model is ReminderLog else ""
        return [(code, label) for code, label in kind_choices() if code.startswith(prefix)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.display(description=_("kind"), ordering="kind")
def kind_name(obj: Notification | ReminderLog) -> str:
    return kind_label(obj.kind)


@admin.register(Notification)
class NotificationAdmin(LargeTableAdmin):
    """The outbox: every message, its delivery state and the last error. Filter by item with
    ``?content_type__id__exact=<type>&object_id=<id>`` (see ``item_changelist_url``)."""

    list_display = [
        "created_at",
        "channel",
        kind_name,
        "subject",
        "recipient",
        "masked_address",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "channel", KindFilter, "content_type"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "kind", "dedupe_key", "last_error"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notification._meta.fields if f.name != "id"]
    actions = ["resend"]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return lookup in ITEM_LOOKUPS or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("address"))
    def masked_address(self, obj: Notification) -> str:
        return mask_address(obj.to_address)

    @admin.display(description=_("last error"))
    def short_error(self, obj: Notification) -> str:
        return Truncator(obj.last_error).chars(80)

    @admin.action(description=_("Send the selected notifications again"), permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = 0
        for notification in queryset:
            notification_resend(notification=notification)
            count += 1
        messages.success(request, _("Queued again: %(count)d") % {"count": count})


def mask_address(address: str) -> str:
    """Phones and email addresses are personal data (DOMAIN.md §9): show enough to recognise one."""
    if not address:
        return ""
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    return address[:3] + "****" + address[-4:] if len(address) >= 7 else "****"


@admin.register(ReminderLog)
class ReminderLogAdmin(LargeTableAdmin):
    """Every reminder decision (one row per object, kind and stage). Read-only: deleting a row would
    let the scan send that reminder again, which is the one way to re-arm it on purpose."""

    list_display = ["created_at", kind_name, "stage", "content_type", "object_id"]
    list_filter = [KindFilter, "content_type"]
    search_fields = ["stage", "=object_id"]
    date_hierarchy = "created_at"
    readonly_fields = ["content_type", "object_id", "kind", "stage", "created_at"]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return lookup in ITEM_LOOKUPS or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["code", "meaning", "value", "default"]
    list_editable = ["value"]
    fields = ["code", "value", "description"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj else []

    @admin.display(description=_("meaning"))
    def meaning(self, obj: ReminderPolicy) -> str:
        entry = DEFAULTS.get(obj.code)
        return str(entry[1]) if entry else obj.description

    @admin.display(description=_("default"))
    def default(self, obj: ReminderPolicy) -> str:
        entry = DEFAULTS.get(obj.code)
        return str(entry[0]) if entry else ""


class NotificationInline(GenericTabularInline):
    """Read-only "messages sent about this item" for any admin whose model notifications are about
    (for example ``SuggestionAdmin.inlines``)."""

    model = Notification
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = (
        "created_at",
        "kind_name",
        "channel",
        "recipient",
        "subject",
        "status",
        "attempts",
        "last_error",
    )
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("notification sent about this item")
    verbose_name_plural = _("notifications sent about this item")

    @admin.display(description=_("kind"))
    def kind_name(self, obj: Notification) -> str:
        return kind_label(obj.kind)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return super().get_queryset(request).select_related("recipient")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
