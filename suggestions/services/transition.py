"""The one transition service: row lock, the table of allowed moves, an event row."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congress import pagecache
from congress.errors import DomainError

from .. import workflow
from ..models import (
    Status,
    Suggestion,
)
from ._common import (
    _event,
)

# -- the transition service ------------------------------------------------------------------------


def _ensure_allowed(from_state: str, action: str, to_state: str) -> None:
    """Raise the one clear refusal for a move not in ``workflow.MOVES``."""
    if workflow.is_allowed(from_state, action, to_state):
        return
    raise DomainError(
        _("This step is not possible now: the item is “%(state)s”, it cannot be moved to “%(target)s”.")
        % {
            "state": Status(from_state).label,
            "target": Status(to_state).label if to_state in Status.values else to_state,
        },
        field="status",
        code="illegal_transition",
    )


@transaction.atomic
def suggestion_transition(
    *,
    suggestion: Suggestion,
    action: str,
    to_state: str,
    actor: Any = None,
    note: str = "",
    public_note: str = "",
    is_public: bool = True,
    fields: dict[str, Any] | None = None,
) -> Suggestion:
    """Move an item from its current state to ``to_state`` by ``action``: lock the row, check the
    table of allowed moves (``workflow.MOVES``), save, write the event (actor, time, from, to, note).
    An illegal move raises DomainError and changes nothing."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    from_state = locked.status
    _ensure_allowed(from_state, action, to_state)
    locked.status = to_state
    update = ["status"]
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
        update.append(name)
    locked.save(update_fields=update)
    _event(
        locked,
        action=action,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        note=note,
        public_note=public_note,
        is_public=is_public,
    )
    if locked.is_published and "closed" in (from_state, to_state):
        pagecache.bump(pagecache.CASES)  # a published item enters or leaves the public cases
    # Keep the caller's object current.
    suggestion.status = locked.status
    for name in update:
        setattr(suggestion, name, getattr(locked, name))
    return locked
