"""Changelists of big tables count at most CAP + 1 rows, then trust the planner's estimate."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.admin_paging import BoundedCountPaginator, estimated_count
from suggestions.models import Suggestion
from tests.factories.suggestions import SuggestionFactory

pytestmark = pytest.mark.django_db


class SmallCap(BoundedCountPaginator):
    cap = 5


def test_count_is_exact_up_to_the_cap():
    for _ in range(4):
        SuggestionFactory()
    assert SmallCap(Suggestion.objects.all(), 2).count == 4


def test_past_the_cap_the_count_comes_from_the_planner_without_reading_the_table():
    for _ in range(8):
        SuggestionFactory()
    with CaptureQueriesContext(connection) as queries:
        count = SmallCap(Suggestion.objects.all(), 2).count
    assert count >= 6  # at least cap + 1, whatever the estimate says
    assert any("LIMIT 6" in q["sql"] for q in queries.captured_queries)
    assert any(q["sql"].startswith("EXPLAIN") for q in queries.captured_queries)
    assert not any("COUNT(*)" in q["sql"] and "LIMIT" not in q["sql"] for q in queries.captured_queries)


def test_the_estimate_follows_the_filter():
    for _ in range(3):
        SuggestionFactory(status="closed")
    assert estimated_count(Suggestion.objects.filter(status="closed")) >= 1


def test_the_suggestion_changelist_never_counts_the_whole_table(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.cn", "Secret#2026")
    client.force_login(admin)
    SuggestionFactory()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/suggestions/suggestion/").status_code == 200
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and "suggestions_suggestion" in q["sql"]
    ]
    assert counts and all("LIMIT" in sql for sql in counts)
