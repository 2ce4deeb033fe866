import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from congress.schedules import periodic_task_ensure

pytestmark = pytest.mark.django_db


def test_setup_schedules_creates_every_apps_periodic_tasks():
    call_command("setup_schedules")
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "congress.tasks.worker_heartbeat",
        "congress.notifications.flush_outbox",
        "stations.materialise_receptions",
        "votes.remind_overdue_milestones",
    } <= tasks


def test_a_schedule_staff_changed_or_disabled_is_left_alone():
    task = periodic_task_ensure(
        name="Nightly job", task="congress.tasks.worker_heartbeat", minute="30", hour="1"
    )
    PeriodicTask.objects.filter(pk=task.pk).update(enabled=False)
    again = periodic_task_ensure(
        name="Nightly job", task="congress.tasks.worker_heartbeat", minute="0", hour="5"
    )
    assert again.pk == task.pk
    assert again.enabled is False
    assert (again.crontab.hour, again.crontab.minute) == ("1", "30")
