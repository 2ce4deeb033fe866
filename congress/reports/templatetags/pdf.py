"""Filters for the PDF templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from .. import rounding

register = template.Library()


@register.filter
def css_string(value: Any) -> SafeString:
    """A quoted CSS string (for ``content:`` in @page rules): backslashes, quotes and line breaks
    escaped, angle brackets too so the text cannot close the style element."""
    text = str(value)
    escaped = "".join(
        f"\\{ord(ch):x} " if ch in '"\\<>\n\r' else ch  # CSS hex escapes
        for ch in text
    )
    # Reviewed: every character that could end the string or the style element is escaped above.
    return mark_safe(f'"{escaped}"')  # noqa: S308


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """A rate ({"numerator", "denominator"}, or a plain share) in per cent, rounded once, half up:
    3571/4051 → 88.2%; no sample → —."""
    return rounding.percent_text(value, digits)


@register.filter
def share(count: Any, total: Any) -> str:
    """``count`` as a share of ``total``, by the same rule: 1 of 8 → 12.5%."""
    return rounding.percent_text({"numerator": count or 0, "denominator": total or 0})


@register.filter
def change(value: Any) -> str:
    """A year-on-year change of a count: +12; None → —."""
    if value is None:
        return "—"
    return f"{value:+,}" if isinstance(value, int) else f"{float(value):+.1f}"


@register.filter
def points_change(value: Any, before: Any) -> str:
    """The change from the rate ``before`` to the rate ``value`` in percentage points: +1.2 个百分点."""
    return rounding.points_text(value, before)


@register.filter
def change_percent(delta: Any, before: Any) -> str:
    """A count's change in per cent of the figure before: +3.4%; no figure before → —."""
    return rounding.change_percent_text(delta, before)
