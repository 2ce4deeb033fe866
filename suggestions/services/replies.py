"""Unit replies with outcome classes, follow-up replies and commitments."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import DomainError

from .. import workflow
from ..models import (
    Assignment,
    Commitment,
    Reply,
    ReplyAttachment,
    Status,
    Suggestion,
)
from ._common import (
    _close_feedback_clock,
    _duty_record,
    _event,
    _notify_deputies,
    _notify_submitter,
    _today,
    _user,
)
from .assignment import (
    _check_officer,
    _end_assignment,
)
from .transition import (
    suggestion_transition,
)


@dataclass(frozen=True)
class CommitmentInput:
    promise: str
    due_on: datetime.date


def _save_attachments(reply: Reply, attachments: Sequence[Any]) -> None:
    for upload in attachments:
        name = getattr(upload, "name", "") or "attachment"
        attachment = ReplyAttachment(reply=reply, name=name[:200])
        attachment.file.save(name, upload, save=True)


@transaction.atomic
def suggestion_reply(
    *,
    assignment: Assignment,
    actor: Any,
    outcome: str,
    text: str,
    commitments: Sequence[CommitmentInput] = (),
    attachments: Sequence[Any] = (),
) -> Reply:
    """答复 by the lead unit with outcome A/B/C (004:17); promises are tracked until kept (002:1257);
    outcome B owes a follow-up reply. The reply goes to the submitter and every deputy concerned."""
    assignment = (
        Assignment.objects.select_for_update().select_related("suggestion", "unit").get(pk=assignment.pk)
    )
    _check_officer(actor, assignment)
    suggestion = assignment.suggestion
    if assignment.role != Assignment.Role.LEAD or assignment.status != Assignment.Status.ACTIVE:
        raise DomainError(_("Only the lead unit replies, while the assignment is active."))
    if assignment.signed_for_at is None:
        raise DomainError(_("Sign for the item before replying."))
    if outcome not in Reply.Outcome.values:
        raise DomainError(_("Choose the outcome class A, B or C."), field="outcome")
    if len(text.strip()) < 10:
        raise DomainError(_("Write the reply (at least 10 characters)."), field="text")
    if outcome == Reply.Outcome.B and not commitments:
        raise DomainError(
            _("Outcome B needs at least one commitment: what will be done, and by when."), field="commitments"
        )
    for commitment in commitments:
        if not commitment.promise.strip():
            raise DomainError(_("Describe each commitment."), field="commitments")
        if commitment.due_on < _today():
            raise DomainError(_("A commitment date cannot be in the past."), field="commitments")
    target = workflow.reply_target(outcome)
    now = timezone.now()
    reply = Reply.objects.create(
        suggestion=suggestion,
        assignment=assignment,
        outcome=outcome,
        text=text.strip(),
        round=suggestion.reopen_count,
        replied_at=now,
        replied_by=_user(actor),
    )
    for commitment in commitments:
        Commitment.objects.create(
            suggestion=suggestion,
            reply=reply,
            promise=commitment.promise.strip()[:300],
            due_on=commitment.due_on,
        )
    _save_attachments(reply, attachments)
    _end_assignment(assignment, status=Assignment.Status.DONE, actor=actor, replied_at=now)
    _close_feedback_clock(suggestion, actor)
    suggestion_transition(
        suggestion=suggestion,
        action="reply",
        to_state=target,
        actor=actor,
        note=reply.get_outcome_display(),
        public_note=_("%(unit)s replied (%(outcome)s).")
        % {"unit": assignment.unit.name, "outcome": reply.get_outcome_display()},
    )
    _notify_submitter(
        suggestion,
        subject=_("Your opinion was replied to"),
        body=_(
            "Case %(code)s has a reply. Open the tracking page with your code and PIN to read and rate it."
        )
        % {"code": suggestion.code},
        key=f"reply:{reply.pk}",
    )
    for merged in suggestion.merged_items.all():
        _notify_submitter(
            merged,
            subject=_("Your opinion was replied to"),
            body=_("Case %(code)s has a reply. Open the tracking page with your code and PIN to read it.")
            % {"code": merged.code},
            key=f"reply:{reply.pk}",
        )
    _notify_deputies(
        suggestion,
        subject=_("A reply to a suggestion you follow"),
        body=_("Case %(code)s: %(unit)s replied (%(outcome)s).")
        % {"code": suggestion.code, "unit": assignment.unit.name, "outcome": reply.get_outcome_display()},
        key=f"reply:{reply.pk}",
    )
    for deputy in (suggestion.deputy, suggestion.handed_to):
        _duty_record(deputy=deputy, kind="opinion_answered", source=suggestion, note=suggestion.title)
    return reply


@transaction.atomic
def suggestion_follow_up(
    *, suggestion: Suggestion, actor: Any, text: str, attachments: Sequence[Any] = ()
) -> Reply:
    """The follow-up reply owed after outcome B, when the matter is done."""
    lead = (
        Assignment.objects.filter(
            suggestion=suggestion, role=Assignment.Role.LEAD, status=Assignment.Status.DONE
        )
        .select_related("unit")
        .order_by("-replied_at", "-pk")
        .first()
    )
    if lead is None:
        raise DomainError(_("No reply of the lead unit to follow up."))
    _check_officer(actor, lead)
    if len(text.strip()) < 10:
        raise DomainError(_("Write the reply (at least 10 characters)."), field="text")
    reply = Reply.objects.create(
        suggestion=suggestion,
        assignment=lead,
        outcome=Reply.Outcome.A,
        text=text.strip(),
        is_follow_up=True,
        round=suggestion.reopen_count,
        replied_at=timezone.now(),
        replied_by=_user(actor),
    )
    _save_attachments(reply, attachments)
    suggestion_transition(
        suggestion=suggestion,
        action="follow_up",
        to_state=Status.REPLIED,
        actor=actor,
        public_note=_("%(unit)s reported that the matter is done.") % {"unit": lead.unit.name},
    )
    _notify_submitter(
        suggestion,
        subject=_("Your opinion was replied to"),
        body=_("Case %(code)s has a follow-up reply. Open the tracking page with your code and PIN.")
        % {"code": suggestion.code},
        key=f"reply:{reply.pk}",
    )
    _notify_deputies(
        suggestion,
        subject=_("A reply to a suggestion you follow"),
        body=_("Case %(code)s: follow-up reply of %(unit)s.")
        % {"code": suggestion.code, "unit": lead.unit.name},
        key=f"reply:{reply.pk}",
    )
    return reply


@transaction.atomic
def commitment_keep(*, commitment: Commitment, actor: Any, note: str) -> Commitment:
    """Record that a promise made in a reply was kept."""
    commitment = (
        Commitment.objects.select_for_update().select_related("reply__assignment").get(pk=commitment.pk)
    )
    _check_officer(actor, commitment.reply.assignment)
    if commitment.kept_at is not None:
        raise DomainError(_("This commitment is already recorded as kept."))
    if not note.strip():
        raise DomainError(_("Say how the commitment was kept."), field="note")
    Commitment.objects.filter(pk=commitment.pk).update(kept_at=timezone.now(), kept_note=note.strip())
    commitment.refresh_from_db()
    _event(
        commitment.suggestion,
        action="commitment_kept",
        actor=actor,
        public_note=_("Commitment kept: %(promise)s") % {"promise": commitment.promise},
    )
    return commitment
