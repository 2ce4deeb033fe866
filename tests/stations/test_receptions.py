"""Materialising schedules, recording held receptions (duty record), check-in, the status table."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django_celery_beat.models import PeriodicTask

from congress.errors import DomainError
from deputies.models import DutyRecord
from stations import schedules
from stations.models import Reception, ReceptionSchedule, RotationEntry
from stations.services import (
    reception_check_in,
    reception_create,
    reception_record_held,
    reception_transition,
    receptions_materialise,
    schedule_validate,
)
from stations.tasks import materialise_receptions
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import MembershipFactory, ReceptionFactory, ScheduleFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)  # a Monday


@time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False)
def test_materialising_plans_receptions_with_rotating_duty_deputies() -> None:
    schedule = ScheduleFactory.create(starts_on=dt.date(2026, 11, 6), weekday=4)
    deputies = DeputyFactory.create_batch(3)
    for position, deputy in enumerate(deputies):
        RotationEntry.objects.create(schedule=schedule, deputy=deputy, position=position)

    created = receptions_materialise(weeks=3, today=TODAY)

    receptions = list(Reception.objects.filter(schedule=schedule).order_by("date"))
    assert created == 3
    assert [r.date for r in receptions] == [
        dt.date(2026, 11, 27),
        dt.date(2026, 12, 4),
        dt.date(2026, 12, 11),
    ]
    # 27 Nov is the 4th Friday since 6 Nov: index 3, two per reception → places 6,7 → deputies 0,1.
    duty = [sorted(d.pk for d in r.duty_deputies.all()) for r in receptions]
    assert duty[0] == sorted([deputies[0].pk, deputies[1].pk])
    assert duty[1] == sorted([deputies[2].pk, deputies[0].pk])
    assert receptions[0].capacity == schedule.capacity


def test_materialising_twice_creates_nothing_more() -> None:
    ScheduleFactory.create(starts_on=dt.date(2026, 11, 1))
    assert receptions_materialise(weeks=4, today=TODAY) == 4
    assert receptions_materialise(weeks=4, today=TODAY) == 0
    assert Reception.objects.count() == 4


def test_a_cancelled_day_is_not_planned_again() -> None:
    schedule = ScheduleFactory.create(starts_on=dt.date(2026, 11, 1))
    receptions_materialise(weeks=1, today=TODAY)
    reception = Reception.objects.get(schedule=schedule)
    reception_transition(reception=reception, to_status=Reception.Status.CANCELLED)
    receptions_materialise(weeks=1, today=TODAY)
    assert list(Reception.objects.values_list("status", flat=True)) == ["cancelled"]


def test_inactive_schedules_are_not_materialised() -> None:
    ScheduleFactory.create(is_active=False)
    assert receptions_materialise(weeks=4, today=TODAY) == 0


def test_the_task_runs_the_service() -> None:
    ScheduleFactory.create(starts_on=dt.date(2026, 1, 1))
    assert materialise_receptions.run(weeks=2) >= 1


def test_periodic_task_is_ensured_once() -> None:
    schedules.ensure_periodic_tasks()
    schedules.ensure_periodic_tasks()
    task = PeriodicTask.objects.get(task="stations.materialise_receptions")
    assert task.name == "生成近期接待日"
    assert task.crontab is not None and task.crontab.hour == "1"


def test_schedule_validation_names_the_missing_field() -> None:
    schedule = ScheduleFactory.build(frequency=ReceptionSchedule.Frequency.MONTHLY, month_day=None)
    with pytest.raises(DomainError) as error:
        schedule_validate(schedule)
    assert error.value.field == "month_day"


@time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False)
def test_recording_a_held_reception_writes_each_present_deputys_duty_record() -> None:
    reception = ReceptionFactory.create(date=TODAY)
    first, second = DeputyFactory.create_batch(2)

    reception_record_held(
        reception=reception, deputies_present=[first, second], visitors=12, opinions_note="路灯"
    )
    reception_record_held(reception=reception, deputies_present=[first, second], visitors=12)

    reception.refresh_from_db()
    assert reception.status == Reception.Status.HELD
    assert reception.visitors == 12
    assert DutyRecord.objects.filter(kind="reception").count() == 2


@time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_deputy_wrongly_marked_present_loses_the_entry_again() -> None:
    reception = ReceptionFactory.create(date=TODAY)
    first, second = DeputyFactory.create_batch(2)
    reception_record_held(reception=reception, deputies_present=[first, second], visitors=3)
    reception_record_held(reception=reception, deputies_present=[first], visitors=3)
    assert list(DutyRecord.objects.values_list("deputy_id", flat=True)) == [first.pk]


@time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_future_reception_cannot_be_recorded_as_held() -> None:
    reception = ReceptionFactory.create(date=TODAY + dt.timedelta(days=1))
    with pytest.raises(DomainError) as error:
        reception_record_held(reception=reception, deputies_present=[], visitors=1)
    assert error.value.message == "接待日之前不能登记为已举行。"


def test_a_held_reception_cannot_be_cancelled() -> None:
    reception = ReceptionFactory.create(status=Reception.Status.HELD)
    with pytest.raises(DomainError):
        reception_transition(reception=reception, to_status=Reception.Status.CANCELLED)


# 10:00 in Beijing, during the factory's 09:00–11:30 reception (check-in window, stations/check_in.py).
@time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False)
def test_deputy_on_duty_checks_in_on_the_day_only() -> None:
    deputy = DeputyFactory.create()
    today = ReceptionFactory.create(date=TODAY)
    today.duty_deputies.add(deputy)
    tomorrow = ReceptionFactory.create(date=TODAY + dt.timedelta(days=1))
    tomorrow.duty_deputies.add(deputy)

    reception_check_in(reception=today, deputy=deputy)
    reception_check_in(reception=today, deputy=deputy)
    with pytest.raises(DomainError):
        reception_check_in(reception=tomorrow, deputy=deputy)

    assert DutyRecord.objects.filter(deputy=deputy).count() == 1
    assert today.deputies_present.filter(pk=deputy.pk).exists()


# 10:00 in Beijing, during the factory's 09:00–11:30 reception (check-in window, stations/check_in.py).
@time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False)
def test_a_stranger_cannot_check_in() -> None:
    reception = ReceptionFactory.create(date=TODAY)
    with pytest.raises(DomainError):
        reception_check_in(reception=reception, deputy=DeputyFactory.create())


# 10:00 in Beijing, during the factory's 09:00–11:30 reception (check-in window, stations/check_in.py).
@time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False)
def test_a_station_member_may_check_in_without_being_on_the_rota() -> None:
    membership = MembershipFactory.create()
    reception = ReceptionFactory.create(date=TODAY, station=membership.station)
    reception_check_in(reception=reception, deputy=membership.deputy)
    assert DutyRecord.objects.filter(deputy=membership.deputy).exists()


@time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False)
def test_one_off_reception_cannot_be_in_the_past() -> None:
    station = StationFactory.create()
    with pytest.raises(DomainError):
        reception_create(
            station=station, date=TODAY - dt.timedelta(days=1), start_time=dt.time(9), end_time=dt.time(10)
        )
    reception = reception_create(station=station, date=TODAY, start_time=dt.time(9), end_time=dt.time(10))
    assert reception.schedule is None


def test_the_reception_table_names_exactly_the_model_statuses():
    from stations import workflow
    from stations.models import Reception

    assert set(workflow.RECEPTION_MOVES) == set(Reception.Status.values)
    assert {t for targets in workflow.RECEPTION_MOVES.values() for t in targets} <= set(
        Reception.Status.values
    )


@pytest.mark.parametrize("current", ["planned", "held", "cancelled"])
@pytest.mark.parametrize("target", ["planned", "held", "cancelled"])
def test_every_reception_move_follows_the_table(current: str, target: str) -> None:
    from congress.errors import DomainError
    from stations import workflow

    schedule = ScheduleFactory.create(starts_on=dt.date(2026, 11, 1))
    receptions_materialise(weeks=1, today=TODAY)
    reception = Reception.objects.get(schedule=schedule)
    Reception.objects.filter(pk=reception.pk).update(status=current)  # arrange the state under test
    reception.refresh_from_db()
    if workflow.reception_can_move(current, target):
        reception_transition(reception=reception, to_status=target)
        assert Reception.objects.get(pk=reception.pk).status == target
    else:
        with pytest.raises(DomainError):
            reception_transition(reception=reception, to_status=target)
        assert Reception.objects.get(pk=reception.pk).status == current
