from __future__ import annotations

from django import template

from ..workflow import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """The plain-language name of a history step."""
    return str(ACTION_LABELS.get(action, action))
