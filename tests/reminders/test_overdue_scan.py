"""The overdue scan: set-based marking, due-soon / overdue / very-overdue reminders, working-day
arithmetic across a holiday, pausing, and exactly-once under reruns and crashes."""

from __future__ import annotations

import datetime

import pytest

from congress.notifications.models import Notification, ReminderLog, ReminderPolicy
from congress.notifications.policies import VERY_OVERDUE_WORKING_DAYS
from suggestions.models import Assignment, Supervision
from suggestions.services import overdue
from suggestions.services import reminders as periodic
from tests.factories.reminders import assigned_item

from .conftest import at

pytestmark = pytest.mark.django_db

WED = datetime.date(2026, 11, 25)  # an ordinary working Wednesday


def _scan(day: datetime.date, **kwargs):
    with at(day):
        return overdue.overdue_scan(**kwargs)


def _levels(*assignments: Assignment) -> list[int]:
    return [Assignment.objects.get(pk=a.pk).overdue_level for a in assignments]


def test_marking_sets_overdue_and_very_overdue_by_working_days(unit):
    # Five working days before Wednesday 25 November is Wednesday 18 November.
    on_time = assigned_item(due=WED, unit=unit)
    one_day = assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    five_days = assigned_item(due=datetime.date(2026, 11, 18), unit=unit)
    six_days = assigned_item(due=datetime.date(2026, 11, 17), unit=unit)
    _scan(WED)
    assert _levels(on_time, one_day, five_days, six_days) == [0, 1, 1, 2]


def test_very_overdue_counts_working_days_across_national_day(unit):
    # 2026: Mid-Autumn Festival Fri 25 Sep, National Day 1–7 Oct are off. On Fri 9 Oct an item due
    # Thu 24 Sep is 16 calendar days late but only 5 working days (28, 29, 30 Sep, 8, 9 Oct).
    fri = datetime.date(2026, 10, 9)
    five = assigned_item(due=datetime.date(2026, 9, 24), unit=unit)
    six = assigned_item(due=datetime.date(2026, 9, 23), unit=unit)
    _scan(fri)
    assert _levels(five, six) == [1, 2]


def test_due_soon_counts_working_days_across_national_day(unit, officer):
    # On Tue 29 Sep the third working day ahead is Fri 9 Oct (30 Sep, 8 Oct, 9 Oct).
    tue = datetime.date(2026, 9, 29)
    inside = assigned_item(due=datetime.date(2026, 10, 9), unit=unit)
    outside = assigned_item(due=datetime.date(2026, 10, 10), unit=unit)  # make-up Saturday: 4th day
    result = _scan(tue)
    assert result.sent[overdue.KIND_DUE_SOON] == 1
    logged = set(ReminderLog.objects.filter(kind=overdue.KIND_DUE_SOON).values_list("object_id", flat=True))
    assert logged == {inside.pk}
    assert outside.pk not in logged


def test_due_soon_goes_to_the_officers_not_the_head(unit, officer, head):
    assigned_item(due=datetime.date(2026, 11, 27), unit=unit)
    _scan(WED)
    bells = Notification.objects.filter(kind=overdue.KIND_DUE_SOON, channel="in_app")
    assert [n.recipient for n in bells] == [officer]


def test_overdue_reminder_reaches_officers_and_head_by_bell_and_email(unit, officer, head):
    item = assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    _scan(WED)
    rows = Notification.objects.filter(kind=overdue.KIND_OVERDUE)
    assert {(n.channel, n.recipient_id) for n in rows} == {
        ("in_app", officer.pk),
        ("in_app", head.pk),
        ("email", officer.pk),
        ("email", head.pk),
    }
    assert all(n.about == item.suggestion for n in rows)
    assert "2026-11-24" in rows[0].body


def test_rerun_sends_nothing_twice(unit, officer, head, staff):
    assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    assigned_item(due=datetime.date(2026, 11, 2), unit=unit)
    assigned_item(due=datetime.date(2026, 11, 26), unit=unit)
    _scan(WED)
    first = Notification.objects.count()
    second = _scan(WED)
    _scan(datetime.date(2026, 11, 26))  # the next day: nothing new is owed either
    assert first > 0
    assert Notification.objects.count() == first
    assert second.sent == {
        overdue.KIND_DUE_SOON: 0,
        overdue.KIND_OVERDUE: 0,
        overdue.KIND_VERY_OVERDUE: 0,
    }
    assert Supervision.objects.count() == 1


def test_crash_halfway_then_rerun_sends_the_rest_once(unit, officer, monkeypatch):
    items = [assigned_item(due=datetime.date(2026, 11, 24), unit=unit) for _ in range(3)]
    real = overdue.notify_select
    calls = {"n": 0}

    def crash_on_second_batch(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(overdue, "notify_select", crash_on_second_batch)
    with pytest.raises(RuntimeError):
        _scan(WED, batch_size=1)
    # The first batch committed, the second rolled back with its log row.
    assert ReminderLog.objects.filter(kind=overdue.KIND_OVERDUE).count() == 1
    monkeypatch.setattr(overdue, "notify_select", real)
    _scan(WED, batch_size=1)
    bells = Notification.objects.filter(kind=overdue.KIND_OVERDUE, channel="in_app")
    assert sorted(n.about.pk for n in bells) == sorted(i.suggestion_id for i in items)


def test_very_overdue_opens_a_supervision_case_and_tells_leader_and_staff(unit, officer, staff, leader):
    item = assigned_item(due=datetime.date(2026, 11, 10), unit=unit, supervising_leader=leader, is_key=True)
    _scan(WED)
    case = Supervision.objects.get(suggestion=item.suggestion)
    assert case.kind == Supervision.Kind.LEADER
    assert case.method == Supervision.Method.WRITTEN
    assert case.held_on == WED
    told = set(
        Notification.objects.filter(kind=overdue.KIND_VERY_OVERDUE, channel="in_app").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {leader.pk, staff.pk}
    assert item.suggestion.events.filter(action="supervise").count() == 1


def test_very_overdue_without_a_leader_is_routine_office_supervision(unit, staff):
    item = assigned_item(due=datetime.date(2026, 11, 10), unit=unit)
    _scan(WED)
    assert Supervision.objects.get(suggestion=item.suggestion).kind == Supervision.Kind.OFFICE


def test_policy_row_changes_the_very_overdue_threshold(unit, staff):
    ReminderPolicy.objects.update_or_create(code=VERY_OVERDUE_WORKING_DAYS, defaults={"value": 10})
    item = assigned_item(due=datetime.date(2026, 11, 17), unit=unit)  # 6 working days
    _scan(WED)
    assert _levels(item) == [1]


def test_paused_item_is_marked_but_not_reminded_until_resumed(unit, officer, staff):
    item = assigned_item(due=datetime.date(2026, 11, 10), unit=unit)
    periodic.assignment_reminders_set_paused(assignment=item, paused=True, actor=staff)
    _scan(WED)
    assert _levels(item) == [2]
    assert not Notification.objects.exists()
    assert not Supervision.objects.exists()
    periodic.assignment_reminders_set_paused(assignment=item, paused=False, actor=staff)
    _scan(datetime.date(2026, 11, 26))
    assert Supervision.objects.count() == 1
    from congress.audit import audit_events_for

    assert [e.action for e in audit_events_for(item.suggestion).order_by("pk")] == [
        "reminders_paused",
        "reminders_resumed",
    ]


def test_extension_clears_the_level_and_a_new_due_date_is_a_new_stage(unit, officer):
    item = assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    _scan(WED)
    Assignment.objects.filter(pk=item.pk).update(due_date=datetime.date(2026, 12, 4))  # extension granted
    _scan(datetime.date(2026, 11, 26))
    assert _levels(item) == [0]
    _scan(datetime.date(2026, 12, 7))
    stages = set(ReminderLog.objects.filter(kind=overdue.KIND_OVERDUE).values_list("stage", flat=True))
    assert stages == {"2026-11-24", "2026-12-04"}


def test_no_unit_reminders_on_a_weekend_they_go_out_on_monday(unit, officer):
    item = assigned_item(due=datetime.date(2026, 11, 27), unit=unit)  # Friday
    sat = _scan(datetime.date(2026, 11, 28))
    assert _levels(item) == [1]
    assert sat.sent == {}
    _scan(datetime.date(2026, 11, 30))
    assert ReminderLog.objects.filter(kind=overdue.KIND_OVERDUE, object_id=item.pk).count() == 1


def test_returned_and_done_assignments_are_left_alone(unit, officer):
    item = assigned_item(due=datetime.date(2026, 11, 2), unit=unit)
    Assignment.objects.filter(pk=item.pk).update(status=Assignment.Status.DONE)
    _scan(WED)
    assert _levels(item) == [0]
    assert not Notification.objects.exists()


def test_scan_queries_do_not_grow_with_the_number_of_items(unit, officer, django_assert_max_num_queries):
    def run(count: int, day: datetime.date) -> int:
        for _ in range(count):
            assigned_item(due=day - datetime.timedelta(days=1), unit=unit)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            _scan(day)
        return len(ctx.captured_queries)

    run(1, datetime.date(2026, 11, 23))  # warm the content-type and calendar caches
    few = run(2, datetime.date(2026, 11, 24))
    many = run(20, datetime.date(2026, 11, 26))
    assert many == few


def test_reminders_are_written_in_chinese(unit, officer):
    assigned_item(due=datetime.date(2026, 11, 24), unit=unit, title="路灯损坏")
    _scan(WED)
    note = Notification.objects.filter(kind=overdue.KIND_OVERDUE).first()
    assert note.subject.startswith("已超期")
    assert "办理期限已于2026-11-24届满" in note.body
