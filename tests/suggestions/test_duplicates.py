"""Likely duplicates: similar text in the same area and period."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from suggestions import selectors
from suggestions.models import Suggestion
from tests.factories.core import StreetFactory

TEXT = "东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全。"


@pytest.fixture(params=["trigram", "fallback"])
def engine(request, monkeypatch, db):
    if request.param == "fallback":
        monkeypatch.setattr(selectors, "trigram_available", lambda: False)
    elif not selectors.trigram_available():
        pytest.skip("pg_trgm is not installed in this database")
    return request.param


def test_similar_text_in_the_same_area_is_suggested(engine, submit):
    first = submit(text=TEXT).suggestion
    second = submit(text=TEXT.replace("两个星期", "半个月")).suggestion
    found = [item for item, _score in selectors.suggestion_duplicates(second)]
    assert found == [first]


def test_other_areas_unrelated_text_and_merged_items_are_not(engine, submit, make, staff):
    from suggestions import services

    other_area = submit(text=TEXT, area=StreetFactory()).suggestion
    unrelated = submit(text="建议在社区增设老年食堂，方便独居老人用餐。").suggestion
    merged = submit(text=TEXT).suggestion
    services.suggestion_merge(suggestion=merged, into=unrelated, actor=staff)
    item = submit(text=TEXT).suggestion
    found = [i for i, _score in selectors.suggestion_duplicates(item)]
    assert other_area not in found and unrelated not in found and merged not in found


def test_items_outside_the_period_are_not_suggested(engine, submit):
    old = submit(text=TEXT).suggestion
    Suggestion.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=200))
    item = submit(text=TEXT).suggestion
    assert selectors.suggestion_duplicates(item) == []
