"""Deadlines: start, stop, recompute on calendar change, policies and extensions.

* A deadline counts from the day after ``start`` (the day of receipt, 民法典 第二百零一条) in its
  policy's unit; the unit and amount are copied from the policy when it starts.
* When the calendar changes, every open deadline whose window [start, due] contains a changed day is
  recomputed in the same transaction; closed deadlines never change; each item whose due date or
  provisional flag changed gets an audit event "old date → new date" with the reason.
* Extensions need a reason, are decided by a person holding ``workcalendar.approve_extension``
  (committee staff), and never exceed the policy's maximum total (deputy suggestions: 3 more months,
  6 in total — Deputies Law practice).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audit_record
from congress.errors import DomainError
from congress.models import AuditEvent

from ..engine import WorkCalendar
from ..explain import format_day, format_period
from ..models import (
    Deadline,
    DeadlineExtension,
    DeadlinePolicy,
    ExtensionStatus,
)
from ..selectors import build_work_calendar, policies_for_body, work_calendar

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeadlineChange:
    deadline_id: int
    owner_label: str
    old_due: date
    new_due: date
    old_provisional: bool
    new_provisional: bool


# -- deadlines -----------------------------------------------------------------------------------


def _owner_label(owner: models.Model | None, deadline: Deadline) -> str:
    return str(owner) if owner is not None else f"{deadline.owner_content_type.model} #{deadline.owner_id}"


def _apply(deadline: Deadline, calendar: WorkCalendar) -> bool:
    """Recompute one deadline in memory; True when anything stored changed."""
    explanation = calendar.explain(deadline.start, deadline.unit, deadline.total_amount)
    data = explanation.as_dict()
    changed = (
        deadline.due != explanation.due
        or deadline.is_provisional != explanation.provisional
        or deadline.explanation != data
    )
    deadline.due = explanation.due
    deadline.is_provisional = explanation.provisional
    deadline.explanation = data
    deadline.computed_at = timezone.now()
    return changed


def _audit_due_change(
    *,
    deadline: Deadline,
    owner: models.Model | None,
    old_due: date,
    old_provisional: bool,
    reason: str,
    actor: Any,
    action: str,
) -> None:
    note = _("%(policy)s: due date %(old)s → %(new)s, because %(reason)s") % {
        "policy": deadline.policy.name,
        "old": format_day(old_due) + (_(" (provisional)") if old_provisional else ""),
        "new": format_day(deadline.due) + (_(" (provisional)") if deadline.is_provisional else ""),
        "reason": reason,
    }
    audit_record(
        target=owner if owner is not None else deadline,
        action=action,
        actor=actor,
        from_state=old_due.isoformat(),
        to_state=deadline.due.isoformat(),
        note=note,
        data={
            "deadline": deadline.pk,
            "policy": deadline.policy.code,
            "old_due": old_due.isoformat(),
            "new_due": deadline.due.isoformat(),
            "old_provisional": old_provisional,
            "new_provisional": deadline.is_provisional,
            "reason": reason,
        },
    )


def _sync_mirrors(deadlines: Collection[Deadline]) -> None:
    """Owners may keep a copy of the due date for set-based scans and indexes (a ``due_date`` field
    next to a ``deadline`` foreign key). Whenever the engine moves a due date it refreshes those copies
    in the same transaction, so a copy is never stale."""
    by_type: dict[int, list[int]] = {}
    for deadline in deadlines:
        by_type.setdefault(deadline.owner_content_type_id, []).append(deadline.pk)
    from django.contrib.contenttypes.models import ContentType

    for content_type_id, deadline_ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        names = {field.name for field in model._meta.get_fields()}
        if not {"deadline", "due_date"} <= names:
            continue
        model._default_manager.filter(deadline_id__in=deadline_ids).update(
            due_date=models.Subquery(
                Deadline.objects.filter(pk=models.OuterRef("deadline_id")).values("due")[:1]
            )
        )


def deadlines_recompute(*, dates: Collection[date], reason: str, actor: Any = None) -> list[DeadlineChange]:
    """Recompute every OPEN deadline whose window [start, due] contains one of ``dates``.

    Runs in the caller's transaction with the calendar as this transaction sees it. Closed deadlines
    are never touched. Items whose due date or provisional flag changed get an audit event.
    """
    ordered = sorted(set(dates))
    if not ordered:
        return []
    calendar = build_work_calendar()
    candidates = (
        Deadline.objects.open_touching(ordered[0], ordered[-1])
        .select_related("policy", "owner_content_type")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    changed: list[Deadline] = []
    due_changes: list[tuple[Deadline, date, bool]] = []
    for deadline in candidates:
        index = bisect_left(ordered, deadline.start)
        if index == len(ordered) or ordered[index] > deadline.due:
            continue  # the window lies between two changed days
        old_due, old_provisional = deadline.due, deadline.is_provisional
        if _apply(deadline, calendar):
            changed.append(deadline)
            if (old_due, old_provisional) != (deadline.due, deadline.is_provisional):
                due_changes.append((deadline, old_due, old_provisional))
    Deadline.objects.bulk_update(
        changed, ["due", "is_provisional", "explanation", "computed_at"], batch_size=500
    )
    _sync_mirrors([d for d, _o, _p in due_changes])
    if due_changes:
        models.prefetch_related_objects([d for d, _o, _p in due_changes], "owner")
    result: list[DeadlineChange] = []
    for deadline, old_due, old_provisional in due_changes:
        owner = deadline.owner
        _audit_due_change(
            deadline=deadline,
            owner=owner,
            old_due=old_due,
            old_provisional=old_provisional,
            reason=reason,
            actor=actor,
            action="deadline_recomputed",
        )
        result.append(
            DeadlineChange(
                deadline_id=deadline.pk,
                owner_label=_owner_label(owner, deadline),
                old_due=old_due,
                new_due=deadline.due,
                old_provisional=old_provisional,
                new_provisional=deadline.is_provisional,
            )
        )
    if result:
        logger.info("calendar change recomputed %d deadlines: %s", len(result), reason)
    return result


def _set_note(deadline: Deadline) -> str:
    provisional = _(" (provisional)") if deadline.is_provisional else ""
    policy = deadline.policy
    name = (
        _("%(policy)s (rule of %(body)s)") % {"policy": policy.name, "body": policy.body}
        if policy.body_id
        else policy.name
    )
    return _("%(policy)s: %(period)s from %(start)s, due %(due)s") % {
        "policy": name,
        "period": format_period(deadline.unit, deadline.amount),
        "start": format_day(deadline.start),
        "due": format_day(deadline.due) + provisional,
    }


@transaction.atomic
def deadline_create(
    *, owner: models.Model, policy_code: str, start: date, actor: Any = None, body: Any = None
) -> Deadline:
    """Start the time limit of ``policy_code`` for ``owner``; ``start`` is the day of receipt (not
    counted, 民法典 第二百零一条). The policy is the one ``body`` applies (its own, else inherited,
    ``selectors.policies_for_body``); its unit and amount are copied: later policy edits do not
    move running deadlines. Raises DomainError when the policy is unknown or inactive, or when the
    item already has an open deadline under it."""
    return deadlines_start(owner=owner, policy_codes=[policy_code], start=start, actor=actor, body=body)[
        policy_code
    ]


def deadlines_start(
    *,
    owner: models.Model,
    policy_codes: Sequence[str],
    start: date,
    actor: Any = None,
    optional: Collection[str] = (),
    fresh: bool = False,
    body: Any = None,
) -> dict[str, Deadline]:
    """Start several time limits of one item at once (``deadline_create`` for each code, same rules),
    in the caller's transaction: one read of the policies, one of the calendar's version, one insert
    of the deadlines and one of their audit events, whatever the number of codes. A code in
    ``optional`` whose policy staff switched off is skipped; any other missing policy is refused.
    ``fresh`` says the owner was created in this transaction, so it cannot have open deadlines yet
    and the check is not run. ``body`` is the body handling the owner: its policies apply (its own,
    else its nearest ancestor's, else the default). Returns the deadlines started, by policy code."""
    from django.contrib.contenttypes.models import ContentType

    policies = {code: p for code, p in policies_for_body(policy_codes, body).items() if p.is_active}
    for code in policy_codes:
        if code not in policies and code not in optional:
            raise DomainError(_("No active deadline policy “%(code)s”.") % {"code": code}, field="policy")
    chosen = [policies[code] for code in policy_codes if code in policies]
    if not chosen:
        return {}
    content_type = ContentType.objects.get_for_model(owner)
    if not fresh:
        running = (
            Deadline.objects.filter(
                owner_content_type=content_type, owner_id=owner.pk, policy__in=chosen, is_open=True
            )
            .values_list("policy_id", flat=True)
            .first()
        )
        if running is not None:
            raise DomainError(
                _("This item already has an open deadline for %(policy)s.")
                % {"policy": next(p.name for p in chosen if p.pk == running)},
                field="policy",
            )
    calendar = work_calendar()
    deadlines = []
    for policy in chosen:
        deadline = Deadline(
            policy=policy,
            owner_content_type=content_type,
            owner_id=owner.pk,
            unit=policy.unit,
            amount=policy.amount,
            start=start,
            due=start,
        )
        _apply(deadline, calendar)
        deadlines.append(deadline)
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic(savepoint=False):
        Deadline.objects.bulk_create(deadlines)
        AuditEvent.objects.bulk_create(
            AuditEvent(
                content_type=content_type,
                object_id=owner.pk,
                actor=actor_user,
                action="deadline_set",
                to_state=deadline.due.isoformat(),
                note=_set_note(deadline),
                data={
                    "deadline": deadline.pk,
                    "policy": deadline.policy.code,
                    "policy_body": deadline.policy.body_id,
                    "due": deadline.due.isoformat(),
                },
            )
            for deadline in deadlines
        )
    return {deadline.policy.code: deadline for deadline in deadlines}


@dataclass(frozen=True)
class DeadlineStart:
    """One deadline of a row inserted in bulk: its owner's id, the policy, the day of receipt, and
    when the clock stopped if the owner was already handled."""

    owner_id: int
    policy_code: str
    start: date
    closed_at: Any = None


def deadlines_start_bulk(
    *,
    owner_model: type[models.Model],
    starts: Sequence[DeadlineStart],
    actor: Any = None,
    batch_size: int = 5000,
) -> list[Deadline]:
    """The bulk form of ``deadlines_start``, for owners inserted in bulk (an import, the demo's and the
    benchmark's volume): each deadline is computed exactly as a live one (the policy's unit and amount
    copied, the due date and its explanation from the calendar engine, holidays and 调休 included) and
    audited with its ``deadline_set`` event; one insert of deadlines and one of events per batch.
    A start with ``closed_at`` is recorded closed at that moment. Unknown or inactive policies are
    refused, as ``deadlines_start`` refuses them. Returns the deadlines in the order of ``starts``."""
    from django.contrib.contenttypes.models import ContentType

    codes = {start.policy_code for start in starts}
    policies = {p.code: p for p in DeadlinePolicy.objects.filter(code__in=codes, is_active=True)}
    for code in sorted(codes - set(policies)):
        raise DomainError(_("No active deadline policy “%(code)s”.") % {"code": code}, field="policy")
    content_type = ContentType.objects.get_for_model(owner_model)
    calendar = work_calendar()
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    explained: dict[tuple[date, str, int], Any] = {}
    made: list[Deadline] = []
    for index in range(0, len(starts), batch_size):
        deadlines = []
        for start in starts[index : index + batch_size]:
            policy = policies[start.policy_code]
            key = (start.start, policy.unit, policy.amount)
            if key not in explained:  # many owners share a day: the engine's answer is the same
                explained[key] = calendar.explain(start.start, policy.unit, policy.amount)
            explanation = explained[key]
            deadlines.append(
                Deadline(
                    policy=policy,
                    owner_content_type=content_type,
                    owner_id=start.owner_id,
                    unit=policy.unit,
                    amount=policy.amount,
                    start=start.start,
                    due=explanation.due,
                    is_provisional=explanation.provisional,
                    explanation=explanation.as_dict(),
                    computed_at=now,
                    is_open=start.closed_at is None,
                    closed_at=start.closed_at,
                )
            )
        with transaction.atomic(savepoint=False):
            Deadline.objects.bulk_create(deadlines)
            AuditEvent.objects.bulk_create(
                AuditEvent(
                    content_type=content_type,
                    object_id=deadline.owner_id,
                    actor=actor_user,
                    action="deadline_set",
                    to_state=deadline.due.isoformat(),
                    note=_set_note(deadline),
                    data={
                        "deadline": deadline.pk,
                        "policy": deadline.policy.code,
                        "due": deadline.due.isoformat(),
                    },
                )
                for deadline in deadlines
            )
        made += deadlines
    return made


@transaction.atomic
def deadline_close(*, deadline: Deadline, actor: Any = None) -> Deadline:
    """Stop the clock (the item was handled). Idempotent; a closed deadline never changes again."""
    locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if locked.is_open:
        locked.is_open = False
        locked.closed_at = timezone.now()
        locked.save(update_fields=["is_open", "closed_at"])
    deadline.is_open, deadline.closed_at = locked.is_open, locked.closed_at
    return locked


@transaction.atomic
def deadline_policy_save(*, policy: DeadlinePolicy, changed: list[str], actor: Any = None) -> DeadlinePolicy:
    """Create or edit a policy. Running deadlines keep the unit and amount they started with; only new
    deadlines use the new values. Each edit is audited (a legal time limit changed)."""
    if policy.amount < 1:
        raise DomainError(_("The amount must be at least 1."), field="amount")
    is_new = policy.pk is None
    policy.full_clean()
    policy.save()
    if is_new or changed:
        audit_record(
            target=policy,
            action="deadline_policy_created" if is_new else "deadline_policy_changed",
            actor=actor,
            note=_("%(policy)s: %(period)s, maximum extension %(max)s")
            % {
                "policy": policy.name,
                "period": format_period(policy.unit, policy.amount),
                "max": format_period(policy.unit, policy.max_extension),
            },
            data={
                "changed": changed,
                "unit": policy.unit,
                "amount": policy.amount,
                "max_extension": policy.max_extension,
            },
        )
    return policy


def deadline_policy_override_validate(*, body: Any, code: str) -> DeadlinePolicy:
    """Refuse an override the rules do not allow; return the rule the body inherits today."""
    if body is None or body.pk is None:
        raise DomainError(_("Choose the body whose rule this is."), field="body")
    if DeadlinePolicy.objects.filter(code=code, body=body).exists():
        raise DomainError(
            _("%(body)s already has its own rule for this time limit: change that rule instead.")
            % {"body": body},
            field="code",
        )
    inherited = policies_for_body([code], body).get(code)
    if inherited is None:
        raise DomainError(
            _("There is no time limit “%(code)s” to set for a body: use the code of an existing rule.")
            % {"code": code},
            field="code",
        )
    return inherited


@transaction.atomic
def deadline_policy_override(
    *,
    body: Any,
    code: str,
    amount: int,
    unit: str | None = None,
    max_extension: int | None = None,
    source: str = "",
    actor: Any = None,
) -> DeadlinePolicy:
    """Give ``body`` its own rule for ``code`` (the "2310" chain of 002 is a district's rule): a copy
    of the rule it inherits today with the new period. The bodies below it inherit the override
    unless they have their own. Only a code that exists as a default can be overridden; a body with
    its own rule already edits that rule instead. Audited like every change of a legal time limit."""
    inherited = deadline_policy_override_validate(body=body, code=code)
    policy = DeadlinePolicy(
        code=code,
        body=body,
        name=inherited.name,
        applies_to=inherited.applies_to,
        unit=unit or inherited.unit,
        amount=amount,
        max_extension=inherited.max_extension if max_extension is None else max_extension,
        source=source or inherited.source,
        is_active=inherited.is_active,
    )
    if policy.amount < 1:
        raise DomainError(_("The amount must be at least 1."), field="amount")
    policy.full_clean()
    policy.save()
    audit_record(
        target=policy,
        action="deadline_policy_override",
        actor=actor,
        from_state=format_period(inherited.unit, inherited.amount),
        to_state=format_period(policy.unit, policy.amount),
        note=_("%(body)s sets its own rule for %(policy)s: %(period)s instead of the inherited %(old)s")
        % {
            "body": body,
            "policy": policy.name,
            "period": format_period(policy.unit, policy.amount),
            "old": format_period(inherited.unit, inherited.amount),
        },
        data={
            "body": body.pk,
            "inherited_from": inherited.body_id,
            "unit": policy.unit,
            "amount": policy.amount,
            "max_extension": policy.max_extension,
        },
    )
    return policy


# -- extensions ----------------------------------------------------------------------------------


def _check_extension_room(deadline: Deadline, amount: int) -> None:
    policy = deadline.policy
    if policy.max_extension == 0:
        raise DomainError(
            _("The time limit %(policy)s cannot be extended.") % {"policy": policy.name}, field="amount"
        )
    if deadline.extension_total + amount > policy.max_extension:
        raise DomainError(
            _(
                "An extension of %(amount)s would exceed the maximum total extension of %(max)s for "
                "%(policy)s (already extended by %(done)s)."
            )
            % {
                "amount": format_period(policy.unit, amount),
                "max": format_period(policy.unit, policy.max_extension),
                "policy": policy.name,
                "done": format_period(policy.unit, deadline.extension_total),
            },
            field="amount",
        )


def extension_validate(*, deadline: Deadline, amount: int, reason: str) -> None:
    """Raise DomainError unless this extension may be requested (forms call it before saving)."""
    if not reason.strip():
        raise DomainError(_("Give a reason for the extension."), field="reason")
    if amount < 1:
        raise DomainError(_("The extension must be at least 1."), field="amount")
    if not deadline.is_open:
        raise DomainError(_("The deadline is closed."), field="deadline")
    _check_extension_room(deadline, amount)


@transaction.atomic
def extension_request(
    *, deadline: Deadline, amount: int, reason: str, requested_by: Any = None
) -> DeadlineExtension:
    """Ask for more time, with a reason; a staff member decides (``extension_decide``). The request is
    refused at once when it could never be approved (closed deadline, over the policy's maximum)."""
    deadline = Deadline.objects.select_for_update(of=("self",)).select_related("policy").get(pk=deadline.pk)
    extension_validate(deadline=deadline, amount=amount, reason=reason)
    extension = DeadlineExtension.objects.create(
        deadline=deadline,
        amount=amount,
        reason=reason.strip(),
        requested_by=requested_by if getattr(requested_by, "is_authenticated", False) else None,
    )
    owner = deadline.owner
    audit_record(
        target=owner if owner is not None else deadline,
        action="deadline_extension_requested",
        actor=requested_by,
        note=_("%(policy)s: extension of %(amount)s requested: %(reason)s")
        % {
            "policy": deadline.policy.name,
            "amount": format_period(deadline.unit, amount),
            "reason": extension.reason,
        },
        data={"deadline": deadline.pk, "extension": extension.pk, "amount": amount},
    )
    return extension


@transaction.atomic
def extension_decide(
    *, extension: DeadlineExtension, approve: bool, actor: Any, note: str = ""
) -> DeadlineExtension:
    """Approve or reject a requested extension. Only committee staff (``workcalendar.approve_extension``)
    decide; an approval never takes the total beyond the policy's maximum, and moves the due date."""
    if actor is None or not actor.has_perm("workcalendar.approve_extension"):
        raise DomainError(_("Only committee staff may decide on deadline extensions."))
    extension = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
    deadline = (
        Deadline.objects.select_for_update(of=("self",))
        .select_related("policy")
        .get(pk=extension.deadline_id)
    )
    if extension.status != ExtensionStatus.REQUESTED:
        raise DomainError(_("This extension request has already been decided."))
    owner = deadline.owner
    if approve:
        if not deadline.is_open:
            raise DomainError(_("The deadline is closed."), field="deadline")
        _check_extension_room(deadline, extension.amount)
        old_due, old_provisional = deadline.due, deadline.is_provisional
        deadline.extension_total += extension.amount
        _apply(deadline, work_calendar())
        deadline.save(
            update_fields=["extension_total", "due", "is_provisional", "explanation", "computed_at"]
        )
        _sync_mirrors([deadline])
        extension.due_before, extension.due_after = old_due, deadline.due
        reason = _("an extension of %(amount)s was approved") % {
            "amount": format_period(deadline.unit, extension.amount)
        }
        _audit_due_change(
            deadline=deadline,
            owner=owner,
            old_due=old_due,
            old_provisional=old_provisional,
            reason=reason,
            actor=actor,
            action="deadline_extended",
        )
    else:
        audit_record(
            target=owner if owner is not None else deadline,
            action="deadline_extension_rejected",
            actor=actor,
            note=_("%(policy)s: extension of %(amount)s rejected. %(note)s")
            % {
                "policy": deadline.policy.name,
                "amount": format_period(deadline.unit, extension.amount),
                "note": note,
            },
            data={"deadline": deadline.pk, "extension": extension.pk},
        )
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    extension.decided_at = timezone.now()
    extension.decision_note = note
    extension.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "due_before", "due_after"]
    )
    return extension
