"""An assignment's status changes only along ``workflow.ASSIGNMENT_MOVES``: it ends once, and a second
end (a double-clicked reply, a return racing a re-assignment) is refused and changes nothing."""

from __future__ import annotations

import datetime

import pytest

from congress.errors import DomainError
from suggestions import workflow
from suggestions.models import Assignment
from suggestions.services.assignment import _end_assignment
from tests.factories.reminders import assigned_item

pytestmark = pytest.mark.django_db

STATES = list(Assignment.Status.values)


@pytest.mark.parametrize(("current", "target"), [(a, b) for a in STATES for b in STATES])
def test_every_end_follows_the_table(current, target):
    assignment = assigned_item(due=datetime.date(2026, 12, 31))
    Assignment.objects.filter(pk=assignment.pk).update(status=current)  # arrange the state under test
    assignment.refresh_from_db()
    if workflow.assignment_can_move(current, target):
        _end_assignment(assignment, status=target, actor=None)
        assert Assignment.objects.get(pk=assignment.pk).status == target
    else:
        with pytest.raises(DomainError):
            _end_assignment(assignment, status=target, actor=None)
        assert Assignment.objects.get(pk=assignment.pk).status == current


def test_the_table_covers_every_status_and_only_an_active_task_ends():
    assert set(workflow.ASSIGNMENT_MOVES) == set(STATES)
    assert [s for s, targets in workflow.ASSIGNMENT_MOVES.items() if targets] == [Assignment.Status.ACTIVE]


def test_a_stale_copy_cannot_end_a_task_twice():
    assignment = assigned_item(due=datetime.date(2026, 12, 31))
    stale = Assignment.objects.get(pk=assignment.pk)
    _end_assignment(assignment, status=Assignment.Status.DONE, actor=None)
    with pytest.raises(DomainError):
        _end_assignment(stale, status=Assignment.Status.RETURNED, actor=None)
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.DONE
