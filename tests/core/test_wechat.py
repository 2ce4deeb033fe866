"""WeChat subscribe messages through wechatpy, against a fake of the WeChat API on loopback
(``tests/fake_wechat.py``): the citizen who submitted through the mini-program hears that their item
moved; the access token is fetched once and shared through the cache; a token WeChat no longer takes
is replaced and the send tried again once; a citizen who refused the subscription is not asked again;
and with no WeChat configuration nothing changes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import checks
from django.core.cache import cache

from congress.notifications import services, tasks
from congress.notifications import wechat as wechat_module
from congress.notifications.models import Notification
from suggestions.models import Suggestion
from tests.fake_wechat import FakeWeChat
from tests.suggestions.conftest import (  # the suggestions tests' people and items, reused
    category,
    make,
    officer,
    role_groups,
    staff,
    street,
    submit,
    unit,
)

pytestmark = pytest.mark.django_db
FIXTURES = (category, make, officer, role_groups, staff, street, submit, unit)

APP_ID = "wx1234567890abcdef"
SECRET = "wechat-app-secret-0123456789"
OPENID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
RECEIVED = "tmpl-received"
MOVED = "tmpl-moved"


@pytest.fixture
def wechat(settings: Any) -> Any:
    fake = FakeWeChat(app_id=APP_ID, secret=SECRET, templates={RECEIVED, MOVED}).start()
    settings.WECHAT_APP_ID = APP_ID
    settings.WECHAT_APP_SECRET = SECRET
    settings.WECHAT_API_BASE_URL = fake.base_url
    settings.WECHAT_TIMEOUT = 1.0
    settings.WECHAT_PAGE = "pages/track/index?code={code}"
    settings.WECHAT_MINIPROGRAM_STATE = "trial"
    settings.WECHAT_TEMPLATES = {
        "suggestion.received": {
            "template": RECEIVED,
            "data": {"character_string1": "code", "thing2": "subject", "time3": "time"},
        },
        "suggestion.reply": {
            "template": MOVED,
            "data": {"character_string1": "code", "phrase2": "status", "thing3": "subject"},
        },
    }
    yield fake
    fake.stop()


def _wechat_rows(item: Suggestion) -> list[Notification]:
    return list(Notification.objects.filter(object_id=item.pk, channel="wechat").order_by("pk"))


def _receipt(submit: Any, openid: str = OPENID) -> Notification:
    item = submit(channel="api", submitter_openid=openid).suggestion
    [row] = _wechat_rows(item)
    return row


def _deliver(row: Notification) -> Notification:
    services.notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    return row


def test_the_receipt_reaches_the_citizen_as_the_subscribed_template(wechat, submit):
    row = _receipt(submit)
    assert (row.kind, row.to_address) == ("suggestion.received", OPENID)
    row = _deliver(row)
    assert row.status == Notification.Status.SENT, row.last_error
    [sent] = wechat.accepted
    code = Suggestion.objects.get(pk=int(row.object_id or 0)).code
    assert sent["touser"] == OPENID
    assert sent["template_id"] == RECEIVED
    assert sent["page"] == f"pages/track/index?code={code}"
    assert sent["miniprogram_state"] == "trial"
    assert sent["data"]["character_string1"] == {"value": code}
    assert sent["data"]["thing2"] == {"value": wechat_module._fit("thing2", row.subject)}
    assert sent["data"]["time3"]["value"].startswith(str(row.created_at.astimezone().year))
    assert row.provider_message_id == str(sent["msgid"])


def test_the_pin_never_goes_to_wechat(wechat, submit):
    submitted = submit(channel="api", submitter_openid=OPENID)
    [row] = _wechat_rows(submitted.suggestion)
    _deliver(row)
    [sent] = wechat.accepted
    assert submitted.pin not in str(sent)


def test_a_reply_tells_the_citizen_the_item_moved(wechat, make):
    item = make("replied", channel="api", submitter_openid=OPENID)
    rows = _wechat_rows(item)
    assert [r.kind for r in rows] == ["suggestion.received", "suggestion.reply"]
    _deliver(rows[1])
    [sent] = wechat.accepted
    assert sent["template_id"] == MOVED
    assert sent["data"]["phrase2"]["value"] == str(item.get_status_display())


def test_a_kind_without_a_template_gets_no_wechat_row(wechat, make, settings):
    settings.WECHAT_TEMPLATES = {"suggestion.reply": settings.WECHAT_TEMPLATES["suggestion.reply"]}
    item = make("replied", channel="api", submitter_openid=OPENID)
    assert [r.kind for r in _wechat_rows(item)] == ["suggestion.reply"]


def test_one_token_serves_every_message_through_the_shared_cache(wechat, submit):
    first, second = _receipt(submit), _receipt(submit)
    assert _deliver(first).status == Notification.Status.SENT
    assert _deliver(second).status == Notification.Status.SENT
    assert wechat.state.token_fetches == 1
    assert len(wechat.accepted) == 2


def test_the_cached_token_expires_before_wechat_expires_it(wechat, submit):
    _deliver(_receipt(submit))
    key = f"{wechat_module.CacheStorage.prefix}{APP_ID}_access_token"
    assert cache.get(key) in wechat.state.valid_tokens
    ttl = _ttl(key)
    assert 7200 - wechat_module.TOKEN_MARGIN_SECONDS - 60 < ttl <= 7200 - wechat_module.TOKEN_MARGIN_SECONDS


def _ttl(key: str) -> float:
    """Seconds the shared cache keeps ``key`` (Redis in the test command, memory otherwise)."""
    backend: Any = cache
    full = backend.make_and_validate_key(key)
    if hasattr(backend, "_expire_info"):
        return float(backend._expire_info[full] - time.time())
    return float(backend._cache.get_client(full).ttl(full))


def test_a_token_wechat_no_longer_takes_is_replaced_and_the_send_tried_again_once(wechat, submit):
    first, second = _receipt(submit), _receipt(submit)
    wechat.state.revoke_after_send = True  # e.g. another server fetched a new token
    assert _deliver(first).status == Notification.Status.SENT
    second = _deliver(second)
    assert second.status == Notification.Status.SENT, second.last_error
    assert wechat.state.token_fetches == 2
    assert len(wechat.accepted) == 2
    assert wechat.state.send_calls == 3  # first, refused second, second again


def test_a_token_refused_again_is_not_tried_a_third_time_but_later(wechat, submit):
    row = _receipt(submit)
    wechat.state.refuse_every_token = True
    row = _deliver(row)
    assert wechat.state.send_calls == 2
    assert row.status == Notification.Status.PENDING
    assert row.next_attempt_at is not None
    assert row.delivery_code == "40001"
    assert "40001" in row.last_error


def test_a_citizen_who_refused_the_subscription_is_failed_without_retry(wechat, submit):
    wechat.state.refused.add(OPENID)
    row = _deliver(_receipt(submit))
    assert row.status == Notification.Status.FAILED
    assert row.next_attempt_at is None
    assert row.delivery_code == "43101"
    assert "43101" in row.last_error
    tasks.flush_outbox()
    row.refresh_from_db()
    assert (row.attempts, wechat.state.send_calls) == (1, 1)


def test_a_long_subject_is_cut_to_the_field_limit(wechat, submit):
    row = _receipt(submit)
    Notification.objects.filter(pk=row.pk).update(
        subject="您的意见已经收到，我们将在两个工作日内完成登记并转交承办单位办理"
    )
    row = _deliver(row)
    assert row.status == Notification.Status.SENT, row.last_error
    [sent] = wechat.accepted
    assert len(sent["data"]["thing2"]["value"]) == 20


def test_an_unreachable_api_is_retried_later_and_the_secret_stays_out_of_the_error(wechat, submit):
    row = _receipt(submit)
    wechat.stop()
    row = _deliver(row)
    assert row.status == Notification.Status.PENDING
    assert "unreachable" in row.last_error
    assert SECRET not in row.last_error


def test_a_timeout_after_wechat_took_the_message_is_not_sent_twice(wechat, submit):
    row = _receipt(submit)
    _deliver(_receipt(submit))  # a token in the cache: the slow request is the send itself
    wechat.state.delay_next_response = 2.5
    tasks.deliver_notification(row.pk)
    tasks.deliver_notification(row.pk)
    tasks.flush_outbox()
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert len(wechat.accepted) == 2


def test_a_wrong_secret_fetches_no_token_and_sends_nothing(wechat, submit, settings):
    settings.WECHAT_APP_SECRET = "not-the-secret"
    row = _deliver(_receipt(submit))
    assert row.status == Notification.Status.PENDING
    assert row.delivery_code == "40125"
    assert wechat.state.send_calls == 0
    assert "not-the-secret" not in row.last_error


def test_without_wechat_settings_nothing_changes(submit, settings):
    settings.WECHAT_APP_ID = ""
    item = submit(channel="api", submitter_openid=OPENID).suggestion
    assert _wechat_rows(item) == []
    assert Suggestion.objects.get(pk=item.pk).submitter_openid == ""
    assert set(Notification.objects.filter(object_id=item.pk).values_list("channel", flat=True)) == {"sms"}


def test_anonymisation_removes_the_openid_and_the_address_of_its_messages(wechat, make):
    from suggestions.services import suggestion_anonymise

    item = make("replied", channel="api", submitter_openid=OPENID)
    suggestion_anonymise(suggestion=item)
    assert Suggestion.objects.get(pk=item.pk).submitter_openid == ""
    assert {r.to_address for r in _wechat_rows(item)} == {""}


def test_check_deploy_names_a_half_configured_wechat(settings):
    from congress.notifications.checks import check_real_delivery

    settings.WECHAT_APP_ID = ""
    assert not {m.id for m in check_real_delivery()} & {"congress.E104", "congress.W104", "congress.W105"}
    settings.WECHAT_APP_ID = APP_ID
    settings.WECHAT_APP_SECRET = ""
    settings.WECHAT_TEMPLATES = {}
    settings.WECHAT_API_BASE_URL = "http://127.0.0.1:9/"
    found = {m.id: m for m in check_real_delivery()}
    assert found["congress.E104"].level == checks.ERROR
    assert found["congress.W104"].level == checks.WARNING
    assert found["congress.W105"].level == checks.WARNING
    settings.WECHAT_APP_SECRET = SECRET
    settings.WECHAT_TEMPLATES = {"*": {"template": "t", "data": {}}}
    settings.WECHAT_API_BASE_URL = "https://api.weixin.qq.com/"
    assert not {m.id for m in check_real_delivery()} & {"congress.E104", "congress.W104", "congress.W105"}
