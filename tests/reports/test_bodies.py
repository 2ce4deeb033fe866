"""Reports per body (DOMAIN.md §11): a body's report counts its own work and its descendants', each
item once — received by the body that took it in, handled by the body that answered it — and a
transfer is its own figure, counted for the body that made it. The city's comparison of its districts
adds up to the city's totals, and its figures agree with queries written from the definitions alone.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db.models import Q

from congress.models import AuditEvent, Body
from congress.reports import comparison
from congress.reports.annual import annual_figures
from congress.reports.reads import Period, Scope
from suggestions import reports as data
from suggestions import services
from suggestions.models import Assignment, Rating, Reply, Suggestion
from tests.bodies.conftest import Network, item_in

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
YEAR = Period.year(2025)
KEYS = ("root", "district", "sibling", "street", "township")


def _reply(item: Suggestion, *, on: datetime.datetime, value: str | None = None) -> None:
    """The lead unit's reply (and the submitter's rating), as the reply and rating services write
    them: the reports only read these rows."""
    assignment = Assignment.objects.get(suggestion=item, role=Assignment.Role.LEAD, status="active")
    Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.DONE, replied_at=on)
    Reply.objects.create(
        suggestion=item, assignment=assignment, outcome="A", text="已办理完毕。", replied_at=on
    )
    if value:
        with time_machine.travel(on + datetime.timedelta(days=2), tick=False):
            Rating.objects.create(suggestion=item, rater=Rating.Rater.SUBMITTER, value=value)


@pytest.fixture
def year(network: Network) -> dict[str, Any]:
    """Items of 2025 in every body, two of them transferred:

    * 甲区 receives 「下转」 and passes it down to 甲街道, whose unit answers it;
    * 甲街道 receives 「上转」 and passes it up to 甲区, which dispatches it to its own unit;
    * the city receives 「市转区」 and passes it down to 甲区, out of the city's own work."""
    made: dict[str, Any] = {}
    with time_machine.travel(datetime.datetime(2025, 3, 3, 10, tzinfo=SHANGHAI), tick=False):
        for key in KEYS:
            made[key] = item_in(network, key, "assigned", title=f"{key}窨井盖缺失")
            made[f"{key}-waiting"] = item_in(network, key, "accepted", title=f"{key}路面坑洼")
        down = item_in(network, "district", title="下转")
        up = item_in(network, "street", title="上转")
        city_down = item_in(network, "root", title="市转区")
        services.suggestion_transfer(
            suggestion=city_down, to_body=network.district, reason="属区级职责", actor=network.staff["root"]
        )
        services.suggestion_transfer(
            suggestion=down, to_body=network.street, reason="属街道职责", actor=network.staff["district"]
        )
        services.suggestion_transfer(
            suggestion=up, to_body=network.district, reason="超出街道职权", actor=network.staff["street"]
        )
    with time_machine.travel(datetime.datetime(2025, 3, 4, 10, tzinfo=SHANGHAI), tick=False):
        down = Suggestion.objects.get(pk=down.pk)
        services.suggestion_accept(suggestion=down, actor=network.staff["street"])
        services.suggestion_assign(
            suggestion=down, lead_unit=network.units["street"], actor=network.staff["street"]
        )
        up = Suggestion.objects.get(pk=up.pk)
        services.suggestion_accept(suggestion=up, actor=network.staff["district"])
        services.suggestion_assign(
            suggestion=up, lead_unit=network.units["district"], actor=network.staff["district"]
        )
        city_down = Suggestion.objects.get(pk=city_down.pk)
        services.suggestion_accept(suggestion=city_down, actor=network.staff["district"])
        services.suggestion_assign(
            suggestion=city_down, lead_unit=network.units["district"], actor=network.staff["district"]
        )
    replied = datetime.datetime(2025, 3, 10, 10, tzinfo=SHANGHAI)
    _reply(down, on=replied, value=Rating.Value.SATISFIED)
    _reply(up, on=replied, value=Rating.Value.UNSATISFIED)
    _reply(city_down, on=replied, value=Rating.Value.SATISFIED)
    for key in KEYS:
        _reply(made[key], on=replied, value=Rating.Value.BASICALLY if key != "sibling" else None)
    made["down"], made["up"], made["city_down"] = down, up, city_down
    return made


def _subtree(body: Body) -> list[int]:
    return list(Body.objects.filter(path__startswith=body.path).values_list("pk", flat=True))


def _figures(scope: Scope) -> dict[str, Any]:
    s, e = YEAR.start, YEAR.end
    kw = {**scope.subtree}
    handled = data.handling(s, e, **kw)
    rated = data.satisfaction(s, e, **kw)
    return {
        "received": data.received_total(s, e, **kw),
        "assigned": handled["assigned"],
        "judged": handled["judged"],
        "on_time": handled["on_time"],
        "ratings": rated["ratings"],
        "satisfied": rated["satisfied"] + rated["basically"],
        "rated_items": rated["rated_items"],
        **data.transfers(s, e, **kw),
    }


def test_each_body_report_is_the_sum_of_its_own_and_its_descendants_figures(network, year):
    own = data.figures_by_body(YEAR.start, YEAR.end)
    for key in KEYS:
        body = getattr(network, key)
        rolled = _figures(Scope.of(body))
        for figure, value in rolled.items():
            expected = sum(own.get(pk, {}).get(figure, 0) for pk in _subtree(body))
            assert value == expected, (key, figure)


def test_the_city_counts_every_item_once(network, year):
    city = _figures(Scope.of(network.root))
    items = Suggestion.objects.filter(submitted_at__year=2025)
    assert city["received"] == items.count() == 2 * len(KEYS) + 3
    dispatched = Assignment.objects.filter(role=Assignment.Role.LEAD, status__in=data.STANDING)
    assert city["assigned"] == dispatched.count() == len(KEYS) + 3
    assert city["ratings"] == Rating.objects.count()
    assert (city["up"], city["down"]) == (1, 2)


def test_a_transferred_item_is_received_where_it_came_in_and_handled_where_it_was_answered(network, year):
    down = year["down"]
    district, street = Scope.of(network.district), Scope.of(network.street)
    in_district_only = data.received(YEAR.start, YEAR.end, body_ids=[network.district.pk])
    assert in_district_only.filter(pk=down.pk).exists()
    assert not data.received(YEAR.start, YEAR.end, **street.subtree).filter(pk=down.pk).exists()
    street_dispatches = data.lead_dispatches(YEAR.start, YEAR.end, **street.subtree)
    assert street_dispatches.filter(suggestion=down).exists()
    district_own = data.lead_dispatches(YEAR.start, YEAR.end, body_ids=[network.district.pk])
    assert not district_own.filter(suggestion=down).exists()
    # In the district's roll-up the item appears once on each side, never twice.
    rolled = data.received(YEAR.start, YEAR.end, **district.subtree)
    assert rolled.filter(pk__in=[down.pk, year["up"].pk]).count() == 2
    assert data.lead_dispatches(YEAR.start, YEAR.end, **district.subtree).filter(suggestion=down).count() == 1


def test_an_item_passed_down_from_the_city_stays_received_by_the_city(network, year):
    item = year["city_down"]
    city_own = data.received(YEAR.start, YEAR.end, body_ids=[network.root.pk])
    district = Scope.of(network.district)
    assert city_own.filter(pk=item.pk).exists()
    assert not data.received(YEAR.start, YEAR.end, **district.subtree).filter(pk=item.pk).exists()
    assert data.lead_dispatches(YEAR.start, YEAR.end, **district.subtree).filter(suggestion=item).exists()
    assert not data.lead_dispatches(YEAR.start, YEAR.end, body_ids=[network.root.pk]).filter(suggestion=item)


def test_transfers_count_for_the_body_that_made_them(network, year):
    assert data.transfers(YEAR.start, YEAR.end, body_ids=[network.root.pk]) == {"up": 0, "down": 1}
    assert data.transfers(YEAR.start, YEAR.end, body_ids=[network.district.pk]) == {"up": 0, "down": 1}
    assert data.transfers(YEAR.start, YEAR.end, body_ids=[network.street.pk]) == {"up": 1, "down": 0}
    assert data.transfers(YEAR.start, YEAR.end, body_ids=[network.sibling.pk]) == {"up": 0, "down": 0}


def _independent(body: Body, figure: str) -> int:
    """The comparison's figures written from docs/reports.md's definitions, without the reports
    module: plain ORM over the subtree's path."""
    begin = datetime.datetime(2025, 1, 1, tzinfo=SHANGHAI)
    after = datetime.datetime(2026, 1, 1, tzinfo=SHANGHAI)
    tree = Q(path__startswith=body.path)
    ids = list(Body.objects.filter(tree).values_list("pk", flat=True))
    if figure == "received":
        return Suggestion.objects.filter(
            received_by__in=ids, submitted_at__gte=begin, submitted_at__lt=after
        ).count()
    dispatches = Assignment.objects.filter(
        role="lead",
        status__in=["active", "done"],
        assigned_at__gte=begin,
        assigned_at__lt=after,
        suggestion__body__in=ids,
    )
    if figure == "assigned":
        return dispatches.count()
    if figure == "on_time":
        return sum(
            1
            for a in dispatches
            if a.replied_at and a.due_date and a.replied_at.astimezone(SHANGHAI).date() <= a.due_date
        )
    ratings = Rating.objects.filter(suggestion__body__in=ids, rated_at__gte=begin, rated_at__lt=after)
    if figure == "ratings":
        return ratings.count()
    if figure == "satisfied":
        return ratings.filter(value__in=["satisfied", "basically"]).count()
    transfers = AuditEvent.objects.filter(action="transfer", from_state__in=[str(pk) for pk in ids])
    return transfers.filter(data__direction=figure).count()


def test_the_city_report_compares_its_districts_against_independent_queries(network, year):
    figures = annual_figures(2025, scope=Scope.of(network.root))
    rows = figures["sections"]["bodies"]["rows"]
    assert [row["kind"] for row in rows] == ["own", "child", "child", "total"]
    by_body = {row["body_id"]: row for row in rows if row["kind"] == "child"}
    assert set(by_body) == {network.district.pk, network.sibling.pk}
    for body in (network.district, network.sibling):
        for figure in ("received", "assigned", "on_time", "ratings", "satisfied", "up", "down"):
            assert by_body[body.pk][figure] == _independent(body, figure), (body.name, figure)
    total = rows[-1]
    for figure in comparison.FIGURES:
        assert total[figure] == sum(row[figure] for row in rows[:-1]), figure
    headline = {row["key"]: row["value"] for row in figures["headline"]}
    assert total["received"] == headline["received"]
    assert total["assigned"] == headline["assigned"]
    assert total["ratings"] == headline["satisfaction_rate"]["denominator"]
    assert (total["up"], total["down"]) == (headline["transferred_up"], headline["transferred_down"])


def test_a_body_with_too_few_ratings_is_not_compared(network, year, settings):
    settings.REPORTS_LEAGUE_MIN_RATED = 2
    rows = {
        row["body_id"]: row for row in comparison.compare(YEAR, "default", Scope.of(network.root))["rows"]
    }
    sibling = rows[network.sibling.pk]
    assert sibling["rated_items"] == 0 and not sibling["satisfaction_enough"]
    assert rows[network.district.pk]["rated_items"] >= 2 and rows[network.district.pk]["satisfaction_enough"]


def test_only_a_body_with_bodies_below_gets_the_comparison(network, year):
    assert "bodies" in annual_figures(2025, scope=Scope.of(network.district))["sections"]
    street = annual_figures(2025, scope=Scope.of(network.street))
    assert "bodies" not in street["sections"]
    assert street["committee"] == network.street.name
    # The street's report is its own work only.
    assert street["sections"]["suggestions"]["received"] == _independent(network.street, "received")
