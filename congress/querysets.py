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


class SharedOrBodyQuerySet(BodyScopedQuerySet):
    """Reference rows that are either shared (no body: every body uses them) or a body's own
    (categories, rejection reasons: "its rejection reasons and categories where it wants its own",
    docs/bodies.md). A body uses the shared rows, its own and its ancestors' own — never a
    sibling's or a descendant's. Shared rows are kept by the root body's writers
    (``shared_owner_is_root``: their owner, for a write check, is the root body)."""

    shared_owner_is_root = True

    def for_body(self, body: Body | int | None) -> Self:
        """The rows ``body`` may use: shared ones, its own and its ancestors'. ``None``: the shared
        ones only (a public page that deals with no body). A body given by id is matched in the same
        query (its path against the row's body's path)."""
        shared = models.Q(body__isnull=True)
        if body is None:
            return self.filter(shared)
        if isinstance(body, int):
            from .models import Body

            ancestor = models.Exists(
                Body.objects.filter(pk=body, path__startswith=models.OuterRef("body__path"))
            )
            return self.filter(shared | ancestor)
        ids = [int(part) for part in body.path.split("/") if part] or [body.pk]
        return self.filter(shared | models.Q(body_id__in=ids))

    def visible_to(self, user: Any) -> Self:
        """What a user reads: the shared rows, and the own rows of every body they read (their own
        and those below) and of those bodies' ancestors (the rows their own bodies use)."""
        from .bodies import body_ids_visible_to
        from .models import Body

        ids = body_ids_visible_to(user)
        if ids is None:
            return self.all()
        used = models.Exists(Body.objects.filter(pk__in=ids, path__startswith=models.OuterRef("body__path")))
        return self.filter(models.Q(body__isnull=True) | used)

    def writable_by(self, user: Any) -> Self:
        """What a user may change: their own bodies' rows, and the shared ones for the root's writers."""
        from .bodies import body_ids_writable_by
        from .models import Body

        ids = body_ids_writable_by(user)
        if ids is None:
            return self.all()
        root = models.Exists(Body.objects.filter(pk__in=ids, parent__isnull=True))
        return self.filter(models.Q(body_id__in=ids) | (models.Q(body__isnull=True) & root))


class CategoryQuerySet(SharedOrBodyQuerySet):
    def active(self) -> CategoryQuerySet:
        return self.filter(is_active=True)
