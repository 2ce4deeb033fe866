"""Property tests of the engine over the real 2004–2026 calendar, with 2027 unloaded."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from congress.calendar.engine import Unit, add_months_raw
from congress.calendar.sources import package_calendar

CAL = package_calendar(up_to=2026)
starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2027, 12, 31))
amounts = st.integers(min_value=0, max_value=300)
months = st.integers(min_value=0, max_value=24)


def naive_add_working_days(start: date, n: int) -> date:
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if CAL.is_working_day(day):
            counted += 1
    return day


@given(starts, amounts)
def test_adding_n_working_days_then_counting_back_gives_n(start: date, n: int) -> None:
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(starts, st.integers(min_value=1, max_value=300))
def test_counting_back_n_working_days_lands_n_working_days_before(start: date, n: int) -> None:
    earlier = CAL.add_working_days(start, -n)
    assert CAL.is_working_day(earlier)
    # (earlier, start] holds the n - 1 working days in between, plus the start if it is one.
    assert CAL.working_days_between(earlier, start) == n - 1 + int(CAL.is_working_day(start))


@given(starts, st.integers(min_value=0, max_value=60))
@settings(max_examples=200)
def test_fast_working_day_addition_agrees_with_day_by_day_counting(start: date, n: int) -> None:
    assert CAL.add_working_days(start, n) == naive_add_working_days(start, n)


@given(starts, st.integers(min_value=1, max_value=300), st.sampled_from(list(Unit)))
def test_due_dates_never_fall_on_non_working_days(start: date, n: int, unit: Unit) -> None:
    amount = min(n, 24) if unit is Unit.MONTHS else n
    assert CAL.is_working_day(CAL.add(start, unit, amount))


@given(starts, st.integers(min_value=1, max_value=300), st.sampled_from(list(Unit)))
def test_due_date_is_after_the_start(start: date, n: int, unit: Unit) -> None:
    amount = min(n, 24) if unit is Unit.MONTHS else n
    assert CAL.add(start, unit, amount) > start


@given(starts, amounts)
def test_working_days_are_strictly_monotonic_in_n(start: date, n: int) -> None:
    assert CAL.add_working_days(start, n + 1) > CAL.add_working_days(start, n)


@given(starts, amounts, st.integers(min_value=1, max_value=40))
def test_working_days_are_monotonic_in_start(start: date, n: int, later_by: int) -> None:
    later = start + timedelta(days=later_by)
    assert CAL.add_working_days(later, n) >= CAL.add_working_days(start, n)


@given(starts, months)
def test_months_are_monotonic_in_n(start: date, n: int) -> None:
    assert CAL.add_months(start, n + 1) >= CAL.add_months(start, n)


@given(starts, st.integers(min_value=1, max_value=24), st.integers(min_value=1, max_value=40))
def test_months_are_monotonic_in_start(start: date, n: int, later_by: int) -> None:
    later = start + timedelta(days=later_by)
    assert CAL.add_months(later, n) >= CAL.add_months(start, n)


@given(starts, st.integers(min_value=0, max_value=400), st.integers(min_value=1, max_value=40))
def test_calendar_days_are_monotonic_in_n_and_start(start: date, n: int, later_by: int) -> None:
    assert CAL.add_calendar_days(start, n + 1) >= CAL.add_calendar_days(start, n)
    assert CAL.add_calendar_days(start + timedelta(days=later_by), n) >= CAL.add_calendar_days(start, n)


@given(starts, st.integers(min_value=1, max_value=24))
def test_month_period_never_ends_before_the_corresponding_day(start: date, n: int) -> None:
    assert CAL.add_months(start, n) >= add_months_raw(start, n)


@given(starts, amounts, st.sampled_from(list(Unit)))
def test_explanation_agrees_with_the_fast_path(start: date, n: int, unit: Unit) -> None:
    amount = min(n, 24) if unit is Unit.MONTHS else n
    explanation = CAL.explain(start, unit, amount)
    fast = CAL.due_date(start, unit, amount)
    assert (explanation.due, explanation.provisional) == (fast.due, fast.provisional)


@given(starts, st.integers(min_value=1, max_value=300))
def test_explanation_counts_exactly_n_working_days(start: date, n: int) -> None:
    explanation = CAL.explain(start, Unit.WORKING_DAYS, n)
    counted = [s for s in explanation.steps if s.count is not None]
    assert [s.count for s in counted] == list(range(1, n + 1))
