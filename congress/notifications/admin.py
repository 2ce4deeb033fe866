from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Notification
from .services import notification_resend


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: every message, its delivery state and the last error."""

    list_display = ["created_at", "channel", "kind", "subject", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "channel", "kind"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "kind", "dedupe_key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notification._meta.fields if f.name != "id"]
    actions = ["resend"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send the selected notifications again"))
    def resend(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        for notification in queryset:
            notification_resend(notification=notification)
        messages.success(request, _("Queued again: %(count)d") % {"count": queryset.count()})
