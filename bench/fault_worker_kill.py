"""Fault: the worker running the overdue scan is killed (SIGKILL) in the middle; the scan runs again.

    .venv/bin/python bench/fault_worker_kill.py [--items 2000] [--kill-after 300]

Own PostgreSQL (embedded, temporary). Creates ``--items`` overdue assignments in one unit with an
officer and a head, starts a worker process running the overdue scan (the same function the Celery
task runs, for a fixed working day), kills it with SIGKILL once ``--kill-after`` reminders are
logged, then runs the scan again to the end. Prints how far the killed scan got, the rerun's time,
and checks that every reminder was logged once and every notification written once (four per
overdue item: officer and head, bell and email; no de-duplication key twice)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import time

from security_stack import PYTHON, ROOT, Stack

DAY = "datetime.date(2026, 11, 25)"  # a Wednesday, a working day


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--kill-after", type=int, default=300)
    args = parser.parse_args()
    stack = Stack(redis=False)
    stack.pg_start()
    try:
        stack.manage("migrate", "--noinput", "-v", "0")
        stack.shell(
            "import datetime\n"
            "from congress.calendar.services import calendar_load_year\n"
            "from congress.calendar.models import CalendarYear\n"
            "loaded = CalendarYear.objects.filter(year=2026, is_loaded=True).exists()\n"
            "loaded or calendar_load_year(year=2026)\n"
            "from tests.factories.core import HandlingUnitFactory as H, UnitOfficerFactory, UserFactory\n"
            "from tests.factories.reminders import assigned_item\n"
            "unit = H(name='示范市住房和城乡建设局')\n"
            "UnitOfficerFactory(unit=unit, user=UserFactory(username='officer1'))\n"
            "UnitOfficerFactory(unit=unit, user=UserFactory(username='head1'), is_head=True)\n"
            f"for _ in range({args.items}): assigned_item(due=datetime.date(2026, 11, 20), unit=unit)\n"
        )
        print(f"{args.items} overdue assignments created")

        def logged_now() -> int:
            lines = stack.pg.psql("\\c bench\nSELECT count(*) FROM notifications_reminderlog;").splitlines()
            return int(next(lines[i + 1] for i, line in enumerate(lines) if line.startswith("---")).strip())

        worker = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                # Small batches: many commits, so the kill lands between some of them.
                "import datetime\nfrom suggestions.services import overdue as reminders\n"
                f"reminders.overdue_scan(today={DAY}, batch_size=20)",
            ],
            cwd=ROOT,
            env=stack.env,
            start_new_session=True,
        )
        started = time.monotonic()
        logged = 0
        while time.monotonic() - started < 600 and worker.poll() is None:
            logged = logged_now()
            if logged >= args.kill_after:
                break
            time.sleep(0.2)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        logged = logged_now()
        print(f"worker killed after {time.monotonic() - started:.1f} s with {logged} reminders logged")
        rerun = time.monotonic()
        stack.shell(
            "import datetime\nfrom suggestions.services import overdue as reminders\n"
            f"reminders.overdue_scan(today={DAY})"
        )
        total = logged_now()
        print(f"rerun finished in {time.monotonic() - rerun:.1f} s; {total} reminders logged in all")
        out = stack.shell(
            "from django.db.models import Count\n"
            "from congress.notifications.models import Notification as N, ReminderLog as R\n"
            "from suggestions.services import overdue as reminders\n"
            "per = R.objects.values('object_id', 'kind', 'stage').annotate(n=Count('pk'))\n"
            "twice = per.filter(n__gt=1).count()\n"
            "keys = N.objects.exclude(dedupe_key=None).values('dedupe_key').annotate(n=Count('pk'))\n"
            "print(R.objects.filter(kind=reminders.KIND_OVERDUE).count(),"
            " N.objects.filter(kind=reminders.KIND_OVERDUE).count(), twice, keys.filter(n__gt=1).count())"
        ).split()[-4:]
        overdue_logs, overdue_notes, twice, dup_keys = map(int, out)
        print(
            f"overdue reminders logged {overdue_logs} of {args.items}; notifications {overdue_notes}"
            f" (expected {args.items * 4}); logged twice {twice}; keys written twice {dup_keys}"
        )
        held = overdue_logs == args.items and overdue_notes == args.items * 4 and twice == 0 and dup_keys == 0
        held = held and 0 < logged < total  # the kill landed in the middle of the scan
        print("HELD" if held else "FAILED")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
