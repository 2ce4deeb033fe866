from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from congress.admin_mixins import ServiceAdminMixin, changed_values

from .models import ApiClient
from .services import api_client_register, api_client_revoke, api_client_update

# The library's own key model is not used: the portal's clients carry a kind and a rate limit.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


@admin.register(ApiClient)
class ApiClientAdmin(ServiceAdminMixin, APIKeyModelAdmin):
    """Clients are registered, changed and revoked through ``services`` (audited); never deleted:
    a client no longer used is revoked."""

    # The library types these as fixed-length tuples of its own columns.
    list_display = (  # type: ignore[assignment]
        "name",
        "kind",
        "prefix",
        "rate",
        "created",
        "last_used_at",
        "expiry_date",
        "revoked",
    )
    list_filter = ("kind", "revoked")  # type: ignore[assignment]
    search_fields = ("name", "prefix", "contact")  # type: ignore[assignment]
    fields = ("name", "kind", "rate", "contact", "expiry_date", "prefix", "created", "last_used_at")
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields: tuple[str, ...] = ("prefix", "created", "last_used_at")
        if obj is not None and obj.revoked:
            fields += ("name", "kind", "rate", "expiry_date")
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any = None, change: bool = False) -> None:
        if change:
            api_client_update(client=obj, changes=changed_values(form), actor=request.user)
            return
        client, key = api_client_register(
            name=obj.name,
            kind=obj.kind,
            rate=obj.rate,
            contact=obj.contact,
            expiry_date=obj.expiry_date,
            actor=request.user,
        )
        obj.pk, obj.id, obj.prefix = client.pk, client.pk, client.prefix
        messages.warning(
            request,
            _(
                "The key of %(name)s is %(key)s. Give it to the client's developers now: it is not "
                "shown again."
            )
            % {"name": client.name, "key": key},
        )

    @admin.action(description=gettext_lazy("Revoke the selected clients' keys"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            api_client_revoke(client=client, actor=request.user)
            self.log_change(request, client, _("Key revoked."))
        messages.success(request, _("Revoked: %(count)d") % {"count": queryset.count()})
