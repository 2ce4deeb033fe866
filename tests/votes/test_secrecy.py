# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Secrecy: the attendance and the papers cannot be joined from the stored data, and a deputy's
simultaneous submissions count once."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections, models

from congress.errors import DomainError
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes import services
from votes.models import Ballot, BallotAttendance, BallotPaper, Cycle, PaperMark
from votes.selectors import sealed_paper_count

SECRET_TABLES = (BallotPaper, PaperMark)


@pytest.mark.parametrize("model", SECRET_TABLES)
def test_paper_tables_have_no_column_that_could_join_attendance(model):
    for field in model._meta.concrete_fields:
        # no deputy, no user, no attendance, no time of any kind
        target = getattr(field, "related_model", None)
        assert target not in {BallotAttendance, UserFactory._meta.model, DeputyFactory._meta.model}, field
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField), field
        # no sequence: the key is a random UUID, nothing auto-increments
        assert not isinstance(field, models.AutoField | models.BigAutoField), field
    assert isinstance(model._meta.pk, models.UUIDField)
    assert model._meta.ordering == []


def test_database_columns_of_papers_are_only_key_ballot_and_contents(db):
    with connection.cursor() as cursor:
        columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "votes_ballotpaper")
        }
        mark_columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "votes_papermark")
        }
    assert columns == {"id", "ballot_id", "is_valid"}
    assert mark_columns == {"id", "paper_id", "candidate_id", "choice"}
    # and no column defaults to a clock or a sequence
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_default FROM information_schema.columns WHERE table_name IN "
            "('votes_ballotpaper', 'votes_papermark') AND column_default IS NOT NULL"
        )
        assert cursor.fetchall() == []


def test_paper_order_reveals_nothing_about_voting_order(cycle, candidates, deputies, make_ballot):
    """Eight deputies vote, each a distinct pattern; after the close no ordering of the papers —
    by any column, or by physical row order — matches the order they voted in; while the ballot
    was open no paper row existed at all."""
    voters = [*deputies, DeputyFactory(term=cycle.term)]
    patterns = [(1,), (2,), (3,), (4,), (5,), (1, 2), (1, 3), (1, 4)]
    ballot = make_ballot()
    ids = {c.number: c.pk for c in candidates}
    for deputy, pattern in zip(voters, patterns, strict=True):
        services.vote_cast(ballot=ballot, deputy=deputy, marks={ids[n]: "for" for n in pattern})
    assert not BallotPaper.objects.filter(ballot=ballot).exists()  # sealed in the box while open
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    number_of = {pk: n for n, pk in ids.items()}

    def pattern_of(paper_id):
        return tuple(
            sorted(
                number_of[c]
                for c in PaperMark.objects.filter(paper_id=paper_id).values_list("candidate_id", flat=True)
            )
        )

    assert sorted(pattern_of(p.pk) for p in BallotPaper.objects.all()) == sorted(patterns)
    orders = {}
    for field in BallotPaper._meta.concrete_fields:
        orders[field.name] = [
            pattern_of(pk)
            for pk in BallotPaper.objects.order_by(field.attname, "id").values_list("id", flat=True)
        ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM votes_ballotpaper WHERE ballot_id = %s ORDER BY ctid", [ballot.pk])
        orders["physical"] = [pattern_of(row[0]) for row in cursor.fetchall()]
    attendance_order = [
        patterns[voters.index(a.deputy)]
        for a in BallotAttendance.objects.filter(ballot=ballot).order_by("pk")
    ]
    # 8! orderings: the chance that a random order equals the voting order is 1 in 40,320 per column
    # (ballot and is_valid are the same on every paper: ordering by them falls back to the key)
    assert [name for name, order in orders.items() if order == attendance_order] == []


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_by_one_deputy_count_once():
    cycle = CycleFactory(
        phase=Cycle.Phase.BALLOT,
        seats=2,
        chairpersons_approved_on=datetime.date(2026, 1, 5),
        committee_approved_on=datetime.date(2026, 1, 8),
    )
    candidates = [CandidateFactory(cycle=cycle, number=i) for i in range(1, 4)]
    deputy = DeputyFactory(term=cycle.term)
    ballot = services.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    services.ballot_transition(ballot=ballot, to="open")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(candidate_id: int) -> None:
        try:
            barrier.wait()
            services.vote_cast(ballot=ballot, deputy=deputy, marks={candidate_id: "for"})
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(c.pk,)) for c in candidates[:2]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert BallotAttendance.objects.filter(ballot=ballot).count() == 1
    assert sealed_paper_count(ballot) == 1  # while open, the paper is in the sealed box only
    assert not BallotPaper.objects.filter(ballot=ballot).exists()
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    assert BallotPaper.objects.filter(ballot=ballot).count() == 1
    assert PaperMark.objects.filter(paper__ballot=ballot).count() == 1
