"""Suggested category and lead unit for items at triage, from the newest model of the item's body."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import joblib
from django.db.models import OuterRef, Subquery

from congress.models import Body, Category, HandlingUnit
from congress.selectors import category_usable_by

from ..models import Assignment, Status, Suggestion
from . import learn
from .models import RoutingModel, RoutingTarget

_lock = threading.Lock()
# (body id, target) → (model row id, fitted pipeline, threshold); reloaded when a newer version exists.
_loaded: dict[tuple[int, str], tuple[int, Any, float | None]] = {}


@dataclass(frozen=True)
class Hint:
    """One suggestion: the category or unit, and the model's confidence (0..1)."""

    choice: Any
    confidence: float


@dataclass
class Hints:
    categories: list[Hint] = field(default_factory=list)
    units: list[Hint] = field(default_factory=list)
    # The automatic-dispatch threshold of the unit model, when the evaluation found one.
    unit_threshold: float | None = None


def _newest_rows(body_ids: Sequence[int]) -> dict[tuple[int, str], tuple[int, float | None]]:
    """(body id, target) → (id, threshold) of the newest model, for all the bodies in one query."""
    newest = RoutingModel.objects.filter(body_id=OuterRef("body_id"), target=OuterRef("target")).order_by(
        "-version"
    )
    rows = RoutingModel.objects.filter(
        body_id__in=body_ids, pk=Subquery(newest.values("pk")[:1])
    ).values_list("pk", "body_id", "target", "threshold")
    return {(body_id, target): (pk, threshold) for pk, body_id, target, threshold in rows}


def _load(body_id: int, target: str, row_id: int, threshold: float | None) -> tuple[int, Any, float | None]:
    """The fitted pipeline of model row ``row_id``, read from the database once per version."""
    key = (body_id, target)
    with _lock:
        cached = _loaded.get(key)
        if cached is None or cached[0] != row_id:
            payload = RoutingModel.objects.filter(pk=row_id).values_list("payload", flat=True).get()
            cached = (row_id, joblib.load(io.BytesIO(bytes(payload))), threshold)
            _loaded[key] = cached
    return cached[0], cached[1], threshold


def _model(body_id: int, target: str) -> tuple[int, Any, float | None] | None:
    newest = _newest_rows([body_id]).get((body_id, target))
    if newest is None:
        return None
    return _load(body_id, target, *newest)


def newest_model(body_id: int, target: str) -> tuple[int, Any, float | None] | None:
    """The newest model of ``body_id`` for ``target``: (row id, fitted pipeline, threshold), or None
    when the body has none. Loaded once per version."""
    return _model(body_id, target)


def routing_hints(suggestions: Sequence[Suggestion], *, k: int = 3) -> dict[int, Hints]:
    """The top ``k`` categories and lead units for each item, with confidences. Units that returned
    an item as misrouted are never suggested for it again. Items of a body without a model get
    empty hints. A fixed number of queries whatever the items and their bodies: one for the newest
    models, one for returned units (only when an item was returned), one each for the categories and
    units named, and one per model version the first time this process uses it."""
    result: dict[int, Hints] = {s.pk: Hints() for s in suggestions}
    body_ids = sorted({int(s.body_id) for s in suggestions if s.body_id is not None})
    newest = _newest_rows(body_ids) if body_ids else {}
    if not newest:
        return result
    # Only an item that was returned can have units to leave out (a new item was never sent).
    returned: dict[int, set[str]] = {}
    was_returned = [s.pk for s in suggestions if s.status != Status.SUBMITTED]
    if was_returned:
        for suggestion_id, unit_id in Assignment.objects.filter(
            suggestion_id__in=was_returned, status=Assignment.Status.RETURNED
        ).values_list("suggestion_id", "unit_id"):
            returned.setdefault(suggestion_id, set()).add(str(unit_id))
    wanted: dict[str, set[int]] = {RoutingTarget.CATEGORY: set(), RoutingTarget.UNIT: set()}
    raw: dict[tuple[int, str], list[tuple[str, float]]] = {}
    for (body_id, target), (row_id, threshold) in sorted(newest.items()):
        _row_id, model, _threshold = _load(body_id, target, row_id, threshold)
        for suggestion in suggestions:
            if suggestion.body_id != body_id:
                continue
            exclude = sorted(returned.get(suggestion.pk, ())) if target == RoutingTarget.UNIT else []
            ranked = learn.top(model, f"{suggestion.title}\n{suggestion.text}", k=k, exclude=exclude)
            raw[(suggestion.pk, target)] = ranked
            wanted[target].update(int(label) for label, _p in ranked)
            if target == RoutingTarget.UNIT:
                result[suggestion.pk].unit_threshold = threshold
    categories = Category.objects.in_bulk(wanted[RoutingTarget.CATEGORY])
    units = HandlingUnit.objects.filter(is_active=True).in_bulk(wanted[RoutingTarget.UNIT])
    # Only a category the item's body uses is offered (a body's own categories, docs/bodies.md);
    # the bodies' paths cost a query only when a hinted category is some body's own.
    owners: dict[int, Body] = {}
    if any(category.body_id for category in categories.values()):
        owners = Body.objects.only("pk", "path").in_bulk(body_ids)
    body_of = {s.pk: s.body_id for s in suggestions}
    for (suggestion_id, target), ranked in raw.items():
        hints = result[suggestion_id]
        objects: dict[int, Any] = categories if target == RoutingTarget.CATEGORY else units
        chosen = [
            Hint(choice=objects[int(label)], confidence=p) for label, p in ranked if int(label) in objects
        ]
        if target == RoutingTarget.CATEGORY:
            body = owners.get(body_of[suggestion_id] or 0)
            hints.categories = [
                hint
                for hint in chosen
                if hint.choice.body_id is None or (body is not None and category_usable_by(hint.choice, body))
            ]
        else:
            hints.units = chosen
    return result
