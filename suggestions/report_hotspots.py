"""热点民情 for the reports: the hotspots the detection found (``services.hotspots``), as each reader
sees them — cut to the items of the bodies they read, and no hotspot where fewer than
``SUGGESTIONS_HOTSPOT_MIN_ITEMS`` remain. Read by the statistics dashboard and the monthly report
through ``suggestions.reports``."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .models import Suggestion
from .report_periods import bounds


@dataclass(frozen=True)
class HotspotView:
    """A hotspot as one reader sees it: only the items of the bodies they read."""

    label: str
    size: int
    recent: int
    areas: list[str]
    first_item_id: int
    first_code: str
    first_seen_at: datetime.datetime


def hotspots_current(*, body_ids: Sequence[int] | None = None, limit: int = 10) -> list[HotspotView]:
    """热点民情 still growing: clusters seen by the last detection within the hotspot window, largest
    first, with their first item (for the statistics dashboard). The detection looks across the
    whole network; with ``body_ids`` (a body's subtree, ``congress.reports.reads.Scope``) each cluster
    is cut to the items of those bodies and shown only while at least
    ``SUGGESTIONS_HOTSPOT_MIN_ITEMS`` of them remain: a district never reads a sibling's or its
    parent's items, codes or places through a cluster they share. None: every body."""
    from .conf import conf
    from .models import Hotspot

    days = int(conf("SUGGESTIONS_HOTSPOT_DAYS"))
    now = timezone.now()
    since = now - datetime.timedelta(days=days)
    halfway = now - datetime.timedelta(days=days / 2)
    hotspots = list(Hotspot.objects.filter(last_seen_at__gte=since).order_by("-size", "-last_seen_at"))
    return _hotspot_views(hotspots, body_ids=body_ids, recent_from=halfway, using="default")[:limit]


def hotspots_in_period(
    start: datetime.date,
    end: datetime.date,
    *,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
    limit: int = 10,
) -> list[HotspotView]:
    """热点民情 of a past period (the monthly report): the clusters the detection saw at some time in
    it (first seen before its end, last seen after its start), largest first, cut to ``body_ids`` as
    ``hotspots_current`` cuts them — a body reads only its own part of a shared cluster, and a part
    below ``SUGGESTIONS_HOTSPOT_MIN_ITEMS`` is no hotspot for it. Items submitted after the period
    are left out (a cluster that grew on is counted as it stood at the period's end); ``recent``
    counts the items submitted within the period."""
    from .models import Hotspot

    begin, after = bounds(start, end)
    hotspots = list(
        Hotspot.objects.using(using)
        .filter(first_seen_at__lt=after, last_seen_at__gte=begin)
        .order_by("-size", "-last_seen_at", "pk")
    )
    views = _hotspot_views(
        hotspots, body_ids=body_ids, recent_from=begin, submitted_before=after, using=using
    )
    return views[:limit]


def _hotspot_views(
    hotspots: Sequence[Any],
    *,
    body_ids: Sequence[int] | None,
    recent_from: datetime.datetime,
    submitted_before: datetime.datetime | None = None,
    using: str,
) -> list[HotspotView]:
    """Each hotspot cut to the items of ``body_ids`` (None: every body) submitted before
    ``submitted_before`` (None: all), dropped when fewer than ``SUGGESTIONS_HOTSPOT_MIN_ITEMS``
    remain; largest first. One query whatever the hotspots."""
    from .conf import conf

    minimum = int(conf("SUGGESTIONS_HOTSPOT_MIN_ITEMS"))
    wanted = {int(pk) for hotspot in hotspots for pk in hotspot.item_ids}
    items = Suggestion.objects.using(using).filter(pk__in=wanted)
    if body_ids is not None:
        items = items.filter(body_id__in=list(body_ids))
    if submitted_before is not None:
        items = items.filter(submitted_at__lt=submitted_before)
    seen = {
        pk: (at, code, place)
        for pk, at, code, place in items.values_list("pk", "submitted_at", "code", "area__name")
    }
    views: list[HotspotView] = []
    for hotspot in hotspots:
        members = sorted((seen[int(pk)][0], int(pk)) for pk in hotspot.item_ids if int(pk) in seen)
        if len(members) < minimum:
            continue
        first_pk = members[0][1]
        views.append(
            HotspotView(
                label=hotspot.label,
                size=len(members),
                recent=sum(1 for at, _pk in members if at >= recent_from),
                areas=sorted({seen[pk][2] for _at, pk in members if seen[pk][2]}),
                first_item_id=first_pk,
                first_code=seen[first_pk][1],
                first_seen_at=hotspot.first_seen_at,
            )
        )
    views.sort(key=lambda view: -view.size)
    return views
