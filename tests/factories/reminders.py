"""Factories of the reminder tests: an item assigned to a unit with a given due date, made directly
(the reminder scans read assignments; how they were assigned is the suggestions app's business)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from suggestions.models import Assignment, Status

from .core import HandlingUnitFactory
from .suggestions import SuggestionFactory


def assigned_item(
    *, due: datetime.date, unit: Any = None, role: str = "lead", **suggestion: Any
) -> Assignment:
    item = SuggestionFactory(status=Status.ASSIGNED, **suggestion)
    return Assignment.objects.create(
        suggestion=item,  # type: ignore[misc]
        unit=unit or HandlingUnitFactory(),
        role=role,
        status=Assignment.Status.ACTIVE,
        assigned_at=timezone.now(),
        due_date=due,
    )
