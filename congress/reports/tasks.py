"""Thin Celery wrappers around the reports services (and the monthly dispatch, registered here so
the worker's autodiscovery finds it)."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from congress.ids import public_id
from congress.models import Area
from congress.notifications.services import notify
from stations.selectors import poster_codes, station_names

from . import ballot_announcement, dashboard_cache, posters, services
from .monthly import monthly_key_report_task

__all__ = [
    "build_posters_zip",
    "generate_report",
    "monthly_key_report_task",
    "statistics_compute",
    "statistics_warm",
    "warm_ballot_announcements",
]


@shared_task(name="reports.generate", time_limit=3600, soft_time_limit=3500, ignore_result=True)
def generate_report(report_id: int) -> bool:
    return services.report_generate(report_id=report_id) is not None


@shared_task(
    name="reports.warm_ballot_announcements", time_limit=600, soft_time_limit=570, ignore_result=True
)
def warm_ballot_announcements() -> int:
    """Lay out recently published ballots' announcements before the first reader asks."""
    return ballot_announcement.warm_recent_announcements()


@shared_task(name="reports.build_posters_zip", time_limit=1800, soft_time_limit=1740, ignore_result=True)
def build_posters_zip(
    user_id: int,
    station_id: int | None = None,
    area_id: int | None = None,
    station_ids: list[int] | None = None,
    job: str = "",
) -> str:
    """Build a large zip of posters (a district, a station or a few stations) away from the web
    request, telling ``job``'s progress on the way; the requester gets an in-app message with the
    download link. Returns the stored file name ("" if there is nothing to do)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    ids = [station_id] if station_id else list(station_ids or [])
    area = Area.objects.filter(pk=area_id).first() if area_id and not ids else None
    names = station_names(ids, user=user) if user is not None else {}
    if user is None or (not names and area is None):
        return ""
    codes = poster_codes(user=user, area=area, station_ids=list(names))
    job = job if job.isalnum() else public_id(16)
    name = f"posters/{job}.zip"

    def progress(done: int, total: int) -> None:
        posters.job_progress(job, done=done, total=total)

    default_storage.save(name, ContentFile(posters.posters_zip(codes, progress=progress)))
    posters.job_finish(job)
    owner = "、".join(names.values()) if names else area.name  # type: ignore[union-attr]
    with translation.override("zh-hans"):
        notify(
            channel="in_app",
            recipient=user,
            subject=_("Posters of %(owner)s are ready") % {"owner": owner},
            body=_("%(count)s posters are zipped and ready to download.") % {"count": codes.count()},
            link=reverse("station-posters-download", args=[job]),
            kind="stations.posters_zip",
        )
    return name


@shared_task(
    name="reports.statistics_compute",
    time_limit=dashboard_cache.LOCK_SECONDS,
    soft_time_limit=dashboard_cache.LOCK_SECONDS - 30,
    ignore_result=True,
)
def statistics_compute(
    *,
    body_id: int | None,
    year: int,
    district_id: int | None = None,
    unit_id: int | None = None,
    language: str = "zh-hans",
) -> bool:
    """Compute a statistics dashboard's figures into the cache (the body's subtree read afresh).
    Does nothing if the body is gone or fresh figures are there already (a second request queued
    before the first finished)."""
    request = dashboard_cache.request_of(
        body_id=body_id, year=year, district_id=district_id, unit_id=unit_id, language=language
    )
    if request is None:
        return False
    if dashboard_cache.cached(request) is not None and not dashboard_cache.computing(request):
        return False
    dashboard_cache.compute(request)
    return True


@shared_task(name="reports.statistics_warm", time_limit=120, soft_time_limit=100, ignore_result=True)
def statistics_warm() -> int:
    """Keep the figures of the dashboards opened in the last hour warm (every five minutes)."""
    return dashboard_cache.warm()
