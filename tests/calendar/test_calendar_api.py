"""The calendar API: explanation of a deadline, working days between dates, due-date helper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from congress.calendar.models import Deadline

pytestmark = [pytest.mark.django_db, pytest.mark.urls("calendar_test_urls")]

MakeDeadline = Callable[..., Deadline]
BASE = "/api/v1/calendar"


def test_working_days_between_counts_across_spring_festival(client: Client) -> None:
    response = client.get(f"{BASE}/working-days/", {"start": "2025-01-24", "end": "2025-02-05"})
    assert response.json() == {
        "start": "2025-01-24",
        "end": "2025-02-05",
        "working_days": 3,
        "provisional": False,
    }


def test_working_days_between_reports_provisional_years(client: Client) -> None:
    response = client.get(f"{BASE}/working-days/", {"start": "2026-12-25", "end": "2027-01-08"})
    assert response.json()["provisional"] is True


def test_working_days_needs_valid_dates(client: Client) -> None:
    assert client.get(f"{BASE}/working-days/", {"start": "x", "end": "2025-01-01"}).status_code == 400


def test_due_date_helper_explains_in_chinese(client: Client) -> None:
    response = client.get(
        f"{BASE}/due-date/",
        {"start": "2025-09-26", "unit": "working_days", "amount": "4"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    body = response.json()
    assert body["due"] == "2025-10-09"
    assert any("国庆节假期，不计入" in line for line in body["text"])


def test_deadline_explanation_is_for_staff_only(client: Client, make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.routing", date(2025, 1, 24))
    assert client.get(f"{BASE}/deadlines/{deadline.pk}/").status_code == 403


def test_deadline_explanation_for_staff(staff_user: Any, make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.routing", date(2025, 1, 24))
    api = APIClient()
    api.force_authenticate(staff_user)
    body = api.get(f"{BASE}/deadlines/{deadline.pk}/").json()
    assert body["due"] == "2025-02-05" and body["policy_code"] == "opinion.routing"
    assert body["explanation"]["steps"][1] == {
        "day": "2025-01-26",
        "reason": "counted_makeup",
        "holiday_name": "春节",
        "count": 1,
    }


def test_deadline_list_query_count_is_fixed(
    staff_user: Any, make_deadline: MakeDeadline, django_assert_max_num_queries: Any
) -> None:
    for day in range(3, 23):
        make_deadline("opinion.reply", date(2025, 3, day))
    api = APIClient()
    api.force_authenticate(staff_user)
    with django_assert_max_num_queries(3):
        response = api.get(f"{BASE}/deadlines/", {"open": "true"})
    assert response.json()["count"] == 20


def test_special_days_of_a_year_are_public(client: Client) -> None:
    days = client.get(f"{BASE}/days/", {"year": 2025}).json()
    assert {"date": "2025-02-08", "kind": "workday", "name": "春节"} in days


def test_openapi_schema_documents_the_calendar_endpoints(client: Client) -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(urlconf="calendar_test_urls").get_schema(request=None, public=True)
    assert f"{BASE}/working-days/" in schema["paths"]
    assert f"{BASE}/deadlines/{{id}}/" in schema["paths"]
