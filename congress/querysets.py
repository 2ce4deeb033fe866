from __future__ import annotations

from typing import TYPE_CHECKING

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


class HandlingUnitQuerySet(models.QuerySet):
    def active(self) -> HandlingUnitQuerySet:
        return self.filter(is_active=True)


class BodyQuerySet(models.QuerySet["Body"]):
    def descendants_of(self, body: Body, *, include_self: bool = True) -> BodyQuerySet:
        """The body's subtree by its materialised path (one indexed prefix match)."""
        qs = self.filter(path__startswith=body.path)
        return qs if include_self else qs.exclude(pk=body.pk)

    def roots(self) -> BodyQuerySet:
        return self.filter(parent__isnull=True)
