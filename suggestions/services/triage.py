"""Triage by committee staff: accept, reject, merge, hand to a deputy, take up, key suggestions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.bodies import body_leaders
from congress.errors import DomainError
from congress.models import Category
from congress.notifications.services import notify
from deputies.models import Deputy

from ..models import (
    Status,
    Suggestion,
)
from ._common import (
    _check_category,
    _check_writable,
    _close_deadline,
    _close_feedback_clock,
    _duty_record,
    _event,
    _notify_submitter,
)
from .intake import (
    deputy_suggestion_file,
)
from .transition import (
    suggestion_transition,
)

# -- triage --------------------------------------------------------------------------------------


@transaction.atomic
def suggestion_categorise(*, suggestion: Suggestion, category: Category, actor: Any) -> Suggestion:
    """Staff set or correct an item's category at triage (分类交办, 003:625), by hand or by taking
    the suggested one; the change is in the item's history (not shown to the submitter)."""
    _check_writable(actor, suggestion)
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.category_id == category.pk:
        return locked
    _check_category(category, locked.body_id)
    old = str(locked.category) if locked.category_id else "—"
    Suggestion.objects.filter(pk=locked.pk).update(category=category)
    locked.category = category
    _event(locked, action="categorise", actor=actor, note=f"{old} → {category}", is_public=False)
    return locked


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, actor: Any, note: str = "") -> Suggestion:
    """登记受理: the item is within the committee's remit and will be handled."""
    _check_writable(actor, suggestion)
    suggestion = suggestion_transition(
        suggestion=suggestion,
        action="accept",
        to_state=Status.ACCEPTED,
        actor=actor,
        note=note,
        public_note=_("Your item was accepted and will be handled."),
        fields={"accepted_at": timezone.now()},
    )
    return suggestion


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, actor: Any, reason: str) -> Suggestion:
    """Reject with a reason shown to the submitter (out of scope, a personal dispute …, DOMAIN §5)."""
    _check_writable(actor, suggestion)
    if not reason.strip():
        raise DomainError(_("Give the reason the submitter will read."), field="reason")
    suggestion = suggestion_transition(
        suggestion=suggestion,
        action="reject",
        to_state=Status.REJECTED,
        actor=actor,
        public_note=reason.strip(),
        fields={"rejection_reason": reason.strip(), "closed_at": timezone.now()},
    )
    _close_deadline(suggestion.triage_deadline_id, actor)
    _close_feedback_clock(suggestion, actor)
    _notify_submitter(
        suggestion,
        subject=_("Your opinion was not accepted"),
        body=_("Case %(code)s was not accepted. Reason: %(reason)s")
        % {"code": suggestion.code, "reason": reason.strip()},
        key="rejected",
    )
    return suggestion


@transaction.atomic
def suggestion_merge(*, suggestion: Suggestion, into: Suggestion, actor: Any) -> Suggestion:
    """同类合并 (002:637): the item joins a main case; its submitter is told and follows the main case
    with their own code and PIN."""
    _check_writable(actor, suggestion)
    main = Suggestion.objects.select_for_update().get(pk=into.pk)
    if main.pk == suggestion.pk:
        raise DomainError(_("An item cannot be merged into itself."), field="into")
    if main.status in (Status.REJECTED, Status.MERGED):
        raise DomainError(
            _("Case %(code)s is rejected or merged itself; choose its main case.") % {"code": main.code},
            field="into",
        )
    suggestion = suggestion_transition(
        suggestion=suggestion,
        action="merge",
        to_state=Status.MERGED,
        actor=actor,
        public_note=_("Merged with case %(code)s, which deals with the same matter; you can follow it here.")
        % {"code": main.code},
        fields={"merged_into": main},
    )
    _close_deadline(suggestion.triage_deadline_id, actor)
    _close_feedback_clock(suggestion, actor)
    _event(
        main,
        action="merged_in",
        actor=actor,
        note=_("Case %(code)s was merged into this one.") % {"code": suggestion.code},
        is_public=False,
    )
    _notify_submitter(
        suggestion,
        subject=_("Your opinion was merged"),
        body=_(
            "Case %(code)s deals with the same matter as case %(main)s and is handled with it. "
            "Your code and PIN show its progress."
        )
        % {"code": suggestion.code, "main": main.code},
        key="merged",
    )
    return suggestion


@transaction.atomic
def suggestion_hand_to_deputy(*, suggestion: Suggestion, deputy: Deputy, actor: Any) -> Suggestion:
    """Staff hand an accepted item to a deputy, who may take it up as a formal suggestion."""
    _check_writable(actor, suggestion)
    if suggestion.status == Status.SUBMITTED:
        suggestion = suggestion_accept(suggestion=suggestion, actor=actor)
    if suggestion.status != Status.ACCEPTED:
        raise DomainError(_("Only an accepted item can be handed to a deputy."), field="deputy")
    Suggestion.objects.filter(pk=suggestion.pk).update(handed_to=deputy)
    suggestion.handed_to = deputy
    _event(
        suggestion,
        action="hand_to_deputy",
        actor=actor,
        note=deputy.name,
        public_note=_("Passed to deputy %(name)s.") % {"name": deputy.name},
    )
    if deputy.account_id:
        notify(
            channel="in_app",
            subject=_("An opinion was handed to you"),
            body=_("Case %(code)s: %(title)s") % {"code": suggestion.code, "title": suggestion.title},
            recipient=deputy.account,
            about=suggestion,
            kind="suggestion.handed",
            link=reverse("opinion-detail", args=[suggestion.code]),
            dedupe_key=f"suggestion:{suggestion.pk}:handed:{deputy.pk}",
        )
    return suggestion


@transaction.atomic
def suggestion_take_up(
    *,
    suggestion: Suggestion,
    deputy: Deputy,
    title: str,
    text: str,
    cosigners: Iterable[Deputy] = (),
    actor: Any = None,
) -> Suggestion:
    """A deputy takes an item addressed or handed to them up as a formal deputy suggestion; the
    citizen's item is linked to it (merged), so the citizen sees its progress."""
    if deputy.pk not in (suggestion.deputy_id, suggestion.handed_to_id):
        raise DomainError(_("Only the deputy the item is addressed or handed to can take it up."))
    if suggestion.status == Status.SUBMITTED:
        suggestion = suggestion_accept(suggestion=suggestion, actor=actor)
    formal = deputy_suggestion_file(
        deputy=deputy,
        title=title,
        text=text,
        category=suggestion.category,
        area=suggestion.area,
        cosigners=cosigners,
        actor=actor,
    )
    suggestion_transition(
        suggestion=suggestion,
        action="take_up",
        to_state=Status.MERGED,
        actor=actor,
        public_note=_(
            "Deputy %(name)s took your item up as a formal deputy suggestion, case %(code)s; "
            "you can follow it here."
        )
        % {"name": deputy.name, "code": formal.code},
        fields={"merged_into": formal},
    )
    _close_deadline(suggestion.triage_deadline_id, actor)
    _close_feedback_clock(suggestion, actor)
    _duty_record(deputy=deputy, kind="opinion_taken_up", source=suggestion, note=suggestion.title)
    return formal


@transaction.atomic
def suggestion_mark_key(
    *,
    suggestion: Suggestion,
    is_key: bool,
    lead_official: str = "",
    supervising_leader: Any = None,
    actor: Any,
) -> Suggestion:
    """重点建议: a key suggestion carries a lead official and a supervising leader (002:1201–1203);
    the supervising leader is a committee leader (主任/副主任) of the body handling the item, not a
    clerk and not another body's leader (分级督办, 004:23)."""
    _check_writable(actor, suggestion)
    if is_key and not lead_official.strip():
        raise DomainError(_("A key suggestion needs a lead official."), field="lead_official")
    if is_key and supervising_leader is None:
        raise DomainError(_("A key suggestion needs a supervising leader."), field="supervising_leader")
    if is_key and not body_leaders(suggestion.body_id).filter(pk=supervising_leader.pk).exists():
        raise DomainError(
            _("The supervising leader must be a committee leader of the body handling this item."),
            field="supervising_leader",
        )
    Suggestion.objects.filter(pk=suggestion.pk).update(
        is_key=is_key,
        lead_official=lead_official.strip() if is_key else "",
        supervising_leader=supervising_leader if is_key else None,
    )
    suggestion.refresh_from_db(fields=["is_key", "lead_official", "supervising_leader"])
    _event(
        suggestion,
        action="mark_key" if is_key else "unmark_key",
        actor=actor,
        note=lead_official,
        is_public=False,
    )
    return suggestion
