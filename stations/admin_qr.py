"""QR codes (一人一码) issued, revoked and reissued from the deputy and the station admins: in bulk
(changelist actions) and one by one (buttons on the change page). Every write goes through
``stations.services`` (audited on the owner)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from congress.admin_guard import admin_permissions

from .models import QrCode
from .services import qr_code_issue, qr_code_revoke

QR_OPERATIONS = ("issue", "revoke", "reissue")


class QrCodeActionsMixin:
    """For an admin of a model that owns QR codes (``QrCode.deputy`` or ``QrCode.station``)."""

    qr_owner_field: str = ""
    change_form_template = "stations/admin/qr_change_form.html"

    # --- Bulk (changelist actions) ---------------------------------------------------------------

    def _live_owner_ids(self, queryset: QuerySet[Any]) -> set[int]:
        field = self.qr_owner_field
        return set(
            QrCode.objects.filter(
                **{f"{field}__in": queryset.values("pk")}, revoked_at__isnull=True
            ).values_list(f"{field}_id", flat=True)
        )

    @admin.action(description=_("Issue QR codes (skip those that hold one)"), permissions=["change"])
    def issue_qr_codes(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        have = self._live_owner_ids(queryset)
        issued = skipped = 0
        for owner in queryset:
            if owner.pk in have:
                skipped += 1
                continue
            qr_code_issue(**{self.qr_owner_field: owner}, actor=request.user)
            issued += 1
        self.message_user(  # type: ignore[attr-defined]
            request,
            gettext("QR codes issued: %(issued)d; skipped (already hold a code): %(skipped)d.")
            % {"issued": issued, "skipped": skipped},
        )

    @admin.action(description=_("Revoke the QR codes of the selected ones"), permissions=["change"])
    def revoke_qr_codes(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        codes = QrCode.objects.filter(
            **{f"{self.qr_owner_field}__in": queryset.values("pk")}, revoked_at__isnull=True
        ).select_related("deputy", "station")
        revoked = 0
        for code in codes:
            qr_code_revoke(code=code, reason=gettext("revoked by staff"), actor=request.user)
            revoked += 1
        self.message_user(  # type: ignore[attr-defined]
            request, ngettext("%d QR code revoked.", "%d QR codes revoked.", revoked) % revoked
        )

    @admin.action(description=_("Reissue QR codes (the old ones stop working)"), permissions=["change"])
    def reissue_qr_codes(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        issued = 0
        for owner in queryset:
            qr_code_issue(**{self.qr_owner_field: owner}, actor=request.user)
            issued += 1
        self.message_user(  # type: ignore[attr-defined]
            request, ngettext("%d QR code issued.", "%d QR codes issued.", issued) % issued
        )

    # --- One by one (buttons on the change page) --------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta  # type: ignore[attr-defined]
        qr = path(
            "<path:object_id>/qr/<str:operation>/",
            self.admin_site.admin_view(self.qr_code_view),  # type: ignore[attr-defined]
            name=f"{opts.app_label}_{opts.model_name}_qr",
        )
        return [qr, *super().get_urls()]  # type: ignore[misc]

    @admin_permissions("change")
    def qr_code_view(self, request: HttpRequest, object_id: str, operation: str) -> HttpResponse:
        """POST only: issue, revoke or reissue the code of one deputy or station."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        owner = self.get_object(request, object_id)  # type: ignore[attr-defined]
        if owner is None or operation not in QR_OPERATIONS:
            raise Http404
        if not self.has_change_permission(request, owner):  # type: ignore[attr-defined]
            raise Http404
        live = QrCode.objects.filter(**{self.qr_owner_field: owner}, revoked_at__isnull=True).first()
        if operation == "revoke":
            if live is not None:
                qr_code_revoke(code=live, reason=gettext("revoked by staff"), actor=request.user)
            messages.success(request, gettext("The QR code is revoked."))
        elif operation == "issue" and live is not None:
            messages.warning(request, gettext("A QR code is already issued; reissue it to replace it."))
        else:
            qr_code_issue(**{self.qr_owner_field: owner}, actor=request.user)
            messages.success(request, gettext("A new QR code is issued."))
        opts = self.model._meta  # type: ignore[attr-defined]
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[owner.pk])
        )

    def qr_panel(self, request: HttpRequest, owner: Any) -> str:
        live = QrCode.objects.filter(**{self.qr_owner_field: owner}, revoked_at__isnull=True).first()
        if live is None:
            status = format_html("<p>{}</p>", gettext("No live QR code."))
        else:
            status = format_html(
                '<p>{} <code>{}</code> · <a href="{}">PNG</a> · <a href="{}">SVG</a> · '
                '<a href="{}">PDF</a></p>',
                gettext("Live QR code:"),
                live.token,
                reverse("qr-png", args=[live.token]) + "?download=1",
                reverse("qr-svg", args=[live.token]) + "?download=1",
                reverse("qr-poster", args=[live.token]),
            )
        if not self.has_change_permission(request, owner):  # type: ignore[attr-defined]
            return status
        opts = self.model._meta  # type: ignore[attr-defined]

        def button(operation: str, label: str) -> str:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_qr", args=[owner.pk, operation])
            # A submit button of the change form posting elsewhere (a form cannot nest a form).
            return format_html(
                '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button> ', url, label
            )

        if live is None:
            buttons = button("issue", gettext("Issue a QR code"))
        else:
            buttons = format_html(
                "{}{}",
                button("reissue", gettext("Reissue the QR code")),
                button("revoke", gettext("Revoke the QR code")),
            )
        return format_html('{}<div class="qr-actions">{}</div>', status, buttons)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        owner = self.get_object(request, object_id)  # type: ignore[attr-defined]
        context = dict(extra_context or {})
        if owner is not None:
            context["qr_panel"] = self.qr_panel(request, owner)
        return super().change_view(request, object_id, form_url, context)  # type: ignore[misc]
