"""Extensions of assignment deadlines and the copy of due dates on assignments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from congress.calendar import services as calendar_services
from congress.calendar.models import Deadline, DeadlineExtension
from congress.errors import DomainError

from ..models import (
    Assignment,
)
from ._common import (
    _event,
    _notify_staff,
)
from .assignment import (
    _check_officer,
)

# -- extensions and due dates --------------------------------------------------------------------


@transaction.atomic
def assignment_extension_request(
    *, assignment: Assignment, amount: int, reason: str, actor: Any
) -> DeadlineExtension:
    """A unit asks for more time; staff decide (calendar engine: deputy suggestions up to 6 months)."""
    _check_officer(actor, assignment)
    if assignment.deadline is None or assignment.status != Assignment.Status.ACTIVE:
        raise DomainError(_("This assignment has no running deadline."))
    extension = calendar_services.extension_request(
        deadline=assignment.deadline, amount=amount, reason=reason, requested_by=actor
    )
    _event(assignment.suggestion, action="extension_requested", actor=actor, note=reason, is_public=False)
    _notify_staff(
        assignment.suggestion,
        subject=_("A unit asks for more time"),
        body=_("Case %(code)s: %(unit)s asks for an extension: %(reason)s")
        % {"code": assignment.suggestion.code, "unit": assignment.unit.name, "reason": reason},
        key=f"extension:{extension.pk}",
    )
    return extension


@transaction.atomic
def assignment_extension_decide(
    *, extension: DeadlineExtension, approve: bool, actor: Any, note: str = ""
) -> DeadlineExtension:
    """Staff decide on an extension; the assignment's copy of the due date follows."""
    extension = calendar_services.extension_decide(
        extension=extension, approve=approve, actor=actor, note=note
    )
    assignments_due_dates_sync(deadline_ids=[extension.deadline_id])
    return extension


def assignments_due_dates_sync(*, deadline_ids: Iterable[int] | None = None) -> int:
    """Copy Deadline.due into Assignment.due_date where they differ (after an extension or a calendar
    change recomputed deadlines). Set-based; returns the number of rows changed."""
    from django.db.models import OuterRef, Subquery

    qs = Assignment.objects.filter(deadline__isnull=False).exclude(due_date=F("deadline__due"))
    if deadline_ids is not None:
        qs = qs.filter(deadline_id__in=list(deadline_ids))
    due = Deadline.objects.filter(pk=OuterRef("deadline_id")).values("due")[:1]
    return Assignment.objects.filter(pk__in=qs.values("pk")).update(due_date=Subquery(due))
