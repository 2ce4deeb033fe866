"""The tracking PIN is shown once and then exists nowhere in clear: not in the outbox, not in a log,
not in an address, not in a flash message or a session (issue: leaks found reading the code)."""

from __future__ import annotations

import io
import logging

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.urls import reverse

from congress.notifications.backends import ConsoleEmailBackend, DevelopmentSmsBackend
from congress.notifications.models import Notification
from congress.notifications.services import notification_deliver
from suggestions import pins
from suggestions.models import Suggestion


def _sessions_text() -> str:
    return " ".join(str(s.get_decoded()) + s.session_data for s in Session.objects.all())


def test_receipt_rows_keep_a_placeholder_and_the_pin_is_filled_in_only_when_sent(submit):
    result = submit(submitter_email="wang@example.cn")
    rows = Notification.objects.filter(kind="suggestion.received")
    assert {r.channel for r in rows} == {"sms", "email"}
    for row in rows:
        assert result.pin not in row.body and "{pin}" in row.body
        notification_deliver(notification_id=row.pk)
    assert result.pin in DevelopmentSmsBackend.outbox[-1][1]
    for row in Notification.objects.filter(kind="suggestion.received"):
        assert row.status == "sent" and result.pin not in row.body + row.last_error


def test_a_pin_that_cannot_be_recomputed_is_not_guessed_in_the_receipt(submit):
    result = submit()
    Suggestion.objects.filter(pk=result.suggestion.pk).update(pin_hash=make_password("999999"))
    sms = Notification.objects.get(kind="suggestion.received", channel="sms")
    notification_deliver(notification_id=sms.pk)
    text = DevelopmentSmsBackend.outbox[-1][1]
    assert result.pin not in text and "999999" not in text and "{pin}" not in text


def test_development_sms_backend_logs_the_message_with_the_pin_blanked(submit, caplog):
    result = submit()
    sms = Notification.objects.get(kind="suggestion.received", channel="sms")
    with caplog.at_level(logging.DEBUG):
        notification_deliver(notification_id=sms.pk)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert result.suggestion.code in logged and "******" in logged
    assert result.pin not in logged and "13912345678" not in logged


def test_logging_filter_blanks_the_pin_in_every_logger_while_a_message_is_sent(submit):
    from congress.notifications import secrets

    record = logging.LogRecord(
        "provider.sdk", logging.ERROR, __file__, 1, "POST body=%s", ("PIN 123456",), None
    )
    with secrets.live(("123456",)):
        secrets.RedactSecretsFilter().filter(record)
    assert record.getMessage() == "POST body=PIN ******"


def test_console_email_backend_prints_the_mail_without_the_pin(submit, settings):
    settings.EMAIL_BACKEND = "congress.notifications.backends.ConsoleEmailBackend"
    stream = io.StringIO()
    original = ConsoleEmailBackend.__init__

    def to_stream(self, *args, **kwargs):
        original(self, *args, stream=stream, **kwargs)

    ConsoleEmailBackend.__init__ = to_stream  # type: ignore[method-assign]
    try:
        result = submit(submitter_email="wang@example.cn")
        mail = Notification.objects.get(kind="suggestion.received", channel="email")
        notification_deliver(notification_id=mail.pk)
    finally:
        ConsoleEmailBackend.__init__ = original  # type: ignore[method-assign]
    printed = stream.getvalue()
    assert result.suggestion.code in printed and result.pin not in printed


def test_web_submission_shows_the_pin_once_and_the_session_never_holds_it(client, category, street):
    response = client.post(
        reverse("submit"),
        {
            "category": category.pk,
            "title": "路灯损坏",
            "text": "路口的路灯坏了两个星期。",
            "area": street.pk,
            "submitter_mobile": "13912345678",
            "consent_privacy": "on",
            "captcha_0": "x",
            "captcha_1": "PASSED",
        },
    )
    assert response.status_code == 302
    item = Suggestion.objects.get()
    pin = pins.pin_for(item.code)
    assert pin not in _sessions_text()
    page = client.get(reverse("submit-done")).content.decode()
    assert pin in page and item.code in page
    assert pin not in client.get(reverse("submit-done"), follow=True).content.decode()
    assert pin not in _sessions_text()


def test_station_desk_shows_the_pin_once_without_a_flash_message(client, liaison, station, category):
    client.force_login(liaison)
    url = reverse("desk-new", args=[station.slug])
    response = client.post(
        url,
        {
            "title": "垃圾清运",
            "text": "小区垃圾三天没有清运了。",
            "category": category.pk,
            "submitter_name": "赵六",
        },
    )
    assert response.status_code == 302
    item = Suggestion.objects.get()
    pin = pins.pin_for(item.code)
    assert pin not in _sessions_text()
    page = client.get(response["Location"])
    assert pin in page.content.decode()
    assert all(pin not in str(m) for m in page.context["messages"])
    assert pin not in client.get(url).content.decode()


def test_admin_entry_shows_the_pin_once_on_the_case_page(client, staff, category, street):
    client.force_login(staff)
    response = client.post(
        reverse("admin:suggestions_suggestion_enter"),
        {
            "channel": "letter",
            "title": "来信反映噪音",
            "text": "夜间施工噪音扰民，请查处。",
            "category": category.pk,
            "area": street.pk,
            "submitter_name": "钱七",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    item = Suggestion.objects.get()
    pin = pins.pin_for(item.code)
    assert pin not in _sessions_text()
    assert pin in client.get(response["Location"]).content.decode()
    assert pin not in client.get(response["Location"]).content.decode()


def test_api_refuses_a_pin_in_the_address(api, submit):
    item = submit().suggestion
    pin = pins.pin_for(item.code)
    response = api.post(f"/api/v1/public/suggestions/{item.code}/?pin={pin}", {}, format="json")
    assert response.status_code == 400 and "pin" in response.data["errors"]
    assert api.get(f"/api/v1/public/suggestions/{item.code}/?pin={pin}").status_code == 405
    assert (
        api.post(f"/api/v1/public/suggestions/{item.code}/", {"pin": pin}, format="json").status_code == 200
    )
    header = api.post(f"/api/v1/public/suggestions/{item.code}/", HTTP_X_TRACKING_PIN=pin)
    assert header.status_code == 200


def test_the_web_tracking_form_marks_the_pin_as_sensitive(rf, db):
    """Django's error reports (500 mails, logs) then show the PIN as stars."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.views.debug import SafeExceptionReporterFilter

    from suggestions.views import track

    request = rf.post("/track/", {"code": "ABC", "pin": "123456"})
    request.user, request.session = AnonymousUser(), SessionStore()
    track(request)
    assert SafeExceptionReporterFilter().get_post_parameters(request)["pin"] != "123456"


def test_keyed_pin_hash_reveals_nothing_without_the_key(submit, settings):
    result = submit()
    item = result.suggestion
    assert pins.pin_verify(item.code, result.pin, item.pin_hash)
    settings.TRACKING_PIN_KEY = "another-server-key-another-server-key"
    assert not pins.pin_verify(item.code, result.pin, item.pin_hash)


def test_pins_issued_as_pbkdf2_hashes_still_open_their_case(submit):
    item = submit().suggestion
    Suggestion.objects.filter(pk=item.pk).update(pin_hash=make_password("357913"))
    item.refresh_from_db()
    assert pins.pin_verify(item.code, "357913", item.pin_hash)
    assert not pins.pin_verify(item.code, "357914", item.pin_hash)


@pytest.mark.parametrize("pin", ["", " ", "x" * 10, "0000000"])
def test_odd_pins_never_open_a_case(submit, pin):
    item = submit().suggestion
    assert not pins.pin_verify(item.code, pin, item.pin_hash)
