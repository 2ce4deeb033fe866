"""Chainable filters for deadlines."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import DateRangeField
from django.db import models
from psycopg.types.range import Range

if TYPE_CHECKING:
    from .models import Deadline  # noqa: F401 - named in the QuerySet base below


def window_expression() -> models.Func:
    """The closed date range [start, due] of a deadline; the same expression is indexed (GiST)."""
    return models.Func(
        models.F("start"),
        models.F("due"),
        models.Value("[]"),
        function="daterange",
        output_field=DateRangeField(),
    )


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def open(self) -> DeadlineQuerySet:
        return self.filter(is_open=True)

    def for_owner(self, owner: models.Model) -> DeadlineQuerySet:
        return self.filter(owner_content_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)

    def provisional(self) -> DeadlineQuerySet:
        return self.filter(is_provisional=True)

    def overdue(self, *, on: date) -> DeadlineQuerySet:
        """Open deadlines overdue on day ``on``: the due day has ended (overdue from 00:00 next day)."""
        return self.filter(is_open=True, due__lt=on)

    def due_between(self, first: date, last: date) -> DeadlineQuerySet:
        return self.filter(due__gte=first, due__lte=last)

    def open_touching(self, first: date, last: date | None = None) -> DeadlineQuerySet:
        """Open deadlines whose window [start, due] contains ``first`` (or overlaps [first, last])."""
        last = last or first
        window: Any = Range(first, last, "[]")
        return self.filter(is_open=True).alias(window=window_expression()).filter(window__overlap=window)
