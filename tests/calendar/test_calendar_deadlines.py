"""Deadlines in the database: creation, recompute on calendar change, years, CSV, extensions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from congress.calendar import selectors, services
from congress.calendar.models import (
    CalendarDay,
    CalendarYear,
    DayKind,
    Deadline,
    DeadlinePolicy,
    ExtensionStatus,
)
from congress.errors import DomainError
from congress.models import AuditEvent, Category

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MakeDeadline = Callable[..., Deadline]


def events(target: Model, action: str) -> list[AuditEvent]:
    content_type = ContentType.objects.get_for_model(target)
    return list(
        AuditEvent.objects.filter(content_type=content_type, object_id=target.pk, action=action).order_by(
            "pk"
        )
    )


def refreshed(deadline: Deadline) -> Deadline:
    return Deadline.objects.get(pk=deadline.pk)


# -- seeded data ----------------------------------------------------------------------------------


def test_default_policies_carry_the_domain_time_limits() -> None:
    limits = {p.code: (p.amount, p.unit, p.max_extension) for p in DeadlinePolicy.objects.all()}
    assert limits["opinion.triage"] == (2, "working_days", 0)
    assert limits["opinion.routing"] == (3, "working_days", 0)
    assert limits["opinion.reply"] == (10, "working_days", 0)
    assert limits["opinion.feedback"] == (1, "months", 0)
    assert limits["deputy_suggestion.reply"] == (3, "months", 3)
    assert limits["co_unit.views"] == (1, "months", 0)
    assert limits["reopened.reply"] == (1, "months", 0)
    assert limits["assignment.return_window"] == (10, "calendar_days", 0)
    assert limits["project.rectification"] == (30, "working_days", 0)


def test_calendar_is_seeded_up_to_2026_and_2027_is_missing() -> None:
    loaded = set(CalendarYear.objects.filter(is_loaded=True).values_list("year", flat=True))
    assert loaded == set(range(2004, 2027))
    assert CalendarDay.objects.get(date=date(2025, 1, 26)).kind == DayKind.MAKEUP_WORKDAY
    assert CalendarDay.objects.get(date=date(2025, 10, 6)).name == "中秋节"


# -- creating deadlines ---------------------------------------------------------------------------


def test_routing_deadline_counts_working_days_across_spring_festival(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.routing", date(2025, 1, 24))
    assert deadline.due == date(2025, 2, 5)
    assert not deadline.is_provisional
    assert deadline.get_explanation() is not None


def test_deputy_suggestion_reply_runs_three_months_and_rolls_over_national_day(
    make_deadline: MakeDeadline,
) -> None:
    assert make_deadline("deputy_suggestion.reply", date(2025, 7, 1)).due == date(2025, 10, 9)


def test_saturday_receipt_gets_the_friday_due_date(make_deadline: MakeDeadline) -> None:
    friday = make_deadline("opinion.reply", date(2025, 3, 7))
    saturday = make_deadline("opinion.reply", date(2025, 3, 8))
    assert friday.due == saturday.due == date(2025, 3, 21)


def test_deadline_into_unloaded_2027_is_provisional(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2026, 12, 25))
    assert deadline.is_provisional
    assert deadline.due == date(2027, 1, 8)


def test_creating_a_deadline_writes_an_audit_event_on_the_item(owner: Category) -> None:
    services.deadline_create(owner=owner, policy_code="opinion.triage", start=date(2025, 9, 26))
    [event] = events(owner, "deadline_set")
    assert event.to_state == "2025-09-29"  # Sun 09-28 (make-up) and Mon 09-29


def test_an_item_has_one_open_deadline_per_policy(owner: Category) -> None:
    services.deadline_create(owner=owner, policy_code="opinion.reply", start=date(2025, 3, 3))
    with pytest.raises(DomainError):
        services.deadline_create(owner=owner, policy_code="opinion.reply", start=date(2025, 3, 4))


def test_inactive_policy_cannot_start_a_deadline(owner: Category) -> None:
    DeadlinePolicy.objects.filter(code="opinion.reply").update(is_active=False)
    with pytest.raises(DomainError):
        services.deadline_create(owner=owner, policy_code="opinion.reply", start=date(2025, 3, 3))


def test_editing_a_policy_does_not_move_running_deadlines(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))
    policy = DeadlinePolicy.objects.get(code="opinion.reply")
    policy.amount = 15
    services.deadline_policy_save(policy=policy, changed=["amount"])
    services.calendar_day_set(day=date(2025, 3, 5), kind=DayKind.HOLIDAY, name="测试假日")
    assert refreshed(deadline).due == date(2025, 3, 18)  # 10 working days, one more for the holiday


def test_deadline_selectors_find_the_open_deadline_of_an_item(owner: Category) -> None:
    deadline = services.deadline_create(owner=owner, policy_code="opinion.reply", start=date(2025, 3, 3))
    assert selectors.deadline_for(owner, "opinion.reply") == deadline
    services.deadline_close(deadline=deadline)
    assert selectors.deadline_for(owner, "opinion.reply") is None
    assert list(selectors.deadlines_for(owner)) == [deadline]


# -- overdue --------------------------------------------------------------------------------------


def test_deadline_is_not_overdue_on_its_due_day(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))  # due 2025-03-17
    assert not Deadline.objects.overdue(on=date(2025, 3, 17)).exists()
    assert not deadline.is_overdue(datetime(2025, 3, 17, 23, 59, 59, tzinfo=SHANGHAI))


def test_deadline_is_overdue_from_midnight_after_the_due_day(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))
    assert Deadline.objects.overdue(on=date(2025, 3, 18)).get() == deadline
    assert deadline.is_overdue(datetime(2025, 3, 18, 0, 0, tzinfo=SHANGHAI))


def test_overdue_uses_shanghai_time_at_the_current_moment(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))
    with time_machine.travel(datetime(2025, 3, 17, 16, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert deadline.is_overdue()  # 2025-03-18 00:00 in Shanghai


def test_closed_deadline_is_never_overdue(make_deadline: MakeDeadline) -> None:
    deadline = services.deadline_close(deadline=make_deadline("opinion.reply", date(2025, 3, 3)))
    assert not deadline.is_overdue(datetime(2026, 1, 1, tzinfo=SHANGHAI))
    assert not Deadline.objects.overdue(on=date(2026, 1, 1)).exists()


# -- recompute when a calendar day changes --------------------------------------------------------


def test_adding_a_holiday_inside_the_window_moves_the_due_date(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))
    assert deadline.due == date(2025, 3, 17)
    _day, changes = services.calendar_day_set(day=date(2025, 3, 5), kind=DayKind.HOLIDAY, name="测试假日")
    assert refreshed(deadline).due == date(2025, 3, 18)
    assert [(c.old_due, c.new_due) for c in changes] == [(date(2025, 3, 17), date(2025, 3, 18))]


def test_recompute_writes_an_audit_event_with_old_and_new_date_and_why(owner: Category) -> None:
    services.deadline_create(owner=owner, policy_code="opinion.reply", start=date(2025, 3, 3))
    services.calendar_day_set(day=date(2025, 3, 5), kind=DayKind.HOLIDAY, name="测试假日")
    [event] = events(owner, "deadline_recomputed")
    assert (event.from_state, event.to_state) == ("2025-03-17", "2025-03-18")
    assert "2025年3月17日 → 2025年3月18日" in event.note
    assert "测试假日" in event.note


def test_recompute_updates_the_explanation(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))
    services.calendar_day_set(day=date(2025, 3, 5), kind=DayKind.HOLIDAY, name="测试假日")
    explanation = refreshed(deadline).get_explanation()
    assert explanation is not None
    assert any(s.holiday_name == "测试假日" for s in explanation.steps)


def test_closed_deadline_never_changes_when_the_calendar_changes(make_deadline: MakeDeadline) -> None:
    deadline = services.deadline_close(deadline=make_deadline("opinion.reply", date(2025, 3, 3)))
    services.calendar_day_set(day=date(2025, 3, 5), kind=DayKind.HOLIDAY, name="测试假日")
    assert refreshed(deadline).due == date(2025, 3, 17)


def test_deadline_whose_window_does_not_contain_the_day_is_untouched(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))
    before = refreshed(deadline).computed_at
    services.calendar_day_set(day=date(2025, 3, 20), kind=DayKind.HOLIDAY, name="测试假日")
    after = refreshed(deadline)
    assert (after.due, after.computed_at) == (date(2025, 3, 17), before)


def test_removing_a_holiday_moves_the_due_date_earlier(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.routing", date(2025, 1, 24))  # due 2025-02-05 after 春节
    services.calendar_day_delete(day=date(2025, 2, 3))
    assert refreshed(deadline).due == date(2025, 2, 3)


def test_adding_a_make_up_saturday_moves_the_due_date_earlier(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))
    services.calendar_day_set(day=date(2025, 3, 8), kind=DayKind.MAKEUP_WORKDAY, name="测试调休")
    assert refreshed(deadline).due == date(2025, 3, 14)


def test_make_up_working_day_must_be_a_weekend_day() -> None:
    with pytest.raises(DomainError) as error:
        services.calendar_day_set(day=date(2025, 3, 5), kind=DayKind.MAKEUP_WORKDAY, name="测试调休")
    assert "星期六或星期日" in error.value.message


def test_calendar_change_is_audited_on_its_year() -> None:
    services.calendar_day_set(day=date(2025, 3, 5), kind=DayKind.HOLIDAY, name="测试假日")
    assert events(CalendarYear.objects.get(year=2025), "calendar_day_set")


def test_setting_an_unchanged_day_recomputes_nothing(make_deadline: MakeDeadline) -> None:
    make_deadline("opinion.routing", date(2025, 1, 24))
    _day, changes = services.calendar_day_set(day=date(2025, 2, 3), kind=DayKind.HOLIDAY, name="春节")
    assert changes == []


def test_work_calendar_sees_a_change_at_once() -> None:
    assert selectors.work_calendar().is_working_day(date(2025, 3, 5))
    services.calendar_day_set(day=date(2025, 3, 5), kind=DayKind.HOLIDAY, name="测试假日")
    assert not selectors.work_calendar().is_working_day(date(2025, 3, 5))


def test_work_calendar_is_built_once_and_then_costs_one_query(django_assert_num_queries: object) -> None:
    first = selectors.work_calendar()
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert selectors.work_calendar() is first


# -- loading years --------------------------------------------------------------------------------


def _unload_2026() -> None:
    services.calendar_year_set_loaded(year=2026, is_loaded=False)


def test_withdrawn_year_makes_deadlines_into_it_provisional(make_deadline: MakeDeadline) -> None:
    _unload_2026()
    deadline = make_deadline("opinion.reply", date(2025, 12, 25))
    assert deadline.is_provisional
    assert deadline.due == date(2026, 1, 8)  # 2026-01-01 and 01-02 counted as ordinary weekdays


def test_loading_a_year_recomputes_provisional_deadlines(make_deadline: MakeDeadline) -> None:
    _unload_2026()
    deadline = make_deadline("opinion.reply", date(2025, 12, 25))
    result = services.calendar_load_year(year=2026)
    after = refreshed(deadline)
    assert (after.due, after.is_provisional) == (date(2026, 1, 9), False)  # 元旦 off, Sun 01-04 on
    assert [c.deadline_id for c in result.changes] == [deadline.pk]


def test_loading_a_year_audits_each_moved_item(owner: Category) -> None:
    _unload_2026()
    services.deadline_create(owner=owner, policy_code="opinion.reply", start=date(2025, 12, 25))
    services.calendar_load_year(year=2026)
    [event] = events(owner, "deadline_recomputed")
    assert (event.from_state, event.to_state) == ("2026-01-08", "2026-01-09")
    assert event.data["old_provisional"] and not event.data["new_provisional"]


def test_loading_a_year_keeps_days_entered_by_hand() -> None:
    services.calendar_day_set(day=date(2026, 3, 4), kind=DayKind.HOLIDAY, name="手工假日")
    result = services.calendar_load_year(year=2026)
    assert result.kept_manual == 1
    assert CalendarDay.objects.filter(date=date(2026, 3, 4)).exists()


def test_loading_a_year_the_package_does_not_know_is_refused_in_chinese() -> None:
    with pytest.raises(DomainError) as error:
        services.calendar_load_year(year=2027)
    assert "2027" in error.value.message and "chinesecalendar" in error.value.message
    assert "尚未" in error.value.message


def test_days_entered_by_hand_count_once_the_year_is_marked_complete(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2026, 12, 25))
    services.calendar_day_set(day=date(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    assert refreshed(deadline).due == date(2027, 1, 8)  # year not complete yet: ignored
    services.calendar_year_set_loaded(year=2027, is_loaded=True)
    after = refreshed(deadline)
    assert (after.due, after.is_provisional) == (date(2027, 1, 11), False)


# -- CSV import -----------------------------------------------------------------------------------

CSV_2027 = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节\n2027-02-08,holiday,春节\n"


def test_csv_import_loads_the_year_and_recomputes_provisional_deadlines(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2026, 12, 25))
    result = services.calendar_import_csv(file=CSV_2027.encode(), year=2027)
    after = refreshed(deadline)
    assert (after.due, after.is_provisional) == (date(2027, 1, 11), False)
    assert (result.holidays, result.makeup_workdays) == (2, 1)
    assert CalendarYear.objects.get(year=2027).is_loaded


def test_csv_with_a_bad_row_names_the_row_and_saves_nothing() -> None:
    bad = CSV_2027 + "2027-13-01,holiday,春节\n"
    with pytest.raises(services.CalendarImportError) as error:
        services.calendar_import_csv(file=bad.encode(), year=2027)
    assert error.value.errors == ["第5行：“2027-13-01”不是YYYY-MM-DD格式的日期。"]
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027, is_loaded=True).exists()


def test_csv_rows_of_another_year_are_refused() -> None:
    with pytest.raises(services.CalendarImportError) as error:
        services.calendar_import_csv(file=CSV_2027.encode(), year=2028)
    assert len(error.value.errors) == 3
    assert error.value.errors[0].startswith("第2行")


def test_csv_kind_must_be_holiday_or_workday() -> None:
    with pytest.raises(services.CalendarImportError) as error:
        services.calendar_import_csv(file=b"date,kind,name\n2027-01-01,vacation,x\n", year=2027)
    assert "第2行" in error.value.errors[0] and "vacation" in error.value.errors[0]


def test_csv_accepts_chinese_kinds_and_gbk_encoding() -> None:
    text = "date,kind,name\n2027-01-01,休,元旦\n2027-02-06,班,春节\n"
    result = services.calendar_import_csv(file=text.encode("gbk"), year=2027)
    assert (result.holidays, result.makeup_workdays) == (1, 1)
    assert CalendarDay.objects.get(date=date(2027, 1, 1)).name == "元旦"


def test_csv_accepts_the_chinese_headers_and_date_forms_an_office_types() -> None:
    text = "\ufeff日期,类型,名称\n2027年1月1日,休,元旦\n2027/2/6,班,春节\n"
    result = services.calendar_import_csv(file=text.encode("utf-8"), year=2027)
    assert (result.holidays, result.makeup_workdays) == (1, 1)
    assert CalendarDay.objects.get(date=date(2027, 2, 6)).name == "春节"


def test_csv_without_the_required_columns_is_refused() -> None:
    with pytest.raises(services.CalendarImportError) as error:
        services.calendar_import_csv(file=b"day,name\n2027-01-01,x\n", year=2027)
    assert "date" in error.value.errors[0]


# -- extensions -----------------------------------------------------------------------------------


@pytest.fixture
def suggestion_deadline(make_deadline: MakeDeadline) -> Deadline:
    return make_deadline("deputy_suggestion.reply", date(2025, 3, 20))  # due 2025-06-20


def test_approved_extension_moves_the_due_date(suggestion_deadline: Deadline, staff_user: object) -> None:
    request = services.extension_request(
        deadline=suggestion_deadline, amount=3, reason="涉及面广，需协调多部门"
    )
    services.extension_decide(extension=request, approve=True, actor=staff_user)
    after = refreshed(suggestion_deadline)
    assert (after.due, after.extension_total) == (date(2025, 9, 22), 3)  # 09-20 is a Saturday


def test_extension_beyond_six_months_in_total_is_refused(
    suggestion_deadline: Deadline, staff_user: object
) -> None:
    first = services.extension_request(deadline=suggestion_deadline, amount=2, reason="需要时间")
    services.extension_decide(extension=first, approve=True, actor=staff_user)
    with pytest.raises(DomainError) as error:
        services.extension_request(deadline=suggestion_deadline, amount=2, reason="仍需时间")
    assert "最多" in error.value.message or "超过" in error.value.message


def test_approval_rechecks_the_maximum(suggestion_deadline: Deadline, staff_user: object) -> None:
    first = services.extension_request(deadline=suggestion_deadline, amount=2, reason="需要时间")
    second = services.extension_request(deadline=suggestion_deadline, amount=2, reason="需要时间")
    services.extension_decide(extension=first, approve=True, actor=staff_user)
    with pytest.raises(DomainError):
        services.extension_decide(extension=second, approve=True, actor=staff_user)
    assert refreshed(suggestion_deadline).extension_total == 2


def test_only_staff_may_decide_an_extension(suggestion_deadline: Deadline, clerk: object) -> None:
    request = services.extension_request(deadline=suggestion_deadline, amount=1, reason="需要时间")
    with pytest.raises(DomainError):
        services.extension_decide(extension=request, approve=True, actor=clerk)


def test_rejected_extension_keeps_the_due_date_and_the_history(
    suggestion_deadline: Deadline, staff_user: object
) -> None:
    request = services.extension_request(deadline=suggestion_deadline, amount=1, reason="需要时间")
    services.extension_decide(extension=request, approve=False, actor=staff_user, note="理由不充分")
    request.refresh_from_db()
    assert request.status == ExtensionStatus.REJECTED and request.decided_by == staff_user
    assert refreshed(suggestion_deadline).due == date(2025, 6, 20)


def test_an_extension_needs_a_reason(suggestion_deadline: Deadline) -> None:
    with pytest.raises(DomainError):
        services.extension_request(deadline=suggestion_deadline, amount=1, reason="  ")


def test_policy_without_extensions_refuses_a_request(make_deadline: MakeDeadline) -> None:
    deadline = make_deadline("opinion.reply", date(2025, 3, 3))
    with pytest.raises(DomainError) as error:
        services.extension_request(deadline=deadline, amount=1, reason="需要时间")
    assert "不能延长" in error.value.message


def test_extension_is_decided_only_once(suggestion_deadline: Deadline, staff_user: object) -> None:
    request = services.extension_request(deadline=suggestion_deadline, amount=1, reason="需要时间")
    services.extension_decide(extension=request, approve=True, actor=staff_user)
    with pytest.raises(DomainError):
        services.extension_decide(extension=request, approve=True, actor=staff_user)


def test_extended_deadline_is_still_recomputed_with_its_extension(
    suggestion_deadline: Deadline, staff_user: object
) -> None:
    request = services.extension_request(deadline=suggestion_deadline, amount=3, reason="需要时间")
    services.extension_decide(extension=request, approve=True, actor=staff_user)  # due 2025-09-22
    services.calendar_day_set(day=date(2025, 9, 22), kind=DayKind.HOLIDAY, name="测试假日")
    assert refreshed(suggestion_deadline).due == date(2025, 9, 23)
