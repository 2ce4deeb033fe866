"""热点民情: clusters of similar items that grow within a window, across stations and districts, and
a notice to staff, once, when a cluster passes the threshold (docs/suggestions.md §11)."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Area, Body

from .. import duplicates, text
from ..conf import conf
from ..models import Hotspot, Status, Suggestion, SuggestionTerms
from ._common import _notify_staff


def _clusters(
    rows: list[tuple[int, list[str], list[int]]], *, days: int, now: datetime.datetime
) -> list[set[int]]:
    """Single-link clusters of the recent items: two items are linked when the duplicate lookup
    (any area, within the window) finds one for the other."""
    parent = {pk: pk for pk, _terms, _counts in rows}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    similarity = float(conf("SUGGESTIONS_HOTSPOT_SIMILARITY"))
    for pk, terms, counts in rows:
        for match in duplicates.matches(
            counts=dict(zip(terms, counts, strict=True)),
            area_id=None,
            at=now,
            exclude_id=pk,
            limit=20,
            threshold=similarity,
            days=days,
        ):
            if match.suggestion_id in parent:
                parent[root(match.suggestion_id)] = root(pk)
    groups: dict[int, set[int]] = {}
    for pk in parent:
        groups.setdefault(root(pk), set()).add(pk)
    return list(groups.values())


@transaction.atomic
def hotspots_detect(*, now: datetime.datetime | None = None) -> list[Hotspot]:
    """Find the clusters of at least ``SUGGESTIONS_HOTSPOT_MIN_ITEMS`` similar items submitted in the
    last ``SUGGESTIONS_HOTSPOT_DAYS`` days, keep one row per cluster (known by its first item), and
    tell committee staff the first time a cluster reaches the threshold. Idempotent: a rerun updates
    the rows and notifies nobody twice. Returns the current hotspots."""
    now = now or timezone.now()
    days = int(conf("SUGGESTIONS_HOTSPOT_DAYS"))
    minimum = int(conf("SUGGESTIONS_HOTSPOT_MIN_ITEMS"))
    since = now - datetime.timedelta(days=days)
    rows = list(
        SuggestionTerms.objects.filter(submitted_at__gte=since, submitted_at__lte=now)
        .exclude(suggestion__status__in=(Status.MERGED, Status.REJECTED))
        .order_by("submitted_at", "pk")
        .values_list("suggestion_id", "terms", "counts")
    )
    units = {pk: dict(zip(terms, counts, strict=True)) for pk, terms, counts in rows}
    found: list[Hotspot] = []
    for members in _clusters(rows, days=days, now=now):
        if len(members) < minimum:
            continue
        items = list(
            Suggestion.objects.filter(pk__in=members)
            .order_by("submitted_at", "pk")
            .values_list("pk", "submitted_at", "area_id", "body_id")
        )
        halfway = now - datetime.timedelta(days=days / 2)
        # The words most items share (each item counted once per word), as the cluster's name.
        shared = Counter(
            unit for pk in members for unit in units[pk] if len(unit) >= 2 and text.label_worthy(unit)
        )
        label_units = text.label_words(
            [unit for unit, n in shared.most_common(12) if n >= max(2, len(members) // 2)]
        )
        label = "、".join(text.shared_phrases("、".join(label_units), label_units)[:4] or label_units[:4])
        area_ids = {area for _pk, _at, area, _body in items if area}
        places = sorted(Area.objects.filter(pk__in=area_ids).values_list("name", flat=True))
        first_pk = items[0][0]
        hotspot, _created = Hotspot.objects.update_or_create(
            first_item_id=first_pk,
            defaults={
                "label": label[:120],
                "size": len(items),
                "recent": sum(1 for _pk, at, _area, _body in items if at >= halfway),
                "item_ids": [pk for pk, _at, _area, _body in items],
                "areas": places,
                "last_seen_at": now,
            },
            create_defaults={
                "label": label[:120],
                "size": len(items),
                "recent": sum(1 for _pk, at, _area, _body in items if at >= halfway),
                "item_ids": [pk for pk, _at, _area, _body in items],
                "areas": places,
                "first_seen_at": now,
                "last_seen_at": now,
            },
        )
        if hotspot.notified_at is None:
            first = Suggestion.objects.select_related("body").get(pk=first_pk)
            # The staff told are the first item's body's: the count and the places are of the items
            # that body reads (its own and those below), never a sibling's or a parent's.
            own = items
            if first.body is not None:
                subtree = set(Body.objects.descendants_of(first.body).values_list("pk", flat=True))
                own = [row for row in items if row[3] in subtree]
            own_places = sorted(
                Area.objects.filter(pk__in={area for _pk, _at, area, _body in own if area}).values_list(
                    "name", flat=True
                )
            )
            _notify_staff(
                first,
                subject=_("Hotspot: %(label)s") % {"label": hotspot.label},
                body=_("%(count)d similar items in %(days)d days (%(places)s), first %(code)s.")
                % {
                    "count": len(own),
                    "days": days,
                    "places": "、".join(own_places) or "—",
                    "code": first.code,
                },
                key=f"hotspot:{hotspot.pk}",
            )
            Hotspot.objects.filter(pk=hotspot.pk).update(notified_at=now)
            hotspot.notified_at = now
        found.append(hotspot)
    return found
