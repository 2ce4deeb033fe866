"""Hotspots (热点民情) are found across the whole network, but the statistics dashboard shows each
body only its own part of a cluster: a district never reads a sibling's items, codes or places
through a cluster they share, and a part below the threshold is not a hotspot for that body."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from suggestions import services
from suggestions.reports import hotspots_current
from suggestions.services.hotspots import hotspots_detect

from ..suggestions.test_hotspots import BURST

STATISTICS = reverse("admin:reports_statistics")
TEXTS = [*BURST, "实验小学校车超载太严重了，请交警查一查。", "实验小学门口的校车超载，学生站在过道。"]


def _submit(network, body_key, area_key, text, hours_ago):
    return services.suggestion_submit(
        submission=services.SubmissionInput(
            channel="web",
            title=text[:12],
            text=text,
            area=network.areas[area_key],
            submitter_mobile="13912345678",
            consent_privacy=True,
            body_id=getattr(network, body_key).pk,
            submitted_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        )
    ).suggestion


def _cluster(network):
    # The sibling's three items come first: the whole cluster's first item is theirs.
    theirs = [_submit(network, "sibling", "sibling", TEXTS[n], 40 - n) for n in range(3)]
    mine = [_submit(network, "district", "district", TEXTS[n], 30 - n) for n in range(3, 8)]
    services.term_frequencies_refresh()
    found = hotspots_detect()
    assert len(found) == 1 and found[0].size == 8
    return theirs, mine


def test_each_body_reads_only_its_own_part_of_a_shared_cluster(network):
    theirs, mine = _cluster(network)
    whole = hotspots_current()
    assert [(h.size, h.first_code) for h in whole] == [(8, theirs[0].code)]

    district = hotspots_current(body_ids=[network.district.pk, network.street.pk, network.township.pk])
    assert [(h.size, h.first_code, h.areas) for h in district] == [(5, mine[0].code, ["甲区"])]
    assert hotspots_current(body_ids=[network.sibling.pk]) == []  # 3 items: below the threshold


def test_the_district_dashboard_shows_no_sibling_code_or_place(client, network):
    theirs, mine = _cluster(network)
    cache.clear()
    client.force_login(network.staff["district"])
    page = client.get(STATISTICS).content.decode()
    section = page[page.index('<section class="stats-hotspots"') :].split("</section>", 1)[0]
    assert "校车" in section and mine[0].code in section and "甲区" in section
    assert not any(item.code in page for item in theirs)
    assert "乙区" not in section, section

    client.force_login(network.staff["sibling"])
    cache.clear()
    page = client.get(STATISTICS).content.decode()
    assert '<section class="stats-hotspots"' not in page


def test_the_notice_counts_only_the_items_the_notified_body_reads(network):
    from congress.notifications.models import Notification

    theirs, _mine = _cluster(network)
    notice = Notification.objects.get(kind="suggestion.hotspot", recipient=network.staff["sibling"])
    # The count is the sibling's 3 items, not the cluster's 8 (a tracking code may hold digits too).
    assert "有3件" in notice.body and "有8件" not in notice.body, notice.body
    assert "乙区" in notice.body and "甲区" not in notice.body and theirs[0].code in notice.body
    assert not Notification.objects.filter(
        kind="suggestion.hotspot", recipient=network.staff["district"]
    ).exists()
