# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""The periodic reminder task and its beat schedule."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django_celery_beat.models import PeriodicTask

from congress.notifications.models import Notification
from tests.factories.core import UnitOfficerFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes import services
from votes.schedules import ensure_periodic_tasks
from votes.tasks import remind_overdue_milestones

pytestmark = pytest.mark.django_db


def test_schedule_is_created_once():
    ensure_periodic_tasks()
    ensure_periodic_tasks()
    assert PeriodicTask.objects.filter(task="votes.remind_overdue_milestones").count() == 1


@time_machine.travel(datetime.date(2026, 12, 22), tick=False)
def test_task_reminds_both_overdue_milestones_once():
    officer = UnitOfficerFactory()
    services.project_create(candidate=CandidateFactory(cycle=CycleFactory(year=2026), lead_unit=officer.unit))
    assert remind_overdue_milestones() == 2  # June and December reports both missing
    assert remind_overdue_milestones() == 0
    assert Notification.objects.filter(recipient=officer.user).count() == 2
