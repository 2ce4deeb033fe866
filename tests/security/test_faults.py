"""Faults the suite can afford (bounded to seconds): a worker killed in the middle of the overdue
scan, then the scan run again, sends every reminder exactly once. The long versions, with their
own PostgreSQL and Redis under load, are in bench/fault_*.py."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from congress import roles
from congress.notifications.models import Notification, ReminderLog
from suggestions.services import overdue as reminders
from tests.factories.core import HandlingUnitFactory, UnitOfficerFactory, UserFactory
from tests.factories.reminders import assigned_item

ROOT = Path(__file__).resolve().parents[2]
WED = datetime.date(2026, 11, 25)
ITEMS = 12

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]

# The scan in a worker process, slowed down inside each batch's transaction so the kill lands in
# the middle of the scan (after some batches committed, inside another).
SLOW_SCAN = f"""
import time, django
django.setup()
from suggestions.services import overdue as reminders
from suggestions.services import overdue
original = overdue.reminders_send_batch
def slow(*args, **kwargs):
    sent = original(*args, **kwargs)
    time.sleep(0.3)
    return sent
overdue.reminders_send_batch = slow
reminders.overdue_scan(today=__import__("datetime").date({WED.year}, {WED.month}, {WED.day}), batch_size=1)
"""


def _worker_env() -> dict[str, str]:
    settings = connection.settings_dict
    host = settings.get("HOST") or settings.get("OPTIONS", {}).get("host") or ""
    user, name = settings.get("USER") or "postgres", settings["NAME"]
    url = f"postgres://{user}@{host}:{settings.get('PORT') or 5432}/{name}"
    if host.startswith("/"):
        url = f"postgres://{user}@/{name}?host={host}"
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "congress.settings.test", "DATABASE_URL": url}


def _wait_for_the_server_to_drop_other_backends() -> None:
    """A killed client's backend ends when the server notices the closed socket, which on a loaded
    machine can take a moment; until then its row locks stand and the rerun rightly skips those
    rows. What the test asserts is the rerun after the crash, so wait for the crash to be over."""
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError("the killed worker's backend is still connected after 30 s")


def test_a_worker_killed_mid_scan_then_a_rerun_sends_every_reminder_exactly_once():
    from congress.calendar.models import CalendarYear
    from congress.calendar.services import calendar_load_year

    if not CalendarYear.objects.filter(year=2026, is_loaded=True).exists():
        calendar_load_year(year=2026)
    Group.objects.get_or_create(name=roles.UNIT_OFFICER)
    unit = HandlingUnitFactory(name="示范市住房和城乡建设局")
    UnitOfficerFactory(unit=unit, user=UserFactory(username="officer1"))
    UnitOfficerFactory(unit=unit, user=UserFactory(username="head1"), is_head=True)
    for _ in range(ITEMS):
        assigned_item(due=datetime.date(2026, 11, 20), unit=unit)  # overdue on WED

    worker = subprocess.Popen(
        [sys.executable, "-c", SLOW_SCAN], cwd=ROOT, env=_worker_env(), start_new_session=True
    )
    deadline = time.monotonic() + 60
    while ReminderLog.objects.count() < 3 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.05)
    assert worker.poll() is None, "the worker ended before it could be killed"
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    _wait_for_the_server_to_drop_other_backends()
    logged = ReminderLog.objects.count()
    assert 0 < logged < ITEMS * 2, f"the kill did not land mid-scan ({logged} logged)"

    reminders.overdue_scan(today=WED, batch_size=5)

    kinds = set(ReminderLog.objects.values_list("kind", flat=True))
    for kind in kinds:
        assert ReminderLog.objects.filter(kind=kind).count() == ITEMS, kind
    assert ReminderLog.objects.filter(kind=reminders.KIND_OVERDUE).count() == ITEMS
    # Officer and head, bell and email, once each per item; no key is written twice.
    assert Notification.objects.filter(kind=reminders.KIND_OVERDUE).count() == ITEMS * 4
    keys = list(Notification.objects.exclude(dedupe_key=None).values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys))
    reminders.overdue_scan(today=WED, batch_size=5)
    assert Notification.objects.filter(kind=reminders.KIND_OVERDUE).count() == ITEMS * 4
