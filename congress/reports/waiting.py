"""Honest waiting on the report page: while a document is queued, where it stands (how many
documents are ahead of it), how long documents of its kind took before, and — when it has waited
much longer than that or no worker has been seen lately — that the worker is busy or not running,
instead of a bare 排队中 for minutes."""

from __future__ import annotations

import datetime
import statistics

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import WorkerHeartbeat

from .models import Report

# The worker's heartbeat runs every minute (congress/schedules.py); three missed beats mean no worker.
WORKER_SILENT_AFTER = datetime.timedelta(minutes=3)
# How many finished documents of a kind the estimate reads.
HISTORY = 20
# Waiting this much longer than usual (and at least this long) is worth saying.
LATE_FACTOR = 2
LATE_FLOOR = datetime.timedelta(minutes=2)


def _minutes(delta: datetime.timedelta) -> int:
    return max(1, round(delta.total_seconds() / 60))


def typical_duration(kind: str) -> datetime.timedelta | None:
    """Median time from request to ready of the last documents of this kind (None: none yet)."""
    rows = list(
        Report.objects.filter(kind=kind, status=Report.Status.DONE, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("created_at", "finished_at")[:HISTORY]
    )
    seconds = [(end - start).total_seconds() for start, end in rows if end is not None]
    if not seconds:
        return None
    return datetime.timedelta(seconds=statistics.median(seconds))


def report_wait(report: Report, *, now: datetime.datetime | None = None) -> str:
    """What to tell the person waiting for ``report`` ('' once it is ready or failed)."""
    if report.status not in (Report.Status.QUEUED, Report.Status.RUNNING):
        return ""
    now = now or timezone.now()
    waited = now - report.created_at
    typical = typical_duration(report.kind)
    parts: list[str] = []
    if report.status == Report.Status.QUEUED:
        ahead = Report.objects.filter(
            status__in=(Report.Status.QUEUED, Report.Status.RUNNING), created_at__lt=report.created_at
        ).count()
        if ahead:
            parts.append(
                _("Waiting for the worker: %(count)d documents are ahead of this one.") % {"count": ahead}
            )
        else:
            parts.append(_("Waiting for the worker: this document is next."))
    if typical is not None:
        parts.append(
            _("Documents of this kind were ready about %(minutes)d min after they were requested.")
            % {"minutes": _minutes(typical)}
        )
    else:
        parts.append(_("This is the first document of its kind: there is no estimate yet."))
    last_beat = WorkerHeartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()
    late = waited > max(LATE_FLOOR, (typical or LATE_FLOOR) * LATE_FACTOR)
    if last_beat is None or now - last_beat > WORKER_SILENT_AFTER:
        if report.status == Report.Status.QUEUED and waited > WORKER_SILENT_AFTER:
            parts.append(
                _(
                    "No worker has reported for a while: the document starts as soon as one runs. "
                    "The request is kept; tell the operators if this lasts."
                )
            )
    elif late:
        parts.append(
            _("It has waited %(minutes)d min, longer than usual: the worker is busy with other documents.")
            % {"minutes": _minutes(waited)}
        )
    return " ".join(parts)


def worker_silent(*, now: datetime.datetime | None = None) -> bool:
    """Whether no worker has reported within ``WORKER_SILENT_AFTER`` (nothing queued will run)."""
    now = now or timezone.now()
    last_beat = WorkerHeartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()
    return last_beat is None or now - last_beat > WORKER_SILENT_AFTER
