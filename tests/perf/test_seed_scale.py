"""``seed_scale`` builds years of data with bulk SQL, in realistic proportions, the same for a seed."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count

from deputies.models import Deputy, DutyRecord
from stations.models import Reception, Station, StationMembership
from suggestions import scale
from suggestions.models import Assignment, Rating, Reply, Status, Suggestion
from tests.factories.core import (
    CategoryFactory,
    CityFactory,
    DistrictFactory,
    HandlingUnitFactory,
    TermFactory,
    UnitOfficerFactory,
    UserFactory,
)
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.suggestions import SuggestionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
PLAN = scale.Plan(deputies=60, stations=12, suggestions=3000, years=2, today=TODAY)


@pytest.fixture
def demo_like():
    city = CityFactory()
    for _ in range(3):
        DistrictFactory(parent=city)
    for _ in range(4):
        CategoryFactory()
    units = [HandlingUnitFactory() for _ in range(5)]
    UnitOfficerFactory(unit=units[3], user=UserFactory(username="unit"))
    TermFactory(is_current=True)
    DeputyFactory(user=UserFactory(username="deputy"))
    StationFactory()
    SuggestionFactory()
    return units[3]


def _statuses() -> Counter[str]:
    return Counter(Suggestion.objects.filter(code__startswith="Z").values_list("status", flat=True))


def test_seed_reaches_the_sizes_asked_for(demo_like):
    scale.seed(PLAN, say=lambda line: None)
    assert Deputy.objects.count() == 60
    assert Station.objects.count() == 12
    assert Suggestion.objects.filter(code__startswith="Z").count() == 3000
    assert not Deputy.objects.exclude(pk__in=StationMembership.objects.values("deputy_id")).exists()
    assert DutyRecord.objects.count() == 60 * 20 * 2
    assert Reception.objects.count() == 12 * 12 * 2


def test_old_items_are_mostly_closed_and_recent_ones_mostly_open(demo_like):
    scale.seed(PLAN, say=lambda line: None)
    seeded = Suggestion.objects.filter(code__startswith="Z")
    cutoff = datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
    old = Counter(seeded.filter(submitted_at__lt=cutoff).values_list("status", flat=True))
    assert old[Status.CLOSED] / sum(old.values()) > 0.7
    recent_statuses = Counter(
        seeded.filter(submitted_at__gte=datetime.datetime(2026, 11, 12, tzinfo=datetime.UTC)).values_list(
            "status", flat=True
        )
    )
    assert recent_statuses and Status.CLOSED not in recent_statuses
    assert (
        recent_statuses[Status.ASSIGNED] + recent_statuses[Status.SIGNED_FOR]
        > sum(recent_statuses.values()) / 3
    )


def test_dispatched_items_have_one_lead_assignment_and_replies_follow_the_state(demo_like):
    scale.seed(PLAN, say=lambda line: None)
    seeded = Suggestion.objects.filter(code__startswith="Z")
    dispatched = seeded.filter(status__in=scale.DISPATCHED)
    per_item = dispatched.annotate(n=Count("assignments")).values_list("n", flat=True)
    assert set(per_item) == {1}
    assert not Assignment.objects.filter(suggestion__in=seeded.exclude(status__in=scale.DISPATCHED)).exists()
    assert not Reply.objects.filter(suggestion__status__in=["assigned", "signed_for"]).exists()
    assert not Rating.objects.exclude(suggestion__status__in=["rated", "closed"]).exists()
    merged = seeded.filter(status=Status.MERGED)
    assert merged.exists() and not merged.filter(merged_into__isnull=True).exists()


def test_the_demo_unit_is_the_busiest(demo_like):
    scale.seed(PLAN, say=lambda line: None)
    busiest = (
        Assignment.objects.values("unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("unit_id", flat=True)
    )
    assert busiest[0] == demo_like.pk


def test_the_same_seed_gives_the_same_data(demo_like):
    with transaction.atomic():
        scale.seed(PLAN, say=lambda line: None)
        first = _statuses()
        transaction.set_rollback(True)
    scale.seed(PLAN, say=lambda line: None)
    assert _statuses() == first
