"""Hotspots (热点民情): a burst of similar items across streets within a week is found, and staff are
told once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from congress.notifications.models import Notification
from suggestions import services
from suggestions.models import Hotspot
from suggestions.services.hotspots import hotspots_detect
from tests.factories.core import StreetFactory

# Made aware in the portal zone by make_aware.
NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 18, 0))  # noqa: DTZ001
BURST = [
    "实验小学门口校车超载，孩子挤在过道里很危险。",
    "实验小学的校车严重超载，希望管一管。",
    "实验小学校车超载问题请尽快处理，家长都很担心。",
    "实验小学接送孩子的校车超载，过道站满了学生。",
    "校车超载！实验小学每天早上都这样。",
    "实验小学校车超员超载，存在安全隐患。",
]
OTHERS = [
    "幸福小区门口路灯坏了不亮。",
    "民主路井盖丢失，晚上很危险。",
    "菜市场环境卫生差，地面污水横流。",
    "社区医院药品不全，老人买药难。",
]


@pytest.fixture
def burst(submit, staff):
    streets = [StreetFactory() for _ in range(3)]
    for n, body in enumerate(BURST):
        at = NOW - datetime.timedelta(days=3) + datetime.timedelta(hours=10 * n)
        submit(title=body[:12], text=body, area=streets[n % 3], submitted_at=at)
    for n, body in enumerate(OTHERS):
        submit(title=body[:8], text=body, area=streets[n % 3], submitted_at=NOW - datetime.timedelta(days=n))
    services.term_frequencies_refresh()
    return streets


def test_a_burst_across_streets_is_a_hotspot_named_by_its_words(burst):
    found = hotspots_detect(now=NOW)
    assert len(found) == 1
    hotspot = found[0]
    assert hotspot.size == len(BURST)
    assert "校车" in hotspot.label and "超载" in hotspot.label
    assert len(hotspot.areas) == 3
    assert hotspot.recent >= 1


def test_a_name_leaves_out_the_wording_of_forms_and_ledgers(submit, staff):
    streets = [StreetFactory() for _ in range(3)]
    for n, body in enumerate(BURST):
        at = NOW - datetime.timedelta(days=3) + datetime.timedelta(hours=10 * n)
        # Every item in the words of a ledger: 关于…的问题, 群众反映的具体情况已登记，请有关部门核实处理.
        submit(
            title=f"关于实验小学校车超载的问题{n}",
            text=f"群众反映的具体情况已登记，请有关部门核实处理。{body}",
            area=streets[n % 3],
            submitted_at=at,
        )
    for n, body in enumerate(OTHERS):
        submit(
            title=f"关于{body[:6]}的问题",
            text=f"群众反映的具体情况已登记，请有关部门核实处理。{body}",
            area=streets[n % 3],
            submitted_at=NOW - datetime.timedelta(days=n),
        )
    services.term_frequencies_refresh()
    found = hotspots_detect(now=NOW)
    assert found, "the burst is still found"
    label = found[0].label
    assert "校车" in label
    for wording in ("关于", "具体", "情况", "群众", "反映", "登记", "核实"):
        assert wording not in label, label


def test_staff_are_told_once_however_often_it_runs(burst, staff):
    hotspots_detect(now=NOW)
    hotspots_detect(now=NOW + datetime.timedelta(hours=1))
    notices = Notification.objects.filter(kind="suggestion.hotspot", recipient=staff)
    assert notices.count() == 1
    assert "校车" in notices.get().subject
    assert Hotspot.objects.count() == 1


def test_a_few_similar_items_or_an_old_burst_are_not_a_hotspot(burst):
    assert hotspots_detect(now=NOW + datetime.timedelta(days=30)) == []


def test_a_name_leaves_out_pairs_inside_its_words_and_halves_of_a_negation():
    from suggestions import text

    units = ["老年食堂", "老年", "年食", "食堂", "服务", "务不", "不到", "不合理"]
    worthy = [unit for unit in units if text.label_worthy(unit)]
    assert "务不" not in worthy and "不到" not in worthy and "不合理" in worthy
    # A pair inside a longer word chosen (年食 of 老年食堂) goes with the word's own parts.
    assert text.label_words(worthy) == ["老年食堂", "服务", "不合理"]
