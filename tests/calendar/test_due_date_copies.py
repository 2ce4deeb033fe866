"""Owners that keep a copy of the due date (a ``due_date`` next to a ``deadline`` foreign key, such as
a suggestion's assignment) see it move in the same transaction as the deadline."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from congress.calendar import services
from congress.calendar.models import DayKind, Deadline
from congress.roles import COMMITTEE_STAFF, roles_sync
from suggestions.models import Assignment
from tests.factories.core import HandlingUnitFactory
from tests.factories.suggestions import SuggestionFactory

pytestmark = pytest.mark.django_db


def _assignment_with_deadline(start: datetime.date, policy_code: str = "opinion.reply") -> Assignment:
    suggestion: Any = SuggestionFactory()
    unit: Any = HandlingUnitFactory()
    assignment = Assignment.objects.create(
        suggestion=suggestion,
        unit=unit,
        role="lead",
        assigned_at=timezone.now(),
    )
    deadline = services.deadline_create(owner=assignment, policy_code=policy_code, start=start)
    Assignment.objects.filter(pk=assignment.pk).update(deadline=deadline, due_date=deadline.due)
    assignment.refresh_from_db()
    return assignment


def test_a_new_holiday_moves_the_copied_due_date_at_once():
    assignment = _assignment_with_deadline(datetime.date(2026, 11, 23))
    assert assignment.due_date == datetime.date(2026, 12, 7)
    services.calendar_day_set(day=datetime.date(2026, 11, 26), kind=DayKind.HOLIDAY, name="测试假日")
    assignment.refresh_from_db()
    deadline = Deadline.objects.get(pk=assignment.deadline_id or 0)
    assert deadline.due == datetime.date(2026, 12, 8)
    assert assignment.due_date == deadline.due


def test_an_approved_extension_moves_the_copied_due_date_at_once(django_user_model):
    roles_sync()
    staff = django_user_model.objects.create_user("approver", is_staff=True)
    staff.groups.add(Group.objects.get(name=COMMITTEE_STAFF))
    staff = django_user_model.objects.get(pk=staff.pk)  # fresh permission cache
    assignment = _assignment_with_deadline(datetime.date(2026, 3, 10), "deputy_suggestion.reply")
    deadline = Deadline.objects.get(pk=assignment.deadline_id or 0)
    assert assignment.due_date == datetime.date(2026, 6, 10)
    extension = services.extension_request(deadline=deadline, amount=1, reason="涉及面广，需要调研")
    services.extension_decide(extension=extension, approve=True, actor=staff)
    assignment.refresh_from_db()
    deadline.refresh_from_db()
    assert deadline.due == datetime.date(2026, 7, 10)
    assert assignment.due_date == deadline.due
