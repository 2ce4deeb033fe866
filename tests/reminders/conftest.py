"""People in every role the reminders reach, and a frozen clock."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group

from congress import roles
from congress.roles import roles_sync
from tests.factories.core import HandlingUnitFactory, UnitOfficerFactory, UserFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(day: datetime.date, hour: int = 9) -> time_machine.travel:
    """Freeze the clock at ``hour`` o'clock Beijing time on ``day``."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), SHANGHAI), tick=False)


@pytest.fixture
def role_groups(db: Any) -> None:
    roles_sync()


def _member(username: str, group: str, **fields: Any) -> Any:
    user = UserFactory(username=username, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def unit(db: Any) -> Any:
    return HandlingUnitFactory(name="示范市住房和城乡建设局")


@pytest.fixture
def officer(unit: Any, role_groups: None) -> Any:
    user = _member("officer1", roles.UNIT_OFFICER)
    UnitOfficerFactory(unit=unit, user=user)
    return user


@pytest.fixture
def head(unit: Any, role_groups: None) -> Any:
    user = _member("head1", roles.UNIT_OFFICER)
    UnitOfficerFactory(unit=unit, user=user, is_head=True)
    return user


@pytest.fixture
def staff(role_groups: None) -> Any:
    return _member("staff1", roles.COMMITTEE_STAFF, is_staff=True)


@pytest.fixture
def leader(role_groups: None) -> Any:
    return _member("leader1", roles.COMMITTEE_LEADER, is_staff=True)


@pytest.fixture(autouse=True)
def calendar_2026(db: Any) -> None:
    """The tests count across 2026 holidays: make sure the year is loaded even after a transactional
    test elsewhere emptied the tables the calendar migration seeded."""
    from congress.calendar.models import CalendarYear
    from congress.calendar.services import calendar_load_year

    if not CalendarYear.objects.filter(year=2026, is_loaded=True).exists():
        calendar_load_year(year=2026)
