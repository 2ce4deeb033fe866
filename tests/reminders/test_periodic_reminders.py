"""Weekly digest, rating reminder, reception duty, and the schedules (the monthly key-suggestion
report is a PDF now: tests/reports/test_monthly_key_report.py)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from congress.notifications.backends import DevelopmentSmsBackend
from congress.notifications.models import Notification, ReminderLog
from stations import reminders as station_reminders
from stations.models import Reception
from suggestions import schedules, tasks
from suggestions.models import Assignment, Kind, Rating, Reply, Status
from suggestions.services import reminders as periodic
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.reminders import assigned_item

from .conftest import SHANGHAI, at

pytestmark = pytest.mark.django_db

MON = datetime.date(2026, 11, 23)


def test_weekly_digest_counts_open_due_soon_and_overdue_once_a_week(unit, officer, head):
    assigned_item(due=datetime.date(2026, 11, 20), unit=unit)  # overdue
    assigned_item(due=datetime.date(2026, 11, 25), unit=unit)  # due soon
    assigned_item(due=datetime.date(2026, 12, 20), unit=unit)
    with at(MON):
        assert periodic.weekly_digest_send() == 1
        assert periodic.weekly_digest_send() == 0
    bells = Notification.objects.filter(kind=periodic.KIND_WEEKLY_DIGEST, channel="in_app")
    assert {n.recipient for n in bells} == {officer, head}
    body = bells[0].body
    assert "3" in body and "1" in body
    with at(MON + datetime.timedelta(days=7)):
        assert periodic.weekly_digest_send() == 1


def _replied(replied_at: datetime.datetime, **fields) -> Reply:
    item = assigned_item(due=datetime.date(2026, 11, 30), **fields)
    Assignment.objects.filter(pk=item.pk).update(status=Assignment.Status.DONE)
    suggestion = item.suggestion
    suggestion.status = Status.REPLIED
    suggestion.save(update_fields=["status"])
    return Reply.objects.create(
        suggestion=suggestion, assignment=item, outcome="A", text="已修复路灯。", replied_at=replied_at
    )


def test_rating_reminder_once_seven_days_after_the_reply_never_a_third(db):
    deputy = DeputyFactory(phone="13800001111")
    reply = _replied(
        datetime.datetime(2026, 11, 16, 15, 0, tzinfo=SHANGHAI), deputy=deputy, submitter_email="w@example.cn"
    )
    with at(datetime.date(2026, 11, 23), hour=14):  # 6 days 23 hours: not yet
        assert periodic.rating_reminders_send() == 0
    with at(datetime.date(2026, 11, 23), hour=16):
        assert periodic.rating_reminders_send() == 1
    for day in range(24, 31):
        with at(datetime.date(2026, 11, day), hour=16):
            assert periodic.rating_reminders_send() == 0
    rows = Notification.objects.filter(kind=periodic.KIND_RATING)
    assert {(n.channel, n.to_address) for n in rows} == {
        ("sms", "13912345678"),
        ("email", "w@example.cn"),
        ("sms", "13800001111"),
    }
    assert all(n.about == reply.suggestion for n in rows)


def test_rating_reminder_goes_to_the_mini_program_too_when_its_kind_has_a_template(db, settings):
    settings.WECHAT_APP_ID = "wx1234567890abcdef"
    settings.WECHAT_TEMPLATES = {
        periodic.KIND_RATING: {"template": "t", "data": {"character_string1": "code"}}
    }
    _replied(
        datetime.datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI), submitter_openid="oCitizenOpenid0123456789"
    )
    with at(datetime.date(2026, 11, 23)):
        assert periodic.rating_reminders_send() == 1
    rows = Notification.objects.filter(kind=periodic.KIND_RATING)
    assert {(n.channel, n.to_address) for n in rows} == {
        ("sms", "13912345678"),
        ("wechat", "oCitizenOpenid0123456789"),
    }


def test_rating_reminder_skips_whoever_already_rated(db):
    reply = _replied(datetime.datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI))
    Rating.objects.create(suggestion=reply.suggestion, rater=Rating.Rater.SUBMITTER, value="satisfied")
    with at(datetime.date(2026, 11, 23)):
        periodic.rating_reminders_send()
    assert not Notification.objects.filter(kind=periodic.KIND_RATING).exists()


def test_deputy_suggestion_rating_reminder_goes_to_the_deputy_only(db):
    from tests.factories.core import UserFactory

    user = UserFactory()
    deputy = DeputyFactory(user=user)
    _replied(
        datetime.datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI),
        kind=Kind.DEPUTY_SUGGESTION,
        lead_deputy=deputy,
    )
    with at(datetime.date(2026, 11, 23)):
        periodic.rating_reminders_send()
    rows = Notification.objects.filter(kind=periodic.KIND_RATING)
    assert {(n.channel, n.recipient_id) for n in rows} == {("in_app", user.pk), ("sms", None)}


def test_reception_duty_reminder_the_day_before_once(db):
    from tests.factories.core import UserFactory

    DevelopmentSmsBackend.outbox.clear()
    user = UserFactory()
    on_duty = DeputyFactory(user=user, phone="13700002222")
    reception = Reception.objects.create(
        station=StationFactory(),  # type: ignore[misc]
        date=datetime.date(2026, 11, 24),
        start_time=datetime.time(9),
        end_time=datetime.time(11, 30),
    )
    reception.duty_deputies.add(on_duty)  # type: ignore[arg-type]
    with at(datetime.date(2026, 11, 22)):
        assert station_reminders.reception_duty_reminders_send() == 0
    with at(MON):
        assert station_reminders.reception_duty_reminders_send() == 1
        assert station_reminders.reception_duty_reminders_send() == 0
    rows = Notification.objects.filter(kind=station_reminders.KIND_RECEPTION_DUTY)
    assert {(n.channel, n.recipient_id) for n in rows} == {("in_app", user.pk), ("sms", None)}
    # The bell's link opens a page (the dashboard's duty panel), not the POST-only check-in address.
    bell = rows.get(channel="in_app")
    assert bell.link == reverse("dashboard") + "#reception-duty"
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    assert client.get(bell.link.split("#")[0]).status_code == 200
    sms = rows.get(channel="sms")
    from congress.notifications.services import notification_deliver

    notification_deliver(notification_id=sms.pk)
    assert DevelopmentSmsBackend.outbox[-1][0] == "13700002222"
    assert "2026-11-24" in DevelopmentSmsBackend.outbox[-1][1]


def test_cancelled_reception_is_not_reminded(db):
    reception = Reception.objects.create(
        station=StationFactory(),  # type: ignore[misc]
        date=datetime.date(2026, 11, 24),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        status=Reception.Status.CANCELLED,
    )
    reception.duty_deputies.add(DeputyFactory())  # type: ignore[arg-type]
    with at(MON):
        assert station_reminders.reception_duty_reminders_send() == 0


def test_schedules_are_created_once_and_staff_edits_are_kept():
    schedules.ensure_periodic_tasks()
    station_reminders.ensure_periodic_tasks()
    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "suggestions.reminders.overdue_scan",
        "suggestions.reminders.weekly_digest",
        "suggestions.reminders.rating",
        "stations.reminders.reception_duty",
    } <= names
    task = PeriodicTask.objects.get(task="suggestions.reminders.overdue_scan")
    task.enabled = False
    task.save()
    schedules.ensure_periodic_tasks()
    assert PeriodicTask.objects.get(task="suggestions.reminders.overdue_scan").enabled is False


def test_every_scheduled_task_is_registered_with_celery():
    from congress.celery import app

    app.loader.import_default_modules()
    call_command("setup_schedules", stdout=io.StringIO())  # every app's schedules, as deployed
    scheduled = set(PeriodicTask.objects.values_list("task", flat=True)) - {"celery.backend_cleanup"}
    assert scheduled, "no periodic task was scheduled"
    assert scheduled <= set(app.tasks), sorted(scheduled - set(app.tasks))


@pytest.mark.parametrize(
    ("today", "reminders_sent"),
    [(datetime.date(2026, 11, 25), 1), (datetime.date(2026, 11, 22), 0)],  # a Wednesday, a Sunday
    ids=["working day", "weekend"],
)
def test_tasks_run_their_scans_and_remind_on_working_days_only(unit, officer, today, reminders_sent):
    assigned_item(due=today - datetime.timedelta(days=40), unit=unit)
    with at(today):
        result = tasks.overdue_scan_task()
    assert result["very_overdue"] == 1
    assert ReminderLog.objects.count() == reminders_sent
