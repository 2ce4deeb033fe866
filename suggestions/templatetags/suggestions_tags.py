from __future__ import annotations

from django import template

from ..models import Status
from ..workflow import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """The plain-language name of a history step."""
    return str(ACTION_LABELS.get(action, action))


@register.filter
def state_label(state: str) -> str:
    """The plain-language name of an item's state (a history row's from/to)."""
    return str(Status(state).label) if state in Status.values else state
