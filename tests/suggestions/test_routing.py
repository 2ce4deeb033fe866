"""Suggested category and lead unit (智能分办): learnt from a body's own triaged history."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from congress.models import AuditEvent, Category, HandlingUnit
from suggestions.models import Assignment, Status, Suggestion
from suggestions.routing import learn, samples, selectors
from suggestions.routing import services as routing
from suggestions.routing.models import RoutingModel, RoutingTarget
from tests.factories.core import CategoryFactory, HandlingUnitFactory


def test_the_evaluation_on_a_generated_history_reports_every_figure():
    history = samples.samples(210, seed=3)
    texts = [f"{s.title}\n{s.text}" for s in history]
    result = learn.evaluate(texts, [s.category for s in history], folds=3)
    print(f"\ncategory on a generated history: {result.as_dict()}")
    assert result.items == 210 and result.labels == len(samples.TOPICS) and result.folds == 3
    assert result.macro_f1 >= 0.9
    assert result.top3 >= 0.98
    assert result.threshold is not None and result.auto_precision >= learn.TARGET_PRECISION


def test_no_threshold_when_the_top_suggestion_is_too_often_wrong():
    confidences = [0.9] * 100
    correct = [i % 3 != 0 for i in range(100)]  # right two times in three
    assert learn.auto_threshold(confidences, correct) == (None, 0.0)


def test_the_threshold_keeps_precision_above_target():
    confidences = [1 - i / 200 for i in range(200)]
    correct = [i < 100 or i % 2 == 0 for i in range(200)]  # the confident half is always right
    threshold, share = learn.auto_threshold(confidences, correct)
    assert threshold is not None
    chosen = [ok for c, ok in zip(confidences, correct, strict=True) if c >= threshold]
    assert sum(chosen) / len(chosen) >= learn.TARGET_PRECISION
    assert share == len(chosen) / 200


def test_phone_and_id_numbers_are_masked_before_learning():
    assert "13912345678" not in learn.prepare("请联系13912345678")
    assert "110101199003071234" not in learn.prepare("身份证110101199003071234")


def test_a_returned_unit_is_never_suggested_again():
    history = samples.samples(140, seed=4, second_unit_share=0)
    model = learn.train([f"{s.title}\n{s.text}" for s in history], [s.unit for s in history])
    text = "幸福小区的路灯坏了一直没人修"
    best = learn.top(model, text, k=1)[0][0]
    assert best not in [label for label, _p in learn.top(model, text, k=3, exclude=[best])]


@pytest.fixture
def history(db: Any, staff: Any) -> dict[str, Any]:
    """A triaged history of the root body: each generated opinion with its category and its lead
    unit (an active assignment), and one returned dispatch that must not count."""
    codes = sorted(samples.TOPICS)
    categories = {code: CategoryFactory.create(code=code, name=code) for code in codes}
    units: dict[str, HandlingUnit] = {}
    for lead, other, _objects, _problems in samples.TOPICS.values():
        for name in (lead, other):
            if name not in units:
                units[name] = HandlingUnitFactory.create(name=name)
    items = []
    for n, sample in enumerate(samples.samples(105, seed=5, second_unit_share=0)):
        items.append(
            Suggestion(
                code=f"H{n:07d}",
                title=sample.title,
                text=sample.text,
                status=Status.ASSIGNED,
                category=categories[sample.category],
                submitted_at=timezone.now(),
            )
        )
    made = Suggestion.objects.bulk_create(items)
    labels = samples.samples(105, seed=5, second_unit_share=0)
    Assignment.objects.bulk_create(
        Assignment(
            suggestion=item,
            unit=units[sample.unit],
            role=Assignment.Role.LEAD,
            status=Assignment.Status.ACTIVE,
            assigned_at=timezone.now(),
        )
        for item, sample in zip(made, labels, strict=True)
    )
    return {"categories": categories, "units": units, "staff": staff}


def test_training_stores_a_new_version_with_its_evaluation_and_an_audit_event(history):
    body = Suggestion.objects.first().body
    first = routing.routing_model_train(body=body, target=RoutingTarget.CATEGORY, folds=3)
    second = routing.routing_model_train(body=first.body, target=RoutingTarget.CATEGORY, folds=3)
    assert (first.version, second.version) == (1, 2)
    assert first.items == 105 and first.metrics["macro_f1"] >= 0.9
    assert AuditEvent.objects.filter(action="routing_model_train", object_id=second.pk).exists()


def test_too_little_history_trains_nothing(db):
    body = Suggestion._meta.get_field("body").get_default()
    from congress.models import Body

    assert routing.routing_model_train(body=Body.objects.get(pk=body), target=RoutingTarget.UNIT) is None
    assert not RoutingModel.objects.exists()


def test_triage_hints_offer_three_categories_and_units_with_confidence(history, submit):
    body = Suggestion.objects.first().body
    routing.routing_model_train(body=body, target=RoutingTarget.CATEGORY, folds=3)
    routing.routing_model_train(body=body, target=RoutingTarget.UNIT, folds=3)
    item = submit(title="井盖丢失", text="民主路的井盖丢失了很危险，希望尽快处理。").suggestion
    hints = selectors.routing_hints([item])[item.pk]
    assert hints.categories[0].choice == history["categories"]["urban"]
    assert hints.units[0].choice == history["units"]["示范市城市管理局"]
    assert len(hints.categories) == 3 and len(hints.units) == 3
    assert all(0 < h.confidence <= 1 for h in hints.categories + hints.units)
    assert isinstance(hints.categories[0].choice, Category)
