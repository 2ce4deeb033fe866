"""The routing models in the admin: their versions and evaluation, and a button that retrains the
models of the bodies the user works for (on demand; a periodic task does it nightly)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.admin_bodies import BodyScopedAdminMixin
from congress.admin_guard import admin_permissions
from congress.bodies import bodies_writable_by

from .models import RoutingModel


@admin.register(RoutingModel)
class RoutingModelAdmin(BodyScopedAdminMixin, admin.ModelAdmin):
    body_field = "body"
    list_display = ("body", "target", "version", "trained_at", "items", "macro_f1", "top3", "threshold")
    list_filter = ("target",)
    list_select_related = ("body",)
    exclude = ("payload",)
    change_list_template = "admin/suggestions/routing_changelist.html"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # model versions are the record of what routed the items

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def may_train(self, request: HttpRequest) -> bool:
        return bool(self.has_module_permission(request)) and request.user.has_perm(
            "suggestions.add_routingmodel"
        )

    @admin.display(description=gettext_lazy("macro-F1"))
    def macro_f1(self, obj: RoutingModel) -> str:
        return f"{obj.metrics.get('macro_f1', 0):.2f}"

    @admin.display(description=gettext_lazy("top-3 accuracy"))
    def top3(self, obj: RoutingModel) -> str:
        return f"{obj.metrics.get('top3', 0):.2f}"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("train/", view(self.train_view), name="suggestions_routingmodel_train"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return super().changelist_view(
            request, {**(extra_context or {}), "may_train": self.may_train(request)}
        )

    @admin_permissions("view")
    def train_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.may_train(request):
            messages.error(request, _("You may not retrain the routing models."))
        else:
            from ..tasks import routing_models_retrain

            body_ids = list(bodies_writable_by(request.user).values_list("pk", flat=True))
            try:
                routing_models_retrain.delay(body_ids, request.user.pk)
            except Exception:  # broker unreachable: the nightly run retrains anyway
                messages.warning(request, _("Retraining could not be started now; it runs every night."))
            else:
                messages.success(
                    request, _("Retraining started: new versions appear here when it has finished.")
                )
        return HttpResponseRedirect(reverse("admin:suggestions_routingmodel_changelist"))
