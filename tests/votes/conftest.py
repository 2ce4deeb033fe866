# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Fixtures of the ballot tests: a cycle ready for its ballot, with deputies who can vote."""

from __future__ import annotations

import datetime

import pytest

from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes import services
from votes.models import Ballot, Cycle


@pytest.fixture(autouse=True)
def _rectification_policy(request):
    """The calendar's data migration seeds this policy; a transactional test elsewhere may have
    flushed it from the reused test database."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from congress.calendar.models import DeadlinePolicy

    DeadlinePolicy.objects.get_or_create(
        code="project.rectification",
        defaults={"name": "民生实事整改", "unit": "working_days", "amount": 30, "source": "默认值"},
    )


@pytest.fixture
def cycle(db):
    return CycleFactory(
        phase=Cycle.Phase.BALLOT,
        seats=4,
        chairpersons_approved_on=datetime.date(2026, 1, 5),
        committee_approved_on=datetime.date(2026, 1, 8),
    )


@pytest.fixture
def candidates(cycle):
    return [CandidateFactory(cycle=cycle, number=i) for i in range(1, 6)]


@pytest.fixture
def deputies(cycle):
    return [DeputyFactory(term=cycle.term, user=UserFactory()) for _ in range(7)]


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def make_ballot(cycle, candidates):
    """An open ballot. The deputies of the term are entitled: with the `deputies` fixture seven
    (quorum 4); a test that brings none gets one, since nobody entitled means it cannot open."""

    def make(mode: str = Ballot.Mode.ELECTRONIC, **kwargs):
        if not services.entitled_deputies(cycle).exists():
            DeputyFactory(term=cycle.term)
        ballot = services.ballot_create(
            cycle=cycle,
            candidates=kwargs.pop("cands", candidates),
            held_on=datetime.date(2026, 1, 12),
            mode=mode,
            **kwargs,
        )
        return services.ballot_transition(ballot=ballot, to=Ballot.Status.OPEN)

    return make
