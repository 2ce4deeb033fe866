"""One way to show a due date everywhere (case page, unit inbox, tracking page, deputy dashboard,
admin lists): the date, and when it is provisional the word 暂定 with its reason one tap away."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()

TEMPLATE = "workcalendar/includes/due_date.html"


def due_date_context(day: datetime.date | None, provisional: Any = False) -> dict[str, Any]:
    return {"day": day, "provisional": bool(provisional) and day is not None}


@register.inclusion_tag(TEMPLATE)
def due_date(day: datetime.date | None, provisional: Any = False) -> dict[str, Any]:
    """``{% due_date assignment.due_date assignment.deadline.is_provisional %}``."""
    return due_date_context(day, provisional)


@register.inclusion_tag("workcalendar/includes/due_date_public.html")
def public_due_date(day: datetime.date | None, provisional: Any = False) -> dict[str, Any]:
    """The citizen's form (tracking pages): a provisional date says why in plain words, in view, not
    behind a tap on a bare 暂定 badge."""
    return due_date_context(day, provisional)


def render_due_date(day: datetime.date | None, provisional: Any = False) -> SafeString:
    """The same markup for Python callers (admin list columns)."""
    return SafeString(render_to_string(TEMPLATE, due_date_context(day, provisional)).strip())
