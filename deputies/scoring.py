"""The points arithmetic as pure functions (no database): from the rules and a year's entries to
each entry's points, the item and dimension subtotals and the total.

Entries are taken in date order (then by id). Each entry earns its item's points per entry, less
whatever would pass the item's cap in the cap period (month, quarter or year), the item's yearly
maximum or the dimension's maximum. Adjustments by staff are added to the sum, and the total stays
between 0 and the sum of the dimensions' maxima (100 by default, 004:23).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0")
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class ItemRule:
    code: str
    dimension: str
    kinds: frozenset[str]
    points: Decimal
    cap: Decimal | None = None
    cap_period: str = "year"
    annual_max: Decimal | None = None


@dataclass(frozen=True)
class DimensionRule:
    code: str
    max_points: Decimal


@dataclass(frozen=True)
class Rules:
    dimensions: tuple[DimensionRule, ...]
    items: tuple[ItemRule, ...]

    @property
    def max_total(self) -> Decimal:
        return sum((dimension.max_points for dimension in self.dimensions), ZERO)

    def item_for_kind(self) -> dict[str, ItemRule]:
        found: dict[str, ItemRule] = {}
        for item in self.items:
            for kind in item.kinds:
                found.setdefault(kind, item)
        return found


@dataclass(frozen=True)
class EntryFact:
    pk: int
    kind: str
    on: datetime.date


@dataclass
class Score:
    total: Decimal = ZERO
    adjustments: Decimal = ZERO
    entries: int = 0
    by_item: dict[str, Decimal] = field(default_factory=dict)
    by_dimension: dict[str, Decimal] = field(default_factory=dict)
    entry_points: dict[int, Decimal] = field(default_factory=dict)

    def breakdown(self) -> dict[str, dict[str, str]]:
        """The JSON stored with a score and frozen with an evaluation."""
        return {
            "dimensions": {code: str(value) for code, value in self.by_dimension.items()},
            "items": {code: str(value) for code, value in self.by_item.items()},
        }


def period_key(day: datetime.date, period: str) -> tuple[int, int]:
    if period == "month":
        return day.year, day.month
    if period == "quarter":
        return day.year, (day.month - 1) // 3 + 1
    return day.year, 0


def _room(limit: Decimal | None, used: Decimal) -> Decimal | None:
    return None if limit is None else max(limit - used, ZERO)


def score_entries(rules: Rules, entries: Iterable[EntryFact], *, adjustments: Decimal = ZERO) -> Score:
    """Score one deputy's entries of one year under ``rules``."""
    by_kind = rules.item_for_kind()
    dimension_max = {dimension.code: dimension.max_points for dimension in rules.dimensions}
    score = Score(adjustments=adjustments)
    score.by_dimension = {dimension.code: ZERO for dimension in rules.dimensions}
    score.by_item = {item.code: ZERO for item in rules.items}
    in_period: dict[tuple[str, tuple[int, int]], Decimal] = defaultdict(lambda: ZERO)
    for entry in sorted(entries, key=lambda e: (e.on, e.pk)):
        score.entries += 1
        item = by_kind.get(entry.kind)
        if item is None:
            score.entry_points[entry.pk] = ZERO
            continue
        earned = item.points
        key = (item.code, period_key(entry.on, item.cap_period))
        for room in (
            _room(item.cap, in_period[key]),
            _room(item.annual_max, score.by_item[item.code]),
            _room(dimension_max.get(item.dimension), score.by_dimension.get(item.dimension, ZERO)),
        ):
            if room is not None:
                earned = min(earned, room)
        in_period[key] += earned
        score.by_item[item.code] += earned
        score.by_dimension[item.dimension] = score.by_dimension.get(item.dimension, ZERO) + earned
        score.entry_points[entry.pk] = earned
    raw = sum(score.by_dimension.values(), ZERO) + adjustments
    ceiling = rules.max_total
    score.total = min(max(raw, ZERO), ceiling).quantize(TWO_PLACES)
    return score
