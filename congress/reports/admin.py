"""Reports in the admin: earlier documents listed with their downloads, a page to generate one (a
Celery task, with its progress shown), and the statistics dashboard with exports."""

from __future__ import annotations

from typing import Any

import tablib
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from congress.admin_guard import admin_permissions
from congress.audit import audit_record, plain_value
from congress.downloads import download_filename, set_download_name
from congress.errors import DomainError
from stations import reports as station_data
from suggestions import reports as suggestion_reports

from . import dashboard_cache, permissions, scoping, services
from .forms import GenerateForm, StatisticsFilter
from .models import Report
from .reads import Scope
from .waiting import report_wait, worker_silent

# The waiting page reloads itself this often while a worker computes the figures.
STATISTICS_REFRESH_SECONDS = 5

EXPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    # The title names the period; the list stays narrow enough for the admin's sidebar.
    list_display = ["title", "kind", "body", "status_display", "requested_by", "created_at", "downloads"]
    list_filter = ["kind", "status"]
    list_select_related = ["requested_by", "body"]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    change_list_template = "admin/reports/report/change_list.html"

    # Documents are evidence of what was printed: never edited; generated only through the page.
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # documents are evidence of what was printed

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> Any:
        # A body's reports are for those who see the body: any other is not found.
        return scoping.visible_reports(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("status"))
    def status_display(self, obj: Report) -> str:
        if obj.status in (Report.Status.QUEUED, Report.Status.RUNNING):
            return format_html(
                '<a href="{}">{} {}%</a>',
                reverse("admin:reports_report_progress", args=[obj.pk]),
                obj.get_status_display(),
                obj.progress,
            )
        return obj.get_status_display()

    @admin.display(description=_("downloads"))
    def downloads(self, obj: Report) -> str:
        if obj.status != Report.Status.DONE:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:reports_report_download", args=[obj.pk, "file"]),
            gettext("document"),
            reverse("admin:reports_report_download", args=[obj.pk, "figures"]),
            gettext("figures (JSON)"),
        )

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("generate/", view(self.generate_view), name="reports_report_generate"),
            path("statistics/", view(self.statistics_view), name="reports_statistics"),
            path(
                "statistics/export/<str:table>.<str:fmt>",
                view(self.export_view),
                name="reports_statistics_export",
            ),
            path("<int:pk>/progress/", view(self.progress_view), name="reports_report_progress"),
            path("<int:pk>/status/", view(self.status_view), name="reports_report_status"),
            path("<int:pk>/download/<str:which>/", view(self.download_view), name="reports_report_download"),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra = {**(extra_context or {}), "can_generate": permissions.can_generate_reports(request.user)}
        return super().changelist_view(request, extra_context=extra)

    # -- generate -----------------------------------------------------------------------------

    def has_generate_permission(self, request: HttpRequest) -> bool:
        return permissions.can_generate_reports(request.user)

    def has_view_statistics_permission(self, request: HttpRequest) -> bool:
        return permissions.can_view_statistics(request.user)

    @admin_permissions("generate")
    def generate_view(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_generate_reports(request.user):
            raise PermissionDenied
        visible = list(scoping.report_bodies(request.user).values_list("pk", flat=True))
        stations = station_data.station_choices(body_ids=visible)
        form = GenerateForm(request.POST or None, user=request.user, stations=stations)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_request(
                    kind=data["kind"],
                    actor=request.user,
                    year=data.get("year"),
                    start=data.get("start"),
                    end=data.get("end"),
                    unit=data.get("unit"),
                    station_id=data.get("station"),
                    station_name=form.station_names.get(data.get("station") or 0, ""),
                    body=data.get("body") or scoping.default_body(request.user),
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, gettext("The document is being generated."))
                return redirect("admin:reports_report_progress", report.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Generate a report"),
            "form": form,
            "opts": self.model._meta,
            "recent": scoping.visible_reports(request.user).order_by("-created_at")[:10],
        }
        return TemplateResponse(request, "admin/reports/generate.html", context)

    def _visible(self, request: HttpRequest, pk: int) -> Report:
        if not permissions.can_view_reports(request.user):
            raise PermissionDenied
        return get_object_or_404(scoping.visible_reports(request.user), pk=pk)

    @admin_permissions("view")
    def progress_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._visible(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "title": report.title,
            "report": report,
            "wait": report_wait(report),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reports/progress.html", context)

    @admin_permissions("view")
    def status_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        report = self._visible(request, pk)
        done = report.status == Report.Status.DONE
        return JsonResponse(
            {
                "status": report.status,
                "status_display": str(report.get_status_display()),
                "progress": report.progress,
                "step": report.step,
                "wait": report_wait(report),
                "file": reverse("admin:reports_report_download", args=[pk, "file"]) if done else "",
                "figures": reverse("admin:reports_report_download", args=[pk, "figures"]) if done else "",
            }
        )

    @admin_permissions("view")
    def download_view(self, request: HttpRequest, pk: int, which: str) -> FileResponse:
        report = self._visible(request, pk)
        field = {"file": report.file, "figures": report.figures}.get(which)
        if report.status != Report.Status.DONE or not field:
            raise Http404
        audit_record(target=report, action="report_download", actor=request.user, data={"file": which})
        # Named by the report's title (示范市人大常委会2025年度报告.pdf), not by the stored file's name.
        extension = field.name.rsplit(".", 1)[-1]
        parts = [report.title] if which == "file" else [report.title, gettext("figures")]
        return FileResponse(
            field.open("rb"), as_attachment=True, filename=download_filename(*parts, extension=extension)
        )

    # -- statistics ---------------------------------------------------------------------------

    def _filters(self, request: HttpRequest) -> tuple[StatisticsFilter, dict[str, Any]]:
        if not permissions.can_view_statistics(request.user):
            raise PermissionDenied
        # The body first: one outside the user's bodies (or not a body at all) is a 404.
        body = scoping.body_of(request.user, request.GET.get("body"))
        form = StatisticsFilter(request.GET or None, user=request.user, body=body, initial={"body": body})
        year = timezone.localdate().year
        choice: dict[str, Any] = {"year": year, "district_id": None, "unit_id": None}
        if form.is_valid():
            data = form.cleaned_data
            choice = {
                "year": data.get("year") or year,
                "district_id": data["district"].pk if data.get("district") else None,
                "unit_id": data["unit"].pk if data.get("unit") else None,
            }
        choice["scope"] = Scope.of(body)
        return form, choice

    def _figures(self, choice: dict[str, Any]) -> dashboard_cache.Entry | None:
        request = dashboard_cache.Request(
            year=choice["year"],
            scope=choice["scope"],
            district_id=choice["district_id"],
            unit_id=choice["unit_id"],
            language=get_language() or settings.LANGUAGE_CODE,
        )
        return dashboard_cache.figures_for(request)

    @admin_permissions("view_statistics")
    def statistics_view(self, request: HttpRequest) -> HttpResponse:
        form, choice = self._filters(request)
        entry = self._figures(choice)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Statistics: %(body)s") % {"body": choice["scope"].name},
            "form": form,
            "year": choice["year"],
            "body": choice["scope"],
            "query": request.GET.urlencode(),
            "opts": self.model._meta,
            "can_generate": permissions.can_generate_reports(request.user),
        }
        if entry is None:
            # A worker computes the figures; the page reloads itself until they are there.
            context["refresh_seconds"] = STATISTICS_REFRESH_SECONDS
            context["max_age_minutes"] = int(dashboard_cache.max_age(choice["year"]).total_seconds() // 60)
            context["worker_silent"] = worker_silent()
            return TemplateResponse(request, "admin/reports/statistics_waiting.html", context)
        figures = entry.figures
        context.update(
            {
                "figures": figures,
                "computed_at": timezone.localtime(entry.computed_at),
                "computed_today": timezone.localtime(entry.computed_at).date() == timezone.localdate(),
                "hotspots": suggestion_reports.hotspots_current(body_ids=choice["scope"].body_ids),
                "panels": [
                    {"key": key, "table": figures["tables"][key], "chart": figures["charts"][key]}
                    for key in ("month", "category", "channel", "district")
                ],
            }
        )
        return TemplateResponse(request, "admin/reports/statistics.html", context)

    @admin_permissions("view_statistics")
    def export_view(self, request: HttpRequest, table: str, fmt: str) -> HttpResponse:
        _form, choice = self._filters(request)
        if fmt not in EXPORT_FORMATS:
            raise Http404
        # The figures the page shows (the same cache entry); while they are being computed, the page.
        entry = self._figures(choice)
        if entry is None:
            return redirect(f"{reverse('admin:reports_statistics')}?{request.GET.urlencode()}")
        tables = entry.figures["tables"]
        if table not in tables:
            raise Http404
        chosen = tables[table]
        dataset = tablib.Dataset(headers=[str(h) for h in chosen.headers], title=str(chosen.title)[:31])
        for row in chosen.rows:
            dataset.append([str(cell) if not isinstance(cell, int) else cell for cell in row])
        content = dataset.export(fmt)
        audit_record(
            model=Report,
            action="export",
            actor=request.user,
            data={"table": table, "format": fmt, **{k: plain_value(v) for k, v in choice.items()}},
        )
        if fmt == "csv":
            # A byte-order mark so that spreadsheet programs on Chinese Windows read UTF-8.
            content = "\ufeff" + content
        response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt])
        scope = choice["scope"]
        set_download_name(
            response,
            download_filename(
                scope.name,
                pgettext("file name", "%(year)s") % {"year": choice["year"]},
                str(chosen.title),
                extension=fmt,
            ),
        )
        return response
