"""The handling-unit league table (排名): on-time reply rate and satisfaction, ranked only for units
with enough rated items in the period (DOMAIN.md §5); the others are listed as 样本不足."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def minimum_rated() -> int:
    return int(getattr(settings, "REPORTS_LEAGUE_MIN_RATED", 10))


def league(rows: list[dict[str, Any]], *, minimum: int | None = None) -> dict[str, Any]:
    """Split unit rows (``suggestions.reports.units``) into the ranked and the too-small. Ranked by
    satisfaction rate, then on-time rate, then the larger sample; equal figures share a rank."""
    minimum = minimum_rated() if minimum is None else minimum
    ranked = [row for row in rows if row["rated_items"] >= minimum]
    small = [row for row in rows if row["rated_items"] < minimum]

    def key(row: dict[str, Any]) -> tuple[float, float]:
        return (row["satisfaction_rate"]["rate"] or 0.0, row["on_time_rate"]["rate"] or 0.0)

    ranked.sort(key=lambda row: (-key(row)[0], -key(row)[1], -row["rated_items"], row["unit"]))
    out, previous, rank = [], None, 0
    for position, row in enumerate(ranked, start=1):
        if key(row) != previous:
            rank, previous = position, key(row)
        out.append({**row, "rank": rank})
    small.sort(key=lambda row: (-row["rated_items"], row["unit"]))
    return {"minimum": minimum, "ranked": out, "insufficient": small}
