# mypy: disable-error-code="misc,operator"
# (due dates and deadline links are optional on the model.)
"""Periodic work: due dates follow recomputed deadlines, abandoned photos are removed, schedules exist."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_celery_beat.models import PeriodicTask

from congress.calendar.models import Deadline
from suggestions import services, tasks
from suggestions.schedules import ensure_periodic_tasks

from .conftest import lead_assignment


def test_due_dates_follow_recomputed_deadlines(make):
    item = make("assigned")
    lead = lead_assignment(item)
    Deadline.objects.filter(pk=lead.deadline_id).update(due=lead.due_date + datetime.timedelta(days=3))
    assert tasks.assignments_due_dates_sync() == 1
    lead.refresh_from_db()
    assert lead.due_date == lead.deadline.due
    assert tasks.assignments_due_dates_sync() == 0


def test_abandoned_photo_stash_is_removed(db):
    default_storage.save("suggestions/tmp/0b7e1f0c-0000-4000-8000-000000000000/0.jpg", ContentFile(b"x"))
    assert services.photo_stash_cleanup(older_than=datetime.timedelta(days=1)) == 0
    assert services.photo_stash_cleanup(older_than=datetime.timedelta(seconds=-1)) == 1


def test_periodic_tasks_are_declared(db):
    ensure_periodic_tasks()
    ensure_periodic_tasks()
    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "suggestions.tasks.assignments_due_dates_sync",
        "suggestions.tasks.suggestions_anonymise_expired",
        "suggestions.tasks.photo_stash_cleanup",
    } <= names
