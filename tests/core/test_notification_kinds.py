"""Staff read each notification's kind by its name, and filter the outbox by kind without a
``SELECT DISTINCT`` over the table; kinds are stable codes, the ids stay in the de-duplication key
(that every kind the demo city writes is named: tests/core/test_demo.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from congress.notifications.kinds import kind_choices, kind_label
from congress.notifications.models import Notification
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_kinds_are_named_in_chinese() -> None:
    registered = dict(kind_choices())
    assert {"suggestion.received", "suggestion.reply", "reminder.overdue", "votes.project"} <= set(registered)
    with translation.override("zh-hans"):
        assert kind_label("suggestion.reply") == "承办单位答复"
        assert kind_label("reminder.overdue") == "超期提醒"


def test_a_row_written_before_kinds_were_stable_is_still_named() -> None:
    with translation.override("zh-hans"):
        assert kind_label("suggestion.reply:12") == kind_label("suggestion.reply")
        assert kind_label("something.unknown") == "something.unknown"


def test_the_outbox_filters_by_named_kind_without_reading_every_kind_from_the_table(client) -> None:
    staff = UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(staff)
    Notification.objects.create(channel="in_app", recipient=staff, kind="suggestion.reply", subject="答复")
    Notification.objects.create(channel="in_app", recipient=staff, kind="reminder.overdue", subject="超期")
    url = "/admin/notifications/notification/"
    with translation.override("zh-hans"), CaptureQueriesContext(connection) as queries:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "承办单位答复" in page and "超期提醒" in page
    assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"] and '"kind"' in q["sql"]]
    filtered = client.get(url + "?kind=reminder.overdue").content.decode()
    assert "超期" in filtered and ">答复<" not in filtered


def test_the_reminder_log_filter_offers_reminder_kinds_only(client) -> None:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/notifications/reminderlog/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "?kind=reminder.overdue" in page and "?kind=suggestion.reply" not in page
