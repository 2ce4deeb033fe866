"""The one rounding rule of every printed figure.

Figures are carried as counts (a rate as its numerator and denominator) and divided only when
printed, then rounded once, half up (``Decimal.ROUND_HALF_UP``): 3,571 ÷ 4,051 = 88.15… % → 88.2 %,
and 73 ÷ 400 = 18.25 % → 18.3 %. Nothing upstream rounds, so nothing is rounded twice.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

HUNDRED = Fraction(100)


def _fraction(value: Any) -> Fraction | None:
    """A rate dict ({"numerator", "denominator"}) or a number as an exact fraction; None for none."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        if "numerator" not in value:
            return _fraction(value.get("rate"))
        if not value.get("denominator"):
            return None
        return Fraction(int(value["numerator"]), int(value["denominator"]))
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))  # the number as written, not its binary neighbour
    return Fraction(Decimal(str(value)))


def half_up(value: Fraction, digits: int) -> Decimal:
    quantum = Decimal(1).scaleb(-digits)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    # The quotient is exact to 28 digits; a tie at the printed digit survives that. Half up means
    # away from zero for a negative change; a change that rounds to nothing prints without a sign.
    rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def percent_text(value: Any, digits: int = 1) -> str:
    """A rate in per cent: {"numerator": 3571, "denominator": 4051} → 88.2%; no sample → —."""
    share = _fraction(value)
    if share is None:
        return "—"
    return f"{half_up(share * HUNDRED, digits)}%"


def points_text(value: Any, before: Any, digits: int = 1) -> str:
    """The change between two rates in percentage points, from the exact rates: +1.2 个百分点."""
    now, then = _fraction(value), _fraction(before)
    if now is None or then is None:
        return "—"
    return f"{half_up((now - then) * HUNDRED, digits):+} 个百分点"


def change_percent_text(delta: Any, before: Any, digits: int = 1) -> str:
    """A count's change in per cent of the year before: +3.4%; no base → —."""
    if delta is None or not before:
        return "—"
    return f"{half_up(Fraction(int(delta), int(before)) * HUNDRED, digits):+}%"
