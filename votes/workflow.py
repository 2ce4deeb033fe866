"""The state tables of the cycle and of a ballot, and the pure rules of counting. No database here.

Margin rule (差额): a selection ballot needs more candidates than seats. With the minimum margin
``m`` (setting ``VOTES_MARGIN_MIN``, default 1/4 after 001 Wenxian) the list needs at least
``seats + ceil(seats × m)`` candidates: the extra number is rounded *up*, so 8 seats need 10
candidates, 4 seats need 5, 1 seat needs 2. With an optional maximum margin ``M``
(``VOTES_MARGIN_MAX``, e.g. 3/10 after 002:1225's 20–30 %) the list may have at most
``seats + ceil(seats × M)`` candidates — also rounded up, so a range never becomes empty — and never
fewer than the minimum.

Quorum: a ballot counts only when enough of the deputies entitled to vote took part (setting
``VOTES_QUORUM``, default more than half of all entitled deputies); below it the count is refused.

Majority rule: a candidate is elected only with *more than half* of the basis (ballots cast,
deputies present, or all entitled deputies — setting ``VOTES_MAJORITY_BASIS``), i.e. at least
``floor(basis / 2) + 1`` votes.
Among those, the ``seats`` with the most votes win. When the last seat is shared by candidates with
the same number of votes, the ballot reports a tie; a run-off between the tied candidates fills the
remaining seats. Order on the list never decides.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

CYCLE_PHASES = (
    "draft",
    "collection",
    "screening",
    "candidates",
    "ballot",
    "implementation",
    "evaluation",
    "closed",
)
# A cycle only moves forward one phase at a time; staff may step back one phase to fix a mistake
# before anything of the later phase exists (checked by the service).
CYCLE_MOVES: dict[str, tuple[str, ...]] = {
    "draft": ("collection",),
    "collection": ("screening",),
    "screening": ("candidates", "collection"),
    "candidates": ("ballot", "screening"),
    "ballot": ("implementation",),
    "implementation": ("evaluation",),
    "evaluation": ("closed",),
    "closed": (),
}

# A closed ballot below its quorum is not counted: staff reopen it (electronic votes only, before
# any paper count: the session's voting time is extended) or declare it void ("failed"); a new
# selection ballot can then be set up. See docs/votes.md, "Quorum".
BALLOT_MOVES: dict[str, tuple[str, ...]] = {
    "draft": ("open", "cancelled"),
    "open": ("closed",),
    "closed": ("counted", "open", "failed"),
    "counted": ("published",),
    "published": (),
    "cancelled": (),
    "failed": (),
}

# A project is completed by its 100 % progress report or carried over to a later cycle of the same
# level while unfinished (002:357); either is final.
PROJECT_MOVES: dict[str, tuple[str, ...]] = {
    "in_progress": ("completed", "carried_over"),
    "completed": (),
    "carried_over": (),
}

PROPOSAL_MOVES: dict[str, tuple[str, ...]] = {
    "submitted": ("screened_in", "screened_out", "merged"),
    "screened_in": ("screened_out", "merged", "submitted"),
    "screened_out": ("submitted",),
    "merged": ("submitted",),
}


def next_cycle_phase(phase: str) -> str | None:
    moves = CYCLE_MOVES.get(phase, ())
    return moves[0] if moves else None


def can_move(table: Mapping[str, Sequence[str]], current: str, target: str) -> bool:
    return target in table.get(current, ())


def min_candidates(seats: int, margin: Fraction) -> int:
    """Fewest candidates for ``seats``: seats plus the margin's share of seats, rounded up."""
    if seats < 1:
        raise ValueError("seats must be at least 1")
    return seats + math.ceil(seats * margin)


def max_candidates(seats: int, margin_min: Fraction, margin_max: Fraction | None) -> int | None:
    """Most candidates for ``seats`` (None: no upper bound); never below the minimum."""
    if margin_max is None:
        return None
    return max(seats + math.ceil(seats * margin_max), min_candidates(seats, margin_min))


def quorum_needed(entitled: int, share: Fraction, *, strict: bool = True) -> int:
    """Deputies who must take part: more than ``share`` of ``entitled`` (strict, 过半数: 347 → 174)
    or at least that share (not strict, "三分之二以上" in Chinese law includes the number itself:
    300 → 200)."""
    if entitled < 0:
        raise ValueError("entitled must not be negative")
    exact = entitled * share
    if strict:
        return math.floor(exact) + 1
    return math.ceil(exact)


def majority_threshold(basis: int) -> int:
    """Votes needed for "more than half" of ``basis``."""
    return basis // 2 + 1


@dataclass
class Outcome:
    elected: list[int] = field(default_factory=list)
    tied: list[int] = field(default_factory=list)
    seats_in_tie: int = 0
    threshold: int = 0

    @property
    def has_tie(self) -> bool:
        return bool(self.tied)


def decide(votes: Mapping[int, int], *, seats: int, basis: int) -> Outcome:
    """Who is elected from ``votes`` (candidate id → votes). Pure; see the module docstring."""
    threshold = majority_threshold(basis)
    qualified = sorted(((v, c) for c, v in votes.items() if v >= threshold), key=lambda x: -x[0])
    outcome = Outcome(threshold=threshold)
    if len(qualified) <= seats:
        outcome.elected = [c for _v, c in qualified]
        return outcome
    last = qualified[seats - 1][0]
    above = [c for v, c in qualified if v > last]
    at_last = [c for v, c in qualified if v == last]
    free = seats - len(above)
    outcome.elected = above
    if len(at_last) <= free:
        outcome.elected += at_last
    else:
        outcome.tied = sorted(at_last)
        outcome.seats_in_tie = free
    return outcome


@dataclass(frozen=True)
class TallyFigures:
    present: int
    cast: int
    valid: int
    invalid: int
    per_candidate: Mapping[int, int]
    seats: int


def tally_errors(f: TallyFigures) -> list[str]:
    """Codes of the arithmetic checks a paper count fails: valid + invalid = cast ≤ present, no
    candidate above the valid papers, no more marks than valid papers × seats."""
    errors = []
    if f.valid + f.invalid != f.cast:
        errors.append("sum")
    if f.cast > f.present:
        errors.append("present")
    if any(v > f.valid for v in f.per_candidate.values()):
        errors.append("candidate_above_valid")
    if sum(f.per_candidate.values()) > f.valid * f.seats:
        errors.append("marks_above_seats")
    if any(v < 0 for v in (f.cast, f.valid, f.invalid, *f.per_candidate.values())):
        errors.append("negative")
    return errors
