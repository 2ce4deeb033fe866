"""The audit chain in the admin: its end, the last checks, and a button that checks it now (for the
audit administrator: ``congress.verify_audit_chain``). One page, no list, nothing to edit."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .admin_guard import admin_permissions
from .audit_watch import audit_chain_check
from .models import AuditChainHead, AuditEvent

CHECK_ACTIONS = ("audit_verify", "audit_verify_failed")


@admin.register(AuditChainHead)
class AuditChainAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_verify_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("congress.verify_audit_chain"))

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("verify/", view(self.verify_view), name="congress_auditchainhead_verify"),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)  # Django's own refusal
        head = AuditChainHead.objects.filter(pk=1).first()
        checks = (
            AuditEvent.objects.filter(action__in=CHECK_ACTIONS).select_related("actor").order_by("-seq")[:10]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Audit chain"),
            "opts": self.model._meta,
            "head": head,
            "checks": checks,
            "can_verify": self.has_verify_permission(request),
        }
        return TemplateResponse(request, "admin/congress/auditchainhead/status.html", context)

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:congress_auditchainhead_changelist"))

    @admin_permissions("verify")
    def verify_view(self, request: HttpRequest) -> HttpResponse:
        return _verify(request)


@require_POST
def _verify(request: HttpRequest) -> HttpResponse:
    result = audit_chain_check(actor=request.user)
    messages.add_message(request, messages.SUCCESS if result.ok else messages.ERROR, result.message)
    return HttpResponseRedirect(reverse("admin:congress_auditchainhead_changelist"))
