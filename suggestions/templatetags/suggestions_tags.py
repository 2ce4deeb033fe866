from __future__ import annotations

from django import template

from congress.privacy import mask_text as _mask_text

from ..models import Status
from ..workflow import ACTION_LABELS

register = template.Library()


@register.filter
def mask_text(text: str) -> str:
    """Phone and ID numbers in an opinion's text masked, for the roles that do not need them (unit
    officers, deputies); staff see the original in the admin."""
    return _mask_text(str(text or ""))


@register.filter
def action_label(action: str) -> str:
    """The plain-language name of a history step."""
    return str(ACTION_LABELS.get(action, action))


@register.filter
def state_label(state: str) -> str:
    """The plain-language name of an item's state (a history row's from/to)."""
    return str(Status(state).label) if state in Status.values else state
