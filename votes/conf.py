"""Business numbers of the ballot cycle. Each is a Django setting with a default here; the comment
names the source of the default (DOMAIN.md §6, seed file:line)."""

from __future__ import annotations

from dataclasses import dataclass
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
    # "more than half of votes cast, or of deputies present" (DOMAIN.md §6): "cast" or "present";
    # "entitled" for "a majority of all the deputies" (全体代表的过半数, the general rule of the
    # 地方组织法 for decisions of a people's congress).
    return str(getattr(settings, "VOTES_MAJORITY_BASIS", "cast"))


@dataclass(frozen=True)
class QuorumRule:
    share: Fraction
    strict: bool  # True: more than the share (过半数); False: at least the share (三分之二以上)
    source: str


# The seeds name no quorum for livelihood ballots (002:211 speaks of the "法定人数关" of elections
# only), so the default states the general rule honestly and leaves the local rules to the setting.
DEFAULT_QUORUM_SOURCE = (
    "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》规定大会表决由全体代表的过半数通过；"
    "本级人民代表大会议事规则另有规定的，从其规定。"
)


def quorum_rule() -> QuorumRule:
    """The quorum of a ballot: by default more than half of all entitled deputies must take part.
    ``VOTES_QUORUM`` = {"share": "1/2", "strict": True, "source": "…"} changes it; the rule is
    copied onto each ballot when it is set up, so a published result keeps the rule it met."""
    value = dict(getattr(settings, "VOTES_QUORUM", {}))
    return QuorumRule(
        share=Fraction(value.get("share", "1/2")),
        strict=bool(value.get("strict", True)),
        source=str(value.get("source", DEFAULT_QUORUM_SOURCE)),
    )


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
