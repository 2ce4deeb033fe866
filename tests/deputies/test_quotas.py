"""Duty quotas: progress per period across the period boundaries, the staff list of who is behind
and the reminder near the end of a period, sent exactly once."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from congress import roles
from congress.notifications.models import Notification, ReminderLog
from deputies.models import QuotaRule
from deputies.reminders import quota_reminders_send
from deputies.selectors import quota_behind, quota_progress
from deputies.services import duty_record_add
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db


def _progress(deputy, code: str, today: dt.date):
    return next(row for row in quota_progress(deputy, today=today) if row.rule.code == code)


def test_the_defaults_are_the_monthly_visit_quarterly_home_yearly_report_and_the_1_4_3() -> None:
    rules = {rule.code: (rule.period, rule.required) for rule in QuotaRule.objects.all()}
    assert rules["monthly-station"] == ("month", 1)
    assert rules["quarterly-home"] == ("quarter", 1)
    assert rules["yearly-report-back"] == ("year", 1)
    assert (rules["plenary"], rules["group-activities"], rules["committee-activities"]) == (
        ("year", 1),
        ("year", 4),
        ("year", 3),
    )
    assert rules["term-report"] == ("term", 1)


def test_a_reception_on_the_last_day_of_a_month_counts_for_that_month_only() -> None:
    deputy = DeputyFactory.create()
    duty_record_add(deputy=deputy, kind="reception", on=dt.date(2026, 3, 31), source=UserFactory.create())
    march = _progress(deputy, "monthly-station", dt.date(2026, 3, 31))
    april = _progress(deputy, "monthly-station", dt.date(2026, 4, 1))
    assert (march.done, march.is_met, march.end) == (1, True, dt.date(2026, 3, 31))
    assert (april.done, april.is_met, april.start) == (0, False, dt.date(2026, 4, 1))


def test_a_home_visit_counts_for_its_quarter_and_not_the_next() -> None:
    deputy = DeputyFactory.create()
    duty_record_add(deputy=deputy, kind="home_visit", on=dt.date(2026, 6, 30), source=UserFactory.create())
    assert _progress(deputy, "quarterly-home", dt.date(2026, 4, 1)).is_met
    assert not _progress(deputy, "quarterly-home", dt.date(2026, 7, 1)).is_met


def test_group_activities_add_up_over_the_year_and_start_again_in_january() -> None:
    deputy = DeputyFactory.create()
    for month in (2, 5, 8):
        duty_record_add(deputy=deputy, kind="group_activity", on=dt.date(2026, month, 10))
    december = _progress(deputy, "group-activities", dt.date(2026, 12, 31))
    assert (december.done, december.required, december.missing) == (3, 4, 1)
    assert _progress(deputy, "group-activities", dt.date(2027, 1, 1)).done == 0


def test_a_report_back_in_an_earlier_year_of_the_term_meets_the_term_quota() -> None:
    deputy = DeputyFactory.create()  # term 2022-01-08 .. 2027-01-07
    duty_record_add(deputy=deputy, kind="report_back", on=dt.date(2023, 11, 20), source=UserFactory.create())
    assert _progress(deputy, "term-report", dt.date(2026, 12, 1)).is_met
    assert not _progress(deputy, "yearly-report-back", dt.date(2026, 12, 1)).is_met


def test_a_rule_for_municipal_deputies_does_not_apply_to_township_deputies() -> None:
    deputy = DeputyFactory.create(level="township", term__level="township", term__number=3)
    codes = {row.rule.code for row in quota_progress(deputy, today=dt.date(2026, 6, 1))}
    assert "monthly-station" in codes and "group-activities" not in codes


def test_who_is_behind_lists_those_short_of_the_quota_fewest_first() -> None:
    rule = QuotaRule.objects.get(code="group-activities")
    done, short, none = DeputyFactory.create(), DeputyFactory.create(), DeputyFactory.create()
    for _ in range(4):
        duty_record_add(deputy=done, kind="group_activity", on=dt.date(2026, 3, 1))
    duty_record_add(deputy=short, kind="group_activity", on=dt.date(2026, 3, 1))
    duty_record_add(deputy=short, kind="group_activity", on=dt.date(2025, 3, 1))  # last year: no help
    behind = [(d.pk, d.done) for d in quota_behind(rule, today=dt.date(2026, 6, 1))]
    assert behind == [(none.pk, 0), (short.pk, 1)]


def test_staff_see_and_download_who_is_behind(client) -> None:
    roles.roles_sync()
    staff = UserFactory.create(is_staff=True)
    roles.role_grant(user=staff, code=roles.COMMITTEE_STAFF)
    DeputyFactory.create(name="缺勤代表")
    rule = QuotaRule.objects.get(code="monthly-station")
    client.force_login(staff)
    page = client.get(reverse("deputy-report-quotas"), {"rule": rule.pk}).content.decode()
    assert "缺勤代表" in page
    response = client.get(reverse("deputy-report-quotas"), {"rule": rule.pk, "format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "缺勤代表" and rows[1][3:] == (0, 1)


# --- Reminders ---------------------------------------------------------------------------------------


def _deputy_with_account():
    return DeputyFactory.create(user=UserFactory.create(email="rep@example.cn"))


def test_a_deputy_behind_is_reminded_once_near_the_end_of_the_month(time_machine) -> None:
    time_machine.move_to(dt.datetime(2026, 4, 25, 9, 30, tzinfo=dt.UTC))
    deputy = _deputy_with_account()
    assert quota_reminders_send(today=dt.date(2026, 4, 25)) >= 1
    assert quota_reminders_send(today=dt.date(2026, 4, 26)) == 0
    sent = Notification.objects.filter(recipient=deputy.user, kind="reminder.quota", channel="in_app")
    assert [note.subject for note in sent if "月进站" in note.subject] == ["履职任务提醒：月进站，2026年4月"]
    emails = Notification.objects.filter(kind="reminder.quota", channel="email")
    assert "rep@example.cn" in {note.to_address for note in emails}


def test_no_reminder_before_the_window_or_once_the_quota_is_met() -> None:
    early, met = _deputy_with_account(), _deputy_with_account()
    duty_record_add(deputy=met, kind="reception", on=dt.date(2026, 4, 3), source=UserFactory.create())
    april = ReminderLog.objects.filter(stage="monthly-station:2026-04-01")
    quota_reminders_send(today=dt.date(2026, 4, 10))  # the window opens 7 days before the 30th
    assert not april.exists()
    quota_reminders_send(today=dt.date(2026, 4, 28))
    assert list(april.values_list("object_id", flat=True)) == [early.pk]


def test_the_next_month_is_a_new_reminder() -> None:
    deputy = _deputy_with_account()
    quota_reminders_send(today=dt.date(2026, 4, 28))
    quota_reminders_send(today=dt.date(2026, 5, 28))
    stages = set(
        ReminderLog.objects.filter(object_id=deputy.pk, kind="reminder.quota").values_list("stage", flat=True)
    )
    assert {"monthly-station:2026-04-01", "monthly-station:2026-05-01"} <= stages


def test_a_deputy_without_an_account_is_not_reminded() -> None:
    deputy = DeputyFactory.create()
    quota_reminders_send(today=dt.date(2026, 4, 28))
    assert not ReminderLog.objects.filter(object_id=deputy.pk).exists()


def test_the_dashboard_moves_to_the_new_month_at_midnight_in_shanghai(client, time_machine) -> None:
    deputy = _deputy_with_account()
    client.force_login(deputy.user)
    time_machine.move_to(dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    duty_record_add(deputy=deputy, kind="reception", on=dt.date(2026, 3, 31), source=UserFactory.create())
    march = client.get(reverse("dashboard")).context["panels"]
    time_machine.move_to(dt.datetime(2026, 4, 1, 0, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    april = client.get(reverse("dashboard")).context["panels"]

    def monthly(panels):
        quotas = next(p for p in panels if p.panel.code == "quotas")
        return next(row for row, _action in quotas.content["rows"] if row.rule.code == "monthly-station")

    assert (monthly(march).done, monthly(march).label) == (1, "2026年3月")
    assert (monthly(april).done, monthly(april).label) == (0, "2026年4月")
