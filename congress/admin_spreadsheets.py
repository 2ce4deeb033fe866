"""The admin's import page for spreadsheets as offices keep them (docs/import.md): upload, a dry run
showing the header found, the columns mapped (the clerk maps the rest), every normalisation, every
problem and a preview with the identifiers that will be saved; then the import itself. A template
names every column with its allowed values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .admin_guard import admin_permissions
from .downloads import download_filename, set_download_name
from .spreadsheet_import import (
    Importer,
    Outcome,
    upload_forget,
    upload_keep,
    upload_read,
)
from .spreadsheets import SheetError, read_sheet, template_xlsx

MAX_UPLOAD = 20 * 1024 * 1024  # bytes; a ledger of several years with long texts fits easily
MAP_PREFIX = "map::"
PREVIEW_ROWS = 200


class UploadForm(forms.Form):
    import_file = forms.FileField(
        label=gettext_lazy("Spreadsheet (xlsx or CSV)"),
        help_text=gettext_lazy("CSV saved by Excel in GB18030/GBK or UTF-8 is read as it is."),
    )


def _mapping(request: HttpRequest) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for key in request.POST:
        if key.startswith(MAP_PREFIX):
            mapping[key[len(MAP_PREFIX) :]] = str(request.POST.get(key) or "")
    return mapping


def import_page(
    model_admin: Any,
    request: HttpRequest,
    importer: Importer,
    *,
    done_url: str,
    template_url: str,
) -> HttpResponse:
    """Upload → dry run (as often as the clerk maps columns) → import. Nothing is saved until the
    clerk confirms a dry run without problems."""
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome: Outcome | None = None
    token = request.POST.get("token", "") if request.method == "POST" else ""
    error = ""
    data: bytes | None = None
    if request.method == "POST" and "import_file" in request.FILES:
        if form.is_valid():
            upload = form.cleaned_data["import_file"]
            if upload.size > MAX_UPLOAD:
                error = _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD // (1024 * 1024)}
            else:
                data = upload.read()
                token = upload_keep(data, upload.name)
    elif token:
        kept = upload_read(token)
        if kept is None:
            error = _("The uploaded file is no longer here: upload it again.")
            token = ""
        else:
            data = kept[0]
    if data is not None and not error:
        try:
            sheet = read_sheet(data, token)
            table = importer.prepare(sheet, _mapping(request))
            confirm = request.POST.get("confirm") == "1"
            outcome = importer.run(table, dry_run=not confirm, user=request.user)
        except SheetError as refused:
            error = refused.message
        else:
            if outcome.saved:
                upload_forget(token)
                counts = outcome.counts
                messages.success(
                    request,
                    _("Imported: %(new)s new, %(update)s updated, %(same)s unchanged.")
                    % {"new": counts["new"], "update": counts["update"], "same": counts["same"]},
                )
                return HttpResponseRedirect(done_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Import %(what)s") % {"what": importer.title},
        "form": form,
        "error": error,
        "token": token if outcome is not None else "",
        "outcome": outcome,
        "columns": importer.columns(),
        "targets": [column.header for column in importer.columns()],
        "template_url": template_url,
        "preview": outcome.rows[:PREVIEW_ROWS] if outcome else [],
        "map_prefix": MAP_PREFIX,
    }
    return TemplateResponse(request, "admin/spreadsheet_import.html", context)


def template_response(importer: Importer) -> HttpResponse:
    response = HttpResponse(
        template_xlsx(importer.columns(), title=str(importer.title)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    set_download_name(
        response,
        download_filename(_("Import template of %(title)s") % {"title": importer.title}, extension="xlsx"),
    )
    return response


class SpreadsheetImportMixin:
    """For an ``ImportExportAdmin``: its import page reads spreadsheets as offices keep them
    (``spreadsheet_importer``), with a template to download."""

    spreadsheet_importer: Importer
    opts: Any
    admin_site: Any

    def get_urls(self) -> list[URLPattern]:
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("import/template/", view(self.import_template_view), name=f"{prefix}_import_template"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    @admin_permissions("import")
    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        prefix = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        return import_page(
            self,
            request,
            self.spreadsheet_importer,
            done_url=reverse(f"{prefix}_changelist"),
            template_url=reverse(f"{prefix}_import_template"),
        )

    @admin_permissions("import")
    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        return template_response(self.spreadsheet_importer)
