"""The state table of a reception (代表接待活动) as data; no database here.

A planned reception is held (its record taken) or cancelled; a cancelled one may be planned again
(the station restores a date it called off); a held reception is final, though its record can still
be corrected."""

from __future__ import annotations

PLANNED, HELD, CANCELLED = "planned", "held", "cancelled"

RECEPTION_MOVES: dict[str, frozenset[str]] = {
    PLANNED: frozenset({HELD, CANCELLED}),
    CANCELLED: frozenset({PLANNED}),
    HELD: frozenset(),
}


def reception_can_move(current: str, target: str) -> bool:
    return target in RECEPTION_MOVES.get(current, frozenset())
