"""Which people's congress bodies a user sees and may write (DOMAIN.md §11; docs/bodies.md).

A body's committee staff and leaders see their own body's work and, read-only, the work of the
bodies below it; never a sibling's or a parent's. Superusers see and write everything. The sets are
computed once per user object (one request) and kept on it, so a scope filter is one indexed
``body_id IN (…)`` condition, never a walk of the tree per row.

A one-body deployment needs no role rows: while the database holds a single body, an account with
a committee role (or a staff account) and no ``BodyRole`` holds it in that body. As soon as a
second body exists, an account without a ``BodyRole`` sees nothing."""

from __future__ import annotations

from typing import Any

from django.db import router
from django.db.models import Exists, OuterRef
from django.db.models.functions import Left, Length

from . import roles
from .models import Body, BodyRole

COMMITTEE_ROLES = (roles.COMMITTEE_STAFF, roles.COMMITTEE_LEADER)
_VISIBLE = "_bodies_visible_ids"
_WRITABLE = "_bodies_writable_ids"


def root_body() -> Body:
    """The root of the tree (the city standing committee). A database without one (a fresh or
    flushed one) gets it from the ``COMMITTEE_NAME`` setting, as the data migration does."""
    # Read where writes go: the root is looked up to own a row being written (a model default), never
    # from a replica that may lag (congress.replica).
    body = Body.objects.using(router.db_for_write(Body)).roots().order_by("pk").first()
    if body is None:
        from .services import body_root_ensure

        body = body_root_ensure()
    return body


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


def _has_committee_group(user: Any) -> bool:
    """A committee role, or a staff account (the admin): the holders of the one-body fallback."""
    return bool(user.is_staff) or any(group.name in COMMITTEE_ROLES for group in user.groups.all())


def _lonely() -> Any:
    """The condition "this is the only body": the one-body fallback, inside the same query."""
    return ~Exists(Body.objects.exclude(pk=OuterRef("pk")))


def body_ids_writable_by(user: Any) -> list[int] | None:
    """Ids of the bodies whose work the user may change (their own), or None for every body
    (superusers). One query per request."""
    if not _authenticated(user):
        return []
    if user.is_superuser:
        return None
    cached = getattr(user, _WRITABLE, None)
    if cached is None:
        condition = Exists(
            BodyRole.objects.filter(user_id=user.pk, role__in=COMMITTEE_ROLES, body_id=OuterRef("pk"))
        )
        if _has_committee_group(user):
            condition |= _lonely()
        cached = list(Body.objects.filter(condition).order_by("pk").values_list("pk", flat=True))
        setattr(user, _WRITABLE, cached)
    return list(cached)


def body_ids_visible_to(user: Any) -> list[int] | None:
    """Ids of the bodies whose work the user may read (their own and every descendant), or None for
    every body (superusers). One query per request: the roles' bodies and their subtrees at once."""
    if not _authenticated(user):
        return []
    if user.is_superuser:
        return None
    cached = getattr(user, _VISIBLE, None)
    if cached is None:
        # A body is visible when one of the user's bodies is a prefix of its path.
        own = BodyRole.objects.filter(
            user_id=user.pk,
            role__in=COMMITTEE_ROLES,
            body__path=Left(OuterRef("path"), Length("body__path")),
        )
        condition = Exists(own)
        if _has_committee_group(user):
            condition |= _lonely()
        cached = list(Body.objects.filter(condition).order_by("pk").values_list("pk", flat=True))
        setattr(user, _VISIBLE, cached)
    return list(cached)


def bodies_visible_to(user: Any) -> Any:
    ids = body_ids_visible_to(user)
    return Body.objects.all() if ids is None else Body.objects.filter(pk__in=ids)


def bodies_writable_by(user: Any) -> Any:
    ids = body_ids_writable_by(user)
    return Body.objects.all() if ids is None else Body.objects.filter(pk__in=ids)


def can_write_body(user: Any, body_id: int | None) -> bool:
    ids = body_ids_writable_by(user)
    return ids is None or body_id in ids


def can_read_body(user: Any, body_id: int | None) -> bool:
    ids = body_ids_visible_to(user)
    return ids is None or body_id in ids


def bodies_forget(user: Any) -> None:
    """Drop the sets kept on a user object (after their roles changed)."""
    for name in (_VISIBLE, _WRITABLE):
        if hasattr(user, name):
            delattr(user, name)


def body_for_area(area: Any) -> Body:
    """The lowest body whose area holds ``area`` (areas are at most four levels deep), else the
    root: where an item from the open web form is handled. One query, the root among the
    candidates."""
    from django.db.models import Q

    candidates = Q(parent__isnull=True)
    if area is not None:
        candidates |= (
            Q(area_id=area.pk)
            | Q(area__children=area.pk)
            | Q(area__children__children=area.pk)
            | Q(area__children__children__children=area.pk)
        )
    found = Body.objects.filter(candidates).order_by(Length("path").desc(), "pk").first()
    return found or root_body()
