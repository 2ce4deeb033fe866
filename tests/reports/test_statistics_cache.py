"""The statistics dashboard reads figures a worker computed and the cache keeps: a warm page runs a
few queries and computes nothing, a miss asks the worker once however many staff open it, the kept
figures are a fresh computation's, never older than the maximum age, and never another scope's."""

from __future__ import annotations

import csv
import datetime
import io
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from congress.models import Body
from congress.reports import dashboard_cache
from congress.reports.dashboard import dashboard
from congress.reports.reads import Scope
from congress.reports.tasks import statistics_compute, statistics_warm
from congress.services import body_create
from tests.bodies.conftest import Network, item_in
from tests.factories.core import StreetFactory

pytestmark = pytest.mark.django_db

STATISTICS = reverse("admin:reports_statistics")
WAITING = "正在计算"
YEAR = timezone.localdate().year


def _as(client, user):
    client.force_login(user)
    return client


def _request(body: Body | None, year: int = YEAR) -> dashboard_cache.Request:
    return dashboard_cache.Request(year=year, scope=Scope.of(body))


@pytest.fixture
def by_worker(settings):
    """As at a million items: every figure is computed by the worker, none in the request."""
    settings.STATISTICS_INLINE_MAX_ITEMS = 0


@pytest.fixture
def queued():
    with mock.patch("congress.reports.tasks.statistics_compute.delay") as delay:
        yield delay


@pytest.fixture
def items(network: Network) -> Network:
    """Three items of the city's own, two of 甲区 and one of 乙区: every scope counts differently."""
    for key, count in (("root", 3), ("district", 2), ("sibling", 1)):
        for n in range(count):
            item_in(network, key, title=f"{key}第{n}件")
    return network


def _received(page: str) -> str:
    """The headline "received" card's value on a page."""
    start = page.index('class="value">') + len('class="value">')
    return page[start : page.index("<", start)]


def test_a_miss_asks_the_worker_once_however_many_open_it(client, items, by_worker, queued):
    for user in (items.staff["root"], items.staff["leader_root"]) * 5:
        page = _as(client, user).get(STATISTICS)
        assert page.status_code == 200
        text = page.content.decode()
        assert WAITING in text and 'http-equiv="refresh"' in text and "stats-cards" not in text
    assert queued.call_count == 1
    assert queued.call_args.kwargs == {
        "body_id": items.root.pk,
        "year": YEAR,
        "district_id": None,
        "unit_id": None,
        "language": "zh-hans",
    }


def test_the_worker_s_figures_are_shown_with_their_time(client, items, by_worker, queued):
    staff = _as(client, items.staff["district"])
    assert WAITING in staff.get(STATISTICS).content.decode()
    computed_at = timezone.now().replace(second=0, microsecond=0)
    with time_machine.travel(computed_at, tick=False):
        statistics_compute(**queued.call_args.kwargs)
    with time_machine.travel(computed_at + datetime.timedelta(minutes=1), tick=False):
        page = staff.get(STATISTICS).content.decode()
    assert WAITING not in page
    assert f"统计截至 {timezone.localtime(computed_at):%H:%M}" in page
    assert _received(page) == "2"


def test_a_warm_page_computes_nothing_and_runs_a_few_queries(
    client, items, by_worker, django_assert_max_num_queries
):
    dashboard_cache.compute(_request(items.district))
    staff = _as(client, items.staff["district"])
    staff.get(STATISTICS)  # the session and the user's groups, read once
    # The session, the user's permissions, the body set and its subtree, the hotspots, the unread
    # messages and the filter's four choices; none reads from the items or their dispatches.
    with (
        mock.patch.object(dashboard_cache, "dashboard", side_effect=AssertionError("computed")),
        django_assert_max_num_queries(13) as captured,
    ):
        page = staff.get(STATISTICS)
    assert page.status_code == 200 and _received(page.content.decode()) == "2"
    scans = [f'FROM "suggestions_{table}"' for table in ("suggestion", "assignment", "rating", "reply")]
    assert not [q["sql"] for q in captured.captured_queries if any(scan in q["sql"] for scan in scans)]


def test_the_kept_figures_are_a_fresh_computation_s(client, items, by_worker):
    request = _request(items.root)
    dashboard_cache.compute(request)
    fresh = dashboard(year=YEAR, scope=Scope.of(items.root))
    kept = dashboard_cache.cached(request)
    assert kept is not None
    for key, table in fresh["tables"].items():
        assert kept.figures["tables"][key] == table, key
    assert kept.figures["charts"] == fresh["charts"]


def test_an_export_shows_the_numbers_on_the_page(client, items, by_worker):
    dashboard_cache.compute(_request(items.root))
    staff = _as(client, items.staff["root"])
    # An item arrives after the figures were computed: the page and the export both leave it out.
    item_in(items, "root", title="后来的一件")
    page = staff.get(STATISTICS).content.decode()
    export = staff.get(reverse("admin:reports_statistics_export", args=["headline", "csv"]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1][1] == _received(page) == "6"


def test_an_export_of_figures_not_computed_yet_goes_to_the_waiting_page(client, items, by_worker, queued):
    export = reverse("admin:reports_statistics_export", args=["league", "csv"])
    response = _as(client, items.staff["root"]).get(f"{export}?year={YEAR}")
    assert response.status_code == 302 and response["Location"] == f"{STATISTICS}?year={YEAR}"
    assert queued.call_count == 1


@pytest.mark.parametrize("warm", ["root", "sibling", "township"])
def test_a_body_never_reads_another_body_s_figures(client, items, by_worker, queued, warm):
    dashboard_cache.compute(_request(getattr(items, warm)))
    page = _as(client, items.staff["district"]).get(STATISTICS).content.decode()
    assert WAITING in page
    assert queued.call_args.kwargs["body_id"] == items.district.pk


def test_a_new_body_below_changes_the_scope_and_the_key(client, items, by_worker, queued):
    dashboard_cache.compute(_request(items.district))
    staff = _as(client, items.staff["district"])
    assert WAITING not in staff.get(STATISTICS).content.decode()
    area = StreetFactory.create(parent=items.areas["district"], name="新街道")
    body_create(kind=Body.Kind.STREET, name="新街道人大工委", parent=items.district, area=area)
    assert WAITING in staff.get(STATISTICS).content.decode()


def test_the_city_reading_a_district_shares_the_district_s_figures(client, items, by_worker, queued):
    dashboard_cache.compute(_request(items.district))
    page = _as(client, items.staff["root"]).get(f"{STATISTICS}?body={items.district.pk}")
    assert _received(page.content.decode()) == "2"
    assert queued.call_count == 0


def test_figures_older_than_the_maximum_age_are_not_shown(client, items, by_worker, queued, settings):
    settings.STATISTICS_MAX_AGE_MINUTES = 15
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(minutes=16), tick=False):
        dashboard_cache.compute(_request(items.district))
    with time_machine.travel(now, tick=False):
        assert WAITING in _as(client, items.staff["district"]).get(STATISTICS).content.decode()
    assert queued.call_count == 1


def test_a_past_year_s_figures_are_kept_longer(items, settings):
    settings.STATISTICS_MAX_AGE_MINUTES = 15
    settings.STATISTICS_PAST_YEAR_MAX_AGE_MINUTES = 1440
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(hours=3), tick=False):
        dashboard_cache.compute(_request(items.district, YEAR - 1))
        dashboard_cache.compute(_request(items.district, YEAR))
    assert dashboard_cache.cached(_request(items.district, YEAR - 1), now=now) is not None
    assert dashboard_cache.cached(_request(items.district, YEAR), now=now) is None


def test_a_small_database_computes_in_the_request(client, items, settings, queued):
    settings.STATISTICS_INLINE_MAX_ITEMS = 1000
    page = _as(client, items.staff["district"]).get(STATISTICS).content.decode()
    assert _received(page) == "2" and queued.call_count == 0


def test_a_database_at_the_limit_goes_to_the_worker(client, items, settings, queued):
    settings.STATISTICS_INLINE_MAX_ITEMS = 6  # exactly the items there are
    assert WAITING in _as(client, items.staff["district"]).get(STATISTICS).content.decode()
    assert queued.call_count == 1


def test_without_a_broker_the_page_computes_the_figures_itself(client, items, by_worker):
    with mock.patch("congress.reports.tasks.statistics_compute.delay", side_effect=OSError("no broker")):
        page = _as(client, items.staff["district"]).get(STATISTICS).content.decode()
    assert _received(page) == "2"
    assert not dashboard_cache.computing(_request(items.district))


def test_a_worker_that_finds_fresh_figures_does_not_compute_again(items):
    request = _request(items.district)
    dashboard_cache.compute(request)
    with mock.patch.object(dashboard_cache, "dashboard", side_effect=AssertionError("computed")):
        assert statistics_compute(**request.params) is False


def test_a_task_for_a_body_that_is_gone_does_nothing(items):
    assert statistics_compute(body_id=999999, year=YEAR) is False


def test_the_beat_keeps_opened_dashboards_warm_and_forgets_the_others(client, items, by_worker, queued):
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(hours=2), tick=False):
        _as(client, items.staff["sibling"]).get(STATISTICS)  # opened two hours ago
    with time_machine.travel(now - datetime.timedelta(minutes=11), tick=False):
        _as(client, items.staff["district"]).get(STATISTICS)
        statistics_compute(**queued.call_args.kwargs)
    cache.delete(dashboard_cache._lock_key(_request(items.sibling)))
    queued.reset_mock()
    with time_machine.travel(now, tick=False):
        assert statistics_warm() == 1  # the district's figures are 11 minutes old: again
    assert queued.call_args.kwargs["body_id"] == items.district.pk
    registry = cache.get(dashboard_cache.REGISTRY_KEY)
    assert list(registry) == [_request(items.district).key]


def test_the_beat_leaves_young_figures_alone(client, items, by_worker, queued):
    _as(client, items.staff["district"]).get(STATISTICS)
    statistics_compute(**queued.call_args.kwargs)
    queued.reset_mock()
    assert statistics_warm() == 0 and queued.call_count == 0


def test_the_beat_runs_every_five_minutes():
    from django_celery_beat.models import PeriodicTask

    from congress.reports.schedules import ensure_periodic_tasks

    ensure_periodic_tasks()
    task = PeriodicTask.objects.get(task="reports.statistics_warm")
    assert (task.interval.every, task.interval.period) == (5, "minutes")
