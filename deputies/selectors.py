"""Reads about deputies that other parts of the portal rely on."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from .models import Deputy
from .querysets import DeputyQuerySet


def deputy_for_user(user: Any) -> Deputy | None:
    """The deputy linked to a user account, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Deputy.objects.select_related("term", "area", "delegation").filter(user=user).first()


def deputy_public_list(*, query: str = "", level: str = "", area_id: int | None = None) -> DeputyQuerySet:
    """Active deputies as the public directory lists them."""
    deputies = Deputy.objects.active().for_list()
    if query:
        deputies = deputies.filter(Q(name__icontains=query) | Q(work_unit__icontains=query))
    if level:
        deputies = deputies.filter(level=level)
    if area_id:
        deputies = deputies.filter(area_id=area_id)
    return deputies
