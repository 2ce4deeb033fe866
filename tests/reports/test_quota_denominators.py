"""A duty quota counts only the deputies it applies to (by level, per the rule data; by body, in a
body's report): 月进站 expects the deputies the city's network groups into its stations, not the
national and provincial deputies who live in the city."""

from __future__ import annotations

import datetime as dt

import pytest

from congress.models import Term
from congress.reports.reads import Scope
from deputies import reports, services
from deputies.models import Deputy, QuotaRule
from tests.bodies.conftest import Network
from tests.factories.core import TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _rule(code: str) -> dict:
    return next(row for row in reports.quotas(*YEAR) if row["code"] == code)


def test_the_monthly_station_visit_applies_to_the_network_s_own_deputies():
    assert QuotaRule.objects.get(code="monthly-station").levels == ["municipal", "county", "township"]
    municipal = DeputyFactory.create()
    DeputyFactory.create(level=Deputy.Level.NATIONAL)
    DeputyFactory.create(level=Deputy.Level.PROVINCIAL)
    for month in (1, 2, 3):
        services.duty_record_add(
            deputy=municipal, kind="reception", on=dt.date(2025, month, 4), source=UserFactory.create()
        )
    station = _rule("monthly-station")
    assert (station["deputies"], station["met"], station["of"]) == (1, 3, 12)
    # A rule with no level named still counts every active deputy.
    assert _rule("yearly-report-back")["deputies"] == 3


def test_a_body_s_quota_counts_the_deputies_of_its_congresses(network: Network):
    district_term = TermFactory.create(
        level=Term.Level.COUNTY,
        area=network.areas["district"],
        number=19,
        name="甲区第十九届",
        body=network.district,
    )
    DeputyFactory.create()  # the city's
    DeputyFactory.create(term=district_term, level=Deputy.Level.COUNTY)
    city = reports.quotas(*YEAR, **Scope.of(network.root).subtree)
    district = reports.quotas(*YEAR, **Scope.of(network.district).subtree)
    sibling = reports.quotas(*YEAR, **Scope.of(network.sibling).subtree)
    station = {
        name: next(r for r in rows if r["code"] == "monthly-station")
        for name, rows in (("city", city), ("district", district), ("sibling", sibling))
    }
    assert (station["city"]["deputies"], station["district"]["deputies"], station["sibling"]["deputies"]) == (
        2,
        1,
        0,
    )
    assert station["district"]["of"] == 12
