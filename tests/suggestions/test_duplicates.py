"""Likely duplicates: items that share the meaning-bearing units of an item's text, in the same area
and period, found through the text index (no server extension)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from suggestions import selectors, services, text
from suggestions.models import Suggestion, SuggestionTerms
from tests.factories.core import StreetFactory

from .duplicate_texts import BACKGROUND, GROUPS

TEXT = "东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全。"

# Floors for the labelled set (tests/suggestions/duplicate_texts.py); the figures printed by
# test_labelled_set_precision_and_recall are what the finder reaches.
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.75


def test_a_paraphrase_shares_the_words_that_carry_its_meaning():
    shared = set(text.units("小区门口路灯坏了不亮")) & set(text.units("路灯不亮了请维修"))
    assert {"路灯", "不亮"} <= shared


def test_function_characters_and_stop_words_are_not_units():
    units = text.units("希望有关部门尽快解决这个问题了")
    assert not units.keys() & {"问题", "希望", "有关", "部门", "题了"}


def test_shared_units_are_marked_as_whole_phrases():
    pieces = text.highlight_spans("幸福小区的路灯不亮了", ["路灯", "灯不", "不亮"])
    assert ("路灯不亮", True) in pieces
    assert "".join(piece for piece, _hit in pieces) == "幸福小区的路灯不亮了"


def test_submission_stores_the_units_of_title_and_text(submit):
    item = submit(title="井盖丢失", text="民主路口的井盖没了").suggestion
    row = SuggestionTerms.objects.get(pk=item.pk)
    assert {"井盖", "丢失", "民主"} <= set(row.terms)
    assert row.area_id == item.area_id and row.submitted_at == item.submitted_at


def test_similar_text_in_the_same_area_is_suggested(submit):
    first = submit(text=TEXT).suggestion
    second = submit(text=TEXT.replace("两个星期", "半个月")).suggestion
    services.term_frequencies_refresh()
    found = selectors.suggestion_duplicates(second)
    assert [d.suggestion for d in found] == [first]
    assert found[0].score > 0.5
    assert "路灯" in "".join(found[0].shared)


def test_other_areas_unrelated_text_and_merged_items_are_not(submit, staff):
    other_area = submit(text=TEXT, area=StreetFactory()).suggestion
    unrelated = submit(text="建议在社区增设老年食堂，方便独居老人用餐。").suggestion
    merged = submit(text=TEXT).suggestion
    services.suggestion_merge(suggestion=merged, into=unrelated, actor=staff)
    item = submit(text=TEXT).suggestion
    services.term_frequencies_refresh()
    found = [d.suggestion for d in selectors.suggestion_duplicates(item)]
    assert other_area not in found and unrelated not in found and merged not in found


def test_items_outside_the_period_are_not_suggested(submit):
    old = submit(text=TEXT).suggestion
    moved = timezone.now() - datetime.timedelta(days=200)
    Suggestion.objects.filter(pk=old.pk).update(submitted_at=moved)
    SuggestionTerms.objects.filter(pk=old.pk).update(submitted_at=moved)
    item = submit(text=TEXT).suggestion
    assert selectors.suggestion_duplicates(item) == []


def test_the_triage_list_shows_what_was_found_at_submission(submit):
    first = submit(text=TEXT).suggestion
    second = submit(text=TEXT + "请维修。").suggestion
    stored = SuggestionTerms.objects.get(pk=second.pk).duplicates
    assert [code for _pk, code, _score in stored] == [first.code]


def test_anonymisation_reindexes_the_scrubbed_text(submit):
    item = submit(text="我叫王小明，住在幸福小区，门口路灯坏了。", submitter_name="王小明").suggestion
    assert "小明" in SuggestionTerms.objects.get(pk=item.pk).terms
    services.suggestion_anonymise(suggestion=item)
    assert "小明" not in SuggestionTerms.objects.get(pk=item.pk).terms


def test_backfill_indexes_items_that_predate_the_index(submit):
    items = [submit(text=f"第{n}次反映：路灯坏了不亮").suggestion for n in range(3)]
    SuggestionTerms.objects.all().delete()
    assert services.suggestions_text_backfill(batch_size=2) == 3
    assert SuggestionTerms.objects.filter(pk__in=[i.pk for i in items], version=text.VERSION).count() == 3
    assert services.suggestions_text_backfill() == 0


def test_finding_duplicates_costs_a_fixed_number_of_queries(submit):
    for n in range(12):
        submit(text=f"{TEXT}第{n}次")
    item = submit(text=TEXT).suggestion
    services.term_frequencies_refresh()
    with CaptureQueriesContext(connection) as queries:
        found = selectors.suggestion_duplicates(item)
    assert len(found) == 5
    # the item's units, their frequencies, the scored candidates, the items themselves
    assert len(queries) == 4


@pytest.fixture
def labelled(submit: Any) -> dict[int, str]:
    """Submit the labelled set (background first, then the groups interleaved, as a queue would
    receive them); returns the group of each item id."""
    places = {key: StreetFactory() for key in "ABC"}
    group_of: dict[int, str] = {}
    for place, body in BACKGROUND:
        item = submit(title=body[:10], text=body, area=places[place]).suggestion
        group_of[item.pk] = f"background-{item.pk}"
    queues = [[(name, place, body) for body in texts] for name, place, texts in GROUPS]
    for entry in itertools.chain.from_iterable(itertools.zip_longest(*queues)):
        if entry is None:
            continue
        name, place, body = entry
        item = submit(title=body[:10], text=body, area=places[place]).suggestion
        group_of[item.pk] = name
    services.term_frequencies_refresh()
    return group_of


def test_labelled_set_precision_and_recall(labelled):
    found_pairs: set[frozenset[int]] = set()
    for item in Suggestion.objects.filter(pk__in=labelled):
        for duplicate in selectors.suggestion_duplicates(item, limit=10):
            found_pairs.add(frozenset((item.pk, duplicate.suggestion.pk)))
    true_pairs = {
        frozenset(pair)
        for pair in itertools.combinations(labelled, 2)
        if labelled[pair[0]] == labelled[pair[1]]
    }
    hits = found_pairs & true_pairs
    precision = len(hits) / len(found_pairs) if found_pairs else 0.0
    recall = len(hits) / len(true_pairs)
    wrong = sorted(tuple(sorted(labelled[i] for i in pair)) for pair in found_pairs - true_pairs)
    missed = sorted({labelled[next(iter(pair))] for pair in true_pairs - found_pairs})
    print(
        f"\nduplicates on the labelled set: {len(true_pairs)} true pairs, {len(found_pairs)} found, "
        f"precision {precision:.2f}, recall {recall:.2f}; wrong {wrong}; missed in {missed}"
    )
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR
