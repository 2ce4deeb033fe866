# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Electronic and paper ballots: who may vote, invalid papers, counting, ties and run-offs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from congress.errors import DomainError
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory
from votes import services
from votes.models import Ballot, BallotAttendance, Project, TallyCorrection
from votes.selectors import sealed_paper_count

pytestmark = pytest.mark.django_db


def _vote(ballot, deputy, *numbers):
    entries = {e.candidate.number: e.candidate_id for e in ballot.entries.select_related("candidate")}
    return services.vote_cast(ballot=ballot, deputy=deputy, marks={entries[n]: "for" for n in numbers})


def test_selection_ballot_needs_approvals(cycle, candidates):
    cycle.committee_approved_on = None
    cycle.save()
    with pytest.raises(DomainError):
        services.ballot_create(cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12))


def test_selection_ballot_refuses_too_few_candidates(cycle, candidates):
    with pytest.raises(DomainError, match="5"):
        services.ballot_create(cycle=cycle, candidates=candidates[:4], held_on=datetime.date(2026, 1, 12))


def test_deputy_votes_once_and_second_submission_is_refused(make_ballot, deputies):
    ballot = make_ballot()
    _vote(ballot, deputies[0], 1, 2)
    with pytest.raises(DomainError):
        _vote(ballot, deputies[0], 3)
    assert ballot.attendances.count() == 1 and sealed_paper_count(ballot) == 1


def test_more_marks_than_seats_is_refused_electronically(make_ballot, deputies):
    ballot = make_ballot()
    with pytest.raises(DomainError):
        _vote(ballot, deputies[0], 1, 2, 3, 4, 5)
    assert not ballot.attendances.exists()


def test_deputy_of_another_congress_cannot_vote(make_ballot):
    ballot = make_ballot()
    outsider = DeputyFactory(level="county", term__level="county", term__number=9, term__name="县第九届")
    with pytest.raises(DomainError):
        _vote(ballot, outsider, 1)


def test_vote_refused_when_ballot_closed(make_ballot, deputies):
    ballot = make_ballot()
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    with pytest.raises(DomainError):
        _vote(ballot, deputies[0], 1)


def test_count_publish_creates_projects(make_ballot, deputies):
    ballot = make_ballot()
    for deputy in deputies:  # 7 voters: 1,2,3,4 get 7 votes; 5 gets none
        _vote(ballot, deputy, 1, 2, 3, 4)
    for status in ("closed", "counted", "published"):
        ballot = services.ballot_transition(ballot=ballot, to=status)
    assert ballot.cast_count == 7 and ballot.valid_count == 7 and ballot.threshold == 4
    elected = sorted(
        e.candidate.number for e in ballot.entries.filter(elected=True).select_related("candidate")
    )
    assert elected == [1, 2, 3, 4]
    assert Project.objects.filter(cycle=ballot.cycle).count() == 4
    project = Project.objects.first()
    assert [m.kind for m in project.milestones.all()] == ["progress", "completion"]


def test_majority_of_present_differs_from_cast(settings, make_ballot, deputies):
    settings.VOTES_MAJORITY_BASIS = "present"
    ballot = make_ballot(mode=Ballot.Mode.BOTH)
    services.attendance_record_paper(ballot=ballot, deputies=deputies[4:])  # 3 present on paper
    for deputy in deputies[:4]:
        _vote(ballot, deputy, 1, 2)
    services.ballot_transition(ballot=ballot, to="closed")
    clerk_a, clerk_b = UserFactory(), UserFactory()
    for clerk in (clerk_a, clerk_b):
        services.paper_tally_save(ballot=ballot, clerk=clerk, cast=1, valid=1, invalid=0, lines={})
    ballot = services.ballot_transition(ballot=ballot, to="counted")
    # 7 present → 4 needed; 1 and 2 have only 4 electronic votes → elected with exactly 4
    assert ballot.present_count == 7 and ballot.cast_count == 5 and ballot.threshold == 4
    assert ballot.entries.filter(elected=True).count() == 2


def test_forced_tie_and_runoff(cycle, candidates, deputies, make_ballot):
    ballot = make_ballot()
    voters = deputies[:6]  # 6 cast → 4 votes needed
    for deputy in voters[:2]:
        _vote(ballot, deputy, 1, 2, 4, 5)
    for deputy in voters[2:4]:
        _vote(ballot, deputy, 1, 3, 4, 5)
    for deputy in voters[4:]:
        _vote(ballot, deputy, 2, 3, 4, 5)
    # 4 and 5 have 6 votes; 1, 2 and 3 have 4 each for the 2 remaining seats: a tie
    for status in ("closed", "counted", "published"):
        ballot = services.ballot_transition(ballot=ballot, to=status)
    assert ballot.has_tie
    tied = sorted(e.candidate.number for e in ballot.entries.filter(tied=True).select_related("candidate"))
    assert tied == [1, 2, 3]
    assert Project.objects.filter(cycle=cycle).count() == 2  # the tied ones wait; order never decides
    runoff = services.ballot_runoff_create(
        ballot=ballot, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    assert runoff.seats == 2 and runoff.entries.count() == 3
    runoff = services.ballot_transition(ballot=runoff, to="open")
    for deputy in voters[:4]:
        _vote(runoff, deputy, 1, 3)
    for deputy in voters[4:]:
        _vote(runoff, deputy, 2)
    for status in ("closed", "counted", "published"):
        runoff = services.ballot_transition(ballot=runoff, to=status)
    elected = sorted(
        e.candidate.number for e in runoff.entries.filter(elected=True).select_related("candidate")
    )
    assert elected == [1, 3]
    assert Project.objects.filter(cycle=cycle).count() == 4


def test_paper_double_entry_mismatch_blocks_count_until_corrected(make_ballot, deputies, candidates):
    ballot = make_ballot(mode=Ballot.Mode.PAPER)
    services.attendance_record_paper(ballot=ballot, deputies=deputies)
    services.ballot_transition(ballot=ballot, to="closed")
    a, b = UserFactory(), UserFactory()
    lines = {c.pk: {"votes": 6} for c in candidates[:4]}
    services.paper_tally_save(ballot=ballot, clerk=a, cast=7, valid=6, invalid=1, lines=lines)
    wrong = dict(lines) | {candidates[0].pk: {"votes": 5}}
    services.paper_tally_save(ballot=ballot, clerk=b, cast=7, valid=6, invalid=1, lines=wrong)
    from votes.selectors import paper_count_state

    state = paper_count_state(ballot)
    assert state.mismatches and state.agreed is None
    with pytest.raises(DomainError):
        services.ballot_transition(ballot=ballot, to="counted")
    with pytest.raises(DomainError):  # a correction needs a reason
        services.paper_tally_save(ballot=ballot, clerk=b, cast=7, valid=6, invalid=1, lines=lines)
    services.paper_tally_save(
        ballot=ballot, clerk=b, cast=7, valid=6, invalid=1, lines=lines, reason="复核计票单"
    )
    correction = TallyCorrection.objects.get()
    assert (correction.old_value, correction.new_value) == (5, 6)
    ballot = services.ballot_transition(ballot=ballot, to="counted")
    assert ballot.invalid_count == 1 and ballot.entries.filter(elected=True).count() == 4


@pytest.mark.parametrize(
    ("cast", "valid", "invalid"),
    [(7, 6, 0), (8, 8, 0)],  # valid + invalid ≠ cast; more cast than present
)
def test_paper_totals_are_checked(make_ballot, deputies, cast, valid, invalid):
    ballot = make_ballot(mode=Ballot.Mode.PAPER)
    services.attendance_record_paper(ballot=ballot, deputies=deputies)
    services.ballot_transition(ballot=ballot, to="closed")
    for clerk in (UserFactory(), UserFactory()):
        services.paper_tally_save(
            ballot=ballot, clerk=clerk, cast=cast, valid=valid, invalid=invalid, lines={}
        )
    with pytest.raises(DomainError):
        services.ballot_transition(ballot=ballot, to="counted")


def test_deputy_present_on_paper_cannot_vote_electronically(make_ballot, deputies):
    ballot = make_ballot(mode=Ballot.Mode.BOTH)
    services.attendance_record_paper(ballot=ballot, deputies=[deputies[0]])
    with pytest.raises(DomainError):
        _vote(ballot, deputies[0], 1)
    _vote(ballot, deputies[1], 1)
    with pytest.raises(DomainError):
        services.attendance_record_paper(ballot=ballot, deputies=[deputies[1]])
    assert BallotAttendance.objects.filter(ballot=ballot).count() == 2


def test_paper_evaluation_with_double_entry(cycle, candidates, deputies):
    from votes.models import Cycle

    projects = [services.project_create(candidate=c) for c in candidates[:3]]
    Cycle.objects.filter(pk=cycle.pk).update(phase=Cycle.Phase.EVALUATION)
    cycle.refresh_from_db()
    evaluation = services.ballot_create(
        cycle=cycle,
        candidates=[p.candidate for p in projects],
        held_on=datetime.date(2026, 12, 26),
        kind=Ballot.Kind.EVALUATION,
        mode=Ballot.Mode.PAPER,
    )
    services.ballot_transition(ballot=evaluation, to="open")
    services.attendance_record_paper(ballot=evaluation, deputies=deputies)
    services.ballot_transition(ballot=evaluation, to="closed")
    lines = {p.candidate_id: {"satisfied": 5, "basically": 1, "unsatisfied": 1} for p in projects}
    for clerk in (UserFactory(), UserFactory()):
        services.paper_tally_save(ballot=evaluation, clerk=clerk, cast=7, valid=7, invalid=0, lines=lines)
    evaluation = services.ballot_transition(ballot=evaluation, to="counted")
    entry = evaluation.entries.first()
    assert (entry.satisfied, entry.basically, entry.unsatisfied) == (5, 1, 1)
    assert services.satisfaction_rate(entry) == Decimal("0.7143")
