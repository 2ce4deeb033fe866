"""Reads about deputies that the public pages, the dashboard and other apps rely on."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Deputy, DeputyGroup, DutyRecord
from .querysets import DeputyQuerySet


def deputy_for_user(user: Any) -> Deputy | None:
    """The deputy linked to a user account, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Deputy.objects.select_related("term", "area", "delegation").filter(user=user).first()


def deputy_public_list(
    *,
    query: str = "",
    level: str = "",
    area_id: int | None = None,
    group_id: int | None = None,
    station_id: int | None = None,
) -> DeputyQuerySet:
    """Active deputies as the public directory lists them: filters by level, district, group and
    station (编组进站), search by name or work unit."""
    deputies = Deputy.objects.active().for_list()
    if query:
        deputies = deputies.filter(Q(name__icontains=query) | Q(work_unit__icontains=query))
    if level:
        deputies = deputies.filter(level=level)
    if area_id:
        deputies = deputies.filter(area_id=area_id)
    if group_id:
        deputies = deputies.filter(groups__id=group_id)
    if station_id:
        deputies = deputies.filter(memberships__station_id=station_id)
    return deputies.distinct() if (group_id or station_id) else deputies


def deputy_public_detail(slug: str) -> Deputy | None:
    """An active deputy with what the public page shows (stations, groups)."""
    return (
        Deputy.objects.active()
        .for_list()
        .prefetch_related("groups", "stations__area")
        .filter(slug=slug)
        .first()
    )


def deputy_upcoming_duty(
    deputy: Deputy, *, days: int = 90, today: datetime.date | None = None
) -> QuerySet[Any]:
    """Planned receptions the deputy is on duty at, soonest first (through the stations app's
    relation, so this module needs no import of it)."""
    today = today or timezone.localdate()
    return (
        deputy.duty_receptions.filter(
            status="planned", date__gte=today, date__lte=today + datetime.timedelta(days=days)
        )
        .select_related("station")
        .order_by("date", "start_time")
    )


def duty_figures(deputy: Deputy, *, year: int | None = None) -> list[tuple[str, int]]:
    """Public duty figures: how many entries of each kind the deputy has this year."""
    year = year or timezone.localdate().year
    counts = dict(
        DutyRecord.objects.filter(deputy=deputy, on__year=year)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [(str(label), counts[value]) for value, label in DutyRecord.Kind.choices if counts.get(value)]


def duty_records_for(deputy: Deputy, *, limit: int = 30) -> QuerySet[DutyRecord]:
    return DutyRecord.objects.filter(deputy=deputy).order_by("-on", "-pk")[:limit]


def public_groups() -> QuerySet[DeputyGroup]:
    return DeputyGroup.objects.order_by("kind", "name")


# The composition dimensions published (002:1247): field and label are fixed in code, counts in data.
COMPOSITION_FIELDS = ("gender", "level", "occupation", "education", "party", "ethnicity")


def composition(*, level: str = "") -> dict[str, Any]:
    """Counts of active deputies by gender, level, occupation class, education, party and
    ethnicity, for the public statistics page (DOMAIN.md §4; 002:1247). Three queries."""
    deputies = Deputy.objects.active()
    if level:
        deputies = deputies.filter(level=level)
    rows = list(
        deputies.values("gender", "level", "occupation", "education", "party")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ethnic = dict(deputies.values_list("ethnicity").annotate(n=Count("pk")).values_list("ethnicity", "n"))
    counters: dict[str, Counter[str]] = {
        field: Counter() for field in COMPOSITION_FIELDS if field != "ethnicity"
    }
    total = 0
    for row in rows:
        total += row["n"]
        for field, counter in counters.items():
            counter[row[field]] += row["n"]
    choices = {
        "gender": Deputy.Gender.choices,
        "level": Deputy.Level.choices,
        "occupation": Deputy.Occupation.choices,
        "education": Deputy.Education.choices,
        "party": Deputy.Party.choices,
    }
    result: dict[str, Any] = {"total": total}
    for field, counter in counters.items():
        result[field] = [
            (str(label), counter[value]) for value, label in choices[field] if counter.get(value)
        ]
    # Ethnicities are free text: the largest groups, then the rest together.
    ordered = sorted(ethnic.items(), key=lambda item: (-item[1], item[0]))
    result["ethnicity"] = ordered
    return result
