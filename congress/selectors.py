"""Reads of the core that more than one interface needs.

Categories per body (docs/bodies.md, "What belongs to a body"): which categories a body may use is
decided here, once, for the public and staff forms, the APIs, triage, routing, imports and the
admin (``CategoryQuerySet.for_body`` / ``visible_to``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from .models import Area, Body, Category
from .querysets import AreaQuerySet, CategoryQuerySet


def categories_for_body(body: Body | int | None, *, active: bool = True) -> CategoryQuerySet:
    """The categories ``body`` offers and accepts: the shared ones, its own and its ancestors' own;
    never a sibling's or a lower body's. ``None``: the shared ones (a page that deals with no body)."""
    categories = Category.objects.for_body(body)
    return categories.active() if active else categories


def category_usable_by(category: Category, body: Body | int | None) -> bool:
    """Whether an item of ``body`` may carry ``category`` (no query for a shared category, or for a
    body object with its path)."""
    if category.body_id is None:
        return True
    if isinstance(body, Body):
        return category.body_id in {int(part) for part in body.path.split("/") if part} | {body.pk}
    return categories_for_body(body, active=False).filter(pk=category.pk).exists()


def categories_visible_to(user: Any) -> CategoryQuerySet:
    """The categories a staff member reads in the admin: the shared ones, their bodies' own and
    those below, and the ones their bodies inherit from above."""
    return Category.objects.visible_to(user)


def districts_for_body(body: Body | None) -> AreaQuerySet:
    """The districts and counties a body's figures can be cut by: those in its area (all of them
    for the city, and for a root body whose area was never set), the one its area lies in for a
    township or street, none for a lower body without an area. A district's staff are never offered a
    sibling district's name."""
    if body is None:
        return Area.objects.none()
    if body.area_id is None:
        everything = Area.objects.districts().order_by("code")
        return everything if body.parent_id is None else Area.objects.none()
    # One query, without reading the body's area first: the districts at, below or above it.
    area_id = body.area_id
    return (
        Area.objects.districts()
        .filter(Q(pk=area_id) | Q(parent_id=area_id) | Q(children=area_id) | Q(children__children=area_id))
        .distinct()
        .order_by("code")
    )


# The body a public form deals with, from a station's or a deputy's slug (a QR code): the app that
# takes items in knows (``suggestions`` registers it), the core imports no app.
_dealing_body: Callable[[str, str], int | None] | None = None


def dealing_body_register(resolver: Callable[[str, str], int | None]) -> None:
    global _dealing_body
    _dealing_body = resolver


def dealing_body_id(*, station: str = "", deputy: str = "") -> int | None:
    """The body an item sent with this station's or deputy's code goes to; None for none (or an
    unknown slug): the public lists then offer the shared categories."""
    if _dealing_body is None or not (station or deputy):
        return None
    return _dealing_body(station[:20], deputy[:20])
