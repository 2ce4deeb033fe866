"""The CMPP backend against a fake gateway on loopback that speaks CMPP 3.0 (and 2.0): login with the
MD5 authenticators, SUBMIT in UCS-2 parts, status reports by DELIVER, and at-most-once delivery when
the gateway answers too late."""

from __future__ import annotations

import pytest

from congress.notifications import services, tasks
from congress.notifications.backends import DeliveryError
from congress.notifications.models import Notification
from congress.notifications.sms import cmpp
from tests.fake_sms import FakeCmppGateway

pytestmark = pytest.mark.django_db

BACKEND = "congress.notifications.sms.cmpp.CmppSmsBackend"


@pytest.fixture
def gateway(settings):
    fake = FakeCmppGateway(sp_id="901234", secret="s3cret").start()
    settings.SMS_BACKEND = BACKEND
    settings.CMPP_HOST = "127.0.0.1"
    settings.CMPP_PORT = fake.port
    settings.CMPP_SP_ID = "901234"
    settings.CMPP_SHARED_SECRET = "s3cret"
    settings.CMPP_SERVICE_ID = "RDPORTAL"
    settings.CMPP_SRC_ID = "1065712345"
    settings.CMPP_VERSION = "3.0"
    settings.CMPP_TIMEOUT = 1.0
    settings.CMPP_RECEIPT_WAIT = 0.3
    settings.SMS_SIGN_NAME = "某市人大"
    cmpp._PENDING_REPORTS.clear()
    yield fake
    fake.stop()


def _sms(body: str = "您的意见已收到，查询码 A1B2C3。", to: str = "13900000001") -> Notification:
    note = services.notify(
        channel="sms", subject="回执", body=body, to_address=to, kind="suggestion.received"
    )
    assert note is not None
    return note


def test_a_message_reaches_the_gateway_signed_and_the_row_keeps_its_msg_id(gateway):
    note = _sms()
    services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT
    [accepted] = gateway.accepted
    assert accepted.to == "13900000001"
    assert accepted.text == "【某市人大】您的意见已收到，查询码 A1B2C3。"
    assert note.provider_message_id == str(accepted.message_id)


def test_a_long_text_goes_in_concatenated_parts_and_arrives_whole(gateway):
    body = "您的意见已收到。" * 20  # 160 characters: three UCS-2 parts
    services.notification_deliver(notification_id=_sms(body).pk)
    [accepted] = gateway.accepted
    assert accepted.parts == 3
    assert accepted.text == "【某市人大】" + body


def test_reports_pushed_on_the_sending_session_are_recorded_at_once(gateway):
    note = _sms()
    services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert (note.delivery, note.delivery_code) == (Notification.Delivery.DELIVERED, "DELIVRD")
    assert tasks.sms_receipts() == 0


def test_delivery_reports_mark_rows_delivered_or_not_with_the_gateway_code(gateway):
    gateway.state.undeliverable.add("13900000002")
    gateway.state.hold_reports = True  # the gateway pushes them later, to the receipt poll's session
    good, bad = _sms(to="13900000001"), _sms(to="13900000002")
    services.notification_deliver(notification_id=good.pk)
    services.notification_deliver(notification_id=bad.pk)
    gateway.state.hold_reports = False
    assert tasks.sms_receipts() == 2
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.delivery, good.delivery_code) == (Notification.Delivery.DELIVERED, "DELIVRD")
    assert (bad.delivery, bad.delivery_code) == (Notification.Delivery.UNDELIVERED, "UNDELIV")
    assert gateway.state.reports_acknowledged == 2


def test_a_retried_task_after_a_gateway_timeout_never_sends_the_receipt_twice(gateway):
    note = _sms()
    gateway.state.delay_next_response = 2.5  # accepted, but SUBMIT_RESP comes after the 1 s timeout
    tasks.deliver_notification(note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.FAILED
    assert "CMPP" in note.last_error
    tasks.deliver_notification(note.pk)  # Celery redelivers the task
    tasks.flush_outbox()
    assert len(gateway.accepted) == 1


def test_a_worker_killed_after_the_gateway_accepted_leaves_the_row_unsent_again(gateway, monkeypatch):
    note = _sms()

    def killed(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(services, "_send_and_record", _send_then(killed))
    with pytest.raises(SystemExit):
        tasks.deliver_notification(note.pk)
    monkeypatch.undo()
    note.refresh_from_db()
    assert note.status == Notification.Status.SENDING
    tasks.deliver_notification(note.pk)
    tasks.flush_outbox()
    assert len(gateway.accepted) == 1


def _send_then(fail):
    real_send = services._send

    def send_and_die(notification, *, now):
        real_send(notification)
        fail()

    return send_and_die


def test_a_refusal_is_retried_and_the_message_then_goes_once(gateway):
    gateway.state.refuse_next.append(8)  # flow control: nothing was taken
    note = _sms()
    services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.PENDING
    assert "flow control" in note.last_error
    Notification.objects.filter(pk=note.pk).update(next_attempt_at=None)
    services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT
    assert len(gateway.accepted) == 1


def test_a_wrong_shared_secret_is_refused_at_login(gateway, settings):
    settings.CMPP_SHARED_SECRET = "wrong"
    with pytest.raises(DeliveryError) as error:
        cmpp.CmppSmsBackend().send(to="13900000001", body="x")
    assert error.value.permanent
    assert "authentication" in str(error.value)
    assert gateway.accepted == []


def test_an_unreachable_gateway_is_a_retry_not_an_unknown_outcome(gateway, settings):
    gateway.stop()
    note = _sms()
    services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.PENDING
    assert note.next_attempt_at is not None


def test_cmpp_2_0_is_spoken_too(settings):
    fake = FakeCmppGateway(sp_id="901234", secret="s3cret", version=0x20).start()
    try:
        settings.CMPP_HOST, settings.CMPP_PORT, settings.CMPP_VERSION = "127.0.0.1", fake.port, "2.0"
        settings.CMPP_SP_ID, settings.CMPP_SHARED_SECRET, settings.SMS_SIGN_NAME = "901234", "s3cret", ""
        settings.CMPP_TIMEOUT, settings.CMPP_RECEIPT_WAIT = 1.0, 0.3
        backend = cmpp.CmppSmsBackend()
        message_id = backend.send(to="+8613900000003", body="测试")
        [accepted] = fake.accepted
        assert (accepted.to, accepted.text, str(accepted.message_id)) == ("13900000003", "测试", message_id)
        [receipt] = backend.receipts()
        assert (receipt.message_id, receipt.delivered) == (message_id, True)
    finally:
        fake.stop()


def test_the_authenticator_matches_the_specification_example():
    # MD5(Source_Addr + 9 × 0x00 + secret + timestamp), computed independently.
    import hashlib

    expected = hashlib.md5(b"901234" + b"\0" * 9 + b"s3cret" + b"1207093000").digest()
    assert cmpp.authenticator_source("901234", "s3cret", "1207093000") == expected
