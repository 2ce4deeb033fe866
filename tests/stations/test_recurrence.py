"""Reception-day recurrence: weekly, every other week, monthly (month ends, February, leap years),
mid-quarter, one-off; the duty rotation."""

from __future__ import annotations

import datetime as dt

import pytest

from stations.recurrence import Pattern, dates_between, occurrence_index, rotation_for

D = dt.date


def test_weekly_every_friday() -> None:
    pattern = Pattern("weekly", starts_on=D(2026, 11, 1), weekday=4)
    assert dates_between(pattern, D(2026, 11, 1), D(2026, 11, 30)) == [
        D(2026, 11, 6),
        D(2026, 11, 13),
        D(2026, 11, 20),
        D(2026, 11, 27),
    ]


def test_every_other_week_counts_from_the_start_date() -> None:
    pattern = Pattern("biweekly", starts_on=D(2026, 11, 3), weekday=1)
    assert dates_between(pattern, D(2026, 11, 10), D(2026, 12, 31)) == [
        D(2026, 11, 17),
        D(2026, 12, 1),
        D(2026, 12, 15),
        D(2026, 12, 29),
    ]


def test_monthly_on_the_fifth() -> None:
    pattern = Pattern("monthly", starts_on=D(2026, 1, 1), month_day=5)
    assert dates_between(pattern, D(2026, 1, 1), D(2026, 4, 30)) == [
        D(2026, 1, 5),
        D(2026, 2, 5),
        D(2026, 3, 5),
        D(2026, 4, 5),
    ]


def test_the_30th_falls_on_the_last_day_of_february_in_a_common_year() -> None:
    pattern = Pattern("monthly", starts_on=D(2025, 1, 1), month_day=30)
    assert dates_between(pattern, D(2025, 1, 1), D(2025, 3, 31)) == [
        D(2025, 1, 30),
        D(2025, 2, 28),
        D(2025, 3, 30),
    ]


def test_the_30th_falls_on_february_29_in_a_leap_year() -> None:
    pattern = Pattern("monthly", starts_on=D(2024, 1, 1), month_day=30)
    assert dates_between(pattern, D(2024, 2, 1), D(2024, 2, 29)) == [D(2024, 2, 29)]


def test_the_29th_in_february_of_a_leap_year_and_a_common_year() -> None:
    pattern = Pattern("monthly", starts_on=D(2024, 1, 1), month_day=29)
    assert dates_between(pattern, D(2024, 2, 1), D(2024, 2, 29)) == [D(2024, 2, 29)]
    assert dates_between(pattern, D(2100, 2, 1), D(2100, 2, 28)) == [D(2100, 2, 28)]  # 2100 is not leap


def test_the_31st_falls_on_each_month_end() -> None:
    pattern = Pattern("monthly", starts_on=D(2026, 1, 1), month_day=31)
    assert dates_between(pattern, D(2026, 1, 1), D(2026, 6, 30)) == [
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),
        D(2026, 4, 30),
        D(2026, 5, 31),
        D(2026, 6, 30),
    ]


def test_minus_one_is_the_last_day_of_every_month() -> None:
    pattern = Pattern("monthly", starts_on=D(2028, 1, 1), month_day=-1)
    assert dates_between(pattern, D(2028, 2, 1), D(2028, 4, 30)) == [
        D(2028, 2, 29),
        D(2028, 3, 31),
        D(2028, 4, 30),
    ]


def test_mid_quarter_is_the_15th_of_the_second_month() -> None:
    pattern = Pattern("mid_quarter", starts_on=D(2026, 1, 1), month_day=15, quarter_month=2)
    assert dates_between(pattern, D(2026, 1, 1), D(2026, 12, 31)) == [
        D(2026, 2, 15),
        D(2026, 5, 15),
        D(2026, 8, 15),
        D(2026, 11, 15),
    ]


def test_mid_quarter_on_the_30th_of_the_second_month_meets_february() -> None:
    pattern = Pattern("mid_quarter", starts_on=D(2024, 1, 1), month_day=30, quarter_month=2)
    assert dates_between(pattern, D(2024, 1, 1), D(2024, 6, 30)) == [D(2024, 2, 29), D(2024, 5, 30)]


def test_one_off_is_its_own_date_only() -> None:
    pattern = Pattern("once", starts_on=D(2026, 12, 12))
    assert dates_between(pattern, D(2026, 12, 1), D(2026, 12, 31)) == [D(2026, 12, 12)]
    assert dates_between(pattern, D(2026, 12, 13), D(2026, 12, 31)) == []


def test_end_date_stops_the_series() -> None:
    pattern = Pattern("weekly", starts_on=D(2026, 11, 1), ends_on=D(2026, 11, 14), weekday=4)
    assert dates_between(pattern, D(2026, 11, 1), D(2026, 12, 31)) == [D(2026, 11, 6), D(2026, 11, 13)]


@pytest.mark.parametrize(
    "pattern",
    [
        Pattern("weekly", starts_on=D(2026, 1, 1)),
        Pattern("monthly", starts_on=D(2026, 1, 1), month_day=32),
        Pattern("mid_quarter", starts_on=D(2026, 1, 1), month_day=15),
        Pattern("yearly", starts_on=D(2026, 1, 1)),
    ],
)
def test_incomplete_patterns_are_refused(pattern: Pattern) -> None:
    with pytest.raises(ValueError):
        dates_between(pattern, D(2026, 1, 1), D(2026, 12, 31))


def test_occurrence_index_counts_earlier_receptions() -> None:
    pattern = Pattern("weekly", starts_on=D(2026, 11, 6), weekday=4)
    assert occurrence_index(pattern, D(2026, 11, 6)) == 0
    assert occurrence_index(pattern, D(2026, 11, 20)) == 2


def test_rotation_advances_and_wraps() -> None:
    rotation = [1, 2, 3, 4, 5]
    assert rotation_for(rotation, 2, 0) == [1, 2]
    assert rotation_for(rotation, 2, 1) == [3, 4]
    assert rotation_for(rotation, 2, 2) == [5, 1]
    assert rotation_for(rotation, 9, 0) == [1, 2, 3, 4, 5]
    assert rotation_for([], 2, 0) == []
