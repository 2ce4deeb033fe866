"""Benchmark: the staff pages at scale, scoped to a body beside unscoped, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_bodies_1m REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python bench/bench_bodies.py [--runs 15] [--stats-runs 5] [--district cg] [--lower qbs]

``DATABASE_URL`` names a database made by ``manage.py seed_scale --bodies 12,150`` (docs/performance.md,
"Scoped pages"); nothing in it is changed. The pages are requested in-process through the Django test
client (the whole middleware stack, the benchmark settings ``congress.settings.bench``: production-like,
DEBUG off), logged in with ``force_login``: server time, without a network or a TOTP step (the
two-factor middleware still runs: staff without a device pass, as with ``STAFF_REQUIRE_2FA`` off).

Each page is read by each viewer in turn, round after round (so a burst of load on the shared machine
falls on every viewer alike), after one warming request each:

* the admin triage queue and the admin suggestion changelist, and the statistics dashboard (below),
  as ``admin`` (superuser: no scope filter at all), ``staff`` (the city committee: the whole tree
  through the scope's ``IN`` list), the district's staff (``<district>staff``: the district and the
  bodies below it) and a township's staff (``<lower>staff``: one body);
* the unit inbox as ``unit`` (the city's busiest unit) and ``<district>unit`` (a department of the
  district): a unit's inbox is scoped by its unit, so the two differ in size, not in filter;
* the statistics dashboard (this year's figures) three ways per viewer: **cold**, the worker's
  computation of the figures (``congress.reports.dashboard_cache.compute``, the cache entry deleted
  before each run, round after round, ``--stats-runs``); **warm**, the page with the figures in the
  cache (``--runs``); and **miss**, the page when they are not there (it asks the worker, which is
  not called here, and answers with the waiting page).

It prints per page and viewer the median and p95 in ms, the number of SQL queries and the ratio of
the median to the unscoped viewer's (the first row of each page), and the machine line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import dataclass, field

from _common import machine_details, ratio


@dataclass
class Line:
    page: str
    viewer: str
    url: str
    times: list[float] = field(default_factory=list)
    queries: int = 0
    status: int = 0

    def p(self, q: float) -> float:
        values = sorted(self.times)
        return values[min(len(values) - 1, round(q * (len(values) - 1)))] * 1000


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.bench")
    import django

    django.setup()


def _clients(usernames: list[str]) -> dict[str, object]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    clients: dict[str, object] = {}
    for username in usernames:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise SystemExit(f"no login {username}: seed with `manage.py seed_scale --bodies 12,150`")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        clients[username] = client
    return clients


def _measure(lines: list[Line], clients: dict[str, object], runs: int) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for line in lines:  # warm: sessions, content types, translations, the body sets' first read
        response = clients[line.viewer].get(line.url)  # type: ignore[attr-defined]
        line.status = response.status_code
    for _ in range(runs):
        for line in lines:
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = clients[line.viewer].get(line.url)  # type: ignore[attr-defined]
                line.times.append(time.perf_counter() - started)
            line.queries, line.status = len(captured), response.status_code


def _dashboard_requests(viewers: list[str], year: int) -> dict[str, object]:
    """The cache request each viewer's dashboard page makes (their highest body, this year)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from congress.reports import dashboard_cache, scoping
    from congress.reports.reads import Scope

    requests: dict[str, object] = {}
    for viewer in viewers:
        user = get_user_model().objects.get(username=viewer)
        body = scoping.body_of(user, None)
        requests[viewer] = dashboard_cache.Request(
            year=year, scope=Scope.of(body), language=settings.LANGUAGE_CODE
        )
    return requests


def _measure_dashboard(
    viewers: list[str], clients: dict[str, object], url: str, runs: int, cold_runs: int
) -> list[Line]:
    """Cold (the worker's computation), warm (the page on the cached figures) and miss (the page
    without them: the waiting page), per viewer, round after round."""
    from unittest import mock

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from congress.reports import dashboard_cache

    requests = _dashboard_requests(viewers, timezone.localdate().year)
    cold = [Line("dashboard cold (worker)", viewer, url) for viewer in viewers]
    warm = [Line("dashboard warm (page)", viewer, url) for viewer in viewers]
    miss = [Line("dashboard miss (page)", viewer, url) for viewer in viewers]
    for _ in range(cold_runs):
        for line in cold:
            request = requests[line.viewer]
            cache.delete(request.key)  # type: ignore[attr-defined]
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                dashboard_cache.compute(request)  # type: ignore[arg-type]
                line.times.append(time.perf_counter() - started)
            line.queries, line.status = len(captured), 0
    with mock.patch("congress.reports.tasks.statistics_compute.delay"):
        for lines, present in ((warm, True), (miss, False)):
            for line in lines:  # warm: sessions, content types, translations, the body sets' first read
                clients[line.viewer].get(url)  # type: ignore[attr-defined]
            for _ in range(runs):
                for line in lines:
                    request = requests[line.viewer]
                    if present and dashboard_cache.cached(request) is None:  # type: ignore[arg-type]
                        dashboard_cache.compute(request)  # type: ignore[arg-type]
                    if not present:
                        cache.delete(request.key)  # type: ignore[attr-defined]
                        cache.delete(f"{request.key}:computing")  # type: ignore[attr-defined]
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = clients[line.viewer].get(url)  # type: ignore[attr-defined]
                        line.times.append(time.perf_counter() - started)
                    waiting = b"stats-cards" not in response.content
                    if waiting == present:
                        raise SystemExit(f"{line.page} as {line.viewer}: the page was not the expected one")
                    line.queries, line.status = len(captured), response.status_code
    return cold + warm + miss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="requests per page and viewer (default 15)")
    parser.add_argument(
        "--stats-runs", type=int, default=3, help="cold computations of the dashboard per viewer (default 3)"
    )
    parser.add_argument("--district", default="cg", help="login prefix of the district (default cg: 城关区)")
    parser.add_argument("--lower", default="qbs", help="login prefix of the township (default qbs: 青白石镇)")
    args = parser.parse_args()
    _setup()
    from django.urls import reverse

    from congress.models import Body, BodyRole
    from suggestions.models import Assignment, Suggestion

    district, lower = f"{args.district}staff", f"{args.lower}staff"
    staff_viewers = ["admin", "staff", district, lower]
    unit_viewers = ["unit", f"{args.district}unit"]
    clients = _clients(staff_viewers + unit_viewers)
    print(machine_details())
    print(
        f"{Suggestion.objects.count():,} items, {Assignment.objects.count():,} dispatches, "
        f"{Body.objects.count()} bodies"
    )
    for viewer in (district, lower):
        role = BodyRole.objects.filter(user__username=viewer).select_related("body").first()
        if role is not None:
            below = Body.objects.filter(path__startswith=role.body.path).count()
            items = Suggestion.objects.filter(body__path__startswith=role.body.path).count()
            print(f"  {viewer}: {role.body.name}, {below} bodies in scope, {items:,} items")
    pages = [
        ("triage queue", reverse("admin:suggestions_triageitem_changelist"), staff_viewers, args.runs),
        (
            "suggestion changelist",
            reverse("admin:suggestions_suggestion_changelist"),
            staff_viewers,
            args.runs,
        ),
        ("unit inbox", reverse("unit-home"), unit_viewers, args.runs),
        ("unit inbox, overdue", reverse("unit-home") + "?overdue=1", unit_viewers, args.runs),
    ]
    print(f"{'page':<24}{'viewer':<12}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'vs first':>10}  status")
    for page, url, viewers, runs in pages:
        lines = [Line(page, viewer, url) for viewer in viewers]
        _measure(lines, clients, runs)
        floor = statistics.median(lines[0].times)
        for line in lines:
            median = statistics.median(line.times)
            print(
                f"{page:<24}{line.viewer:<12}{median * 1000:>10.1f}{line.p(0.95):>9.1f}{line.queries:>9}"
                f"{ratio(median, floor):>10}  {line.status}",
                flush=True,
            )
    lines = _measure_dashboard(
        staff_viewers, clients, reverse("admin:reports_statistics"), args.runs, args.stats_runs
    )
    for start in range(0, len(lines), len(staff_viewers)):
        group = lines[start : start + len(staff_viewers)]
        floor = statistics.median(group[0].times)
        for line in group:
            median = statistics.median(line.times)
            print(
                f"{line.page:<24}{line.viewer:<12}{median * 1000:>10.1f}{line.p(0.95):>9.1f}{line.queries:>9}"
                f"{ratio(median, floor):>10}  {line.status or '-'}",
                flush=True,
            )
    print(machine_details())


if __name__ == "__main__":
    main()
