"""Periodic tasks live in django-celery-beat so staff can see and change them in the admin.

Every app declares its tasks with ``periodic_task_ensure`` in an ``ensure_periodic_tasks()`` function
(in its ``schedules`` or ``reminders`` module); ``manage.py setup_schedules`` calls them all. A task
that exists keeps its schedule: a schedule staff changed or a task they disabled stays that way. Its
Celery task name is the key; the name staff read is translated (Chinese) and follows the code.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask, PeriodicTasks

from .audit import audit_record


def periodic_task_ensure(
    *,
    name: str | Promise,
    task: str,
    minute: str = "0",
    hour: str = "*",
    day_of_week: str = "*",
    day_of_month: str = "*",
    every_minutes: int | None = None,
    description: str | Promise = "",
) -> PeriodicTask:
    """Create the periodic task that runs ``task`` once: every ``every_minutes`` minutes, or on the
    crontab given (local time, ``settings.TIME_ZONE``).

    The Celery task name is the stable key; ``name`` and ``description`` are what staff read in the
    admin, stored in the portal's language (``settings.LANGUAGE_CODE``). A task that exists keeps its
    schedule and its enabled flag (staff may have changed them) but takes the current name and
    description, so renaming a task here renames the row on the next ``setup_schedules``."""
    with translation.override(settings.LANGUAGE_CODE):
        title, text = str(name), str(description)
    existing = PeriodicTask.objects.filter(task=task).order_by("pk").first()
    if existing is None:
        # A row created before the task path was the key: found by its (old) name.
        existing = PeriodicTask.objects.filter(name=title).first()
    if existing is not None:
        if (existing.name, existing.description) != (title, text) and (
            existing.name == title or not PeriodicTask.objects.filter(name=title).exists()
        ):
            existing.name, existing.description = title, text
            existing.save(update_fields=["name", "description"])
        return existing
    defaults: dict[str, object] = {"task": task, "description": text}
    if every_minutes is not None:
        defaults["interval"], _ = IntervalSchedule.objects.get_or_create(
            every=every_minutes, period=IntervalSchedule.MINUTES
        )
    else:
        defaults["crontab"], _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
            day_of_month=day_of_month,
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
    task_row, _created = PeriodicTask.objects.get_or_create(name=title, defaults=defaults)
    return task_row


def ensure_periodic_tasks() -> None:
    # Celery beat's own cleanup of stored results, added by older settings: the portal stores none.
    PeriodicTask.objects.filter(name="celery.backend_cleanup", task="celery.backend_cleanup").delete()
    periodic_task_ensure(name=_("Worker heartbeat"), task="congress.tasks.worker_heartbeat", every_minutes=1)
    periodic_task_ensure(
        name=_("Deliver pending notifications"), task="congress.notifications.flush_outbox", every_minutes=1
    )
    periodic_task_ensure(
        name=_("Verify the audit chain"), task="congress.tasks.audit_chain_verify", minute="30", hour="2"
    )
    periodic_task_ensure(
        name=_("Collect SMS delivery reports"), task="congress.notifications.sms_receipts", every_minutes=1
    )
    periodic_task_ensure(
        name=_("Purge expired API idempotency keys"),
        task="congress.tasks.idempotency_keys_purge",
        minute="40",
        hour="3",
    )


def periodic_tasks_switch(*, tasks: QuerySet[PeriodicTask], enabled: bool | None, actor: Any) -> int:
    """Turn tasks on (``True``), off (``False``) or each to the other state (``None``), with an audit
    event per task that changed. A task turned off forgets its last run, as django-celery-beat's own
    action does, so turned on again it waits for its next time. Returns how many tasks changed."""
    changed = 0
    with transaction.atomic():
        for task in PeriodicTask.objects.filter(pk__in=tasks.values("pk")).select_for_update().order_by("pk"):
            after = (not task.enabled) if enabled is None else enabled
            if after == task.enabled:
                continue
            fields: dict[str, Any] = {"enabled": after} if after else {"enabled": False, "last_run_at": None}
            PeriodicTask.objects.filter(pk=task.pk).update(**fields)
            audit_record(
                target=task,
                action="enable" if after else "disable",
                actor=actor,
                data={"changes": {"enabled": [task.enabled, after]}},
            )
            changed += 1
        if changed:
            PeriodicTasks.update_changed()
    return changed


def periodic_tasks_delete(*, tasks: QuerySet[PeriodicTask], actor: Any) -> int:
    """Remove tasks from the schedule, each with an audit event naming its Celery task (the apps'
    own tasks come back with ``manage.py setup_schedules``)."""
    with transaction.atomic():
        rows = list(PeriodicTask.objects.filter(pk__in=tasks.values("pk")).select_for_update().order_by("pk"))
        for task in rows:
            audit_record(target=task, action="delete", actor=actor, note=task.task, data={"name": task.name})
        PeriodicTask.objects.filter(pk__in=[task.pk for task in rows]).delete()
        PeriodicTasks.update_changed()
    return len(rows)


def schedules_delete(*, schedules: QuerySet[Any], actor: Any) -> int:
    """Delete interval, crontab, clocked or solar schedules. The periodic tasks that run on one go
    with it (django-celery-beat cascades): each task and each schedule gets an audit event, so no
    task leaves the beat without a trace."""
    model = schedules.model
    link = next(field.name for field in PeriodicTask._meta.fields if field.related_model is model)
    with transaction.atomic():
        rows = list(model._default_manager.filter(pk__in=schedules.values("pk")).select_for_update())
        for task in PeriodicTask.objects.filter(**{f"{link}__in": rows}).order_by("pk"):
            audit_record(target=task, action="delete", actor=actor, note=task.task, data={"name": task.name})
        for schedule in rows:
            audit_record(target=schedule, action="delete", actor=actor, note=str(schedule))
        model._default_manager.filter(pk__in=[row.pk for row in rows]).delete()
        PeriodicTasks.update_changed()
    return len(rows)
