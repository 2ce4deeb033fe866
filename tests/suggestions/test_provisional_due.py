"""A due date that runs past the loaded holiday calendar (into 2027) is marked 暂定 wherever it is
shown — the admin case page and assignment list, the unit's inbox and item page, the deputy's
dashboard, the submitter's tracking page and the tracking API — with the reason behind a
disclosure (one include: workcalendar/includes/due_date.html)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from rest_framework.test import APIClient

from congress.calendar.models import Deadline
from suggestions.models import Assignment
from suggestions.pins import pin_hash

from .conftest import lead_assignment

DUE = datetime.date(2027, 1, 8)
MARK = re.compile(
    r'<time datetime="2027-01-08">2027-01-08</time> <details class="due-provisional">'
    r"<summary>暂定</summary><span class=\"due-provisional-why\">2027年的节假日安排尚未载入"
)

# The citizen's form: the reason in plain words, in view (due_date_public.html).
PUBLIC_MARK = re.compile(
    r'<time datetime="2027-01-08">2027-01-08</time> <strong class="due-provisional-word">（暂定）</strong>'
    r'<span class="due-provisional-note">为什么是暂定日期：.*国家尚未公布2027年的法定节假日安排'
)


@pytest.fixture
def item(make, deputy_user):
    """An assigned item whose lead unit's due date was counted into 2027 with weekends only."""
    item = make("assigned", deputy=deputy_user.deputy)
    lead = lead_assignment(item)
    Deadline.objects.filter(pk=lead.deadline_id or 0).update(due=DUE, is_provisional=True)
    Assignment.objects.filter(pk=lead.pk).update(due_date=DUE)
    return item


def _render(day, provisional) -> str:
    template = Template("{% load due_dates %}{% due_date day provisional %}")
    return template.render(Context({"day": day, "provisional": provisional}))


def test_a_firm_due_date_is_just_the_date():
    html = _render(datetime.date(2026, 12, 18), False)
    assert "2026-12-18" in html and "暂定" not in html and "<details" not in html


def test_a_provisional_due_date_carries_its_reason_one_tap_away():
    assert MARK.search(_render(DUE, True))


def test_no_due_date_is_a_dash():
    assert _render(None, True).strip() == "—"


def test_the_admin_case_page_marks_it(client, staff, item):
    client.force_login(staff)
    page = client.get(reverse("admin:suggestions_suggestion_case", args=[item.pk])).content.decode()
    assert MARK.search(page) and "css/due-date" in page


def test_the_admin_assignment_list_marks_it(client, staff, item):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("admin:suggestions_assignment_changelist")).content.decode()
    assert MARK.search(page)


def test_the_unit_inbox_and_item_page_mark_it(client, officer, item):
    client.force_login(officer)
    inbox = client.get(reverse("unit-home")).content.decode()
    assert MARK.search(inbox)
    page = client.get(reverse("unit-item", args=[lead_assignment(item).pk])).content.decode()
    assert len(MARK.findall(page)) == 2  # the heading and the assignments table


def test_the_deputy_dashboard_marks_it(client, deputy_user, item):
    client.force_login(deputy_user)
    page = client.get(reverse("opinion-detail", args=[item.code])).content.decode()
    assert MARK.search(page)


def test_the_tracking_page_shows_the_reply_due_date_marked(client, item):
    session = client.session
    session["suggestions_tracked"] = [item.code]
    session.save()
    page = client.get(reverse("track-case", args=[item.code])).content.decode()
    assert "承办单位答复期限" in page and PUBLIC_MARK.search(page)
    # The citizen reads the reason without opening anything: no bare badge behind a disclosure.
    assert "<details" not in page.split("承办单位答复期限", 1)[1].split("</p>", 1)[0]


def test_a_firm_date_on_the_tracking_page_is_not_marked(client, item):
    Deadline.objects.filter(pk=lead_assignment(item).deadline_id or 0).update(is_provisional=False)
    session = client.session
    session["suggestions_tracked"] = [item.code]
    session.save()
    page = client.get(reverse("track-case", args=[item.code])).content.decode()
    assert "2027-01-08" in page and "暂定" not in page


def test_the_tracking_api_says_the_date_is_provisional(db, item):
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="小程序", kind="wechat", rate="1000/m")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    type(item).objects.filter(pk=item.pk).update(pin_hash=pin_hash(item.code, "135790"))
    body = api.post(f"/api/v1/public/suggestions/{item.code}/", {"pin": "135790"}, format="json").json()
    assert body["reply_due"] == "2027-01-08" and body["reply_due_provisional"] is True
