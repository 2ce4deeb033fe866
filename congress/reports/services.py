"""The one write path of the reports module: request a document, generate it (in the worker), keep
the file and the figures it was drawn from side by side."""

from __future__ import annotations

import datetime
import traceback
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.bodies import can_read_body, root_body
from congress.errors import DomainError
from congress.models import Body, HandlingUnit

from .annual import annual_figures, annual_pdf, figures_digest, figures_json
from .models import Report
from .reads import Period, Scope

# The earliest year a report can be asked for (the portal holds no older data) — *default*.
FIRST_YEAR = 2000


def _title(kind: str, period: Period, unit: HandlingUnit | None, station_name: str, body: Body) -> str:
    if kind == Report.Kind.ANNUAL:
        return _("Annual report %(year)s of %(body)s") % {"year": period.start.year, "body": body.name}
    if kind == Report.Kind.UNIT and unit is not None:
        return _("Handling report of %(unit)s, %(period)s") % {"unit": unit.name, "period": period.label}
    if kind == Report.Kind.UNITS_ZIP:
        return _("Handling reports of all units of %(body)s, %(period)s") % {
            "body": body.name,
            "period": period.label,
        }
    if kind == Report.Kind.STATION_REGISTER:
        return _("Registers of %(station)s, %(period)s") % {"station": station_name, "period": period.label}
    return _("Monthly dispatch of key suggestions %(month)s") % {"month": f"{period.start:%Y-%m}"}


def report_request(
    *,
    kind: str,
    actor: Any,
    year: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    unit: HandlingUnit | None = None,
    station_id: int | None = None,
    station_name: str = "",
    body: Body | None = None,
) -> Report:
    """Queue a document of a body (its own work and its descendants'; the root's when none is
    named); the worker generates it (``tasks.generate_report``) after commit. Only a body the actor
    sees may be reported on (DOMAIN.md §11)."""
    if kind not in Report.Kind.values:
        raise DomainError(_("Choose the kind of document."), field="kind")
    if year is not None:
        this_year = timezone.localdate().year
        if not FIRST_YEAR <= year <= this_year:
            raise DomainError(
                _("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": this_year},
                field="year",
            )
        period = Period.year(year)
    elif start is not None and end is not None:
        if end < start:
            raise DomainError(_("The period must end after it starts."), field="end")
        period = Period(start, end)
    else:
        raise DomainError(_("Choose a year or a period."), field="year")
    if kind == Report.Kind.ANNUAL and year is None:
        raise DomainError(_("The annual report covers a calendar year: choose the year."), field="year")
    if kind == Report.Kind.UNIT and unit is None:
        raise DomainError(_("Choose the handling unit."), field="unit")
    if kind == Report.Kind.STATION_REGISTER and not station_id:
        raise DomainError(_("Choose the station."), field="station")
    body = body or root_body()
    # A person reports only on a body they see; the system (a scheduled task, a command) on any.
    if getattr(actor, "is_authenticated", False) and not can_read_body(actor, body.pk):
        raise DomainError(_("Choose one of your bodies."), field="body")
    report = Report.objects.create(
        kind=kind,
        title=_title(kind, period, unit, station_name, body)[:200],
        body=body,
        period_start=period.start,
        period_end=period.end,
        unit=unit if kind == Report.Kind.UNIT else None,
        station_id=station_id if kind == Report.Kind.STATION_REGISTER else None,
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    from .tasks import generate_report

    transaction.on_commit(lambda: generate_report.delay(report.pk))
    return report


def report_progress(*, report_id: int, percent: int, step: str) -> None:
    """Written outside any transaction so the page polling it sees each step."""
    Report.objects.filter(pk=report_id).update(progress=max(0, min(percent, 100)), step=str(step)[:200])


def build(report: Report, *, progress: Any = None) -> tuple[dict[str, Any], bytes, str]:
    """The figures, the file and its name for a report row (no writes)."""
    from . import documents

    period = Period(report.period_start, report.period_end)
    scope = Scope.of(report.body or root_body())
    if report.kind == Report.Kind.ANNUAL:
        figures = annual_figures(period.start.year, scope=scope, progress=progress)
        return figures, annual_pdf(figures, progress=progress), f"annual-report-{period.start.year}.pdf"
    if report.kind == Report.Kind.UNIT and report.unit_id:
        figures, pdf = documents.unit_report(report.unit_id, period)
        return figures, pdf, f"unit-report-{report.unit_id}-{period.start}-{period.end}.pdf"
    if report.kind == Report.Kind.UNITS_ZIP:
        figures, data = documents.units_zip(period, scope=scope, progress=progress)
        return figures, data, f"unit-reports-{period.start}-{period.end}.zip"
    if report.kind == Report.Kind.STATION_REGISTER and report.station_id:
        figures, pdf = documents.station_register(report.station_id, period)
        return figures, pdf, f"station-registers-{report.station_id}-{period.start}-{period.end}.pdf"
    if report.kind == Report.Kind.KEY_MONTHLY:
        figures, pdf = documents.key_monthly_report(period.end + datetime.timedelta(days=1), scope=scope)
        return figures, pdf, f"key-suggestions-{period.start:%Y-%m}.pdf"
    raise DomainError(_("This report cannot be generated."))


def report_generate(*, report_id: int) -> Report | None:
    """Generate a queued report. Idempotent: a report already running, ready or failed is left as it
    is (staff request a new one to regenerate)."""
    claimed = Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
        status=Report.Status.RUNNING, progress=1, step=_("Started")
    )
    if not claimed:
        return None
    report = Report.objects.get(pk=report_id)

    def progress(percent: int, step: str) -> None:
        report_progress(report_id=report_id, percent=percent, step=step)

    try:
        figures, content, filename = build(report, progress=progress)
    except Exception as exc:
        Report.objects.filter(pk=report_id).update(
            status=Report.Status.FAILED,
            error=f"{exc}\n\n{traceback.format_exc()}"[:5000],
            step=_("Failed"),
            finished_at=timezone.now(),
        )
        raise
    progress(95, _("Storing the document"))
    report.file.save(filename, ContentFile(content), save=False)
    report.figures.save(filename.rsplit(".", 1)[0] + ".json", ContentFile(figures_json(figures)), save=False)
    report.figures_sha256 = figures_digest(figures)
    report.status = Report.Status.DONE
    report.progress = 100
    report.step = _("Ready")
    report.finished_at = timezone.now()
    report.save(
        update_fields=["file", "figures", "figures_sha256", "status", "progress", "step", "finished_at"]
    )
    return report
