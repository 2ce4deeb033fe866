"""The periodic purge of Idempotency-Key rows: what can no longer answer goes, in batches; a key still
inside its window stays and still replays its first answer."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from congress import idempotency, schedules, tasks
from congress.models import IdempotencyKey
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/suggestions/"
NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _row(n: int, *, created: datetime.datetime, expires: datetime.datetime) -> IdempotencyKey:
    row = IdempotencyKey.objects.create(
        client="c", scope="s", key_hash=f"{n:064d}", fingerprint="f", status_code=201, expires_at=expires
    )
    IdempotencyKey.objects.filter(pk=row.pk).update(created_at=created)
    return row


def test_expired_rows_go_and_rows_inside_their_window_stay():
    hour = datetime.timedelta(hours=1)
    gone = [_row(n, created=NOW - 30 * hour, expires=NOW - 6 * hour) for n in range(5)]
    gone.append(_row(99, created=NOW - hour, expires=NOW))  # expiring this very moment
    kept = [_row(100 + n, created=NOW - hour, expires=NOW + 23 * hour) for n in range(3)]
    assert idempotency.idempotency_keys_purge(now=NOW, batch=2) == len(gone)
    assert set(IdempotencyKey.objects.values_list("pk", flat=True)) == {r.pk for r in kept}


@override_settings(API_IDEMPOTENCY_HOURS=24 * 30, API_IDEMPOTENCY_RETENTION_DAYS=7)
def test_no_row_outlives_the_retention_even_with_a_longer_window():
    old = _row(1, created=NOW - datetime.timedelta(days=8), expires=NOW + datetime.timedelta(days=22))
    young = _row(2, created=NOW - datetime.timedelta(days=6), expires=NOW + datetime.timedelta(days=24))
    assert idempotency.idempotency_keys_purge(now=NOW) == 1
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [young.pk]
    assert not IdempotencyKey.objects.filter(pk=old.pk).exists()
    # ... and the window a new key gets is capped by the retention, so a kept key always replays.
    assert idempotency._hours() == 7 * 24


def test_a_recent_key_still_replays_after_the_purge(api, payload):
    first = api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="keep-me")
    _row(
        1,
        created=timezone.now() - datetime.timedelta(days=2),
        expires=timezone.now() - datetime.timedelta(days=1),
    )
    tasks.idempotency_keys_purge()  # the Celery task, run inline
    assert IdempotencyKey.objects.count() == 1
    again = api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="keep-me")
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and Suggestion.objects.count() == 1


def test_an_empty_table_is_a_no_op():
    assert idempotency.idempotency_keys_purge(now=NOW) == 0


def test_the_purge_is_scheduled_nightly_and_staff_changes_survive():
    schedules.ensure_periodic_tasks()
    task = PeriodicTask.objects.get(task="congress.tasks.idempotency_keys_purge")
    assert (
        task.enabled and task.crontab is not None and (task.crontab.hour, task.crontab.minute) == ("3", "40")
    )
    PeriodicTask.objects.filter(pk=task.pk).update(enabled=False)
    schedules.ensure_periodic_tasks()
    assert PeriodicTask.objects.filter(task="congress.tasks.idempotency_keys_purge").get().enabled is False
