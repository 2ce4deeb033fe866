"""Periodic tasks of the suggestions app (created by ``manage.py setup_schedules``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.schedules import periodic_task_ensure


def ensure_periodic_tasks() -> None:
    # Reminders (docs/reminders.md), Asia/Shanghai.
    periodic_task_ensure(
        name=_("Reminders: overdue scan and deadline reminders"),
        task="suggestions.reminders.overdue_scan",
        # Every 10 minutes: an item assigned with a past due date is reminded within ten minutes, and
        # the marking follows midnight. The reminder log keeps each reminder to one however often it
        # runs; unit reminders are bell and email only (no SMS at night), and a run with nothing new
        # owed costs a few index scans (docs/performance.md has the figures at 1,000,000 items).
        minute="*/10",
    )
    periodic_task_ensure(
        name=_("Reminders: weekly digest per handling unit"),
        task="suggestions.reminders.weekly_digest",
        minute="0",
        hour="8",
        day_of_week="1",
    )
    periodic_task_ensure(
        name=_("Reminders: rating reminder after a reply"),
        task="suggestions.reminders.rating",
        minute="0",
        hour="10",
    )
    periodic_task_ensure(
        name=_("Suggestions: copy recomputed deadlines into assignments"),
        task="suggestions.tasks.assignments_due_dates_sync",
        every_minutes=10,
    )
    periodic_task_ensure(
        name=_("Suggestions: delete photos of abandoned submissions"),
        task="suggestions.tasks.photo_stash_cleanup",
        every_minutes=60,
    )
    periodic_task_ensure(
        name=_("Suggestions: anonymise cases past the retention period"),
        task="suggestions.tasks.suggestions_anonymise_expired",
        minute="30",
        hour="3",
    )
    periodic_task_ensure(
        name=_("Suggestions: recount text unit frequencies for duplicates"),
        task="suggestions.tasks.term_frequencies_refresh",
        minute="45",
    )
    periodic_task_ensure(
        name=_("Suggestions: retrain the suggested category and lead unit"),
        task="suggestions.tasks.routing_models_retrain",
        minute="15",
        hour="2",
    )
    periodic_task_ensure(
        name=_("Suggestions: find hotspots of similar items"),
        task="suggestions.tasks.hotspots_detect",
        minute="20",
    )
