"""An electronic vote costs the same few statements however many candidates it marks: 500 deputies
voting at once is bounded by round trips (bench/bench_ballot.py, docs/performance.md)."""

from __future__ import annotations

import pytest

from votes import services
from votes.selectors import sealed_paper_count

pytestmark = pytest.mark.django_db

# BEGIN (a savepoint inside the test's transaction), the ballot's lock and checks, the attendance
# claimed, the duty record (one INSERT ... ON CONFLICT DO NOTHING), the sealed box locked and read,
# the resealed box written, COMMIT (release). Seven, one more than when the paper was a row of its
# own: the box is read and written last so that votes queue on it for the shortest time
# (docs/performance.md). The deputy's score is recomputed by a worker after the commit
# (tests/deputies/test_automatic_entries.py); content types are cached after the first vote.
VOTE_QUERIES = 7


def _marks(ballot, n):
    return {e.candidate_id: "for" for e in ballot.entries.order_by("position")[:n]}


def test_a_vote_runs_a_fixed_number_of_statements_whatever_it_marks(
    make_ballot, deputies, django_assert_num_queries
):
    ballot = make_ballot()
    services.vote_cast(ballot=ballot, deputy=deputies[0], marks=_marks(ballot, 1))
    one, many = _marks(ballot, 1), _marks(ballot, ballot.seats)
    with django_assert_num_queries(VOTE_QUERIES):
        services.vote_cast(ballot=ballot, deputy=deputies[1], marks=one)
    with django_assert_num_queries(VOTE_QUERIES):
        services.vote_cast(ballot=ballot, deputy=deputies[2], marks=many)


def test_a_second_submission_is_refused_before_anything_is_written(
    make_ballot, deputies, django_assert_num_queries
):
    from congress.errors import DomainError

    ballot = make_ballot()
    marks = _marks(ballot, 2)
    services.vote_cast(ballot=ballot, deputy=deputies[0], marks=marks)
    # Counted inside the test's transaction: a savepoint, the lock and checks, the claim that finds
    # the first vote (the box is never touched), and the rollback to the savepoint with its release.
    with django_assert_num_queries(5), pytest.raises(DomainError):
        services.vote_cast(ballot=ballot, deputy=deputies[0], marks=marks)
    assert sealed_paper_count(ballot) == 1
