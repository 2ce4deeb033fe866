"""Automatic dispatch (自动分办, issue 24): a new citizen opinion whose suggested category and lead
unit are both confident enough is accepted and sent to the unit without a clerk, through the same
triage services a clerk uses, and listed for a clerk's check. Off unless
``SUGGESTIONS_AUTO_DISPATCH`` is set (docs/suggestions.md §11).

Rules:

* Only what a clerk could do: the item's body's newest models, only active units of that body, only
  an active category, and the usual ``suggestion_accept`` / ``suggestion_assign`` (their rules, history
  and notices). The actor is the system (no user).
* Only plain cases: a citizen opinion still waiting for triage, not addressed or handed to a deputy
  (the deputy may take it up), without likely duplicates (merging is a clerk's decision), and whose
  own category, if the submitter chose one, is the one suggested.
* The threshold is the one the evaluation found to give ≥ 95 % precision (``RoutingModel.threshold``,
  the larger of the category and unit models'), or ``SUGGESTIONS_AUTO_DISPATCH_THRESHOLD`` when set;
  both suggestions must reach it. A unit's return of an automatically dispatched item raises the
  route's threshold (``RouteTrust``), and enough returns switch the route off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audit_record
from congress.bodies import can_write_body
from congress.errors import DomainError
from congress.models import Category, HandlingUnit
from congress.selectors import categories_for_body

from ..conf import conf
from ..models import Kind, Status, Suggestion
from ..querysets import is_committee
from ..services._common import _event
from ..services.assignment import suggestion_assign
from ..services.triage import suggestion_categorise
from ..text.models import SuggestionTerms
from . import learn
from .models import AutoDispatch, RoutingTarget
from .selectors import newest_model
from .trust import route_threshold


@dataclass(frozen=True)
class Decision:
    """What the models say about one item, and the confidence both suggestions had to reach."""

    category: Category
    unit: HandlingUnit
    category_confidence: float
    unit_confidence: float
    threshold: float
    category_model_id: int
    unit_model_id: int


def _eligible(suggestion: Suggestion) -> bool:
    return (
        suggestion.status == Status.SUBMITTED
        and suggestion.kind == Kind.CITIZEN_OPINION
        and suggestion.body_id is not None
        and suggestion.deputy_id is None
        and suggestion.handed_to_id is None
    )


def _has_duplicates(suggestion: Suggestion) -> bool:
    found = SuggestionTerms.objects.filter(suggestion_id=suggestion.pk).values_list("duplicates", flat=True)
    return bool(found.first())


def auto_dispatch_decide(suggestion: Suggestion) -> Decision | None:
    """The route the models would take for ``suggestion`` on their own, or None when a clerk must
    decide (no model for its body, a suggestion below the threshold, a route switched off, a unit of
    another body or an inactive one, a category other than the submitter's)."""
    if not _eligible(suggestion) or _has_duplicates(suggestion):
        return None
    body_id = int(suggestion.body_id or 0)
    category_model = newest_model(body_id, RoutingTarget.CATEGORY)
    unit_model = newest_model(body_id, RoutingTarget.UNIT)
    if category_model is None or unit_model is None:
        return None
    text = f"{suggestion.title}\n{suggestion.text}"
    category_label, category_p = learn.top(category_model[1], text, k=1)[0]
    unit_label, unit_p = learn.top(unit_model[1], text, k=1)[0]
    # Only a category the item's body uses (docs/bodies.md): a model trained on items that came in
    # from elsewhere may name another body's.
    category = categories_for_body(body_id).filter(pk=int(category_label)).first()
    # A model trained for this body knows only its units, but a unit may have been moved or
    # deactivated since: the body's active units only.
    unit = HandlingUnit.objects.filter(pk=int(unit_label), body_id=body_id, is_active=True).first()
    if category is None or unit is None:
        return None
    if suggestion.category_id is not None and suggestion.category_id != category.pk:
        return None
    setting = conf("SUGGESTIONS_AUTO_DISPATCH_THRESHOLD")
    if setting is not None:
        base: float | None = float(setting)
    elif category_model[2] is None or unit_model[2] is None:
        base = None
    else:
        base = max(float(category_model[2]), float(unit_model[2]))
    threshold = route_threshold(body_id=body_id, category_id=category.pk, unit_id=unit.pk, base=base)
    if threshold is None or category_p < threshold or unit_p < threshold:
        return None
    return Decision(
        category=category,
        unit=unit,
        category_confidence=category_p,
        unit_confidence=unit_p,
        threshold=threshold,
        category_model_id=category_model[0],
        unit_model_id=unit_model[0],
    )


def suggestion_auto_dispatch(*, suggestion_id: int) -> AutoDispatch | None:
    """Accept and assign a newly submitted item without a clerk when automatic dispatch is on and
    the models are confident enough (module docstring). Safe to run twice: an item no longer
    waiting for triage is left alone. Returns the record, or None when a clerk must decide."""
    if not conf("SUGGESTIONS_AUTO_DISPATCH"):
        return None
    suggestion = Suggestion.objects.filter(pk=suggestion_id).first()
    if suggestion is None:
        return None
    # The models run outside the transaction: no row is locked while they think.
    decision = auto_dispatch_decide(suggestion)
    if decision is None:
        return None
    note = _(
        "Dispatched automatically by the routing model: category %(category)s (confidence "
        "%(category_p).2f), lead unit %(unit)s (confidence %(unit_p).2f), threshold %(threshold).2f. "
        "To be checked by staff."
    ) % {
        "category": decision.category,
        "category_p": decision.category_confidence,
        "unit": decision.unit.name,
        "unit_p": decision.unit_confidence,
        "threshold": decision.threshold,
    }
    try:
        with transaction.atomic():
            locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
            if not _eligible(locked) or AutoDispatch.objects.filter(suggestion=locked).exists():
                return None
            _event(locked, action="auto_dispatch", actor=None, note=note, is_public=False)
            if locked.category_id is None:
                locked = suggestion_categorise(suggestion=locked, category=decision.category, actor=None)
            suggestion_assign(suggestion=locked, lead_unit=decision.unit, actor=None, note=decision.unit.name)
            row = AutoDispatch.objects.create(
                suggestion=locked,
                category=decision.category,
                unit=decision.unit,
                category_confidence=decision.category_confidence,
                unit_confidence=decision.unit_confidence,
                threshold=decision.threshold,
                category_model_id=decision.category_model_id,
                unit_model_id=decision.unit_model_id,
                dispatched_at=timezone.now(),
            )
            audit_record(
                target=locked,
                action="suggestion_auto_dispatch",
                actor=None,
                note=note,
                data={
                    "category": decision.category.pk,
                    "unit": decision.unit.pk,
                    "category_confidence": round(decision.category_confidence, 4),
                    "unit_confidence": round(decision.unit_confidence, 4),
                    "threshold": round(decision.threshold, 4),
                },
            )
    except DomainError:
        # The item moved on or a rule of the triage services refused: a clerk decides, as always.
        return None
    return row


def auto_dispatch_enqueue(suggestion_id: int) -> None:
    """After a submission commits, when automatic dispatch is on: hand the item to the worker. If the
    broker is down nothing is lost: the item simply waits in the triage queue for a clerk."""
    if not conf("SUGGESTIONS_AUTO_DISPATCH"):
        return
    from ..tasks import suggestion_auto_dispatch as task

    def send() -> None:
        try:
            task.delay(suggestion_id)
        except Exception:  # broker unreachable: the item is triaged by hand
            return

    transaction.on_commit(send)


@transaction.atomic
def auto_dispatch_check(*, suggestions: Iterable[Suggestion], actor: Any) -> int:
    """A clerk confirms automatically dispatched items (自动分办复核): each leaves the list of items
    to check, with a history step and an audit event. Committee staff of the item's own body only.
    Returns how many were marked."""
    if not is_committee(actor):
        raise DomainError(_("Only committee staff can check automatic dispatches."))
    done = 0
    for suggestion in suggestions:
        if not can_write_body(actor, suggestion.body_id):
            raise DomainError(
                _("This item is handled by another body: you may only read it."), code="body_read_only"
            )
        marked = AutoDispatch.objects.filter(suggestion_id=suggestion.pk, checked_at__isnull=True).update(
            checked_at=timezone.now(), checked_by=actor
        )
        if not marked:
            continue
        _event(suggestion, action="auto_dispatch_checked", actor=actor, is_public=False)
        audit_record(target=suggestion, action="auto_dispatch_check", actor=actor)
        done += 1
    return done
