# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""The sealed ballot box: a vote is stored whole or not at all (a crash loses nothing and counts
nothing twice), the count after the close equals the marks cast, a reopened ballot seals its papers
again, and a box opens only with its key, for its own ballot, unaltered."""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection, connections

from congress.errors import DomainError
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes import seal, services
from votes.models import Ballot, BallotAttendance, BallotBox, BallotPaper, Cycle, PaperMark
from votes.selectors import sealed_paper_count
from votes.services import ballots as ballot_services


def _electronic_ballot(*, voters: int, seats: int = 4, candidates: int = 8):
    cycle = CycleFactory(
        phase=Cycle.Phase.BALLOT,
        seats=seats,
        chairpersons_approved_on=datetime.date(2026, 1, 5),
        committee_approved_on=datetime.date(2026, 1, 8),
    )
    listed = [CandidateFactory(cycle=cycle, number=i) for i in range(1, candidates + 1)]
    deputies = [DeputyFactory(term=cycle.term, user=UserFactory()) for _ in range(voters)]
    ballot = services.ballot_create(
        cycle=cycle, candidates=listed, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    return services.ballot_transition(ballot=ballot, to=Ballot.Status.OPEN), listed, deputies


def _stored(ballot: Ballot) -> tuple[int, int, int]:
    """Attendance rows, papers in the sealed box, paper rows: what the database holds of the vote."""
    return (
        BallotAttendance.objects.filter(ballot=ballot).count(),
        sealed_paper_count(ballot),
        BallotPaper.objects.filter(ballot=ballot).count(),
    )


@pytest.mark.django_db(transaction=True)
def test_a_vote_that_fails_after_its_attendance_is_written_leaves_nothing(monkeypatch):
    ballot, candidates, deputies = _electronic_ballot(voters=3)
    services.vote_cast(ballot=ballot, deputy=deputies[0], marks={candidates[0].pk: "for"})
    box_before = bytes(BallotBox.objects.get(ballot=ballot).sealed)

    def crash(attendance, **kwargs):  # runs after the attendance and the box were written
        assert BallotAttendance.objects.filter(pk=attendance.pk).exists()
        raise RuntimeError("the application server died here")

    monkeypatch.setattr(ballot_services, "_duty_record", crash)
    with pytest.raises(RuntimeError):
        services.vote_cast(ballot=ballot, deputy=deputies[1], marks={candidates[1].pk: "for"})
    assert _stored(ballot) == (1, 1, 0)
    assert bytes(BallotBox.objects.get(ballot=ballot).sealed) == box_before
    monkeypatch.undo()
    # not lost: the deputy can vote again, and is counted once
    services.vote_cast(ballot=ballot, deputy=deputies[1], marks={candidates[1].pk: "for"})
    with pytest.raises(DomainError):
        services.vote_cast(ballot=ballot, deputy=deputies[1], marks={candidates[2].pk: "for"})
    assert _stored(ballot) == (2, 2, 0)
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    assert _stored(ballot) == (2, 0, 2)


@pytest.mark.django_db(transaction=True)
def test_a_vote_whose_database_session_is_killed_before_commit_leaves_nothing(monkeypatch):
    """The database side of a crash: the session of a vote in flight is terminated by PostgreSQL
    after the attendance and the box were written, before the commit."""
    ballot, candidates, deputies = _electronic_ballot(voters=3)
    written, resume = threading.Event(), threading.Event()
    seen: dict[str, Any] = {}

    def pause(attendance, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            seen["pid"] = cursor.fetchone()[0]
        written.set()
        resume.wait(timeout=30)

    def vote() -> None:
        try:
            services.vote_cast(ballot=ballot, deputy=deputies[0], marks={candidates[0].pk: "for"})
            seen["outcome"] = "committed"
        except Exception as exc:  # the connection is gone: psycopg's OperationalError via Django
            seen["outcome"] = type(exc).__name__
        finally:
            connections.close_all()

    monkeypatch.setattr(ballot_services, "_duty_record", pause)
    thread = threading.Thread(target=vote)
    thread.start()
    assert written.wait(timeout=30)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [seen["pid"]])
    resume.set()
    thread.join(timeout=30)
    monkeypatch.undo()
    assert seen["outcome"] != "committed"
    assert _stored(ballot) == (0, 0, 0)
    services.vote_cast(ballot=ballot, deputy=deputies[0], marks={candidates[0].pk: "for"})
    assert _stored(ballot) == (1, 1, 0)


@pytest.mark.django_db
def test_the_count_after_the_close_equals_the_marks_cast():
    ballot, candidates, deputies = _electronic_ballot(voters=13)
    ids = [c.pk for c in candidates]
    cast: Counter[int] = Counter()
    for i, deputy in enumerate(deputies[:12]):
        chosen = ids[i % 8 : i % 8 + 1 + i % 4]  # one to four marks
        services.vote_cast(ballot=ballot, deputy=deputy, marks=dict.fromkeys(chosen, "for"))
        cast.update(chosen)
    services.vote_cast(ballot=ballot, deputy=deputies[12], marks={})  # a blank paper is a paper
    assert _stored(ballot) == (13, 13, 0)
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    assert _stored(ballot) == (13, 0, 13)
    assert PaperMark.objects.filter(paper__ballot=ballot).count() == sum(cast.values())
    counted = services.ballot_transition(ballot=ballot, to=Ballot.Status.COUNTED)
    assert counted.cast_count == counted.valid_count == counted.present_count == 13
    assert {e.candidate_id: e.votes for e in counted.entries.all()} == {cid: cast[cid] for cid in ids}


def test_an_evaluation_keeps_every_rating_through_the_box():
    ratings = ["satisfied", "basically", "unsatisfied"]
    papers = [{cid: ratings[(i + cid) % 3] for cid in (21, 22, 23)} for i in range(5)]
    sealed = seal.seal(papers, ballot_id=3, candidates=[21, 22, 23, 24])
    opened = seal.unseal(sealed, ballot_id=3)
    assert sorted(map(sorted, (p.items() for p in opened))) == sorted(
        map(sorted, (p.items() for p in papers))
    )


@pytest.mark.django_db
def test_a_reopened_ballot_seals_its_first_papers_again_and_counts_them_all():
    ballot, listed, deputies = _electronic_ballot(voters=6)
    for deputy in deputies[:2]:
        services.vote_cast(ballot=ballot, deputy=deputy, marks={listed[0].pk: "for"})
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    assert _stored(ballot) == (2, 0, 2)
    services.ballot_transition(ballot=ballot, to=Ballot.Status.OPEN, note="quorum not reached")
    assert _stored(ballot) == (2, 2, 0)  # no paper row while it is open again
    for deputy in deputies[2:5]:
        services.vote_cast(ballot=ballot, deputy=deputy, marks={listed[1].pk: "for"})
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    assert _stored(ballot) == (5, 0, 5)
    counted = services.ballot_transition(ballot=ballot, to=Ballot.Status.COUNTED)
    votes = {e.candidate_id: e.votes for e in counted.entries.all()}
    assert votes[listed[0].pk] == 2 and votes[listed[1].pk] == 3


def test_a_box_opens_only_with_its_key_for_its_ballot_unaltered(settings):
    settings.BALLOT_SEAL_KEY = "k" * 8 + "a-separate-test-key-of-the-ballot-box"
    papers = [{11: "for", 12: "for"}, {13: "for"}, {}]
    sealed = seal.seal(papers, ballot_id=7, candidates=[11, 12, 13])
    assert sorted(map(sorted, (p.items() for p in seal.unseal(sealed, ballot_id=7)))) == sorted(
        map(sorted, (p.items() for p in papers))
    )
    assert seal.paper_count(sealed, candidates=3) == 3
    with pytest.raises(seal.SealError):
        seal.unseal(sealed, ballot_id=8)  # moved to another ballot
    altered = bytearray(sealed)
    altered[-20] ^= 1
    with pytest.raises(seal.SealError):
        seal.unseal(bytes(altered), ballot_id=7)
    settings.BALLOT_SEAL_KEY = ""  # falls back to SECRET_KEY: another key
    with pytest.raises(seal.SealError):
        seal.unseal(sealed, ballot_id=7)


def test_sealing_the_same_papers_twice_gives_unrelated_bytes():
    papers = [{1: "for"}, {2: "for"}]
    first, second = (seal.seal(papers, ballot_id=1, candidates=[1, 2]) for _ in range(2))
    assert len(first) == len(second)
    assert sum(x == y for x, y in zip(first[1:], second[1:], strict=True)) < len(first) // 4


def _at_once(jobs: list[Any]) -> list[str]:
    """Run the jobs on threads released together; each returns "ok" or the refusal's name."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(job: Any) -> None:
        try:
            barrier.wait()
            job()
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_queue_on_the_box_and_none_is_lost():
    ballot, candidates, deputies = _electronic_ballot(voters=10)
    jobs = [
        lambda d=d, i=i: services.vote_cast(ballot=ballot, deputy=d, marks={candidates[i % 8].pk: "for"})
        for i, d in enumerate(deputies)
    ]
    assert _at_once(jobs) == ["ok"] * 10
    assert _stored(ballot) == (10, 10, 0)
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    assert _stored(ballot) == (10, 0, 10)


@pytest.mark.django_db(transaction=True)
def test_closing_while_deputies_vote_counts_exactly_the_votes_accepted():
    ballot, candidates, deputies = _electronic_ballot(voters=8)
    jobs: list[Any] = [
        lambda d=d: services.vote_cast(ballot=ballot, deputy=d, marks={candidates[0].pk: "for"})
        for d in deputies
    ]
    jobs.insert(4, lambda: services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED))
    outcomes = _at_once(jobs)
    accepted = outcomes.count("ok") - 1  # the close itself
    assert outcomes.count("refused") == 8 - accepted  # "this ballot is not open"
    attendance, sealed, rows = _stored(ballot)
    assert (attendance, sealed, rows) == (accepted, 0, accepted)


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_the_paper_rows_of_a_ballot_open_when_it_runs():
    """Migrated back, the boxes open into paper rows (the layout before the ballot box); migrated
    forward again, the rows of the open ballot are sealed into its box and deleted, and the count
    after the close is the same."""
    from django.db.migrations.executor import MigrationExecutor

    ballot, candidates, deputies = _electronic_ballot(voters=5)
    for i, deputy in enumerate(deputies):
        services.vote_cast(ballot=ballot, deputy=deputy, marks={candidates[i % 2].pk: "for"})
    try:
        MigrationExecutor(connection).migrate([("votes", "0002_ballot_quorum")])
        assert BallotPaper.objects.filter(ballot=ballot).count() == 5
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert _stored(ballot) == (5, 5, 0)
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    counted = services.ballot_transition(ballot=ballot, to=Ballot.Status.COUNTED)
    votes = {e.candidate_id: e.votes for e in counted.entries.all()}
    assert votes[candidates[0].pk] == 3 and votes[candidates[1].pk] == 2
