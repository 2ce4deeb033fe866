"""Figures about deputies for the reports and the statistics dashboard: composition, activity (the
duty record), points and report-backs, and the rows of a station's deputy file.

Aggregate queries only; every function takes the database alias to read from.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractQuarter, ExtractYear
from django.utils.translation import gettext_lazy as _

from .models import AnnualEvaluation, Deputy, DutyRecord, DutyScore, QuotaRule, ReportBack

# Buckets of the activity distribution: how many deputies have 0, 1–2, 3–5, 6–10, 11+ entries.
ACTIVITY_BUCKETS: tuple[tuple[int, int | None, Any], ...] = (
    (0, 0, _("none")),
    (1, 2, _("1–2 entries")),
    (3, 5, _("3–5 entries")),
    (6, 10, _("6–10 entries")),
    (11, None, _("11 entries or more")),
)
# The points distribution has five equal bands from 0 to the highest total (rounded up).
POINTS_BANDS = 5

COMPOSITION_DIMENSIONS = ("level", "gender", "occupation", "education", "party")


def _in_bodies(queryset: Any, field: str, body_ids: Sequence[int] | None) -> Any:
    """Restrict to the rows of the given bodies (a body and its descendants); None = every body. A
    deputy belongs to the body of the congress they were elected to (their term's body)."""
    return queryset if body_ids is None else queryset.filter(**{f"{field}__in": list(body_ids)})


def _active(using: str, body_ids: Sequence[int] | None) -> Any:
    return _in_bodies(
        Deputy.objects.using(using).filter(status=Deputy.Status.ACTIVE), "term__body_id", body_ids
    )


def _labels(field: str) -> dict[str, str]:
    choices = getattr(Deputy._meta.get_field(field), "choices", None) or []
    return {str(value): str(label) for value, label in choices}


def composition(*, body_ids: Sequence[int] | None = None, using: str = "default") -> dict[str, Any]:
    """Active deputies by level, gender, occupation class, education, party and ethnicity (002:1247).
    Two queries."""
    active = _active(using, body_ids)
    counters: dict[str, Counter[str]] = {field: Counter() for field in COMPOSITION_DIMENSIONS}
    total = 0
    for row in active.order_by().values(*COMPOSITION_DIMENSIONS).annotate(n=Count("pk")):
        total += row["n"]
        for field, counter in counters.items():
            counter[row[field]] += row["n"]
    result: dict[str, Any] = {"total": total}
    for field, counter in counters.items():
        labels = _labels(field)
        rows = [
            {"key": key, "label": label, "count": counter[key]}
            for key, label in labels.items()
            if counter[key]
        ]
        # Every deputy is in some row, so each dimension adds up to the total.
        unlabelled = sum(n for key, n in counter.items() if key not in labels)
        if unlabelled:
            rows.append({"key": None, "label": str(_("Not stated")), "count": unlabelled})
        result[field] = rows
    ethnic = active.order_by().values_list("ethnicity").annotate(n=Count("pk")).order_by("-n", "ethnicity")
    # Every group, however small (a report that drops the small ones no longer adds up).
    result["ethnicity"] = [
        {"key": name, "label": name or str(_("Not stated")), "count": n} for name, n in ethnic
    ]
    return result


def _records(
    start: datetime.date, end: datetime.date, using: str, body_ids: Sequence[int] | None = None
) -> Any:
    records = DutyRecord.objects.using(using).filter(on__gte=start, on__lte=end)
    return _in_bodies(records, "deputy__term__body_id", body_ids)


def _bucketed(
    values: Sequence[float], everyone: int, buckets: Any, *, zero_counts: bool
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for low, high, label in buckets:
        n = sum(1 for value in values if value >= low and (high is None or value <= high))
        rows.append({"label": str(label), "count": n})
    if zero_counts:
        # Deputies without a single entry do not appear in the grouped query.
        rows[0]["count"] += max(everyone - len(values), 0)
    return rows


def _bands(totals: Sequence[float]) -> list[dict[str, Any]]:
    width = max(1, -(-int(max(totals)) // POINTS_BANDS))  # ceiling division
    rows = []
    for band in range(POINTS_BANDS):
        low, high = band * width, (band + 1) * width
        last = band == POINTS_BANDS - 1
        n = sum(1 for value in totals if low <= value < high or (last and value >= high))
        rows.append({"label": f"{low}–{high}", "count": n})
    return rows


def activity(
    start: datetime.date, end: datetime.date, *, body_ids: Sequence[int] | None = None, using: str = "default"
) -> dict[str, Any]:
    """The duty record in the period: entries by kind, and how active deputies were (how many have
    0, 1–2, 3–5 … entries). Three queries."""
    records = _records(start, end, using, body_ids)
    by_kind = dict(records.order_by().values_list("kind").annotate(n=Count("pk")))
    per_deputy = list(
        records.filter(deputy__status=Deputy.Status.ACTIVE)
        .order_by()
        .values_list("deputy_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    active = _active(using, body_ids).count()
    return {
        "entries": sum(by_kind.values()),
        "by_kind": [
            {"key": kind, "label": str(label), "count": by_kind[kind]}
            for kind, label in DutyRecord.Kind.choices
            if by_kind.get(kind)
        ],
        "active_deputies": active,
        "deputies_with_entries": len(per_deputy),
        "distribution": _bucketed(per_deputy, active, ACTIVITY_BUCKETS, zero_counts=True),
    }


def _whole_year(start: datetime.date, end: datetime.date) -> int | None:
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return start.year
    return None


def points(
    start: datetime.date, end: datetime.date, *, body_ids: Sequence[int] | None = None, using: str = "default"
) -> dict[str, Any]:
    """Points scored in the period (DOMAIN.md §7): the distribution of deputies' totals and the
    average. For a calendar year these are the stored yearly scores (caps and staff adjustments
    applied, 0–100); for another period, the sum of the entries' points. One query."""
    year = _whole_year(start, end)
    if year is not None:
        scores = _in_bodies(
            DutyScore.objects.using(using).filter(
                year=year, deputy__status=Deputy.Status.ACTIVE, total__gt=0
            ),
            "deputy__term__body_id",
            body_ids,
        )
        totals = [float(value) for value in scores.values_list("total", flat=True)]
    else:
        totals = [
            float(value)
            for value in _records(start, end, using, body_ids)
            .filter(points__gt=0, deputy__status=Deputy.Status.ACTIVE)
            .order_by()
            .values_list("deputy_id")
            .annotate(total=Sum("points"))
            .values_list("total", flat=True)
        ]
    return {
        "deputies_scored": len(totals),
        "average": round(sum(totals) / len(totals), 1) if totals else None,
        "distribution": _bands(totals) if totals else [],
    }


def report_backs(
    start: datetime.date, end: datetime.date, *, body_ids: Sequence[int] | None = None, using: str = "default"
) -> dict[str, int]:
    """Report-backs to voters (述职) recorded in the period, and how many deputies reported."""
    return (
        _records(start, end, using, body_ids)
        .filter(kind=DutyRecord.Kind.REPORT_BACK)
        .aggregate(total=Count("pk"), deputies=Count("deputy_id", distinct=True))
    )


def report_back_ratings(
    start: datetime.date, end: datetime.date, *, body_ids: Sequence[int] | None = None, using: str = "default"
) -> dict[str, Any]:
    """Published report-backs held in the period and how voters rated them (满意 / 基本满意 / 不满意;
    the satisfaction rate counts the first two, as committees publish it). One query."""
    tallies = (
        _in_bodies(ReportBack.objects.using(using), "deputy__term__body_id", body_ids)
        .filter(status=ReportBack.Status.PUBLISHED, held_on__gte=start, held_on__lte=end)
        .aggregate(
            total=Count("pk"),
            deputies=Count("deputy_id", distinct=True),
            satisfied=Coalesce(Sum("satisfied"), 0),
            basically=Coalesce(Sum("basically"), 0),
            unsatisfied=Coalesce(Sum("unsatisfied"), 0),
        )
    )
    rated = tallies["satisfied"] + tallies["basically"] + tallies["unsatisfied"]
    return {
        **tallies,
        "ratings": rated,
        # Counts only; the report divides and rounds once when it prints the rate.
        "rate": {"numerator": tallies["satisfied"] + tallies["basically"], "denominator": rated},
    }


def evaluations(
    start: datetime.date, end: datetime.date, *, body_ids: Sequence[int] | None = None, using: str = "default"
) -> dict[str, int]:
    """Annual evaluations frozen for the years of the period, and how many named excellent deputies."""
    return (
        _in_bodies(AnnualEvaluation.objects.using(using), "deputy__term__body_id", body_ids)
        .filter(year__gte=start.year, year__lte=end.year)
        .aggregate(frozen=Count("pk"), excellent=Count("pk", filter=Q(is_excellent=True)))
    )


def _periods_in(rule: QuotaRule, start: datetime.date, end: datetime.date) -> int:
    if rule.period == QuotaRule.Period.MONTH:
        return (end.year - start.year) * 12 + end.month - start.month + 1
    if rule.period == QuotaRule.Period.QUARTER:
        return (end.year - start.year) * 4 + (end.month - 1) // 3 - (start.month - 1) // 3 + 1
    return end.year - start.year + 1


def quotas(
    start: datetime.date, end: datetime.date, *, body_ids: Sequence[int] | None = None, using: str = "default"
) -> list[dict[str, Any]]:
    """How the active deputies kept each active quota rule (月进站、季回家、年述职、1+4+3, DOMAIN.md §4)
    in the period: for a monthly, quarterly or yearly rule the (deputy, period) pairs met out of all
    pairs; for a term rule the deputies who met it within their term by the period's end. One query
    per rule."""
    rows = []
    levels = _labels("level")
    for rule in QuotaRule.objects.using(using).filter(is_active=True).order_by("sort_order", "pk"):
        deputies = _active(using, body_ids)
        if rule.levels:
            deputies = deputies.filter(level__in=rule.levels)
        entries = DutyRecord.objects.using(using).filter(deputy__in=deputies, kind__in=rule.kinds)
        count = deputies.count()
        if rule.period == QuotaRule.Period.TERM:
            met = (
                entries.filter(on__gte=F("deputy__term__starts_on"), on__lte=F("deputy__term__ends_on"))
                .filter(on__lte=end)
                .order_by()
                .values("deputy_id")
                .annotate(n=Count("pk"))
                .filter(n__gte=rule.required)
                .count()
            )
            of = count
        else:
            buckets: dict[str, Any] = {"y": ExtractYear("on")}
            if rule.period == QuotaRule.Period.MONTH:
                buckets["p"] = ExtractMonth("on")
            elif rule.period == QuotaRule.Period.QUARTER:
                buckets["p"] = ExtractQuarter("on")
            met = (
                entries.filter(on__gte=start, on__lte=end)
                .annotate(**buckets)
                .order_by()
                .values("deputy_id", *buckets)
                .annotate(n=Count("pk"))
                .filter(n__gte=rule.required)
                .count()
            )
            of = count * _periods_in(rule, start, end)
        rows.append(
            {
                "code": rule.code,
                "name": rule.name,
                "period": str(rule.get_period_display()),
                "period_code": rule.period,
                "periods": 1 if rule.period == QuotaRule.Period.TERM else _periods_in(rule, start, end),
                "deputies": count,
                "applies_to": "、".join(str(levels.get(level, level)) for level in rule.levels)
                or str(_("deputies of every level")),
                "required": rule.required,
                "met": met,
                "of": of,
                "rate": {"numerator": met, "denominator": of},
            }
        )
    return rows


# -- station registers ------------------------------------------------------------------------------


def duty_rows(
    start: datetime.date,
    end: datetime.date,
    *,
    deputy_ids: Sequence[int],
    kinds: Sequence[str],
    using: str = "default",
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Duty-record entries of the given deputies and kinds in the period (a station's activity,
    training and report-back registers)."""
    labels = dict(DutyRecord.Kind.choices)
    rows = (
        _records(start, end, using)
        .filter(deputy_id__in=list(deputy_ids), kind__in=list(kinds))
        .order_by("on", "deputy__name", "pk")
        .values_list("on", "deputy__name", "kind", "note", "points")[:limit]
    )
    return [
        {
            "on": on.isoformat(),
            "deputy": name,
            "kind": str(labels.get(kind, kind)),
            "note": note,
            "points": str(value.normalize()) if isinstance(value, Decimal) else "",
        }
        for on, name, kind, note, value in rows
    ]


def deputy_file(
    *, deputy_ids: Sequence[int], start: datetime.date, end: datetime.date, using: str = "default"
) -> list[dict[str, Any]]:
    """The deputy file (代表档案) of a station's members: profile and the period's duty entries."""
    levels, genders, parties = _labels("level"), _labels("gender"), _labels("party")
    counts = Q(duty_records__on__gte=start, duty_records__on__lte=end)
    rows = (
        Deputy.objects.using(using)
        .filter(pk__in=list(deputy_ids))
        .annotate(entries=Count("duty_records", filter=counts))
        .order_by("name", "pk")
        .values_list(
            "name", "gender", "birth_year", "party", "level", "work_unit", "title", "status", "entries"
        )
    )
    statuses = _labels("status")
    return [
        {
            "name": name,
            "gender": genders.get(gender, gender),
            "birth_year": birth_year,
            "party": parties.get(party, party),
            "level": levels.get(level, level),
            "work": f"{work_unit} {title}".strip(),
            "status": statuses.get(status, status),
            "entries": entries,
        }
        for name, gender, birth_year, party, level, work_unit, title, status, entries in rows
    ]
