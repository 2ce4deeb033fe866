"""The missing-year reminder: from 1 November, a notice and a weekly email until next year is loaded."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django_celery_beat.models import PeriodicTask

from congress.calendar import selectors, services, tasks
from congress.calendar.models import CalendarNotice, CalendarYear

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOV_2 = datetime(2026, 11, 2, 8, 30, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _staff_mailbox(settings: Any) -> None:
    settings.STAFF_NOTICE_EMAILS = ["office@example.cn"]


def test_no_reminder_before_november() -> None:
    with time_machine.travel(datetime(2026, 10, 31, 12, tzinfo=SHANGHAI), tick=False):
        assert tasks.check_next_year_calendar() == []
    assert not CalendarNotice.objects.exists()
    assert mail.outbox == []


def test_missing_next_year_from_november_leaves_a_notice_and_emails_staff(staff_user: object) -> None:
    with time_machine.travel(NOV_2, tick=False):
        assert tasks.check_next_year_calendar() == [2027]
    notice = CalendarNotice.objects.get(year=2027)
    assert notice.resolved_at is None and "2027" in notice.message
    [message] = mail.outbox
    assert set(message.to) == {"office@example.cn", "staff@example.cn"}
    assert "2027" in message.subject


def test_missing_year_is_listed_in_the_admin_years() -> None:
    with time_machine.travel(NOV_2, tick=False):
        tasks.check_next_year_calendar()
    assert CalendarYear.objects.filter(year=2027, is_loaded=False).exists()


def test_reminder_is_emailed_once_a_week_not_on_every_run() -> None:
    with time_machine.travel(NOV_2, tick=False):
        tasks.check_next_year_calendar()
        tasks.check_next_year_calendar()
    with time_machine.travel(NOV_2 + timedelta(days=3), tick=False):
        tasks.check_next_year_calendar()
    assert len(mail.outbox) == 1
    with time_machine.travel(NOV_2 + timedelta(days=7), tick=False):
        tasks.check_next_year_calendar()
    assert len(mail.outbox) == 2


def test_notice_is_resolved_when_the_year_is_loaded() -> None:
    with time_machine.travel(NOV_2, tick=False):
        tasks.check_next_year_calendar()
    services.calendar_import_csv(
        file=b"date,kind,name\n2027-01-01,holiday,\xe5\x85\x83\xe6\x97\xa6\n", year=2027
    )
    assert not selectors.unresolved_notices().exists()
    with time_machine.travel(NOV_2 + timedelta(days=8), tick=False):
        assert tasks.check_next_year_calendar() == []
    assert len(mail.outbox) == 1


def test_a_missing_year_the_package_knows_is_loaded_instead_of_reminded() -> None:
    services.calendar_year_set_loaded(year=2026, is_loaded=False)
    with time_machine.travel(datetime(2025, 11, 5, 9, tzinfo=SHANGHAI), tick=False):
        assert tasks.check_next_year_calendar() == []
    assert CalendarYear.objects.get(year=2026).is_loaded
    assert mail.outbox == []


@override_settings(STAFF_NOTICE_EMAILS=[])
def test_notice_is_kept_even_without_anyone_to_email() -> None:
    with time_machine.travel(NOV_2, tick=False):
        tasks.check_next_year_calendar()
    assert CalendarNotice.objects.filter(year=2027, resolved_at__isnull=True).exists()
    assert mail.outbox == []


def test_periodic_task_is_registered_once() -> None:
    tasks.ensure_periodic_tasks()
    tasks.ensure_periodic_tasks()
    task = PeriodicTask.objects.get(task=tasks.TASK_NAME)
    assert task.name == "检查下一年度节假日安排" and task.enabled
    assert task.crontab is not None and str(task.crontab.timezone) == "Asia/Shanghai"
