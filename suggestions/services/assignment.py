"""Assignment (交办) to handling units: lead and co-units, sign for, return, co-unit views."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.calendar import services as calendar_services
from congress.errors import DomainError
from congress.models import HandlingUnit

from .. import workflow
from ..models import (
    Assignment,
    Kind,
    Status,
    Suggestion,
)
from ..routing.trust import route_trust_lower
from ._common import (
    POLICY_CO_VIEWS,
    POLICY_DEPUTY_REPLY,
    POLICY_OPINION_REPLY,
    POLICY_RETURN_WINDOW,
    POLICY_TRIAGE,
    _check_writable,
    _close_deadline,
    _event,
    _notify_staff,
    _notify_submitter,
    _notify_unit,
    _today,
    _user,
)
from .transition import (
    _ensure_allowed,
    suggestion_transition,
)
from .triage import (
    suggestion_accept,
)

# -- assignment ----------------------------------------------------------------------------------


def _reply_policy(suggestion: Suggestion) -> str:
    return POLICY_DEPUTY_REPLY if suggestion.kind == Kind.DEPUTY_SUGGESTION else POLICY_OPINION_REPLY


def _start_assignment(
    *,
    suggestion: Suggestion,
    unit: HandlingUnit,
    role: str,
    policy_code: str,
    start: datetime.date,
    actor: Any,
    signed: bool = False,
) -> Assignment:
    now = timezone.now()
    assignment = Assignment.objects.create(
        suggestion=suggestion,
        unit=unit,
        role=role,
        status=Assignment.Status.ACTIVE,
        assigned_at=now,
        assigned_by=_user(actor),
        round=suggestion.reopen_count,
        signed_for_at=now if signed else None,
    )
    deadline = calendar_services.deadline_create(
        owner=assignment, policy_code=policy_code, start=start, actor=actor, body=suggestion.body_id
    )
    return_until = None
    if not signed:
        window = calendar_services.deadline_create(
            owner=assignment,
            policy_code=POLICY_RETURN_WINDOW,
            start=start,
            actor=actor,
            body=suggestion.body_id,
        )
        return_until = window.due
        calendar_services.deadline_close(deadline=window, actor=actor)
    Assignment.objects.filter(pk=assignment.pk).update(
        deadline=deadline, due_date=deadline.due, return_until=return_until
    )
    assignment.deadline, assignment.due_date, assignment.return_until = deadline, deadline.due, return_until
    return assignment


def _end_assignment(assignment: Assignment, *, status: str, actor: Any, **fields: Any) -> None:
    """The one place an assignment's status changes: the row is locked and the move checked against
    ``workflow.ASSIGNMENT_MOVES`` (an assignment ends once), then saved with the fields of its end."""
    current = (
        Assignment.objects.select_for_update().filter(pk=assignment.pk).values_list("status", flat=True).get()
    )
    if not workflow.assignment_can_move(current, status):
        raise DomainError(
            _("This unit's task has already ended (%(status)s); reload the page.")
            % {"status": Assignment.Status(current).label},
            field="status",
        )
    Assignment.objects.filter(pk=assignment.pk).update(status=status, **fields)
    assignment.status = status
    for name, value in fields.items():
        setattr(assignment, name, value)
    _close_deadline(assignment.deadline_id, actor)


@transaction.atomic
def suggestion_assign(
    *,
    suggestion: Suggestion,
    lead_unit: HandlingUnit,
    co_units: Iterable[HandlingUnit] = (),
    actor: Any,
    note: str = "",
    start: datetime.date | None = None,
) -> list[Assignment]:
    """交办: one lead unit and any co-units, each with its own due date from the policies (citizen
    opinion 10 working days, deputy suggestion 3 months, co-unit views 1 month). Re-assignment keeps
    every earlier dispatch (superseded) and starts a new clock."""
    _check_writable(actor, suggestion)
    co_list = [unit for unit in co_units if unit.pk != lead_unit.pk]
    # A body tasks its own units only (a district's departments answer to the district).
    if any(unit.body_id != suggestion.body_id for unit in (lead_unit, *co_list)):
        raise DomainError(_("Choose units of the body that handles this item."), field="lead_unit")
    if not lead_unit.is_active or any(not unit.is_active for unit in co_list):
        raise DomainError(_("Choose active handling units."), field="lead_unit")
    if suggestion.status == Status.SUBMITTED:
        suggestion = suggestion_accept(suggestion=suggestion, actor=actor)
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    action = "assign" if locked.status in (Status.ACCEPTED, Status.RETURNED) else "reassign"
    _ensure_allowed(locked.status, action, Status.ASSIGNED)
    for previous in Assignment.objects.filter(suggestion=locked, status=Assignment.Status.ACTIVE):
        _end_assignment(previous, status=Assignment.Status.SUPERSEDED, actor=actor)
    start = start or _today()
    assignments = [
        _start_assignment(
            suggestion=locked,
            unit=lead_unit,
            role=Assignment.Role.LEAD,
            policy_code=_reply_policy(locked),
            start=start,
            actor=actor,
        )
    ]
    for unit in co_list:
        assignments.append(
            _start_assignment(
                suggestion=locked,
                unit=unit,
                role=Assignment.Role.CO,
                policy_code=POLICY_CO_VIEWS,
                start=start,
                actor=actor,
            )
        )
    names = "、".join([lead_unit.name, *(unit.name for unit in co_list)])
    suggestion_transition(
        suggestion=locked,
        action=action,
        to_state=Status.ASSIGNED,
        actor=actor,
        note=note or names,
        public_note=_("Sent to %(unit)s for handling.") % {"unit": lead_unit.name},
    )
    _close_deadline(locked.triage_deadline_id, actor)
    suggestion.status = locked.status
    for assignment in assignments:
        _notify_unit(
            assignment,
            subject=_("New item assigned to your unit"),
            body=_("Case %(code)s (%(role)s), due %(due)s: %(title)s")
            % {
                "code": locked.code,
                "role": assignment.get_role_display(),
                "due": assignment.due_date,
                "title": locked.title,
            },
            key="assigned",
        )
    _notify_submitter(
        locked,
        subject=_("Your opinion was sent to a handling unit"),
        body=_("Case %(code)s was sent to %(unit)s.") % {"code": locked.code, "unit": lead_unit.name},
        key=f"assigned:{assignments[0].pk}",
    )
    return assignments


def _check_officer(actor: Any, assignment: Assignment) -> None:
    officer = getattr(actor, "unit_officer", None)
    if officer is None or officer.unit_id != assignment.unit_id:
        raise DomainError(_("Only officers of the assigned unit can do this."))


@transaction.atomic
def assignment_sign_for(*, assignment: Assignment, actor: Any) -> Assignment:
    """签收: the unit acknowledges the dispatch."""
    assignment = Assignment.objects.select_for_update().select_related("suggestion").get(pk=assignment.pk)
    _check_officer(actor, assignment)
    if assignment.status != Assignment.Status.ACTIVE or assignment.signed_for_at is not None:
        raise DomainError(_("This assignment cannot be signed for now."))
    Assignment.objects.filter(pk=assignment.pk).update(signed_for_at=timezone.now(), signed_for_by=actor)
    assignment.refresh_from_db()
    if assignment.role == Assignment.Role.LEAD:
        suggestion_transition(
            suggestion=assignment.suggestion,
            action="sign_for",
            to_state=Status.SIGNED_FOR,
            actor=actor,
            note=assignment.unit.name,
            public_note=_("%(unit)s signed for your item.") % {"unit": assignment.unit.name},
        )
    else:
        _event(
            assignment.suggestion,
            action="co_sign_for",
            actor=actor,
            note=assignment.unit.name,
            is_public=False,
        )
    return assignment


@transaction.atomic
def assignment_return(
    *, assignment: Assignment, actor: Any, reason: str, today: datetime.date | None = None
) -> Assignment:
    """退回: a misrouted item goes back to triage, within the return window (10 days of receipt,
    default); after it only via supervision (DOMAIN.md §5). ``today`` is the day of the return (the
    window is checked and the new triage clock started on it); it defaults to today."""
    assignment = (
        Assignment.objects.select_for_update().select_related("suggestion", "unit").get(pk=assignment.pk)
    )
    _check_officer(actor, assignment)
    if not reason.strip():
        raise DomainError(_("Say why the item is returned."), field="reason")
    if assignment.status != Assignment.Status.ACTIVE or assignment.replied_at is not None:
        raise DomainError(_("This assignment cannot be returned now."))
    today = today or _today()
    if assignment.return_until is None or today > assignment.return_until:
        raise DomainError(
            _(
                "The return window has passed. Please ask the committee staff to re-route the item "
                "through supervision."
            ),
            field="reason",
            code="return_window_passed",
        )
    _end_assignment(
        assignment,
        status=Assignment.Status.RETURNED,
        actor=actor,
        returned_at=timezone.now(),
        return_reason=reason.strip(),
    )
    if assignment.role == Assignment.Role.LEAD:
        suggestion_transition(
            suggestion=assignment.suggestion,
            action="return",
            to_state=Status.RETURNED,
            actor=actor,
            note=_("%(unit)s: %(reason)s") % {"unit": assignment.unit.name, "reason": reason.strip()},
            public_note=_("Your item is being sent to the right unit."),
        )
        # If the model sent it here on its own, that route is trusted less (automatic dispatch).
        route_trust_lower(assignment=assignment, actor=actor)
        # Back in triage: a new triage clock (the first one closed when the item was assigned).
        triage = calendar_services.deadline_create(
            owner=assignment.suggestion,
            policy_code=POLICY_TRIAGE,
            start=today,
            actor=actor,
            body=assignment.suggestion.body_id,
        )
        Suggestion.objects.filter(pk=assignment.suggestion_id).update(triage_deadline=triage)
        _notify_staff(
            assignment.suggestion,
            subject=_("A unit returned an item"),
            body=_("Case %(code)s was returned by %(unit)s: %(reason)s")
            % {"code": assignment.suggestion.code, "unit": assignment.unit.name, "reason": reason.strip()},
            key=f"returned:{assignment.pk}",
        )
    else:
        _event(
            assignment.suggestion,
            action="co_return",
            actor=actor,
            note=_("%(unit)s: %(reason)s") % {"unit": assignment.unit.name, "reason": reason.strip()},
            is_public=False,
        )
    return assignment


@transaction.atomic
def assignment_views_submit(*, assignment: Assignment, actor: Any, views: str) -> Assignment:
    """协办意见: a co-unit sends its views to the lead unit (within 1 month, default)."""
    assignment = (
        Assignment.objects.select_for_update().select_related("suggestion", "unit").get(pk=assignment.pk)
    )
    _check_officer(actor, assignment)
    if assignment.role != Assignment.Role.CO:
        raise DomainError(_("Only a co-unit sends views to the lead unit."))
    if assignment.status != Assignment.Status.ACTIVE:
        raise DomainError(_("This assignment is no longer active."))
    if not views.strip():
        raise DomainError(_("Write the views of your unit."), field="views")
    now = timezone.now()
    if assignment.signed_for_at is None:
        Assignment.objects.filter(pk=assignment.pk).update(signed_for_at=now, signed_for_by=actor)
    _end_assignment(assignment, status=Assignment.Status.DONE, actor=actor, views=views.strip(), views_at=now)
    _event(assignment.suggestion, action="co_views", actor=actor, note=assignment.unit.name, is_public=False)
    lead = Assignment.objects.filter(
        suggestion=assignment.suggestion, role=Assignment.Role.LEAD, status=Assignment.Status.ACTIVE
    ).first()
    if lead is not None:
        _notify_unit(
            lead,
            subject=_("A co-unit sent its views"),
            body=_("Case %(code)s: views of %(unit)s are available.")
            % {"code": assignment.suggestion.code, "unit": assignment.unit.name},
            key=f"views:{assignment.pk}",
        )
    return assignment
