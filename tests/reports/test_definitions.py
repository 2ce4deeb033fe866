"""The definitions of the figures at their edges: the year's bounds in Beijing time, a reply on the
due date, a reply after the year, returned dispatches and co-units."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from suggestions import reports
from suggestions.models import Assignment, Rating, Status
from tests.factories.core import HandlingUnitFactory
from tests.factories.suggestions import SuggestionFactory

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
Y = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def _dispatch(
    *,
    assigned: datetime.datetime,
    due: datetime.date,
    replied: datetime.datetime | None = None,
    **fields: Any,
) -> Assignment:
    item: Any = SuggestionFactory(status=Status.ASSIGNED, submitted_at=assigned)
    return Assignment.objects.create(
        suggestion=item,
        unit=fields.pop("unit", None) or HandlingUnitFactory.create(),
        role=fields.pop("role", Assignment.Role.LEAD),
        status=fields.pop("status", Assignment.Status.DONE if replied else Assignment.Status.ACTIVE),
        assigned_at=assigned,
        due_date=due,
        replied_at=replied,
    )


def test_the_year_runs_from_midnight_to_midnight_beijing_time():
    SuggestionFactory(submitted_at=_at(2024, 12, 31, 23, 59))
    SuggestionFactory(submitted_at=_at(2025, 1, 1, 0, 0))
    SuggestionFactory(submitted_at=_at(2025, 12, 31, 23, 59))
    SuggestionFactory(submitted_at=_at(2026, 1, 1, 0, 0))
    assert reports.received_total(*Y) == 2


def test_a_reply_on_the_due_date_late_in_the_evening_is_on_time():
    _dispatch(assigned=_at(2025, 3, 1, 9), due=datetime.date(2025, 3, 14), replied=_at(2025, 3, 14, 23, 50))
    _dispatch(assigned=_at(2025, 3, 1, 9), due=datetime.date(2025, 3, 14), replied=_at(2025, 3, 15, 0, 5))
    handled = reports.handling(*Y)
    assert (handled["on_time"], handled["late"], handled["judged"]) == (1, 1, 2)


def test_a_reply_after_the_year_leaves_the_dispatch_overdue_at_year_end():
    _dispatch(assigned=_at(2025, 12, 1, 9), due=datetime.date(2025, 12, 15), replied=_at(2026, 1, 5, 9))
    _dispatch(assigned=_at(2025, 12, 20, 9), due=datetime.date(2026, 1, 8))  # not yet due at year end
    assert reports.overdue_at_end(*Y)["count"] == 1
    handled = reports.handling(*Y)
    assert (handled["replied"], handled["judged"]) == (0, 1)


def test_returned_dispatches_and_co_units_are_not_counted():
    unit = HandlingUnitFactory()
    _dispatch(
        assigned=_at(2025, 5, 1, 9),
        due=datetime.date(2025, 5, 14),
        unit=unit,
        status=Assignment.Status.RETURNED,
    )
    _dispatch(assigned=_at(2025, 5, 1, 9), due=datetime.date(2025, 5, 14), unit=unit, role=Assignment.Role.CO)
    assert reports.handling(*Y)["assigned"] == 0
    assert reports.units(*Y) == []


def test_satisfaction_counts_basically_satisfied_as_satisfied():
    item: Any = SuggestionFactory(submitted_at=_at(2025, 2, 1, 9), status=Status.RATED)
    for value, rater in (("satisfied", "submitter"), ("basically", "deputy"), ("unsatisfied", "deputy")):
        rating = Rating.objects.create(
            suggestion=item, rater=rater, value=value, round=0 if value != "unsatisfied" else 1
        )
        Rating.objects.filter(pk=rating.pk).update(rated_at=_at(2025, 2, 10, 9))
    rated = reports.satisfaction(*Y)
    assert rated["satisfaction_rate"]["numerator"] == 2
    assert rated["satisfaction_rate"]["denominator"] == 3
    assert rated["rated_items"] == 1


def test_a_district_filter_keeps_items_of_its_streets_and_communities():
    inside = SuggestionFactory(submitted_at=_at(2025, 4, 1, 9))
    SuggestionFactory(submitted_at=_at(2025, 4, 1, 9))  # another street, another district
    district = inside.area.parent
    assert reports.received_total(*Y, district_id=district.pk) == 1
    assert reports.received_by_district(*Y)[0]["count"] >= 1
