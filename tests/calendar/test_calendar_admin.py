"""The calendar as staff use it in the admin."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from congress.calendar import services
from congress.calendar.models import (
    CalendarDay,
    CalendarYear,
    DayKind,
    Deadline,
    DeadlineExtension,
    ExtensionStatus,
)

pytestmark = pytest.mark.django_db

MakeDeadline = Callable[..., Deadline]


@pytest.fixture
def staff_client(staff_user: Any) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


def test_staff_adding_a_holiday_in_the_admin_moves_an_open_due_date(
    staff_client: Client, make_deadline: MakeDeadline
) -> None:
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))  # due 2025-03-17
    response = staff_client.post(
        reverse("admin:workcalendar_calendarday_add"),
        {"date": "2025-03-05", "kind": DayKind.HOLIDAY, "name": "测试假日", "note": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert Deadline.objects.get(pk=deadline.pk).due == date(2025, 3, 18)
    assert "2025年3月17日 → 2025年3月18日" in response.content.decode()
    assert CalendarDay.objects.get(date=date(2025, 3, 5)).source == "manual"


def test_moving_a_calendar_day_in_the_admin_recomputes_both_dates(
    staff_client: Client, make_deadline: MakeDeadline
) -> None:
    day, _changes = services.calendar_day_set(day=date(2025, 3, 5), kind=DayKind.HOLIDAY, name="测试假日")
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))  # due 2025-03-18
    staff_client.post(
        reverse("admin:workcalendar_calendarday_change", args=[day.pk]),
        {"date": "2025-03-25", "kind": DayKind.HOLIDAY, "name": "测试假日", "note": ""},
    )
    assert not CalendarDay.objects.filter(date=date(2025, 3, 5)).exists()
    assert Deadline.objects.get(pk=deadline.pk).due == date(2025, 3, 17)


def test_make_up_day_on_a_weekday_is_a_form_error(staff_client: Client) -> None:
    response = staff_client.post(
        reverse("admin:workcalendar_calendarday_add"),
        {"date": "2025-03-05", "kind": DayKind.MAKEUP_WORKDAY, "name": "测试", "note": ""},
    )
    assert response.status_code == 200
    assert "星期六或星期日" in response.content.decode()
    assert not CalendarDay.objects.filter(date=date(2025, 3, 5)).exists()


def test_deleting_a_holiday_in_the_admin_recomputes(
    staff_client: Client, make_deadline: MakeDeadline
) -> None:
    deadline = make_deadline("opinion.routing", date(2025, 1, 24))  # due 2025-02-05
    day = CalendarDay.objects.get(date=date(2025, 2, 3))
    staff_client.post(reverse("admin:workcalendar_calendarday_delete", args=[day.pk]), {"post": "yes"})
    assert Deadline.objects.get(pk=deadline.pk).due == date(2025, 2, 3)


def test_deadline_page_explains_the_due_date_in_chinese(
    staff_client: Client, make_deadline: MakeDeadline
) -> None:
    deadline = make_deadline("opinion.routing", date(2025, 1, 24))
    response = staff_client.get(reverse("admin:workcalendar_deadline_change", args=[deadline.pk]))
    page = response.content.decode()
    assert "2025年1月26日 星期日：春节调休上班日，计为第1个工作日" in page
    assert "2025年1月28日 星期二：春节假期，不计入" in page
    assert "到期日：2025年2月5日 星期三" in page


def test_provisional_deadline_is_flagged_in_the_admin_list(
    staff_client: Client, make_deadline: MakeDeadline
) -> None:
    make_deadline("opinion.reply", date(2026, 12, 25))
    page = staff_client.get(reverse("admin:workcalendar_deadline_changelist")).content.decode()
    assert "暂定" in page


def test_deadline_changelist_query_count_does_not_grow_with_rows(
    staff_client: Client, make_deadline: MakeDeadline, django_assert_max_num_queries: Any
) -> None:
    for day in range(3, 23):
        make_deadline("opinion.reply", date(2025, 3, day))
    # 13: one read of the bodies the staff member sees: deadlines are scoped by what they time
    # (docs/bodies.md).
    with django_assert_max_num_queries(13):
        staff_client.get(reverse("admin:workcalendar_deadline_changelist"))


def test_calendar_day_changelist_query_count(
    staff_client: Client, django_assert_max_num_queries: Any
) -> None:
    # 13 with the heading's body (the staff member's own), read once and then kept in the cache.
    with django_assert_max_num_queries(13):
        response = staff_client.get(reverse("admin:workcalendar_calendarday_changelist") + "?year=2025")
    assert response.status_code == 200


def test_load_year_page_imports_a_csv(staff_client: Client, make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2026, 12, 25))
    upload = SimpleUploadedFile("2027.csv", "date,kind,name\n2027-01-01,holiday,元旦\n".encode(), "text/csv")
    response = staff_client.post(
        reverse("admin:workcalendar_calendarday_load_year"), {"year": 2027, "csv_file": upload}, follow=True
    )
    assert response.status_code == 200
    assert CalendarYear.objects.get(year=2027).is_loaded
    assert not Deadline.objects.get(pk=deadline.pk).is_provisional


def test_load_year_page_shows_each_bad_csv_row(staff_client: Client) -> None:
    upload = SimpleUploadedFile("2027.csv", b"date,kind,name\n2027-01-01,holiday,\n", "text/csv")
    response = staff_client.post(
        reverse("admin:workcalendar_calendarday_load_year"), {"year": 2027, "csv_file": upload}
    )
    assert "第2行" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027, is_loaded=True).exists()


def test_load_year_action_loads_from_the_package(staff_client: Client) -> None:
    services.calendar_year_set_loaded(year=2026, is_loaded=False)
    year = CalendarYear.objects.get(year=2026)
    staff_client.post(
        reverse("admin:workcalendar_calendaryear_changelist"),
        {"action": "load_from_package", "_selected_action": [year.pk]},
    )
    assert CalendarYear.objects.get(year=2026).is_loaded


def test_missing_year_notice_is_shown_on_the_calendar_pages(staff_client: Client) -> None:
    services.calendar_check_missing_years(now=datetime(2026, 11, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    page = staff_client.get(reverse("admin:workcalendar_calendarday_changelist")).content.decode()
    assert "2027" in page and "未载入" in page


def test_staff_approve_extension_from_the_admin(staff_client: Client, make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("deputy_suggestion.reply", date(2025, 3, 20))
    request = services.extension_request(deadline=deadline, amount=3, reason="涉及面广")
    staff_client.post(
        reverse("admin:workcalendar_deadlineextension_changelist"),
        {"action": "approve", "_selected_action": [request.pk]},
    )
    assert DeadlineExtension.objects.get(pk=request.pk).status == ExtensionStatus.APPROVED
    assert Deadline.objects.get(pk=deadline.pk).due == date(2025, 9, 22)


def test_extension_request_over_the_maximum_is_a_form_error(
    staff_client: Client, make_deadline: MakeDeadline
) -> None:
    deadline = make_deadline("deputy_suggestion.reply", date(2025, 3, 20))
    response = staff_client.post(
        reverse("admin:workcalendar_deadlineextension_add"),
        {"deadline": deadline.pk, "amount": 4, "reason": "需要更多时间"},
    )
    assert response.status_code == 200
    assert "最长" in response.content.decode() or "超过" in response.content.decode()
    assert not DeadlineExtension.objects.exists()


def test_policy_edit_in_the_admin_is_audited(staff_client: Client) -> None:
    from congress.calendar.models import DeadlinePolicy
    from congress.models import AuditEvent

    policy = DeadlinePolicy.objects.get(code="opinion.reply")
    staff_client.post(
        reverse("admin:workcalendar_deadlinepolicy_change", args=[policy.pk]),
        {
            "name": policy.name,
            "applies_to": policy.applies_to,
            "amount": 15,
            "unit": policy.unit,
            "max_extension": 0,
            "source": policy.source,
            "is_active": "on",
        },
    )
    assert DeadlinePolicy.objects.get(pk=policy.pk).amount == 15
    assert AuditEvent.objects.filter(action="deadline_policy_changed", object_id=policy.pk).exists()


def test_month_period_explanation_names_the_corresponding_day(
    staff_client: Client, make_deadline: MakeDeadline
) -> None:
    deadline = make_deadline("deputy_suggestion.reply", date(2025, 7, 1))
    page = staff_client.get(
        reverse("admin:workcalendar_deadline_change", args=[deadline.pk])
    ).content.decode()
    assert "2025年10月1日 星期三：到期月的对应日，为期间的最后一日" in page
    assert "2025年10月9日 星期四：休息日结束后的第一个工作日，期间顺延至本日" in page


def test_calendar_day_period_explanation_names_the_last_day(
    staff_client: Client, make_deadline: MakeDeadline
) -> None:
    deadline = make_deadline("assignment.return_window", date(2025, 9, 21))
    page = staff_client.get(
        reverse("admin:workcalendar_deadline_change", args=[deadline.pk])
    ).content.decode()
    assert "2025年10月1日 星期三：期间的最后一日" in page
    assert "2025年10月9日" in page
