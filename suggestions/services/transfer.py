"""Transfers between bodies (DOMAIN.md §11): down to the township or street that can act on an item,
or up when it is beyond a body's powers; never across."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audit_record
from congress.calendar import services as calendar_services
from congress.errors import DomainError
from congress.models import Body, Category
from congress.selectors import category_usable_by

from ..models import Status, Suggestion
from ._common import POLICY_TRIAGE, _check_writable, _close_deadline, _notify_submitter
from .transition import suggestion_transition


@transaction.atomic
def suggestion_transfer(*, suggestion: Suggestion, to_body: Body, reason: str, actor: Any) -> Suggestion:
    """Pass an item to an ancestor or a descendant of the body that handles it (never to a sibling or
    a cousin: "转交镇街…上报办理结果", 002:1313; "在本区域难以解决的问题", 001:131).

    Allowed from the states of ``workflow.TRANSFER_STATES`` (no unit holds the item). The item goes
    back to ``submitted`` so the receiving body triages it afresh; its triage clock is closed and a
    new one started today under the triage policy (``opinion.triage``); the citizen's one-month
    feedback clock keeps running from receipt. The history keeps every step; the audit event names
    both bodies and the reason; the submitter's timeline says who handles the item now."""
    _check_writable(actor, suggestion)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the transfer."), field="reason")
    locked = Suggestion.objects.select_for_update().select_related("body").get(pk=suggestion.pk)
    source = locked.body
    if to_body.pk == source.pk:
        raise DomainError(_("The item is handled by this body already."), field="to_body")
    if not (source.is_ancestor_of(to_body) or to_body.is_ancestor_of(source)):
        raise DomainError(
            _("An item can only be transferred up to a higher body or down to a lower one."), field="to_body"
        )
    old_deadline_id = locked.triage_deadline_id
    old_category = locked.category
    category = _category_for(old_category, to_body)
    locked = suggestion_transition(
        suggestion=locked,
        action="transfer",
        to_state=Status.SUBMITTED,
        actor=actor,
        note=_("%(from)s → %(to)s: %(reason)s") % {"from": source.name, "to": to_body.name, "reason": reason},
        public_note=_("Transferred to %(body)s for handling.") % {"body": to_body.name},
        fields={"body": to_body, "accepted_at": None, "category": category},
    )
    _close_deadline(old_deadline_id, actor)
    deadline = calendar_services.deadline_create(
        owner=locked, policy_code=POLICY_TRIAGE, start=timezone.localdate(), actor=actor, body=to_body
    )
    Suggestion.objects.filter(pk=locked.pk).update(triage_deadline=deadline)
    locked.triage_deadline = deadline
    audit_record(
        target=locked,
        action="transfer",
        actor=actor,
        from_state=str(source.pk),
        to_state=str(to_body.pk),
        note=reason,
        data={
            "from_body": source.pk,
            "from_body_name": source.name,
            "to_body": to_body.pk,
            "to_body_name": to_body.name,
            "direction": "down" if source.is_ancestor_of(to_body) else "up",
            "reason": reason,
            **(
                {"category_from": old_category.pk, "category_to": category.pk if category else None}
                if old_category is not None and category != old_category
                else {}
            ),
        },
    )
    _notify_submitter(
        locked,
        subject=_("Your opinion was transferred"),
        body=_("Case %(code)s was transferred to %(body)s for handling.")
        % {"code": locked.code, "body": to_body.name},
        key=f"transferred:{to_body.pk}",
    )
    suggestion.body, suggestion.status, suggestion.category = to_body, locked.status, category
    suggestion.triage_deadline, suggestion.accepted_at = deadline, None
    return locked


def _category_for(category: Category | None, body: Body) -> Category | None:
    """The category an item keeps when it moves to ``body``: its own when the body uses it; going up
    from a district that filed it under its own category (老旧小区改造), the nearest parent the
    receiving body uses (城乡建设), or none, for its staff to choose at triage."""
    while category is not None and not category_usable_by(category, body):
        category = category.parent
    return category
