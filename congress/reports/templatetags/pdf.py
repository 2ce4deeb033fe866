"""Filters for the PDF templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

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
    return mark_safe(f'"{escaped}"')


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """0.9123 → 91.2%; None → —."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{digits}f}%"


@register.filter
def change(value: Any, kind: str = "count") -> str:
    """A year-on-year change: +12 (+3.4%) for counts, +1.2 个百分点 for rates; None → —."""
    if value is None:
        return "—"
    if kind == "rate":
        points = float(value) * 100
        return f"{points:+.1f} 个百分点"
    return f"{value:+,}" if isinstance(value, int) else f"{float(value):+.1f}"


@register.filter
def signed_percent(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:+.1f}%"
