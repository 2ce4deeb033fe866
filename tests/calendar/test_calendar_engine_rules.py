"""The counting rules (民法典 第二百零一条至第二百零三条) pinned with real 2025 and 2026 dates.

The calendar comes from the chinesecalendar package (2004–2026), so every date below is the State
Council's notice, not a hand-made fixture.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from congress.calendar.engine import (
    DayKind,
    Explanation,
    StepReason,
    Unit,
    WorkCalendar,
    build_calendar,
    is_overdue_at,
)
from congress.calendar.sources import package_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return package_calendar(up_to=2026)


# -- the package data the tests rely on ----------------------------------------------------------


def test_2025_spring_festival_is_jan_28_to_feb_4(cal: WorkCalendar) -> None:
    days = [date(2025, 1, 28) + timedelta(days=i) for i in range(8)]
    assert all(cal.day_kind(d) is DayKind.HOLIDAY for d in days)
    assert {cal.holiday_name(d) for d in days} == {"春节"}
    assert cal.is_working_day(date(2025, 2, 5))


def test_2025_spring_festival_make_up_days_are_sunday_jan_26_and_saturday_feb_8(cal: WorkCalendar) -> None:
    assert date(2025, 1, 26).weekday() == 6 and date(2025, 2, 8).weekday() == 5
    assert cal.day_kind(date(2025, 1, 26)) is DayKind.MAKEUP_WORKDAY
    assert cal.day_kind(date(2025, 2, 8)) is DayKind.MAKEUP_WORKDAY


def test_2025_national_day_runs_oct_1_to_8_with_make_up_sep_28_and_oct_11(cal: WorkCalendar) -> None:
    for i in range(8):
        assert not cal.is_working_day(date(2025, 10, 1) + timedelta(days=i))
    assert cal.holiday_name(date(2025, 10, 6)) == "中秋节"
    assert cal.holiday_name(date(2025, 10, 1)) == "国庆节"
    assert cal.is_working_day(date(2025, 9, 28))  # Sunday
    assert cal.is_working_day(date(2025, 10, 11))  # Saturday


def test_calendar_agrees_with_chinesecalendar_on_every_day_2004_to_2026(cal: WorkCalendar) -> None:
    import chinese_calendar

    day = date(2004, 1, 1)
    while day <= date(2026, 12, 31):
        assert cal.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


# -- rule 1: the starting day is not counted ------------------------------------------------------


def test_day_of_receipt_is_not_counted(cal: WorkCalendar) -> None:
    # Monday 2025-03-03 + 1 working day is Tuesday, not Monday.
    assert cal.add_working_days(date(2025, 3, 3), 1) == date(2025, 3, 4)


def test_saturday_receipt_has_the_same_due_date_as_friday_receipt(cal: WorkCalendar) -> None:
    friday, saturday, sunday = date(2025, 3, 7), date(2025, 3, 8), date(2025, 3, 9)
    assert cal.add_working_days(friday, 3) == cal.add_working_days(saturday, 3) == date(2025, 3, 12)
    assert cal.add_working_days(sunday, 3) == date(2025, 3, 12)


def test_receipt_on_a_make_up_sunday_is_not_counted_either(cal: WorkCalendar) -> None:
    # 2025-09-28 is a working Sunday; receipt on it counts from Monday 09-29.
    assert cal.add_working_days(date(2025, 9, 28), 1) == date(2025, 9, 29)


# -- rule 2: working days, holidays and make-up days ----------------------------------------------


def test_make_up_sunday_before_spring_festival_2025_is_counted(cal: WorkCalendar) -> None:
    # Friday 2025-01-24: Sat 25 skipped, Sun 26 (make-up) is day 1, Mon 27 day 2.
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)
    assert cal.add_working_days(date(2025, 1, 24), 2) == date(2025, 1, 27)


def test_spring_festival_2025_is_skipped_in_working_days(cal: WorkCalendar) -> None:
    # The "2310" routing limit of 3 working days from Friday 2025-01-24 ends after the holiday.
    assert cal.add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)


def test_make_up_saturday_after_spring_festival_2025_is_counted(cal: WorkCalendar) -> None:
    # Monday 2025-01-27 + 10: Feb 5, 6, 7, 8 (Saturday, make-up), 10, 11, 12, 13, 14, 17.
    assert cal.add_working_days(date(2025, 1, 27), 4) == date(2025, 2, 8)
    assert cal.add_working_days(date(2025, 1, 27), 10) == date(2025, 2, 17)


def test_national_day_2025_is_skipped_and_make_up_days_counted(cal: WorkCalendar) -> None:
    friday = date(2025, 9, 26)
    assert cal.add_working_days(friday, 1) == date(2025, 9, 28)  # make-up Sunday
    assert cal.add_working_days(friday, 3) == date(2025, 9, 30)
    assert cal.add_working_days(friday, 4) == date(2025, 10, 9)  # after Oct 1–8
    assert cal.add_working_days(friday, 6) == date(2025, 10, 11)  # make-up Saturday


def test_spring_festival_2026_with_make_up_saturdays(cal: WorkCalendar) -> None:
    friday = date(2026, 2, 13)
    assert cal.add_working_days(friday, 1) == date(2026, 2, 14)  # make-up Saturday
    assert cal.add_working_days(friday, 2) == date(2026, 2, 24)  # after Feb 15–23
    # Feb 24–27 are days 2–5; Saturday Feb 28 is a make-up day, so it is day 6.
    assert cal.add_working_days(friday, 6) == date(2026, 2, 28)


def test_mid_autumn_and_national_day_2026_ten_working_days(cal: WorkCalendar) -> None:
    # Friday 2026-09-18: Sun 20 (make-up) 1, 21–24 2–5, 25–27 中秋节, 28–30 6–8, Oct 1–7 国庆节,
    # Oct 8 9, Oct 9 10.
    assert cal.add_working_days(date(2026, 9, 18), 10) == date(2026, 10, 9)
    assert cal.add_working_days(date(2026, 9, 18), 11) == date(2026, 10, 10)  # make-up Saturday


def test_new_year_2026_make_up_sunday_jan_4(cal: WorkCalendar) -> None:
    assert cal.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)


# -- rule 3: month periods ------------------------------------------------------------------------


def test_month_period_ends_on_the_corresponding_day(cal: WorkCalendar) -> None:
    assert cal.add_months(date(2025, 3, 12), 1) == date(2025, 4, 14)  # Apr 12 is Saturday → Monday
    assert cal.add_months(date(2025, 3, 10), 1) == date(2025, 4, 10)


def test_jan_31_plus_one_month_is_feb_28_in_a_common_year(cal: WorkCalendar) -> None:
    assert cal.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_jan_31_plus_one_month_is_feb_29_in_a_leap_year(cal: WorkCalendar) -> None:
    assert cal.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_month_end_on_a_make_up_saturday_is_not_rolled(cal: WorkCalendar) -> None:
    # 2026-02-28 is a Saturday but a make-up working day.
    assert cal.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert cal.add_months(date(2025, 9, 11), 1) == date(2025, 10, 11)


def test_deputy_suggestion_three_months_ends_on_corresponding_day(cal: WorkCalendar) -> None:
    assert cal.add_months(date(2025, 3, 20), 3) == date(2025, 6, 20)
    assert cal.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)  # no Feb 30; make-up Saturday


# -- rule 4: a period ending on a rest day or a holiday rolls forward ----------------------------


def test_month_period_ending_on_national_day_rolls_to_first_working_day_after(cal: WorkCalendar) -> None:
    assert cal.add_months(date(2025, 7, 1), 3) == date(2025, 10, 9)


def test_month_period_ending_in_spring_festival_rolls_forward(cal: WorkCalendar) -> None:
    assert cal.add_months(date(2025, 1, 4), 1) == date(2025, 2, 5)


def test_month_period_ending_on_a_saturday_rolls_to_monday(cal: WorkCalendar) -> None:
    assert cal.add_months(date(2025, 2, 15), 1) == date(2025, 3, 17)


def test_calendar_day_period_ending_on_a_holiday_rolls_forward(cal: WorkCalendar) -> None:
    assert cal.add_calendar_days(date(2025, 9, 21), 10) == date(2025, 10, 9)
    assert cal.add_calendar_days(date(2025, 9, 21), 5) == date(2025, 9, 26)


# -- rule 5: end of day, overdue from 00:00 the next day -----------------------------------------


def test_item_is_not_overdue_during_the_last_second_of_its_due_day() -> None:
    moment = datetime(2025, 9, 30, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    assert not is_overdue_at(date(2025, 9, 30), moment, SHANGHAI)


def test_item_is_overdue_at_midnight_after_the_due_day() -> None:
    assert is_overdue_at(date(2025, 9, 30), datetime(2025, 10, 1, 0, 0, tzinfo=SHANGHAI), SHANGHAI)


def test_overdue_boundary_is_midnight_in_shanghai_not_utc() -> None:
    due = date(2025, 9, 30)
    assert not is_overdue_at(due, datetime(2025, 9, 30, 15, 59, 59, tzinfo=UTC), SHANGHAI)
    assert is_overdue_at(due, datetime(2025, 9, 30, 16, 0, tzinfo=UTC), SHANGHAI)


# -- counting for reports ------------------------------------------------------------------------


def test_working_days_between_excludes_start_and_includes_end(cal: WorkCalendar) -> None:
    assert cal.working_days_between(date(2025, 1, 24), date(2025, 2, 5)) == 3
    assert cal.working_days_between(date(2025, 2, 5), date(2025, 1, 24)) == -3
    assert cal.working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0


def test_working_days_overdue_counts_working_days_after_due(cal: WorkCalendar) -> None:
    assert cal.working_days_overdue(date(2025, 9, 30), date(2025, 10, 8)) == 0
    assert cal.working_days_overdue(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert cal.working_days_overdue(date(2025, 9, 30), date(2025, 10, 11)) == 3


def test_working_days_overdue_is_zero_on_or_before_due(cal: WorkCalendar) -> None:
    assert cal.working_days_overdue(date(2025, 9, 30), date(2025, 9, 30)) == 0
    assert cal.working_days_overdue(date(2025, 9, 30), date(2025, 9, 1)) == 0


# -- missing years --------------------------------------------------------------------------------


def test_deadline_running_into_unloaded_2027_is_provisional(cal: WorkCalendar) -> None:
    result = cal.due_date(date(2026, 12, 25), Unit.WORKING_DAYS, 10)
    # Weekends only for 2027: Jan 1 2027 counts as an ordinary Friday.
    assert result.due == date(2027, 1, 8)
    assert result.provisional


def test_deadline_inside_a_loaded_year_is_not_provisional(cal: WorkCalendar) -> None:
    assert not cal.due_date(date(2026, 12, 1), Unit.WORKING_DAYS, 10).provisional


def test_days_entered_for_an_unloaded_year_are_ignored() -> None:
    cal = build_calendar(holidays=[(date(2027, 1, 1), "元旦")], loaded_years=[2026])
    assert cal.is_working_day(date(2027, 1, 1))
    assert cal.day_kind(date(2027, 1, 1)) is DayKind.WORKDAY


def test_month_end_in_unloaded_year_rolls_over_weekends_only(cal: WorkCalendar) -> None:
    result = cal.due_date(date(2027, 1, 31), Unit.MONTHS, 1)
    assert result.due == date(2027, 3, 1)  # Feb 28 2027 is a Sunday
    assert result.provisional


# -- explanation ----------------------------------------------------------------------------------


def test_explanation_lists_each_day_with_its_reason(cal: WorkCalendar) -> None:
    explanation = cal.explain(date(2025, 1, 24), Unit.WORKING_DAYS, 3)
    reasons = [(s.day, s.reason, s.holiday_name) for s in explanation.steps]
    assert reasons[:3] == [
        (date(2025, 1, 25), StepReason.SKIPPED_WEEKEND, ""),
        (date(2025, 1, 26), StepReason.COUNTED_MAKEUP, "春节"),
        (date(2025, 1, 27), StepReason.COUNTED, ""),
    ]
    assert (date(2025, 1, 28), StepReason.SKIPPED_HOLIDAY, "春节") in reasons
    assert reasons[-2:] == [
        (date(2025, 2, 5), StepReason.COUNTED, ""),
        (date(2025, 2, 5), StepReason.DUE, ""),
    ]
    assert explanation.due == date(2025, 2, 5)
    assert not explanation.provisional


def test_explanation_of_a_rolled_month_period_names_the_holidays(cal: WorkCalendar) -> None:
    explanation = cal.explain(date(2025, 7, 1), Unit.MONTHS, 3)
    reasons = [s.reason for s in explanation.steps]
    assert reasons[:2] == [StepReason.CALENDAR_RANGE, StepReason.PERIOD_END]
    assert StepReason.ROLLED_FORWARD in reasons
    assert {s.holiday_name for s in explanation.steps if s.reason is StepReason.SKIPPED_HOLIDAY} == {
        "国庆节",
        "中秋节",
    }


def test_explanation_marks_clamped_month_end(cal: WorkCalendar) -> None:
    explanation = cal.explain(date(2025, 1, 31), Unit.MONTHS, 1)
    assert explanation.steps[1].reason is StepReason.MONTH_END_CLAMPED
    assert explanation.steps[1].day == date(2025, 2, 28)


def test_explanation_round_trips_through_json(cal: WorkCalendar) -> None:
    explanation = cal.explain(date(2026, 12, 25), Unit.WORKING_DAYS, 10)
    assert Explanation.from_dict(explanation.as_dict()) == explanation
    assert explanation.unloaded_years == (2027,)


def test_explanation_due_date_matches_fast_path(cal: WorkCalendar) -> None:
    for unit, n in [(Unit.WORKING_DAYS, 10), (Unit.MONTHS, 3), (Unit.CALENDAR_DAYS, 30)]:
        assert cal.explain(date(2025, 9, 1), unit, n).due == cal.add(date(2025, 9, 1), unit, n)


def test_a_day_cannot_be_both_holiday_and_make_up_day() -> None:
    with pytest.raises(ValueError):
        build_calendar(holidays=[(date(2025, 1, 1), "元旦")], makeup_workdays=[(date(2025, 1, 1), "元旦")])
