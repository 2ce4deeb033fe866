import re

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


def test_every_periodic_task_has_a_chinese_name_and_description():
    call_command("setup_schedules")
    for name, description in PeriodicTask.objects.values_list("name", "description"):
        assert re.search(r"[\u4e00-\u9fff]", name), name
        assert not re.search(r"[A-Za-z]{2,}", name.replace("PDF", "")), name
        assert not re.search(r"[A-Za-z]{2,}", description), description


def test_setup_schedules_renames_rows_of_older_names_keeping_schedule_and_switch():
    call_command("setup_schedules")
    row = PeriodicTask.objects.get(task="stations.materialise_receptions")
    # A row as an older release named it, disabled by staff and moved to 02:00.
    PeriodicTask.objects.filter(pk=row.pk).update(name="Materialise upcoming receptions", enabled=False)
    crontab = row.crontab
    crontab.hour = "2"
    crontab.save()
    count = PeriodicTask.objects.count()
    call_command("setup_schedules")
    call_command("setup_schedules")
    again = PeriodicTask.objects.get(pk=row.pk)
    assert again.name == "生成近期接待日"
    assert again.enabled is False and again.crontab.hour == "2"
    assert PeriodicTask.objects.count() == count
    assert PeriodicTask.objects.filter(task="stations.materialise_receptions").count() == 1


def test_celery_s_result_cleanup_row_is_not_kept():
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule

    crontab = CrontabSchedule.objects.create(minute="0", hour="4")
    PeriodicTask.objects.create(name="celery.backend_cleanup", task="celery.backend_cleanup", crontab=crontab)
    call_command("setup_schedules")
    assert not PeriodicTask.objects.filter(task="celery.backend_cleanup").exists()
    assert settings.CELERY_RESULT_EXPIRES is None  # so beat does not add it again
