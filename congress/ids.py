"""Public identifiers: short, opaque, and free of characters people confuse (0/O, 1/I/l)."""

from __future__ import annotations

import random
import secrets

UNAMBIGUOUS = "23456789abcdefghjkmnpqrstuvwxyz"


def public_id(length: int = 8, *, rng: random.Random | None = None) -> str:
    """A random identifier. Pass ``rng`` only for reproducible demo data, never in production."""
    if rng is not None:
        return "".join(rng.choice(UNAMBIGUOUS) for _ in range(length))
    return "".join(secrets.choice(UNAMBIGUOUS) for _ in range(length))
