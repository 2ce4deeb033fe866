"""Posting an admin change form back as a browser would: every field with the value the page shows
(inlines and their management forms included), with some values changed."""

from __future__ import annotations

from typing import Any

from django import forms


def _encode(bound: Any) -> list[tuple[str, Any]]:
    widget, value, name = bound.field.widget, bound.value(), bound.html_name
    widget = getattr(widget, "widget", widget)  # the admin's "add another" wrapper
    if isinstance(widget, forms.FileInput) or getattr(widget, "needs_multipart_form", False):
        return []
    if isinstance(widget, forms.CheckboxInput):
        return [(name, "on")] if value else []
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value) or []
        return [(f"{name}_{i}", "" if part is None else str(part)) for i, part in enumerate(parts)]
    if getattr(widget, "allow_multiple_selected", False) and not value:
        return []
    if isinstance(value, list | tuple):
        return [(name, str(getattr(item, "pk", item))) for item in value]
    if value is None:
        return [(name, "")]
    return [(name, str(getattr(value, "pk", value)))]


def form_items(response: Any) -> list[tuple[str, Any]]:
    """The POST items of the admin page ``response`` rendered (its form and inline formsets)."""
    items: list[tuple[str, Any]] = []
    for bound in response.context["adminform"].form:
        items += _encode(bound)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        items += [(bound.html_name, str(bound.value())) for bound in formset.management_form]
        for form in formset.forms:
            for bound in form:
                items += _encode(bound)
    return items


def post_back(
    client: Any, url: str, changes: dict[str, Any] | None = None, page: Any = None, follow: bool = False
) -> Any:
    """GET the admin page at ``url`` (unless ``page`` is given), then POST it back with ``changes``."""
    page = page if page is not None else client.get(url)
    changes = changes or {}
    posted: dict[str, list[Any]] = {}
    for key, value in form_items(page):
        if key not in changes:
            posted.setdefault(key, []).append(value)
    for key, value in changes.items():
        posted[key] = value if isinstance(value, list) else [value]
    return client.post(url, posted, follow=follow)
