"""Training the routing models of a body (智能分办): from its own triaged history, on demand (admin
action) and by a periodic task."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import joblib
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from congress.audit import audit_record
from congress.models import Body

from ..models import Assignment, Status, Suggestion
from . import learn
from .models import RoutingModel, RoutingTarget

# Fewer triaged items than this, or fewer than two labels, and there is nothing worth learning.
MIN_ITEMS = 30
# Labels seen fewer times than learn.MIN_PER_LABEL are left out of training (they cannot be learnt);
# staff still pick them by hand.
MIN_PER_LABEL = learn.MIN_PER_LABEL
# The newest items first, at most this many (a body's recent practice is what counts).
MAX_ITEMS = 100_000

UNTRIAGED = (Status.SUBMITTED, Status.REJECTED, Status.MERGED, Status.RETURNED)


@dataclass(frozen=True)
class History:
    texts: list[str]
    labels: list[str]


def routing_history(*, body: Body, target: str, max_items: int = MAX_ITEMS) -> History:
    """What staff of ``body`` chose: each triaged item's title and text with its category, or with the
    unit it was last sent to as lead and that did not send it back (a return says the route was
    wrong, so that dispatch never counts as a label).

    Items imported from the office's ledger (``services.suggestions_history_import``) count as the
    portal's own: their dispatches are assignments like a clerk's, the units that returned them are
    returned assignments, and their category is the office's even for an item only received (the
    ledger's category was never a submitter's pick, which is why a new item still to triage is
    otherwise left out)."""
    if target == RoutingTarget.CATEGORY:
        imported_untriaged = Q(status=Status.SUBMITTED) & ~Q(office_ref="")
        rows = list(
            Suggestion.objects.filter(body=body, category__isnull=False)
            .filter(~Q(status__in=UNTRIAGED) | imported_untriaged)
            .order_by("-submitted_at")
            .values_list("title", "text", "category_id")[:max_items]
        )
    else:
        rows = list(
            Assignment.objects.filter(
                suggestion__body=body,
                role=Assignment.Role.LEAD,
                status__in=(Assignment.Status.ACTIVE, Assignment.Status.DONE),
            )
            .order_by("-assigned_at")
            .values_list("suggestion__title", "suggestion__text", "unit_id")[:max_items]
        )
    counts: dict[str, int] = {}
    for _title, _text, label in rows:
        counts[str(label)] = counts.get(str(label), 0) + 1
    kept = [
        (f"{title}\n{text}", str(label)) for title, text, label in rows if counts[str(label)] >= MIN_PER_LABEL
    ]
    return History(texts=[t for t, _label in kept], labels=[label for _t, label in kept])


def _dump(model: Any) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    return buffer.getvalue()


@transaction.atomic
def routing_model_train(
    *, body: Body, target: str, actor: Any = None, folds: int = 5, max_items: int = MAX_ITEMS
) -> RoutingModel | None:
    """Evaluate (cross-validation) and train a new version of ``body``'s model for ``target`` on its
    own history. Returns None, changing nothing, when the history is too small to learn from."""
    history = routing_history(body=body, target=target, max_items=max_items)
    if len(history.texts) < MIN_ITEMS or len(set(history.labels)) < 2:
        return None
    evaluation = learn.evaluate(history.texts, history.labels, folds=folds)
    model = learn.train(history.texts, history.labels)
    version = (
        RoutingModel.objects.select_for_update()
        .filter(body=body, target=target)
        .aggregate(v=Max("version"))["v"]
        or 0
    ) + 1
    row = RoutingModel.objects.create(
        body=body,
        target=target,
        version=version,
        trained_at=timezone.now(),
        items=len(history.texts),
        labels=sorted(set(history.labels)),
        metrics=evaluation.as_dict(),
        threshold=evaluation.threshold,
        payload=_dump(model),
    )
    audit_record(
        target=row,
        action="routing_model_train",
        actor=actor,
        note=f"v{version}",
        data={
            "items": row.items,
            "macro_f1": round(evaluation.macro_f1, 3),
            "top3": round(evaluation.top3, 3),
        },
    )
    return row


def routing_models_retrain(*, bodies: Any = None, actor: Any = None) -> int:
    """Retrain both models of every body (or of ``bodies``) with enough history (the periodic task,
    the admin's button). Returns how many models were written."""
    written = 0
    for body in Body.objects.order_by("pk") if bodies is None else bodies:
        for target in RoutingTarget.values:
            if routing_model_train(body=body, target=target, actor=actor) is not None:
                written += 1
    return written
