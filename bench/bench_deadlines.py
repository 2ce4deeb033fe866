"""Benchmark: due dates for 100,000 items after the calendar is loaded once.

    .venv/bin/python bench/bench_deadlines.py            # calendar from the database (Django)
    .venv/bin/python bench/bench_deadlines.py --pure     # calendar straight from chinesecalendar

The database mode needs DATABASE_URL (and the workcalendar migrations applied); it uses
DJANGO_SETTINGS_MODULE, congress.settings.local by default. The figure printed is wall-clock time of
the computation only; loading the calendar is timed separately.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from congress.calendar.engine import WorkCalendar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

N = 100_000


def load_calendar(pure: bool) -> WorkCalendar:
    if pure:
        from congress.calendar.sources import package_calendar

        return package_calendar()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.local")
    import django

    django.setup()
    from congress.calendar.selectors import work_calendar

    return work_calendar()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pure", action="store_true", help="no database: build from chinesecalendar")
    parser.add_argument("-n", type=int, default=N, help=f"number of items (default {N})")
    args = parser.parse_args()

    started = time.perf_counter()
    calendar = load_calendar(args.pure)
    loaded = time.perf_counter() - started
    years = f"{min(calendar.loaded_years)}–{max(calendar.loaded_years)}"
    print(f"calendar loaded once in {loaded * 1000:.0f} ms (loaded years {years})")

    rng = random.Random(2310)
    first = date(2025, 1, 1)
    starts = [first + timedelta(days=rng.randrange(730)) for _ in range(args.n)]
    # The policies of DOMAIN.md §5: 2/3/10 working days, 1 and 3 months, 10 calendar days.
    mix = [
        ("working_days", 2),
        ("working_days", 3),
        ("working_days", 10),
        ("months", 1),
        ("months", 3),
        ("calendar_days", 10),
    ]
    jobs = [(start, *mix[i % len(mix)]) for i, start in enumerate(starts)]

    for label, work in [
        ("working days only (10)", [(s, "working_days", 10) for s in starts]),
        ("mixed policies", jobs),
    ]:
        started = time.perf_counter()
        due = [calendar.due_date(start, unit, amount) for start, unit, amount in work]
        elapsed = time.perf_counter() - started
        provisional = sum(1 for d in due if d.provisional)
        print(f"{len(work):,} due dates, {label}: {elapsed * 1000:.0f} ms ({provisional:,} provisional)")


if __name__ == "__main__":
    main()
