"""The statistics dashboard's figures, computed away from the request and kept in the shared cache.

At a million items the figures of a year take a worker 10–15 s (about 30 aggregate queries over the
year's rows, docs/performance.md), so the page does not compute them: it shows what a worker
computed, with the moment it was computed ("统计截至 HH:MM"), and never figures older than
``STATISTICS_MAX_AGE_MINUTES`` (``STATISTICS_PAST_YEAR_MAX_AGE_MINUTES`` for a year that is over).
On a miss it asks a worker once — a lock in the cache, so ten staff opening the page start one
computation — and shows a waiting page that reloads itself. While the database is small
(``STATISTICS_INLINE_MAX_ITEMS``) the figures are computed in the request and kept the same way.
A beat task keeps the figures of dashboards opened in the last hour warm.

Whose figures: the key is made of the chosen body and the exact set of bodies its figures count
(``Scope.body_ids``, read afresh on every request from the user's visible bodies), the year, the
filters and the language; two scopes never share a key, so a district never reads the city's
figures. The page and its exports read the same entry: an export shows the numbers on the page.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from suggestions.selectors import items_count_capped

from .dashboard import dashboard
from .reads import Scope, report_database

# Bumped when the shape of the cached figures changes, so a deployment never reads the old shape.
VERSION = 1
# A computation holds the lock at most this long (the task's time limit): a worker killed midway
# frees the next request to ask again.
LOCK_SECONDS = 600
# The beat task runs every WARM_EVERY_MINUTES; it keeps warm the dashboards opened within
# WARM_OPENED_WITHIN and recomputes their figures once they are older than the maximum age less one
# beat, so a reader finds them fresh (docs/reports.md).
WARM_EVERY_MINUTES = 5
WARM_OPENED_WITHIN = datetime.timedelta(hours=1)
REGISTRY_KEY = f"reports:statistics:v{VERSION}:opened"
# The registry of opened dashboards is rewritten at most once a minute per dashboard.
REGISTRY_TOUCH = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class Request:
    """What a dashboard's figures depend on, and nothing else (not the user: two staff of the same
    body read the same figures)."""

    year: int
    scope: Scope
    district_id: int | None = None
    unit_id: int | None = None
    language: str = "zh-hans"

    @property
    def key(self) -> str:
        whose = "all" if self.scope.body_ids is None else list(self.scope.body_ids)
        parts = [self.language, self.year, self.district_id, self.unit_id, self.scope.body_id, whose]
        digest = hashlib.sha256(json.dumps(parts, separators=(",", ":")).encode()).hexdigest()
        return f"reports:statistics:v{VERSION}:{digest}"

    @property
    def params(self) -> dict[str, Any]:
        """The task's arguments: the body, not its subtree (the worker reads the subtree again)."""
        return {
            "body_id": self.scope.body_id,
            "year": self.year,
            "district_id": self.district_id,
            "unit_id": self.unit_id,
            "language": self.language,
        }


@dataclass(frozen=True)
class Entry:
    figures: dict[str, Any]
    computed_at: datetime.datetime
    seconds: float


def max_age(year: int, *, today: datetime.date | None = None) -> datetime.timedelta:
    """How old the figures of ``year`` may be when shown."""
    today = today or timezone.localdate()
    if year < today.year:
        return datetime.timedelta(minutes=settings.STATISTICS_PAST_YEAR_MAX_AGE_MINUTES)
    return datetime.timedelta(minutes=settings.STATISTICS_MAX_AGE_MINUTES)


def _timeout(year: int) -> int:
    # Kept a little past the maximum age: a stale entry is never shown, the margin only spares Redis.
    return int(max_age(year).total_seconds()) + 60


def cached(request: Request, *, now: datetime.datetime | None = None) -> Entry | None:
    """The figures of ``request`` if the cache holds them and they are young enough, else None."""
    entry = cache.get(request.key)
    if not isinstance(entry, Entry):
        return None
    now = now or timezone.now()
    if now - entry.computed_at > max_age(request.year):
        return None
    return entry


def compute(request: Request) -> Entry:
    """Compute the figures now (in the worker, or in the request while the database is small), keep
    them and free the lock."""
    started = time.monotonic()
    computed_at = timezone.now()
    with translation.override(request.language):
        figures = dashboard(
            year=request.year, district_id=request.district_id, unit_id=request.unit_id, scope=request.scope
        )
    entry = Entry(figures=figures, computed_at=computed_at, seconds=time.monotonic() - started)
    cache.set(request.key, entry, _timeout(request.year))
    cache.delete(_lock_key(request))
    return entry


def _lock_key(request: Request) -> str:
    return f"{request.key}:computing"


def computing(request: Request) -> bool:
    """Whether a worker has been asked for these figures and has not finished."""
    return cache.get(_lock_key(request)) is not None


def cheap() -> bool:
    """Whether the figures are cheap enough to compute in the request: every figure reads the year's
    rows of the whole network (a township's too, through the dispatches), so the measure is the size
    of the database, not of the scope."""
    limit = int(settings.STATISTICS_INLINE_MAX_ITEMS)
    return limit > 0 and items_count_capped(limit, using=report_database()) < limit


def request_computation(request: Request) -> bool:
    """Ask a worker for the figures unless one was asked already (the lock). True when this call
    asked. If the broker cannot be reached the lock is freed and the error raised, so the caller
    decides (the page computes the figures itself) and the next request asks again."""
    from .tasks import statistics_compute

    if not cache.add(_lock_key(request), timezone.now(), LOCK_SECONDS):
        return False
    try:
        statistics_compute.delay(**request.params)
    except Exception:  # broker unreachable: nothing is queued, the next reader asks again
        cache.delete(_lock_key(request))
        raise
    return True


def remember_opened(request: Request, *, now: datetime.datetime | None = None) -> None:
    """Note that the dashboard was read, for the beat task that keeps it warm. Read-modify-write on
    one cache key: two readers at the same instant may lose one note, which the next read restores."""
    now = now or timezone.now()
    registry = cache.get(REGISTRY_KEY)
    registry = registry if isinstance(registry, dict) else {}
    seen = registry.get(request.key)
    if seen is not None and now - seen[1] < REGISTRY_TOUCH:
        return
    registry[request.key] = (request.params, now)
    cache.set(REGISTRY_KEY, registry, int(WARM_OPENED_WITHIN.total_seconds()) + 3600)


def request_of(
    *,
    body_id: int | None,
    year: int,
    district_id: int | None = None,
    unit_id: int | None = None,
    language: str = "zh-hans",
) -> Request | None:
    """The request of a task's arguments, its scope read afresh (None if the body is gone)."""
    from congress.models import Body

    body = None
    if body_id is not None:
        body = Body.objects.using(report_database()).filter(pk=body_id).first()
        if body is None:
            return None
    return Request(
        year=year, scope=Scope.of(body), district_id=district_id, unit_id=unit_id, language=language
    )


def warm(*, now: datetime.datetime | None = None) -> int:
    """Ask a worker again for the figures of every dashboard opened within the last hour whose
    figures will be too old before the next beat; forget the others. Returns how many were asked."""
    now = now or timezone.now()
    registry = cache.get(REGISTRY_KEY)
    if not isinstance(registry, dict):
        return 0
    asked = 0
    kept: dict[str, Any] = {}
    beat = datetime.timedelta(minutes=WARM_EVERY_MINUTES)
    for key, (params, opened_at) in registry.items():
        if now - opened_at > WARM_OPENED_WITHIN:
            continue
        kept[key] = (params, opened_at)
        entry = cache.get(key)
        if isinstance(entry, Entry) and now - entry.computed_at < max_age(params["year"]) - beat:
            continue
        request = request_of(**params)
        if request is not None and request_computation(request):
            asked += 1
    # Readers may have added dashboards since the read: merge rather than overwrite them.
    latest = cache.get(REGISTRY_KEY)
    if isinstance(latest, dict):
        for key, value in latest.items():
            if now - value[1] <= WARM_OPENED_WITHIN:
                kept.setdefault(key, value)
    cache.set(REGISTRY_KEY, kept, int(WARM_OPENED_WITHIN.total_seconds()) + 3600)
    return asked


def figures_for(request: Request) -> Entry | None:
    """The figures the page shows: the cached ones while young enough; else computed here when cheap
    (or when no worker can be asked: slow but right); else None, with a worker asked once."""
    entry = cached(request)
    if entry is None:
        if cheap():
            entry = compute(request)
        else:
            try:
                request_computation(request)
            except Exception:  # broker unreachable: compute here rather than wait for nobody
                entry = compute(request)
    remember_opened(request)
    return entry
