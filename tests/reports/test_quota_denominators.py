"""A duty quota counts only the deputies it applies to (by level, per the rule data; by body, in a
body's report): 月进站、季回家、年述职 expect the deputies of the congresses the city's network runs
(city, districts and counties, townships), not the national and provincial deputies who live in
the city."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

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
    QuotaRule.objects.filter(code="term-report").update(levels=[])
    assert _rule("term-report")["deputies"] == 3


def _one_of_each_level() -> dict[str, Deputy]:
    made = {}
    for number, level in enumerate(Deputy.Level.values, start=1):
        made[level] = DeputyFactory.create(level=level, term__level=level, term__number=number)
    return made


@pytest.mark.parametrize(
    ("code", "kind", "periods"),
    [("quarterly-home", "home_visit", 4), ("yearly-report-back", "report_back", 1)],
)
def test_home_visits_and_report_backs_count_the_network_s_own_deputies(code, kind, periods):
    assert QuotaRule.objects.get(code=code).levels == ["municipal", "county", "township"]
    deputies = _one_of_each_level()
    # Everyone does it once in the first quarter: only the three levels it applies to count.
    for deputy in deputies.values():
        services.duty_record_add(
            deputy=deputy, kind=kind, on=dt.date(2025, 2, 10), source=UserFactory.create()
        )
    row = _rule(code)
    assert (row["deputies"], row["met"], row["of"]) == (3, 3, 3 * periods)
    assert row["applies_to"] == "、".join(
        str(Deputy.Level(level).label) for level in ("municipal", "county", "township")
    )
    # So does the term report (002:819: to the 原选区 or the 原选举单位 inside the network).
    assert _rule("term-report")["deputies"] == 3


def test_the_term_report_applies_to_the_network_s_own_deputies():
    assert QuotaRule.objects.get(code="term-report").levels == ["municipal", "county", "township"]
    migration = import_module("deputies.migrations.0014_term_report_levels")
    from django.apps import apps

    QuotaRule.objects.filter(code="term-report").update(levels=["county"])
    migration.forwards(apps, None)
    assert QuotaRule.objects.get(code="term-report").levels == ["county"]  # staff's choice kept
    QuotaRule.objects.filter(code="term-report").update(levels=[])
    migration.forwards(apps, None)
    assert QuotaRule.objects.get(code="term-report").levels == migration.LEVELS


def test_the_migration_keeps_levels_staff_gave_a_rule():
    migration = import_module("deputies.migrations.0013_home_and_report_back_levels")
    from django.apps import apps

    QuotaRule.objects.filter(code="quarterly-home").update(levels=[])
    QuotaRule.objects.filter(code="yearly-report-back").update(levels=["municipal"])
    migration.forwards(apps, None)
    assert QuotaRule.objects.get(code="quarterly-home").levels == migration.LEVELS
    assert QuotaRule.objects.get(code="yearly-report-back").levels == ["municipal"]
    migration.backwards(apps, None)
    assert QuotaRule.objects.get(code="quarterly-home").levels == []


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
