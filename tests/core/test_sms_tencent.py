"""The Tencent Cloud SMS backend, through Tencent's own SDK, against a fake of the SMS API on loopback
that checks the TC3-HMAC-SHA256 signature, the application, the template and the signature name."""

from __future__ import annotations

from typing import Any

import pytest

from congress.notifications import services, tasks
from congress.notifications.models import Notification
from suggestions.pins import pin_for, pin_hash
from tests.fake_sms import FakeTencentSms

pytestmark = pytest.mark.django_db

BACKEND = "congress.notifications.sms.tencent.TencentSmsBackend"


@pytest.fixture
def tencent(settings):
    fake = FakeTencentSms(
        secret_id="AKIDtest", secret_key="key-test", app_id="1400123456", templates={"2001"}
    ).start()
    settings.SMS_BACKEND = BACKEND
    settings.TENCENT_SMS_SECRET_ID = "AKIDtest"
    settings.TENCENT_SMS_SECRET_KEY = "key-test"
    settings.TENCENT_SMS_APP_ID = "1400123456"
    settings.TENCENT_SMS_ENDPOINT = fake.endpoint
    settings.TENCENT_SMS_TIMEOUT = 1
    settings.SMS_SIGN_NAME = "某市人大"
    settings.SMS_TEMPLATES = {"suggestion.received": {"template": "2001", "params": ["code", "pin"]}}
    yield fake
    fake.stop()


def _sms(kind: str = "suggestion.received", to: str = "13900000001") -> Notification:
    note = services.notify(
        channel="sms", subject="回执", body="查询码 X，查询密码 {pin}", to_address=to, kind=kind
    )
    assert note is not None
    return note


def test_the_receipt_goes_as_the_approved_template_with_code_and_pin(tencent, settings):
    from tests.factories.suggestions import SuggestionFactory

    suggestion: Any = SuggestionFactory(code="RCPT2001", pin_hash=pin_hash("RCPT2001", pin_for("RCPT2001")))
    note = services.notify(
        channel="sms", subject="回执", body="查询码 RCPT2001，查询密码 {pin}", to_address="13900000001",
        kind="suggestion.received", about=suggestion,
    )  # fmt: skip
    assert note is not None
    services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT, note.last_error
    [accepted] = tencent.accepted
    assert accepted["PhoneNumber"] == "+8613900000001"
    assert accepted["TemplateId"] == "2001"
    assert accepted["SignName"] == "某市人大"
    assert accepted["TemplateParamSet"] == ["RCPT2001", pin_for("RCPT2001")]
    assert note.provider_message_id == accepted["SerialNo"]
    assert pin_for("RCPT2001") not in note.body


def test_pulled_reports_mark_the_rows(tencent, any_template):
    tencent.state.undeliverable.add("+8613900000002")
    good, bad = _sms_about_nothing("13900000001"), _sms_about_nothing("13900000002")
    for note in (good, bad):
        services.notification_deliver(notification_id=note.pk)
    assert tasks.sms_receipts() == 2
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.delivery == Notification.Delivery.DELIVERED
    assert (bad.delivery, bad.delivery_code) == (Notification.Delivery.UNDELIVERED, "UNDELIV")


def _sms_about_nothing(to: str) -> Notification:
    note = services.notify(channel="sms", subject="s", body="b", to_address=to, kind="reminder.any")
    assert note is not None
    return note


@pytest.fixture
def any_template(settings, tencent):
    settings.SMS_TEMPLATES = {"*": {"template": "2001", "params": ["body"]}}
    return tencent


def test_a_kind_without_template_fails_at_once_without_calling_the_provider(tencent):
    note = _sms(kind="reminder.overdue")
    services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.FAILED
    assert "SMS_TEMPLATES" in note.last_error
    assert tencent.accepted == []


def test_a_wrong_secret_key_is_refused_by_the_signature_check(tencent, settings, any_template):
    settings.TENCENT_SMS_SECRET_KEY = "not-the-key"
    note = _sms(kind="reminder.overdue")
    services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.FAILED
    assert "AuthFailure.SignatureFailure" in note.last_error
    assert tencent.accepted == []


def test_a_timeout_after_the_provider_took_the_message_is_not_sent_twice(tencent, any_template):
    tencent.state.delay_next_response = 2.5
    note = _sms(kind="reminder.overdue")
    tasks.deliver_notification(note.pk)
    tasks.deliver_notification(note.pk)
    tasks.flush_outbox()
    note.refresh_from_db()
    assert note.status == Notification.Status.FAILED
    assert len(tencent.accepted) == 1


def test_an_unreachable_api_is_retried_later(tencent, any_template):
    tencent.stop()
    note = _sms(kind="reminder.overdue")
    services.notification_deliver(notification_id=note.pk)
    note.refresh_from_db()
    assert note.status == Notification.Status.PENDING
    assert "ClientNetworkError" in note.last_error
