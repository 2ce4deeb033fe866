"""Trust in a route (body, category, unit) for automatic dispatch: lowered each time a unit returns
an item the model sent it on its own (issue 24). Imported by the assignment services, so it imports
no service itself."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone

from congress.audit import audit_record

from ..conf import conf
from ..models import Assignment
from .models import AutoDispatch, RouteTrust


def route_threshold(*, body_id: int, category_id: int, unit_id: int, base: float | None) -> float | None:
    """The confidence a route (body, category, unit) needs: the base threshold raised by
    ``SUGGESTIONS_AUTO_DISPATCH_RETURN_PENALTY`` for each return of an automatically dispatched item;
    None (never automatic) without a base or after ``SUGGESTIONS_AUTO_DISPATCH_MAX_RETURNS`` returns."""
    if base is None:
        return None
    returns = (
        RouteTrust.objects.filter(body_id=body_id, category_id=category_id, unit_id=unit_id)
        .values_list("returns", flat=True)
        .first()
    ) or 0
    if returns >= int(conf("SUGGESTIONS_AUTO_DISPATCH_MAX_RETURNS")):
        return None
    return float(base) + returns * float(conf("SUGGESTIONS_AUTO_DISPATCH_RETURN_PENALTY"))


def route_trust_lower(*, assignment: Assignment, actor: Any) -> RouteTrust | None:
    """Called by ``assignment_return`` when a lead unit returns an item as misrouted: if the model
    sent it there on its own, that route (body, category, unit) is trusted less from now on. Other
    returns change nothing here (the history already keeps that unit from being suggested again)."""
    record = (
        AutoDispatch.objects.select_for_update()
        .filter(suggestion_id=assignment.suggestion_id, unit_id=assignment.unit_id, returned_at__isnull=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    AutoDispatch.objects.filter(pk=record.pk).update(returned_at=now)
    trust, _created = RouteTrust.objects.select_for_update().get_or_create(
        body_id=assignment.suggestion.body_id, category_id=record.category_id, unit_id=record.unit_id
    )
    RouteTrust.objects.filter(pk=trust.pk).update(returns=F("returns") + 1, last_returned_at=now)
    trust.refresh_from_db()
    audit_record(
        target=trust,
        action="route_trust_lower",
        actor=actor,
        note=str(trust),
        data={"returns": trust.returns, "suggestion": assignment.suggestion_id},
    )
    return trust
