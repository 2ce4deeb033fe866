"""Two scans at the same moment (two beats, two workers) still send each reminder once; a broker
outage loses nothing."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from congress.notifications import tasks as notification_tasks
from congress.notifications.models import Notification, ReminderLog
from suggestions.models import Supervision
from suggestions.services import overdue
from tests.factories.reminders import assigned_item

from .conftest import at

WED = datetime.date(2026, 11, 25)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_send_each_reminder_once(unit, officer, head, staff):
    for due in (datetime.date(2026, 11, 24), datetime.date(2026, 11, 10), datetime.date(2026, 11, 27)):
        for _ in range(5):
            assigned_item(due=due, unit=unit)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def scan() -> None:
        try:
            start.wait()
            with at(WED):
                # Without the advisory lock, so both really race and the log alone decides.
                overdue.overdue_scan(batch_size=2, exclusive=False)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReminderLog.objects.filter(kind=overdue.KIND_DUE_SOON).count() == 5
    assert ReminderLog.objects.filter(kind=overdue.KIND_OVERDUE).count() == 5
    assert ReminderLog.objects.filter(kind=overdue.KIND_VERY_OVERDUE).count() == 5
    assert Supervision.objects.count() == 5
    # Overdue: officer and head, bell and email; each exactly once.
    assert Notification.objects.filter(kind=overdue.KIND_OVERDUE).count() == 5 * 4
    assert Notification.objects.filter(kind=overdue.KIND_DUE_SOON).count() == 5 * 2


@pytest.mark.django_db
def test_reminders_written_while_the_broker_is_down_are_delivered_when_it_returns(
    unit, officer, monkeypatch, django_capture_on_commit_callbacks
):
    assigned_item(due=datetime.date(2026, 11, 24), unit=unit)

    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(notification_tasks.deliver_notifications, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True), at(WED):
        overdue.overdue_scan()
    email = Notification.objects.get(kind=overdue.KIND_OVERDUE, channel="email")
    assert email.status == Notification.Status.PENDING
    assert mail.outbox == []
    monkeypatch.undo()
    # The broker is back: the periodic flush (every minute) delivers what is pending, once.
    with at(WED, hour=10):
        notification_tasks.flush_outbox()
        notification_tasks.flush_outbox()
    email.refresh_from_db()
    assert email.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]


@pytest.mark.django_db
def test_delivery_task_is_enqueued_once_per_batch_after_commit(
    unit, officer, monkeypatch, django_capture_on_commit_callbacks
):
    for _ in range(3):
        assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    enqueued: list[list[int]] = []
    monkeypatch.setattr(notification_tasks.deliver_notifications, "delay", enqueued.append)
    with django_capture_on_commit_callbacks(execute=True), at(WED):
        overdue.overdue_scan()
    assert len(enqueued) == 1
    assert sorted(enqueued[0]) == sorted(
        Notification.objects.filter(channel="email").values_list("pk", flat=True)
    )
    notification_tasks.deliver_notifications(enqueued[0])
    notification_tasks.deliver_notifications(enqueued[0])  # a redelivered task sends nothing twice
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_flush_works_in_batches_and_stops_at_its_time_budget(monkeypatch):
    from congress.notifications import services

    for n in range(7):
        services.notify(channel="sms", subject="s", body="b", to_address=f"1390000000{n}")
    assert services.outbox_flush(batch_size=3, time_budget=0) == 3
    assert services.outbox_flush(batch_size=3) == 4
    assert not Notification.objects.filter(status=Notification.Status.PENDING).exists()


@pytest.mark.django_db(transaction=True)
def test_a_scan_started_while_another_runs_returns_at_once(unit, officer):
    from django.db import connections

    assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(hashtext('suggestions.reminders.overdue_scan'))")
        with at(WED):
            skipped = overdue.overdue_scan()
        assert skipped.sent == {} and skipped.marked_overdue == 0
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext('suggestions.reminders.overdue_scan'))")
        with at(WED):
            done = overdue.overdue_scan()
        assert done.sent[overdue.KIND_OVERDUE] == 1
    finally:
        other.close()
