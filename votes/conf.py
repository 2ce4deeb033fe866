"""Business numbers of the ballot cycle. Each is a Django setting with a default here; the comment
names the source of the default (DOMAIN.md §6, seed file:line)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.conf import settings


def margin_min() -> Fraction:
    # At least one quarter more candidates than seats (001, Wenxian); 002:1225 says 20–30 %.
    return Fraction(getattr(settings, "VOTES_MARGIN_MIN", Fraction(1, 4)))


def margin_max() -> Fraction | None:
    # No upper bound by default; a place following 002:1225 sets Fraction(3, 10).
    value = getattr(settings, "VOTES_MARGIN_MAX", None)
    return None if value is None else Fraction(value)


def majority_basis() -> str:
    # "more than half of votes cast, or of deputies present" (DOMAIN.md §6): "cast" or "present".
    return str(getattr(settings, "VOTES_MAJORITY_BASIS", "cast"))


def collection_min_months() -> int:
    # The public call runs at least one month (002:1225).
    return int(getattr(settings, "VOTES_COLLECTION_MIN_MONTHS", 1))


def low_satisfaction_below() -> Decimal:
    # A project whose satisfaction rate is below this gets a rectification request (default; 001
    # reports 90 % as a good result and names no threshold).
    return Decimal(str(getattr(settings, "VOTES_LOW_SATISFACTION_BELOW", "0.60")))


def satisfaction_counts_basic() -> bool:
    # 001 (Wenxian): 18 satisfied + 2 basically satisfied = "90 %" satisfied, so by default only
    # 满意 counts towards the satisfaction rate; set True to count 基本满意 as well.
    return bool(getattr(settings, "VOTES_SATISFACTION_COUNTS_BASIC", False))


def proposal_rate() -> str:
    # Public proposals per client address (django-ratelimit syntax); default, no source names one.
    return str(getattr(settings, "VOTES_PROPOSAL_RATE", "5/h"))


def milestone_defaults() -> tuple[tuple[str, int, int], ...]:
    # June progress report and December completion report (002:357): (kind, month, day).
    return tuple(
        getattr(
            settings,
            "VOTES_MILESTONE_DEFAULTS",
            (("progress", 6, 30), ("completion", 12, 20)),
        )
    )
