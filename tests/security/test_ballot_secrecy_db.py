# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Ballot secrecy re-checked from the database side: no table, log, audit event, notification or
backup dump links a deputy to what they voted (DOMAIN.md §6: record *that*, never *what*)."""

from __future__ import annotations

import datetime
import logging
import re
import subprocess

import pytest
from django.db import connection

from congress.models import AuditEvent
from congress.notifications.models import Notification
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes import services
from votes.models import Ballot, BallotAttendance, BallotPaper, Cycle, PaperMark

PAPER_TABLES = {"votes_ballotpaper", "votes_papermark", "votes_ballotbox"}
PEOPLE_TABLES = {"deputies_deputy", "auth_user", "votes_ballotattendance"}


def _foreign_keys() -> dict[str, set[str]]:
    """Table -> the tables its columns point at, read from PostgreSQL's own catalogue."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, confrelid::regclass::text
            FROM pg_constraint WHERE contype = 'f'
            """
        )
        rows = cursor.fetchall()
    found: dict[str, set[str]] = {}
    for table, target in rows:
        found.setdefault(table, set()).add(target)
    return found


def test_no_table_points_both_at_ballot_contents_and_at_a_person(db):
    keys = _foreign_keys()
    for table, targets in keys.items():
        assert not (targets & PAPER_TABLES and targets & PEOPLE_TABLES), table
    # and nothing but the marks points at a paper
    assert {t for t, targets in keys.items() if "votes_ballotpaper" in targets} == {"votes_papermark"}


def test_no_view_or_trigger_could_join_them_either(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.views WHERE table_schema = 'public'")
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers "
            "WHERE event_object_table LIKE 'votes_%%'"
        )
        assert cursor.fetchall() == []


@pytest.fixture
def voted(db, caplog):
    """Six deputies vote electronically, each for a different candidate."""
    cycle = CycleFactory(
        phase=Cycle.Phase.BALLOT,
        seats=2,
        chairpersons_approved_on=datetime.date(2026, 1, 5),
        committee_approved_on=datetime.date(2026, 1, 8),
    )
    candidates = [CandidateFactory(cycle=cycle, number=i, title=f"候选项目{i}号") for i in range(1, 7)]
    deputies = [DeputyFactory(term=cycle.term, user=UserFactory()) for _ in range(6)]
    ballot = services.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    services.ballot_transition(ballot=ballot, to=Ballot.Status.OPEN)
    with caplog.at_level(logging.DEBUG):
        for deputy, candidate in zip(deputies, candidates, strict=True):
            services.vote_cast(ballot=ballot, deputy=deputy, marks={candidate.pk: "for"})
        services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    return ballot, candidates, deputies, caplog.records


def test_audit_events_and_notifications_of_the_ballot_say_nothing_about_choices(voted):
    _ballot, candidates, deputies, _records = voted
    titles = [c.title for c in candidates]
    for event in AuditEvent.objects.all():
        text = f"{event.note} {event.data}"
        assert not any(t in text for t in titles), event.action
        if any(str(d.pk) in re.findall(r"\d+", text) for d in deputies):
            assert not any(str(c.pk) in re.findall(r"\d+", text) for c in candidates), event.action
    for notification in Notification.objects.all():
        assert not any(t in f"{notification.subject} {notification.body}" for t in titles)


def test_the_duty_record_says_a_deputy_voted_not_what(voted):
    from deputies.models import DutyRecord

    _ballot, candidates, deputies, _records = voted
    entries = DutyRecord.objects.filter(deputy__in=deputies)
    assert entries.count() == len(deputies)
    for entry in entries:
        assert not any(c.title in entry.note for c in candidates)


def test_no_log_line_of_the_vote_names_a_choice(voted):
    _ballot, candidates, _deputies, records = voted
    for record in records:
        message = record.getMessage()
        assert not any(c.title in message for c in candidates), message


@pytest.mark.django_db(transaction=True)
def test_a_backup_dump_cannot_join_attendance_and_papers(tmp_path, seeded):
    """In a pg_dump the papers come in physical order; it must not be the order of attendance, and
    no paper row carries anything but its key, ballot and validity."""
    from congress.backup import backup_create, pg_tool

    cycle = CycleFactory(
        phase=Cycle.Phase.BALLOT,
        seats=2,
        chairpersons_approved_on=datetime.date(2026, 1, 5),
        committee_approved_on=datetime.date(2026, 1, 8),
    )
    candidates = [CandidateFactory(cycle=cycle, number=i) for i in range(1, 9)]
    deputies = [DeputyFactory(term=cycle.term, user=UserFactory()) for _ in range(8)]
    ballot = services.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    services.ballot_transition(ballot=ballot, to=Ballot.Status.OPEN)
    for deputy, candidate in zip(deputies, candidates, strict=True):
        services.vote_cast(ballot=ballot, deputy=deputy, marks={candidate.pk: "for"})
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    dump = backup_create(path=tmp_path / "ballot.dump")
    sql = subprocess.run(
        [pg_tool("pg_restore"), "--data-only", "-f", "-", str(dump)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def copy_rows(table: str) -> list[dict[str, str]]:
        block = re.search(rf"COPY public\.{table} \(([^)]*)\) FROM stdin;\n(.*?)^\\\.$", sql, re.S | re.M)
        assert block is not None, table
        columns = [c.strip() for c in block.group(1).split(",")]
        return [dict(zip(columns, line.split("\t"), strict=True)) for line in block.group(2).splitlines()]

    papers = copy_rows("votes_ballotpaper")
    assert all(set(row) == {"id", "ballot_id", "is_valid"} for row in papers)  # nothing else
    marks = {row["paper_id"]: row["candidate_id"] for row in copy_rows("votes_papermark")}
    voted_for = [str(c.pk) for c in candidates]  # deputies[i] voted for candidates[i]
    attendance = copy_rows("votes_ballotattendance")
    assert len(attendance) == len(deputies)
    dumped_order = [marks[row["id"]] for row in papers]
    assert sorted(dumped_order) == sorted(voted_for)
    assert dumped_order != voted_for  # 1 chance in 40,320 of a false alarm
    assert BallotPaper.objects.count() == 8 and PaperMark.objects.count() == 8
    assert BallotAttendance.objects.count() == 8
