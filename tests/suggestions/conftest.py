"""Fixtures of the suggestions tests: people in every role, and items brought into each state through
the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group

from congress import roles
from congress.roles import roles_sync
from suggestions import services
from suggestions.models import Assignment, Rating, Suggestion
from tests.factories.core import (
    CategoryFactory,
    HandlingUnitFactory,
    StreetFactory,
    UnitOfficerFactory,
    UserFactory,
)
from tests.factories.deputies import DeputyFactory, StationFactory


@pytest.fixture
def role_groups(db: Any) -> None:
    roles_sync()


@pytest.fixture
def staff(role_groups: None) -> Any:
    user = UserFactory(username="staff1", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.COMMITTEE_STAFF))
    return user


@pytest.fixture
def unit(db: Any) -> Any:
    return HandlingUnitFactory(name="示范市住房和城乡建设局")


@pytest.fixture
def officer(unit: Any, role_groups: None) -> Any:
    user = UserFactory(username="officer1")
    user.groups.add(Group.objects.get(name=roles.UNIT_OFFICER))
    UnitOfficerFactory(unit=unit, user=user)
    return user


@pytest.fixture
def other_officer(role_groups: None) -> Any:
    user = UserFactory(username="officer2")
    user.groups.add(Group.objects.get(name=roles.UNIT_OFFICER))
    UnitOfficerFactory(unit=HandlingUnitFactory(name="示范市交通运输局"), user=user)
    return user


@pytest.fixture
def deputy_user(role_groups: None) -> Any:
    user = UserFactory(username="deputy1")
    user.groups.add(Group.objects.get(name=roles.DEPUTY))
    DeputyFactory(user=user, name="李代表")
    return user


@pytest.fixture
def deputy(deputy_user: Any) -> Any:
    return deputy_user.deputy


@pytest.fixture
def station(db: Any) -> Any:
    return StationFactory()


@pytest.fixture
def liaison(station: Any, role_groups: None) -> Any:
    user = UserFactory(username="liaison1")
    user.groups.add(Group.objects.get(name=roles.STATION_LIAISON))
    station.liaisons.add(user)
    return user


@pytest.fixture
def category(db: Any) -> Any:
    return CategoryFactory(code="urban", name="城市建设")


@pytest.fixture
def street(db: Any) -> Any:
    return StreetFactory()


@pytest.fixture
def submit(category: Any, street: Any) -> Callable[..., services.Submitted]:
    def _submit(**overrides: Any) -> services.Submitted:
        fields: dict[str, Any] = {
            "channel": "web",
            "title": "路灯损坏",
            "text": "东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全，请尽快维修。",
            "category": category,
            "area": street,
            "submitter_name": "王小明",
            "submitter_mobile": "13912345678",
            "consent_privacy": True,
            "consent_publish": True,
        }
        fields.update(overrides)
        actor = fields.pop("actor", None)
        return services.suggestion_submit(submission=services.SubmissionInput(**fields), actor=actor)

    return _submit


@pytest.fixture
def make(
    submit: Callable[..., services.Submitted], staff: Any, officer: Any, unit: Any
) -> Callable[..., Suggestion]:
    """``make("replied")`` — an item brought to a state through the services."""

    def _make(state: str, **overrides: Any) -> Suggestion:
        item = submit(**overrides).suggestion
        if state == "submitted":
            return item
        if state in ("rejected",):
            services.suggestion_reject(suggestion=item, actor=staff, reason="不属于人大职责范围")
            return _fresh(item)
        if state == "merged":
            main = submit(title="同一路灯").suggestion
            services.suggestion_merge(suggestion=item, into=main, actor=staff)
            return _fresh(item)
        services.suggestion_accept(suggestion=item, actor=staff)
        if state == "accepted":
            return _fresh(item)
        (lead,) = services.suggestion_assign(suggestion=item, lead_unit=unit, actor=staff)
        if state == "assigned":
            return _fresh(item)
        if state == "returned":
            services.assignment_return(assignment=lead, actor=officer, reason="不属于本单位职责")
            return _fresh(item)
        services.assignment_sign_for(assignment=lead, actor=officer)
        if state == "signed_for":
            return _fresh(item)
        outcome = "B" if state == "follow_up_due" else "A"
        commitments = []
        if outcome == "B":
            import datetime

            from django.utils import timezone

            commitments = [
                services.CommitmentInput(
                    promise="两周内更换灯杆", due_on=timezone.localdate() + datetime.timedelta(days=14)
                )
            ]
        services.suggestion_reply(
            assignment=lead,
            actor=officer,
            outcome=outcome,
            text="经现场核查，路灯线路老化，已安排维修班组更换。",
            commitments=commitments,
        )
        if state in ("replied", "follow_up_due"):
            return _fresh(item)
        if state == "reopened":
            services.suggestion_rate(suggestion=item, rater=Rating.Rater.SUBMITTER, value="unsatisfied")
            return _fresh(item)
        services.suggestion_rate(suggestion=item, rater=Rating.Rater.SUBMITTER, value="satisfied")
        if state == "rated":
            return _fresh(item)
        services.suggestion_close(suggestion=item, actor=staff)
        assert state == "closed", state
        return _fresh(item)

    return _make


def _fresh(item: Suggestion) -> Suggestion:
    return Suggestion.objects.get(pk=item.pk)


def lead_assignment(item: Suggestion) -> Assignment:
    return Assignment.objects.filter(suggestion=item, role="lead").order_by("-pk").first()  # type: ignore[return-value]
