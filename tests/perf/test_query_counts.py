"""Every list page, dashboard, inbox, admin changelist and API list runs a fixed number of queries,
whatever the data: each is pinned, measured once on a small world and again after the world has
grown (more deputies, stations, items assigned to the unit and addressed to the deputy, replies,
ratings, events), and both counts must equal the pin. The public directory pages and API lists are
measured with their cached fragment missing (the pin) and present (``CACHED``).

The world is grown with ``suggestions.scale`` (the bulk seeder of ``manage.py seed_scale``), which
routes a fifth of all dispatches to the demo unit and of the addressed items to the demo deputy, so
the unit inbox and the deputy dashboard are measured at their busiest."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress import pagecache, roles
from congress.models import Body
from congress.roles import roles_sync
from congress.services import body_create, body_role_grant
from stations.models import Station
from suggestions import scale
from suggestions.models import Suggestion
from tests.factories.core import (
    CategoryFactory,
    CityFactory,
    DistrictFactory,
    HandlingUnitFactory,
    TermFactory,
    UnitOfficerFactory,
    UserFactory,
    root_body,
)
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.suggestions import SuggestionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)

# (who, url) → queries. ``{deputy}``, ``{station}``, ``{case}`` are filled with objects of the world.
PINNED: dict[tuple[str, str], int] = {
    # Public pages and API lists (anonymous).
    ("anonymous", "/"): 0,
    ("anonymous", "/deputies/"): 7,  # + the bodies of the 人大机构 filter (docs/bodies.md)
    ("anonymous", "/deputies/{deputy}/"): 9,  # the live QR code, and the 404 and title without the fragment
    ("anonymous", "/deputies/statistics/"): 2,
    ("anonymous", "/stations/"): 5,  # + the bodies of the 人大机构 filter
    ("anonymous", "/stations/{station}/"): 12,  # the name for the 404 and title, then the fragment
    ("anonymous", "/receptions/"): 2,
    ("anonymous", "/cases/"): 5,
    ("anonymous", "/cases/{case}/"): 4,
    ("anonymous", "/projects/"): 3,
    ("anonymous", "/api/v1/deputies/"): 3,
    ("anonymous", "/api/v1/stations/"): 2,
    ("anonymous", "/api/v1/receptions/"): 3,
    ("anonymous", "/api/v1/votes/projects/"): 2,
    # The deputy's dashboard, opinions and ballots; the bell.
    ("deputy", "/dashboard/"): 24,
    ("deputy", "/dashboard/opinions/"): 8,
    ("deputy", "/dashboard/ballots/"): 8,
    ("deputy", "/notifications/"): 6,
    # The unit workbench: inbox (all, overdue), projects.
    ("unit", "/unit/"): 8,
    ("unit", "/unit/?overdue=1"): 8,
    ("unit", "/unit/projects/"): 7,
    # The station liaison's workbench and desk: one query more for the bodies where they hold the
    # liaison role (docs/bodies.md), the same at one body and at fifty.
    ("liaison", "/stations/workbench/"): 9,
    ("liaison", "/station-desk/"): 11,
    # Staff: the admin index, the changelists of the tables that grow, the staff reports. As
    # committee staff (a role in the root body), not a superuser: two queries for the user's and
    # the role's permissions and one for the bodies they see (with the names the body filter lists),
    # whatever the number of bodies (test_the_body_scope_costs_the_same_at_one_body_and_at_fifty).
    ("staff", "/admin/"): 6,
    ("staff", "/admin/suggestions/suggestion/"): 9,
    # + the newest routing models of the page's bodies, for the suggested category / unit column
    # (one query whatever the bodies; with models, a fixed few more: tests/suggestions/test_auto_dispatch.py).
    ("staff", "/admin/suggestions/triageitem/"): 9,
    ("staff", "/admin/suggestions/assignment/"): 8,
    ("staff", "/admin/suggestions/supervision/"): 8,
    # The kind filter's choices are the registered kinds, not a SELECT DISTINCT over the table.
    ("staff", "/admin/notifications/notification/"): 11,
    ("staff", "/admin/notifications/reminderlog/"): 11,
    ("staff", "/admin/congress/auditevent/"): 11,
    ("staff", "/admin/deputies/deputy/"): 9,
    ("staff", "/admin/stations/station/"): 11,
    ("staff", "/admin/deputies/dutyrecord/"): 10,
    ("staff", "/admin/stations/reception/"): 11,
    ("staff", "/admin/votes/ballot/"): 10,
    ("staff", "/deputies/reports/ranking/"): 12,
    ("staff", "/stations/workbench/"): 8,
}


# The public pages whose data part is cached (congress.pagecache): queries when the fragment is there.
CACHED: dict[tuple[str, str], int] = {
    ("anonymous", "/deputies/"): 0,
    ("anonymous", "/deputies/{deputy}/"): 1,
    ("anonymous", "/stations/"): 0,
    ("anonymous", "/stations/{station}/"): 1,
    ("anonymous", "/cases/"): 0,
    ("anonymous", "/api/v1/deputies/"): 0,
    ("anonymous", "/api/v1/stations/"): 0,
}


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    roles_sync()
    city = CityFactory()
    for _ in range(3):
        DistrictFactory(parent=city)
    for _ in range(4):
        CategoryFactory()
    units = [HandlingUnitFactory() for _ in range(4)]
    unit_user = UserFactory(username="unit")
    unit_user.groups.add(Group.objects.get(name=roles.UNIT_OFFICER))
    UnitOfficerFactory(unit=units[0], user=unit_user)
    TermFactory(is_current=True)
    deputy_user = UserFactory(username="deputy")
    deputy_user.groups.add(Group.objects.get(name=roles.DEPUTY))
    deputy = DeputyFactory(user=deputy_user)
    station = StationFactory()
    liaison = UserFactory(username="liaison")
    liaison.groups.add(Group.objects.get(name=roles.STATION_LIAISON))
    station.liaisons.add(liaison)
    # The staff pages are pinned as committee staff hold them (a role in the root body), not as a
    # superuser: the body scope's query is part of every staff page's count.
    staff = UserFactory(username="staff", is_staff=True)
    staff.groups.add(Group.objects.get(name=roles.COMMITTEE_STAFF))
    root = root_body()
    body_role_grant(user=staff, body=root, role=roles.COMMITTEE_STAFF)
    body_role_grant(user=liaison, body=root, role=roles.STATION_LIAISON)
    SuggestionFactory()
    return {
        "users": {"unit": unit_user, "deputy": deputy_user, "liaison": liaison, "staff": staff},
        "deputy": deputy,
    }


def _grow(size: int) -> None:
    plan = scale.Plan(
        deputies=20 * size, stations=4 * size, suggestions=150 * size, years=2, today=TODAY, seed=0.1 * size
    )
    scale.seed(plan, say=lambda line: None)
    # The liaison's station gets its share of the new stations' receptions and items.
    Station.objects.filter(liaisons__isnull=False).update(name="示范市第一代表之家")


def _queries(client: Any, world: dict[str, Any], who: str, url: str, *, cached: bool = False) -> int:
    published = Suggestion.objects.filter(is_published=True, status="closed").order_by("pk").first()
    station = Station.objects.filter(liaisons__isnull=False).first()
    assert station is not None
    target = url.format(
        deputy=world["deputy"].slug, station=station.slug, case=published.code if published else "NONE"
    )
    client.logout()
    if who != "anonymous":
        client.force_login(world["users"][who])
    client.get(target)  # warm: sessions, content types, translations
    if not cached:
        pagecache.invalidate(pagecache.DIRECTORY, pagecache.CASES)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target)
    assert response.status_code == 200, (target, response.status_code)
    return len(captured)


def test_every_list_page_runs_a_pinned_number_of_queries_whatever_the_data(client, world):
    _grow(1)
    small = {key: _queries(client, world, *key) for key in PINNED}
    _grow(3)
    large = {key: _queries(client, world, *key) for key in PINNED}
    grew = {key: (small[key], large[key]) for key in PINNED if small[key] != large[key]}
    assert grew == {}, "query count grows with the data"
    assert large == PINNED
    assert {key: _queries(client, world, *key, cached=True) for key in CACHED} == CACHED


def _more_bodies(count: int) -> None:
    """``count`` bodies more under the root: districts, each with streets and townships below."""
    root = root_body()
    made = 0
    district = None
    while made < count:
        if district is None or made % 4 == 0:
            district = body_create(kind=Body.Kind.COUNTY, name=f"第{made}区人大常委会", parent=root)
        else:
            body_create(kind=Body.Kind.STREET, name=f"第{made}街道人大工委", parent=district)
        made += 1


def test_the_body_scope_costs_the_same_at_one_body_and_at_fifty(client, world):
    """The scope filter is one ``IN`` over ids read once per request: a tree of fifty bodies runs
    the same queries as a single body on every pinned page (docs/bodies.md)."""
    _grow(1)
    assert Body.objects.count() == 1
    one = {key: _queries(client, world, *key) for key in PINNED}
    _more_bodies(49)
    assert Body.objects.count() == 50
    fifty = {key: _queries(client, world, *key) for key in PINNED}
    assert {key: (one[key], fifty[key]) for key in PINNED if one[key] != fifty[key]} == {}
