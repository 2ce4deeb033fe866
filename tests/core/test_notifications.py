import datetime

import pytest
import time_machine
from django.core import mail

from congress.notifications import services
from congress.notifications.models import Notification
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_queued_in_the_outbox_not_sent_inline():
    services.notify(channel="email", subject="您的意见已受理", body="…", to_address="a@example.cn")
    assert Notification.objects.get().status == Notification.Status.PENDING
    assert mail.outbox == []


def test_same_dedupe_key_creates_one_notification_only():
    first = services.notify(channel="sms", subject="s", body="b", to_address="13900000000", dedupe_key="k1")
    second = services.notify(channel="sms", subject="s", body="b", to_address="13900000000", dedupe_key="k1")
    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1


def test_delivery_sends_the_email_once_and_marks_it_sent():
    note = services.notify(channel="email", subject="答复通知", body="已答复", to_address="a@example.cn")
    services.notification_deliver(notification_id=note.pk)
    services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_failed_delivery_is_retried_with_backoff_and_keeps_the_error(monkeypatch):
    def broken(**kwargs):
        raise services.DeliveryError("SMTP down")

    monkeypatch.setattr(services, "send_email", broken)
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False):
        note = services.notify(channel="email", subject="s", body="b", to_address="a@example.cn")
        services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.PENDING
    assert note.last_error == "SMTP down"
    assert note.next_attempt_at == datetime.datetime(2026, 11, 23, 9, 1, tzinfo=datetime.UTC)


def test_delivery_gives_up_after_the_last_backoff(monkeypatch):
    monkeypatch.setattr(services, "send_sms", lambda **kw: (_ for _ in ()).throw(services.DeliveryError("x")))
    note = services.notify(channel="sms", subject="s", body="b", to_address="13900000000")
    for _attempt in range(len(services.RETRY_BACKOFF_MINUTES) + 1):
        Notification.objects.filter(pk=note.pk).update(next_attempt_at=None)
        services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.FAILED


def test_in_app_message_needs_no_delivery_and_counts_as_unread():
    from congress.notifications.selectors import unread_count

    user = UserFactory()
    services.notify(channel="in_app", subject="新交办件", body="…", recipient=user)
    assert unread_count(user) == 1
    services.notification_mark_read(user=user)
    assert unread_count(user) == 0


def test_broker_outage_loses_nothing_and_the_flush_delivers_later(
    monkeypatch, django_capture_on_commit_callbacks
):
    from congress.notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.deliver_notification, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        note = services.notify(channel="email", subject="s", body="b", to_address="a@example.cn")
    assert Notification.objects.get(pk=note.pk).status == Notification.Status.PENDING
    tasks.flush_outbox()
    assert Notification.objects.get(pk=note.pk).status == Notification.Status.SENT
    assert len(mail.outbox) == 1
