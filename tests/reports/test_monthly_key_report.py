"""The monthly dispatch of key suggestions: a PDF stored as a report and sent to every leader once
a month, as an attachment to the email."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail

from congress import roles
from congress.notifications.models import Notification
from congress.notifications.services import notification_deliver
from congress.reports import schedules
from congress.reports.models import Report
from congress.reports.monthly import KIND_MONTHLY_KEY_REPORT, TASK, monthly_key_report_send
from congress.roles import roles_sync
from suggestions.models import Status
from tests.factories.core import UserFactory
from tests.factories.reminders import assigned_item
from tests.factories.suggestions import SuggestionFactory

from .pdftext import pdf_text

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def leader(db):
    roles_sync()
    user = UserFactory(username="chief", email="chief@example.cn", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.COMMITTEE_LEADER))
    return user


def test_the_monthly_report_goes_to_each_leader_once_a_month_as_a_pdf(leader):
    item = assigned_item(
        due=datetime.date(2026, 12, 20),
        is_key=True,
        supervising_leader=leader,
        submitted_at=datetime.datetime(2026, 11, 10, 9, tzinfo=SHANGHAI),
    )
    SuggestionFactory(is_key=True, status=Status.CLOSED)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, tzinfo=SHANGHAI), tick=False):
        assert monthly_key_report_send() == 1
        assert monthly_key_report_send() == 0
    report = Report.objects.get(kind=Report.Kind.KEY_MONTHLY)
    text = pdf_text(report.file.read())
    assert "重点建议月度调度报告" in text and item.suggestion.code in text
    bell = Notification.objects.get(kind=KIND_MONTHLY_KEY_REPORT, channel="in_app")
    assert bell.recipient == leader and "2026-12" in bell.subject
    email = Notification.objects.get(kind=KIND_MONTHLY_KEY_REPORT, channel="email")
    assert email.attachment == report.file.name
    notification_deliver(notification_id=email.pk)
    (sent,) = mail.outbox
    (name, content, _mimetype) = sent.attachments[0]
    assert name.endswith(".pdf") and content.startswith(b"%PDF")


def test_the_monthly_report_is_scheduled_on_the_first_of_the_month():
    from django_celery_beat.models import PeriodicTask

    from congress.celery import app

    schedules.ensure_periodic_tasks()
    task = PeriodicTask.objects.get(task=TASK)
    assert (task.crontab.day_of_month, task.crontab.hour) == ("1", "8")
    app.loader.import_default_modules()
    assert TASK in app.tasks
