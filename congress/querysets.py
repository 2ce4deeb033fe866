from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from .models import Area, Body


class AreaQuerySet(models.QuerySet):
    def districts(self) -> AreaQuerySet:
        return self.filter(level=2)

    def descendants_of(self, area: Area) -> AreaQuerySet:
        """The area and every area below it (trees here are at most four levels deep)."""
        return self.filter(
            models.Q(pk=area.pk)
            | models.Q(parent=area)
            | models.Q(parent__parent=area)
            | models.Q(parent__parent__parent=area)
        )


class BodyQuerySet(models.QuerySet["Body"]):
    def descendants_of(self, body: Body, *, include_self: bool = True) -> BodyQuerySet:
        """The body's subtree by its materialised path (one indexed prefix match)."""
        qs = self.filter(path__startswith=body.path)
        return qs if include_self else qs.exclude(pk=body.pk)

    def roots(self) -> BodyQuerySet:
        return self.filter(parent__isnull=True)


class BodyScopedQuerySet(models.QuerySet):
    """Rows that belong to a people's congress body through ``body_paths`` (docs/bodies.md).

    Each model family names how its rows reach their body ("body", "station__body",
    "deputy__term__body" …); a row with several ways (a QR code is a deputy's or a station's) names
    them all and belongs to the first that is set. ``visible_to(user)`` is what a user reads (their
    bodies and those below), ``writable_by(user)`` what they may change (their own bodies). The
    body ids are computed once per request (``congress.bodies``), so either is one ``IN`` condition
    on an indexed column whatever the size of the tree."""

    body_paths: tuple[str, ...] = ("body",)

    def in_bodies(self, body_ids: list[int] | None) -> Self:
        """Rows of these bodies (None: every body)."""
        if body_ids is None:
            return self.all()
        condition = models.Q()
        for path in self.body_paths:
            condition |= models.Q(**{f"{path}__in": body_ids})
        return self.filter(condition)

    def visible_to(self, user: Any) -> Self:
        from .bodies import body_ids_visible_to

        return self.in_bodies(body_ids_visible_to(user))

    def writable_by(self, user: Any) -> Self:
        from .bodies import body_ids_writable_by

        return self.in_bodies(body_ids_writable_by(user))


class TermQuerySet(BodyScopedQuerySet):
    pass


class UnitOfficerQuerySet(BodyScopedQuerySet):
    body_paths = ("unit__body",)


class SessionQuerySet(BodyScopedQuerySet):
    body_paths = ("term__body",)


class HandlingUnitQuerySet(BodyScopedQuerySet):
    def active(self) -> HandlingUnitQuerySet:
        return self.filter(is_active=True)
