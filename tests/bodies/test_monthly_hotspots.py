"""The monthly dispatch report carries the month's hotspots (热点民情) of its body, cut as the
statistics dashboard cuts them: a district's leaders read their own part of a cluster shared with a
sibling, with its words, size and places; the sibling, whose part is below the threshold, reads no
hotspot and none of the district's codes or places, and the district none of the sibling's."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from congress import roles
from congress.reports.models import Report
from congress.reports.monthly import monthly_key_report_send
from suggestions.models import Hotspot
from suggestions.reports import hotspots_in_period
from suggestions.services import term_frequencies_refresh
from suggestions.services.hotspots import hotspots_detect
from tests.factories.core import body_staff
from tests.reports.pdftext import pdf_text

from .test_hotspot_scope import _cluster, _submit

pytestmark = pytest.mark.django_db
ZONE = datetime.timezone(datetime.timedelta(hours=8))
NOVEMBER = datetime.datetime(2026, 11, 20, 9, tzinfo=ZONE)
NOVEMBER_END = datetime.datetime(2026, 11, 30, 20, tzinfo=ZONE)
FIRST = datetime.datetime(2026, 12, 1, 8, tzinfo=ZONE)
HEADING = "本月热点民情"


def _hotspot_section(text: str) -> str:
    """The report's hotspot section: from its heading to the end of the document."""
    assert HEADING in text, text
    return text[text.index(HEADING) :]


def test_each_body_s_monthly_report_lists_only_its_own_part_of_a_hotspot(network):
    for key in ("district", "sibling"):
        body_staff(getattr(network, key), role=roles.COMMITTEE_LEADER, username=f"leader_{key}")
    with time_machine.travel(NOVEMBER, tick=False):
        theirs, mine = _cluster(network)
    label = Hotspot.objects.get().label
    with time_machine.travel(FIRST, tick=False):
        monthly_key_report_send()
    texts = {
        report.body.name: pdf_text(report.file.read())
        for report in Report.objects.filter(kind=Report.Kind.KEY_MONTHLY).select_related("body")
    }
    district, sibling = texts["甲区人大常委会"], texts["乙区人大常委会"]

    section = _hotspot_section(district)
    row = next(line for line in section.splitlines() if mine[0].code in line)
    assert label.split("、")[0] in row and "甲区" in row, section
    assert row.split()[1:3] == ["5", "5"], row  # five of the district's items, all in November
    assert not any(item.code in district for item in theirs)
    assert "乙区" not in district

    section = _hotspot_section(sibling)
    assert label.split("、")[0] not in section  # three items: below the threshold
    assert not any(item.code in sibling for item in theirs + mine)
    assert "甲区" not in sibling

    whole = _hotspot_section(texts[network.root.name])
    row = next(line for line in whole.splitlines() if theirs[0].code in line)
    assert row.split()[1:3] == ["8", "8"], row


def test_a_month_lists_the_hotspots_seen_in_it_only(network):
    with time_machine.travel(NOVEMBER, tick=False):
        _cluster(network)
    november = hotspots_in_period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert [view.size for view in november] == [8]
    assert hotspots_in_period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)) == []
    assert hotspots_in_period(datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)) == []


def test_a_cluster_that_grew_on_counts_in_a_month_as_it_stood_at_its_end(network):
    with time_machine.travel(NOVEMBER_END, tick=False):
        _cluster(network)
    with time_machine.travel(FIRST + datetime.timedelta(hours=4), tick=False):
        for hours, text in enumerate(
            ("实验小学校车超载，孩子上学很不安全。", "实验小学的校车天天超载，请管一管。")
        ):
            _submit(network, "district", "district", text, hours + 1)
        term_frequencies_refresh()
        assert [hotspot.size for hotspot in hotspots_detect()] == [10]
    district = [network.district.pk, network.street.pk, network.township.pk]
    november = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    december = (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
    assert [(view.size, view.recent) for view in hotspots_in_period(*november)] == [(8, 8)]
    assert [view.size for view in hotspots_in_period(*november, body_ids=district)] == [5]
    assert [(view.size, view.recent) for view in hotspots_in_period(*december)] == [(10, 2)]
