"""What staff read about time on the admin pages: the triage queue shows the time left where a clock
runs and says why none runs otherwise; the lead unit's due date links to how it was counted; the
deadlines admin finds an item by its tracking code and names it by code and title."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from congress.calendar.models import Deadline
from suggestions.models import Assignment, Suggestion

TRIAGE = reverse("admin:suggestions_triageitem_changelist")
DEADLINES = reverse("admin:workcalendar_deadline_changelist")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _row(html: str, code: str) -> str:
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + code + r"(?:(?!</tr>).)*</tr>", html, re.S)
    assert row is not None, code
    return row.group(0)


def test_the_triage_queue_shows_the_time_left_of_a_running_clock(staff_client, make):
    item = make("submitted")
    row = _row(staff_client.get(TRIAGE).content.decode(), item.code)
    assert re.search(r"剩余\d+天\d+小时", row), row
    assert "field-time_left" in row


def test_an_item_without_a_clock_says_why_instead_of_a_dash(staff_client, make):
    imported, plain = make("submitted"), make("submitted")
    Suggestion.objects.filter(pk=imported.pk).update(triage_deadline=None, external_ref="12345-2026-0001")
    Suggestion.objects.filter(pk=plain.pk).update(triage_deadline=None)
    html = staff_client.get(TRIAGE).content.decode()
    assert "批量录入" in _row(html, imported.code)
    assert "没有启用的分办期限规则" in _row(html, plain.code)
    time_cells = re.findall(r'<td class="field-time_left">(.*?)</td>', html, re.S)
    assert time_cells and all(cell.strip() not in ("—", "-") for cell in time_cells)


def test_kind_and_channel_ride_under_the_title(staff_client, make):
    item = make("submitted")
    row = _row(staff_client.get(TRIAGE).content.decode(), item.code)
    assert "群众意见建议 · 网站" in row


def test_the_lead_units_due_date_links_to_how_it_was_counted(staff_client, make):
    item = make("assigned")
    lead = Assignment.objects.get(suggestion=item, role=Assignment.Role.LEAD)
    url = reverse("admin:workcalendar_deadline_change", args=[lead.deadline_id])
    case = staff_client.get(reverse("admin:suggestions_suggestion_case", args=[item.pk])).content.decode()
    assert f'href="{url}"' in case and "期限怎么算的" in case
    explanation = staff_client.get(url)
    assert explanation.status_code == 200
    text = explanation.content.decode()
    assert "到期日计算说明" in text
    assert item.code in text  # the item is named by its code, not "意见建议 #id"


def test_the_deadlines_admin_finds_an_item_by_tracking_code_and_names_it(staff_client, make):
    item, other = make("assigned"), make("assigned")
    html = staff_client.get(DEADLINES, {"q": item.code.lower()}).content.decode()
    own = Deadline.objects.filter(owner_id__in=[item.pk, *item.assignments.values_list("pk", flat=True)])
    assert own.exists()
    assert item.code in html and other.code not in html
    assert f"{item.code} {item.title}" in html
    assert not re.search(r"(意见建议|交办) #\d+", html)
    case_url = reverse("admin:suggestions_suggestion_case", args=[item.pk])
    assert f'href="{case_url}"' in html
