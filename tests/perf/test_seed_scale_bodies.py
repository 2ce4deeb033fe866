"""``seed_scale --bodies``: a city of 1 + districts + townships and streets, every row of the seeded
world belonging to a body of that tree, most of the work below the city, some items transferred, and
the same world again for the same seed (docs/performance.md, "Scoped pages at 1,000,000 items")."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F

from congress import roles
from congress.models import AuditEvent, Body, BodyRole, HandlingUnit, UnitOfficer
from deputies.models import Deputy
from stations.models import Station
from suggestions import scale
from suggestions.models import Assignment, Suggestion, SuggestionEvent
from tests.factories.core import CategoryFactory
from tests.factories.suggestions import SuggestionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
PLAN = scale.Plan(deputies=40, stations=12, suggestions=400, years=2, today=TODAY, bodies=(2, 3))


@pytest.fixture
def seeded() -> dict[str, Any]:
    for _ in range(3):
        CategoryFactory()
    SuggestionFactory()  # the bulk seeder numbers its items after the existing ones
    scale.seed(PLAN, say=lambda line: None)
    # Built again: idempotent, the same tree.
    tree = scale.scale_bodies.build(2, 3, say=lambda line: None)
    return {"tree": tree, "items": Suggestion.objects.filter(code__startswith="Z")}


def _tree_ids(tree: Any) -> set[int]:
    return {tree.root.pk, *(b.pk for b in tree.districts), *(b.pk for b in tree.lower)}


def test_the_tree_has_the_kinds_parents_and_paths_the_scope_uses(seeded):
    tree = seeded["tree"]
    assert len(tree.districts) == 2 and len(tree.lower) == 3
    root = Body.objects.get(pk=tree.root.pk)
    assert root.parent_id is None and root.kind == Body.Kind.CITY
    for district in tree.districts:
        district.refresh_from_db()
        assert district.kind == Body.Kind.COUNTY and district.parent_id == root.pk
        assert district.path == f"{root.path}{district.pk}/"
        assert district.area.parent_id == root.area_id
    district_ids = {b.pk for b in tree.districts}
    for body in tree.lower:
        body.refresh_from_db()
        assert body.kind in (Body.Kind.TOWNSHIP, Body.Kind.STREET)
        assert body.parent_id in district_ids
        assert body.path == f"{body.parent.path}{body.pk}/"
        assert body.area.parent_id == body.parent.area_id
    # A second build of the same size adds nothing.
    assert scale.scale_bodies.build(2, 3, say=lambda line: None).lower == tree.lower


def test_each_district_has_its_term_units_staff_and_leader(seeded):
    tree = seeded["tree"]
    for district in tree.districts:
        assert district.terms.filter(is_current=True, level="county").exists()
        assert HandlingUnit.objects.filter(body=district).count() >= 2
        held = set(BodyRole.objects.filter(body=district).values_list("role", flat=True))
        assert {roles.COMMITTEE_STAFF, roles.COMMITTEE_LEADER} <= held
        assert UnitOfficer.objects.filter(unit__body=district).exists()
    for body in tree.lower:
        assert HandlingUnit.objects.filter(body=body).exists()
        assert body.terms.exists() == body.has_congress


def test_every_seeded_row_belongs_to_a_body_of_the_tree(seeded):
    tree, items = seeded["tree"], seeded["items"]
    ids = _tree_ids(tree)
    assert items.count() == PLAN.suggestions
    assert not items.exclude(body_id__in=ids).exists()
    assert not items.exclude(received_by_id__in=ids).exists()
    assert not Station.objects.filter(slug__startswith="t").exclude(body_id__in=ids).exists()
    assert not Deputy.objects.filter(slug__startswith="s").exclude(term__body_id__in=ids).exists()
    # A dispatch goes to a unit its item's body may task: its own.
    dispatches = Assignment.objects.filter(suggestion__in=items)
    assert dispatches.exists()
    assert not dispatches.exclude(unit__body_id=F("suggestion__body_id")).exists()


def test_most_items_are_handled_below_the_city_and_each_lies_in_its_body_area(seeded):
    tree, items = seeded["tree"], seeded["items"]
    kinds = Counter(items.values_list("body__kind", flat=True))
    assert kinds[Body.Kind.CITY] < PLAN.suggestions * 0.25
    assert kinds[Body.Kind.COUNTY] > 0 and kinds[Body.Kind.TOWNSHIP] + kinds[Body.Kind.STREET] > 0
    below = items.exclude(body=tree.root)
    assert not below.exclude(area_id=F("body__area_id")).exists()


def test_transferred_items_moved_one_level_with_their_history_and_audit_event(seeded):
    items = seeded["items"]
    moved = list(items.exclude(received_by_id=F("body_id")).select_related("body", "received_by"))
    assert moved, "some items are transferred"
    audit = {
        event.object_id: event
        for event in AuditEvent.objects.filter(
            action="transfer", content_type=ContentType.objects.get_for_model(Suggestion)
        )
    }
    directions: Counter[str] = Counter()
    for item in moved:
        source, target = item.received_by, item.body
        assert source.parent_id == target.pk or target.parent_id == source.pk
        assert SuggestionEvent.objects.filter(suggestion=item, action="transfer").count() == 1
        event = audit[item.pk]
        assert (event.from_state, event.to_state) == (str(source.pk), str(target.pk))
        expected = "down" if target.parent_id == source.pk else "up"
        assert event.data["direction"] == expected
        directions[expected] += 1
    assert directions["up"] and directions["down"]


def _world() -> list[tuple[Any, ...]]:
    # Names, not ids: a rolled-back run gives its sequence values away, the next one gets new ids.
    return list(
        Suggestion.objects.filter(code__startswith="Z")
        .order_by("pk")
        .values_list("status", "body__name", "received_by__name", "area__code", "assignments__unit__name")
    )


def test_the_same_seed_gives_the_same_bodies_and_items():
    for _ in range(3):
        CategoryFactory()
    SuggestionFactory()
    with transaction.atomic():
        scale.seed(PLAN, say=lambda line: None)
        first = _world()
        transaction.set_rollback(True)
    scale.seed(PLAN, say=lambda line: None)
    assert _world() == first
    assert len(first) >= PLAN.suggestions
