# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""The demo: one cycle in each phase, a finished ballot with published results that met its quorum,
and an open ballot the demo deputies can vote in."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine

from congress import demo as core_demo
from deputies import demo as deputies_demo
from deputies.models import Deputy
from votes import demo, selectors, services
from votes.models import Ballot, BallotAttendance, Cycle, Project, Rectification

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_demo_has_a_cycle_in_each_phase_an_open_ballot_and_is_idempotent():
    out = StringIO()
    core_demo.load(stdout=out)
    deputies_demo.load(stdout=out)
    demo.load(stdout=out)
    finished = Cycle.objects.get(year=2025, term__level="municipal")
    assert finished.phase == Cycle.Phase.CLOSED
    selection = finished.ballots.get(kind=Ballot.Kind.SELECTION)
    assert selection.has_tie
    assert finished.ballots.get(kind=Ballot.Kind.RUNOFF).status == Ballot.Status.PUBLISHED
    assert Project.objects.filter(candidate__cycle=finished).count() == 10
    evaluation = finished.ballots.get(kind=Ballot.Kind.EVALUATION)
    assert evaluation.status == Ballot.Status.PUBLISHED and (evaluation.cast_count or 0) > 300
    reasons = set(Rectification.objects.filter(evaluation=evaluation).values_list("reason", flat=True))
    assert reasons == {"low_rating", "unfinished"}
    assert selection.status == Ballot.Status.PUBLISHED and selection.quorum_met
    # One cycle in each phase among the city committee's terms; 城关区 runs its own (below).
    root_cycles = Cycle.objects.filter(term__body__parent__isnull=True)
    assert sorted(root_cycles.values_list("phase", flat=True)) == sorted(Cycle.Phase.values)
    district = Cycle.objects.get(term__body__name="城关区人大常委会")
    assert district.phase == Cycle.Phase.IMPLEMENTATION and district.projects.count() == 4
    district_ballot = district.ballots.get(kind=Ballot.Kind.SELECTION)
    assert district_ballot.status == Ballot.Status.PUBLISHED and district_ballot.quorum_met
    # Only 城关区's own deputies were entitled, and they are not the city's.
    voters = set(district_ballot.attendances.values_list("deputy__term__body__name", flat=True))
    assert voters == {"城关区人大常委会"}
    assert Cycle.objects.get(year=2026, term__level="municipal").phase == Cycle.Phase.IMPLEMENTATION
    counts = (Cycle.objects.count(), BallotAttendance.objects.count(), Project.objects.count())
    demo.load(stdout=out)
    assert (Cycle.objects.count(), BallotAttendance.objects.count(), Project.objects.count()) == counts

    # The open ballot: every demo login can vote once; staff can then close, count and publish.
    ballot = Ballot.objects.get(status=Ballot.Status.OPEN)
    assert ballot.cycle.term.level == "municipal" and ballot.accepts_electronic
    assert ballot.attendances.count() >= (ballot.quorum_needed or 0)
    candidates = list(ballot.entries.values_list("candidate_id", flat=True))[: ballot.seats]
    for username in demo.DEMO_VOTERS:
        deputy = Deputy.objects.get(user__username=username)
        assert not BallotAttendance.objects.filter(ballot=ballot, deputy=deputy).exists(), username
        assert selectors.open_ballots_for(deputy).filter(pk=ballot.pk).exists()
        services.vote_cast(ballot=ballot, deputy=deputy, marks=dict.fromkeys(candidates, "for"))
    for status in ("closed", "counted", "published"):
        ballot = services.ballot_transition(ballot=ballot, to=status)
    assert ballot.quorum_met and ballot.entries.filter(elected=True).exists()
