"""A city built for the report tests: areas, units, stations, deputies, and a year of items in every
state made with the demo's bulk generator (seeded, so every run builds the same city)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group

from congress import roles
from congress.models import Area, HandlingUnit
from congress.roles import roles_sync
from deputies.models import DutyRecord
from stations.models import Booking, Reception, StationMembership
from suggestions import demo
from suggestions.models import Supervision
from tests.bodies.conftest import network  # noqa: F401  (the city network, for the reports per body)
from tests.conftest import shared_rows
from tests.factories.core import CityFactory, TermFactory, UnitOfficerFactory, UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.suggestions import SuggestionFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes.models import Ballot, BallotEntry, Project

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# Every figure of 2025 is final by then: no reply, rating or reception of 2025 is still to come.
NOW = datetime.datetime(2026, 3, 1, 12, tzinfo=SHANGHAI)


def _areas() -> None:
    city: Any = CityFactory()
    for d in range(2):
        district = Area.objects.create(
            name=f"测试{d}区", code=f"62019{d}", level=Area.Level.DISTRICT, parent=city
        )
        for s in range(2):
            street = Area.objects.create(
                name=f"测试{d}{s}街道", code=f"62019{d}{s:03d}", level=Area.Level.STREET, parent=district
            )
            Area.objects.create(
                name=f"测试{d}{s}社区", code=f"62019{d}{s:03d}001", level=Area.Level.COMMUNITY, parent=street
            )


def build_city(*, items: int, seed: int = 7) -> dict[str, Any]:
    """``items`` items in 2025 and half as many in 2024, plus stations, receptions, bookings, duty
    records and a livelihood-project cycle with its evaluation, all proportional to ``items``."""
    roles_sync()
    _areas()
    for n in range(12):
        HandlingUnit.objects.create(name=f"测试市第{n}局", short_name=f"第{n}局", kind="department")
    term = TermFactory()
    deputies: list[Any] = [DeputyFactory(term=term) for _ in range(6)]
    leader = UserFactory(username="leader", is_staff=True)
    leader.groups.add(Group.objects.get(name=roles.COMMITTEE_LEADER))
    streets = list(Area.objects.filter(level=Area.Level.STREET).order_by("code"))
    stations: list[Any] = [StationFactory(area=streets[n % len(streets)]) for n in range(3)]
    StationMembership.objects.bulk_create(
        [StationMembership(station=stations[n % 3], deputy=deputy) for n, deputy in enumerate(deputies)]
    )
    rng = random.Random(seed)
    context = demo._volume_context()
    assert context is not None
    demo.bulk_year(year=2024, count=items // 2, rng=rng, now=NOW, context=context)
    demo.bulk_year(year=2025, count=items, rng=rng, now=NOW, context=context)
    # A key suggestion under a leader's supervision, whatever the generator drew.
    key: Any = SuggestionFactory(
        kind="deputy_suggestion",
        is_key=True,
        supervising_leader=leader,
        submitted_at=NOW.replace(year=2025, month=5),
    )
    Supervision.objects.create(
        suggestion=key, kind="leader", method="on_site", held_on=datetime.date(2025, 6, 3)
    )
    receptions = []
    for n in range(max(items // 20, 2)):
        day = datetime.date(2025 - (n % 4 == 1), 1 + n % 12, 1 + n % 27)
        receptions.append(
            Reception(
                station=stations[n % 3],
                date=day,
                start_time=datetime.time(9),
                end_time=datetime.time(11),
                status=Reception.Status.HELD if n % 5 else Reception.Status.CANCELLED,
                visitors=n % 17 + 1,
            )
        )
    Reception.objects.bulk_create(receptions)
    Booking.objects.bulk_create(
        [
            Booking(
                reception=reception,
                code=f"B{n:09d}",
                name="张三",
                mobile=f"139{n:08d}",
                topic="停车",
                status=Booking.Status.CANCELLED if n % 4 == 0 else Booking.Status.BOOKED,
            )
            for n, reception in enumerate(receptions)
        ]
    )
    DutyRecord.objects.bulk_create(
        [
            DutyRecord(
                deputy=deputies[n % 6],
                kind=("reception", "training", "report_back")[n % 3],
                on=datetime.date(2025 - (n % 4 == 0), 1 + n % 12, 10),
                points=Decimal(n % 7),
            )
            for n in range(max(items // 10, 3))
        ]
    )
    cycle: Any = CycleFactory(year=2025, term=term)
    candidates: list[Any] = [CandidateFactory(cycle=cycle, number=n + 1) for n in range(3)]
    for n, candidate in enumerate(candidates[:2]):
        Project.objects.create(
            candidate=candidate,
            cycle=cycle,
            title=candidate.title,
            lead_unit=candidate.lead_unit,
            status=Project.Status.COMPLETED if n == 0 else Project.Status.IN_PROGRESS,
            progress_percent=100 if n == 0 else 60,
            target_quantity=Decimal(20),
            target_unit="个",
            actual_quantity=Decimal(21 - 9 * n),
            budget=Decimal(500),
            spent=Decimal(450),
        )
    evaluation = Ballot.objects.create(
        cycle=cycle,
        kind=Ballot.Kind.EVALUATION,
        title="2025年度民生实事项目满意度测评",
        status=Ballot.Status.COUNTED,
        seats=2,
        majority_basis=Ballot.Basis.CAST,
        held_on=datetime.date(2025, 12, 20),
    )
    for n, candidate in enumerate(candidates[:2]):
        BallotEntry.objects.create(
            ballot=evaluation,
            candidate=candidate,
            position=n + 1,
            satisfied=18 - n,
            basically=2,
            unsatisfied=n,
        )
    return {"stations": stations, "deputies": deputies, "leader": leader}


@pytest.fixture(scope="module")
def city(request: Any, django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """One city per test module (its tests only read it; what a test writes is rolled back)."""
    yield from shared_rows(request, django_db_blocker, lambda: build_city(items=160))


@pytest.fixture
def committee(db: Any) -> dict[str, Any]:
    """A staff member, a leader, a unit officer and a deputy, each with their role."""
    roles_sync()

    def member(username: str, role: str, **fields: Any) -> Any:
        user = UserFactory(username=username, **fields)
        user.groups.add(Group.objects.get(name=role))
        return user

    officer = UnitOfficerFactory(user=UserFactory(username="officer"))
    officer.user.groups.add(Group.objects.get(name=roles.UNIT_OFFICER))
    deputy_user = member("deputyuser", roles.DEPUTY)
    DeputyFactory(user=deputy_user)
    return {
        "staff": member("staffer", roles.COMMITTEE_STAFF, is_staff=True),
        "leader": member("chief", roles.COMMITTEE_LEADER, is_staff=True),
        "officer": officer.user,
        "deputy": deputy_user,
    }
