"""What each kind of notification is called, for staff reading the outbox and the reminder log in
the admin. A kind is a stable code (``suggestion.reply``, ``reminder.overdue``); each app names its
own kinds in its ``ready()``. The admin filters by the registered kinds, so a changelist over tens of
millions of rows never runs ``SELECT DISTINCT kind``."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext as _

_LABELS: dict[str, Promise | str] = {}


def kind_register(labels: Mapping[str, Promise | str]) -> None:
    """Name kinds of notification (code → translatable label)."""
    _LABELS.update(labels)


def kind_label(kind: str) -> str:
    """The kind's name in the current language; rows written before kinds were stable carried an id
    after a colon (``suggestion.reply:12``), which is ignored. An unknown kind shows its code."""
    if not kind:
        return _("(none)")
    label = _LABELS.get(kind) or _LABELS.get(kind.split(":", 1)[0])
    return str(label) if label is not None else kind


def kind_choices() -> list[tuple[str, str]]:
    """Every registered kind with its name, ordered by name (the admin's filter)."""
    return sorted(((code, str(label)) for code, label in _LABELS.items()), key=lambda pair: pair[1])
