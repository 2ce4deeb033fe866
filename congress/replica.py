"""Reads that may go to a read replica: the annual report, the statistics dashboard and other
aggregate reports (docs/scaling.md).

Set ``DATABASE_REPLICA_URL`` to a streaming replica of the primary and wrap report reads in
``replica_reads()``::

    from congress.replica import replica_reads

    with replica_reads():
        figures = build_figures(year)   # every query in here reads from the replica

Outside the block everything reads and writes the primary (``default``), so a page never reads its
own write from a replica that lags behind. Without a replica configured the block changes nothing.
Writes inside the block still go to the primary; the block is meant for code that writes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import models

REPLICA = "replica"

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and bool(getattr(settings, "DATABASE_REPLICA_ROUTING", True))


@contextlib.contextmanager
def replica_reads() -> Iterator[str]:
    """Send the reads made inside the block to the replica when one is configured. Yields the alias
    the reads go to (``replica`` or ``default``). Nests; works per thread and per asyncio task."""
    token = _reading_from_replica.set(True)
    try:
        yield REPLICA if replica_configured() else "default"
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: reads inside ``replica_reads()`` go to the replica, everything
    else to ``default``; migrations run on ``default`` only (the replica copies them)."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        if _reading_from_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        # Both aliases hold the same data: objects read from one may point at objects of the other.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db != REPLICA
