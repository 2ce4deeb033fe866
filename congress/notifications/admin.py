from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.admin_bodies import GenericScopedAdminMixin
from congress.admin_mixins import ServiceAdminMixin
from congress.admin_paging import LargeTableAdmin
from congress.errors import DomainError
from congress.privacy import mask_contact

from ..admin_guard import admin_permissions
from .kinds import kind_choices, kind_label
from .models import Notification, ReminderLog, ReminderPolicy
from .policies import DEFAULTS
from .services import (
    notification_address_reveal,
    notification_resend,
    reminder_policy_check,
    reminder_policy_set,
)

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


# Every field is read-only; the address is shown masked (an unmasked look goes through the logged
# reveal below).
NOTIFICATION_FIELDS = [
    "masked_address" if f.name == "to_address" else f.name
    for f in Notification._meta.fields
    if f.name != "id"
]


@admin.register(Notification)
class NotificationAdmin(GenericScopedAdminMixin, LargeTableAdmin):
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
        "delivery",
        "short_error",
    ]
    list_filter = ["status", "channel", "delivery", KindFilter, "content_type"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "kind", "dedupe_key", "last_error"]
    date_hierarchy = "created_at"
    fields = tuple(NOTIFICATION_FIELDS)
    readonly_fields = NOTIFICATION_FIELDS
    change_form_template = "notifications/admin/notification_change_form.html"
    actions = ["resend"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the outbox is the record of what was sent

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return lookup in ITEM_LOOKUPS or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("address"))
    def masked_address(self, obj: Notification) -> str:
        return mask_contact(obj.to_address)

    def get_urls(self) -> list[URLPattern]:
        reveal = path(
            "<path:object_id>/address/",
            self.admin_site.admin_view(self.reveal_address_view),
            name="notifications_notification_reveal",
        )
        return [reveal, *super().get_urls()]

    # A read of the full address by whoever may view the outbox; every reveal is audited.
    @admin_permissions("view")
    def reveal_address_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST only: the unmasked address, logged (congress.notifications.services)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        notification = self.get_object(request, object_id)
        if notification is None or not self.has_view_permission(request, notification):
            raise Http404
        address = notification_address_reveal(notification=notification, user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": notification,
            "title": _("Address of the notification"),
            "address": address,
        }
        return TemplateResponse(request, "notifications/admin/notification_address.html", context)

    @admin.display(description=_("last error"))
    def short_error(self, obj: Notification) -> str:
        return Truncator(obj.last_error).chars(80)

    @admin.action(description=_("Send the selected notifications again"), permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = 0
        for notification in queryset:
            notification_resend(notification=notification, actor=request.user)
            count += 1
        messages.success(request, _("Queued again: %(count)d") % {"count": count})


@admin.register(ReminderLog)
class ReminderLogAdmin(GenericScopedAdminMixin, LargeTableAdmin):
    """Every reminder decision (one row per object, kind and stage). Read-only: deleting a row would
    let the scan send that reminder again, which is the one way to re-arm it on purpose."""

    list_display = ["created_at", kind_name, "stage", "content_type", "object_id"]
    list_filter = [KindFilter, "content_type"]
    search_fields = ["stage", "=object_id"]
    date_hierarchy = "created_at"
    readonly_fields = ["content_type", "object_id", "kind", "stage", "created_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the log keeps each reminder from being sent twice

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return lookup in ITEM_LOOKUPS or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReminderPolicyForm(forms.ModelForm):
    """The service's rules as form errors, with what was typed kept (``user`` is set per request)."""

    code = forms.ChoiceField(label=_("code"), choices=())
    user: Any = None

    class Meta:
        model = ReminderPolicy
        fields = ["code", "body", "value"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("code")
        if isinstance(field, forms.ChoiceField):
            field.choices = [(code, f"{code} · {entry[1]}") for code, entry in DEFAULTS.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        code = data.get("code", self.instance.code)
        body = data.get("body", self.instance.body if self.instance.pk else None)
        try:
            reminder_policy_check(code=code, value=data.get("value"), body=body, actor=self.user)
            if self.instance.pk is None and ReminderPolicy.objects.filter(code=code, body=body).exists():
                message = gettext("This body already has its own number for this reminder: change that row.")
                raise DomainError(message, field="code")
        except DomainError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The reminder numbers: the defaults (no body, the root body's to set) and the bodies' own, which
    the bodies below them inherit. Numbers of bodies outside the user's scope are not found; a
    body's staff change only their own body's (``services.reminder_policy_set``)."""

    form = ReminderPolicyForm
    # Edited on the change page only: the list would offer every row, the defaults too, to staff
    # who may change only their own body's numbers.
    list_display = ["code", "meaning", "body_label", "value", "default"]
    list_select_related = ["body"]
    list_filter = ["code"]
    fields = ["code", "body", "value"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A row stays the number of the code and the body it was set for.
        return ["code", "body"] if obj else []

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReminderPolicy]:
        from congress.bodies import body_ids_visible_to

        queryset = super().get_queryset(request)
        visible = body_ids_visible_to(request.user)
        if visible is None:
            return queryset
        return queryset.filter(Q(body__isnull=True) | Q(body_id__in=visible))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "body":
            from congress.bodies import bodies_writable_by

            kwargs["queryset"] = bodies_writable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body" and field is not None:
            # Bodies are set up in their own admin, not from a reminder number's form.
            for name in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
                setattr(field.widget, name, False)
        return field

    def has_change_permission(self, request: HttpRequest, obj: ReminderPolicy | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        from congress.bodies import can_write_body, root_body

        return can_write_body(request.user, obj.body_id if obj.body_id else root_body().pk)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """A new number is for the user's own body unless they keep the defaults (the root's staff)."""
        from congress.bodies import can_write_body, default_body_for, root_body

        initial = super().get_changeform_initial_data(request)
        if "body" not in initial and not can_write_body(request.user, root_body().pk):
            initial["body"] = str(default_body_for(request.user).pk)
        return initial

    def save_model(self, request: HttpRequest, obj: ReminderPolicy, form: Any, change: bool) -> None:
        saved = reminder_policy_set(code=obj.code, value=obj.value, body=obj.body, actor=request.user)
        obj.pk = saved.pk

    @admin.display(description=_("whose number"), ordering="body__path")
    def body_label(self, obj: ReminderPolicy) -> str:
        return str(obj.body) if obj.body_id else gettext("Default for every body")

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
