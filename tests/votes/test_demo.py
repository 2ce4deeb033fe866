# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""The demo: a finished 2025 cycle with evaluation, 2026 in implementation, 2027 collecting."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine

from congress import demo as core_demo
from deputies import demo as deputies_demo
from votes import demo
from votes.models import Ballot, BallotAttendance, Cycle, Project, Rectification

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_demo_builds_the_three_cycles_and_is_idempotent():
    out = StringIO()
    core_demo.load(stdout=out)
    deputies_demo.load(stdout=out)
    demo.load(stdout=out)
    finished = Cycle.objects.get(year=2025)
    assert finished.phase == Cycle.Phase.CLOSED
    selection = finished.ballots.get(kind=Ballot.Kind.SELECTION)
    assert selection.has_tie
    assert finished.ballots.get(kind=Ballot.Kind.RUNOFF).status == Ballot.Status.PUBLISHED
    assert Project.objects.filter(candidate__cycle=finished).count() == 10
    evaluation = finished.ballots.get(kind=Ballot.Kind.EVALUATION)
    assert evaluation.status == Ballot.Status.PUBLISHED and (evaluation.cast_count or 0) > 300
    reasons = set(Rectification.objects.filter(evaluation=evaluation).values_list("reason", flat=True))
    assert reasons == {"low_rating", "unfinished"}
    assert Cycle.objects.get(year=2026).phase == Cycle.Phase.IMPLEMENTATION
    assert Cycle.objects.get(year=2027).phase == Cycle.Phase.COLLECTION
    counts = (Cycle.objects.count(), BallotAttendance.objects.count(), Project.objects.count())
    demo.load(stdout=out)
    assert (Cycle.objects.count(), BallotAttendance.objects.count(), Project.objects.count()) == counts
