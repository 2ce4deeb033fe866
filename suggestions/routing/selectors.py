"""Suggested category and lead unit for items at triage, from the newest model of the item's body."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import joblib

from congress.models import Category, HandlingUnit

from ..models import Assignment, Suggestion
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


def _model(body_id: int, target: str) -> tuple[int, Any, float | None] | None:
    newest = (
        RoutingModel.objects.filter(body_id=body_id, target=target)
        .order_by("-version")
        .values_list("pk", "version", "threshold")
        .first()
    )
    if newest is None:
        return None
    key = (body_id, target)
    with _lock:
        cached = _loaded.get(key)
        if cached is None or cached[0] != newest[0]:
            payload = RoutingModel.objects.filter(pk=newest[0]).values_list("payload", flat=True).get()
            cached = (newest[0], joblib.load(io.BytesIO(bytes(payload))), newest[2])
            _loaded[key] = cached
    return cached[0], cached[1], cached[2]


def newest_model(body_id: int, target: str) -> tuple[int, Any, float | None] | None:
    """The newest model of ``body_id`` for ``target``: (row id, fitted pipeline, threshold), or None
    when the body has none. Loaded once per version."""
    return _model(body_id, target)


def routing_hints(suggestions: Sequence[Suggestion], *, k: int = 3) -> dict[int, Hints]:
    """The top ``k`` categories and lead units for each item, with confidences. Units that returned
    an item as misrouted are never suggested for it again. Items of a body without a model get
    empty hints. A fixed number of queries per body in the list, not per item."""
    result: dict[int, Hints] = {s.pk: Hints() for s in suggestions}
    if not suggestions:
        return result
    returned: dict[int, set[str]] = {}
    for suggestion_id, unit_id in Assignment.objects.filter(
        suggestion_id__in=[s.pk for s in suggestions], status=Assignment.Status.RETURNED
    ).values_list("suggestion_id", "unit_id"):
        returned.setdefault(suggestion_id, set()).add(str(unit_id))
    wanted: dict[str, set[int]] = {RoutingTarget.CATEGORY: set(), RoutingTarget.UNIT: set()}
    raw: dict[tuple[int, str], list[tuple[str, float]]] = {}
    for body_id in sorted({int(s.body_id) for s in suggestions if s.body_id is not None}):
        for target in RoutingTarget.values:
            loaded = _model(body_id, target)
            if loaded is None:
                continue
            _row_id, model, threshold = loaded
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
    for (suggestion_id, target), ranked in raw.items():
        hints = result[suggestion_id]
        objects: dict[int, Any] = categories if target == RoutingTarget.CATEGORY else units
        chosen = [
            Hint(choice=objects[int(label)], confidence=p) for label, p in ranked if int(label) in objects
        ]
        if target == RoutingTarget.CATEGORY:
            hints.categories = chosen
        else:
            hints.units = chosen
    return result
