# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Secrecy while a ballot is open, attacked the way a database reader would: twelve deputies cast
known, distinct papers through the real ``vote_cast`` (committed transactions, so ``xmin`` and
``ctid`` are PostgreSQL's own), then, with the ballot still open, every way of lining up "who
voted" with "what was marked" is tried from raw SQL and from a ``pg_dump`` taken at that moment.
None may do better than a random guess."""

from __future__ import annotations

import datetime
import itertools
import re
import struct
import subprocess
from collections.abc import Iterable, Sequence

import pytest
from django.db import connection

from congress.backup import pg_tool
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes import services
from votes.models import Ballot, Cycle

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = 12
# A random pairing of twelve voters with their twelve papers gets one right on average; five or more
# right happens by chance less than once in 250 tries. Today's design gets none: there is nothing to
# pair with. Before the ballot box, the xid join alone got all twelve.
CHANCE_BOUND = 4


def _query(sql: str, params: Sequence[object] = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _table_exists(name: str) -> bool:
    return _query("SELECT to_regclass(%s) IS NOT NULL", [name])[0][0]


@pytest.fixture
def open_ballot():
    """Twelve deputies vote, each a different set of candidates; the ballot stays open. Returns the
    ballot, the candidates, what each deputy marked, and the sealed box seen after every vote (as
    an attacker polling the table would)."""
    cycle = CycleFactory(
        phase=Cycle.Phase.BALLOT,
        seats=4,
        chairpersons_approved_on=datetime.date(2026, 1, 5),
        committee_approved_on=datetime.date(2026, 1, 8),
    )
    candidates = [CandidateFactory(cycle=cycle, number=i) for i in range(1, 9)]
    deputies = [DeputyFactory(term=cycle.term, user=UserFactory()) for _ in range(VOTERS)]
    ballot = services.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    services.ballot_transition(ballot=ballot, to=Ballot.Status.OPEN)
    ids = [c.pk for c in candidates]
    # twelve distinct papers of one to four marks (seats = 4), so a paper names its voter
    patterns = [frozenset(p) for k in (1, 2, 3, 4) for p in itertools.combinations(ids, k)][::6][:VOTERS]
    assert len(set(patterns)) == VOTERS
    marked: dict[int, frozenset[int]] = {}
    boxes: list[bytes] = []
    for deputy, pattern in zip(deputies, patterns, strict=True):
        services.vote_cast(ballot=ballot, deputy=deputy, marks=dict.fromkeys(pattern, "for"))
        marked[deputy.pk] = pattern
        if _table_exists("votes_ballotbox"):
            boxes.append(
                bytes(_query("SELECT sealed FROM votes_ballotbox WHERE ballot_id = %s", [ballot.pk])[0][0])
            )
    assert Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.OPEN
    return ballot, ids, marked, boxes


def _hits(voters: Iterable[int], papers: Iterable[frozenset[int]], marked: dict[int, frozenset[int]]) -> int:
    """How many voters the attacker's pairing attributes their own paper to."""
    return sum(1 for deputy, paper in zip(voters, papers, strict=False) if marked[deputy] == paper)


# --- the attendance, in every order a reader can see --------------------------------------------

ATTENDANCE_ORDERS = {
    "xmin": "ORDER BY a.xmin::text::bigint",
    "ctid": "ORDER BY a.ctid",
    "id": "ORDER BY a.id",
    "plain select": "",
    # the duty record of the vote carries a timestamp and a sequence of its own
    "duty record time": "ORDER BY (SELECT min(r.created_at) FROM deputies_dutyrecord r "
    "WHERE r.deputy_id = a.deputy_id AND r.kind = 'ballot_attended')",
    "duty record id": "ORDER BY (SELECT min(r.id) FROM deputies_dutyrecord r "
    "WHERE r.deputy_id = a.deputy_id AND r.kind = 'ballot_attended')",
}

PAPER_ORDERS = {
    "xmin": "ORDER BY p.xmin::text::bigint",
    "ctid": "ORDER BY p.ctid",
    "id": "ORDER BY p.id",
    "plain select": "",
}


def _attendance(ballot_id: int, order: str) -> list[int]:
    return [
        row[0]
        for row in _query(
            f"SELECT a.deputy_id FROM votes_ballotattendance a WHERE a.ballot_id = %s {order}", [ballot_id]
        )
    ]


def _papers(ballot_id: int, order: str) -> list[frozenset[int]]:
    marks: dict[str, set[int]] = {}
    for paper_id, candidate_id in _query(
        "SELECT m.paper_id::text, m.candidate_id FROM votes_papermark m "
        "JOIN votes_ballotpaper p ON p.id = m.paper_id WHERE p.ballot_id = %s",
        [ballot_id],
    ):
        marks.setdefault(paper_id, set()).add(candidate_id)
    rows = _query(f"SELECT p.id::text FROM votes_ballotpaper p WHERE p.ballot_id = %s {order}", [ballot_id])
    return [frozenset(marks.get(row[0], ())) for row in rows]


def test_no_paper_rows_exist_while_the_ballot_is_open(open_ballot):
    ballot, _ids, _marked, _boxes = open_ballot
    assert _query("SELECT count(*) FROM votes_ballotpaper WHERE ballot_id = %s", [ballot.pk]) == [(0,)]
    assert _query(
        "SELECT count(*) FROM votes_papermark m JOIN votes_ballotpaper p ON p.id = m.paper_id "
        "WHERE p.ballot_id = %s",
        [ballot.pk],
    ) == [(0,)]


def test_joining_on_the_transaction_id_attributes_nothing(open_ballot):
    ballot, _ids, marked, _boxes = open_ballot
    rows = _query(
        "SELECT a.deputy_id, m.candidate_id FROM votes_ballotattendance a "
        "JOIN votes_ballotpaper p ON p.xmin = a.xmin AND p.ballot_id = a.ballot_id "
        "JOIN votes_papermark m ON m.paper_id = p.id WHERE a.ballot_id = %s",
        [ballot.pk],
    )
    found: dict[int, set[int]] = {}
    for deputy_id, candidate_id in rows:
        found.setdefault(deputy_id, set()).add(candidate_id)
    assert sum(1 for deputy, paper in found.items() if marked[deputy] == paper) <= CHANCE_BOUND
    # nor does an xid *rank*: the n-th voter's transaction against the n-th paper's
    ranked = _hits(
        _attendance(ballot.pk, ATTENDANCE_ORDERS["xmin"]), _papers(ballot.pk, PAPER_ORDERS["xmin"]), marked
    )
    assert ranked <= CHANCE_BOUND


def test_lining_up_any_order_of_attendance_with_any_order_of_papers_is_a_guess(open_ballot):
    ballot, _ids, marked, _boxes = open_ballot
    papers = {name: _papers(ballot.pk, order) for name, order in PAPER_ORDERS.items()}
    better_than_chance = {}
    for attendance_order, order in ATTENDANCE_ORDERS.items():
        voters = _attendance(ballot.pk, order)
        assert sorted(voters) == sorted(marked)
        for paper_order, ordered in papers.items():
            hits = _hits(voters, ordered, marked)
            if hits > CHANCE_BOUND:
                better_than_chance[f"attendance by {attendance_order} / papers by {paper_order}"] = hits
    assert better_than_chance == {}


def test_the_sealed_box_holds_no_candidate_in_clear_and_changes_whole_at_every_vote(open_ballot):
    _ballot, ids, _marked, boxes = open_ballot
    if not boxes:
        pytest.fail("no sealed ballot box: the marks are stored in clear while the ballot is open")
    for blob in boxes:
        for text in (b"for", b"satisfied", b"basically", b"unsatisfied", b"candidate"):
            assert text not in blob
        for cid in ids:  # as a bigint in either byte order, as JSON, as text after a separator
            for packed in (struct.pack(">q", cid), struct.pack("<q", cid), struct.pack("<i", cid)):
                assert packed not in blob
            assert f"[{cid},".encode() not in blob and f'"{cid}"'.encode() not in blob
    # the length tells only how many papers are in the box (public: the attendance count), never how
    # many marks the last paper had (one to four here)
    steps = {len(after) - len(before) for before, after in itertools.pairwise(boxes)}
    assert len(steps) == 1
    # a fresh nonce and a reshuffle: nothing of the previous box survives in place, so the new paper
    # cannot be found as "the bytes that were added"
    for before, after in itertools.pairwise(boxes):
        same = sum(1 for x, y in zip(before, after, strict=False) if x == y)
        assert same <= len(before) // 8  # random bytes agree at 1 position in 256


def _dump_rows(sql: str, table: str) -> list[dict[str, str]]:
    block = re.search(rf"COPY public\.{table} \(([^)]*)\) FROM stdin;\n(.*?)^\\\.$", sql, re.S | re.M)
    if block is None:
        return []
    columns = [c.strip() for c in block.group(1).split(",")]
    return [dict(zip(columns, line.split("\t"), strict=True)) for line in block.group(2).splitlines()]


def test_a_dump_taken_while_the_ballot_is_open_cannot_be_lined_up(open_ballot, tmp_path):
    ballot, _ids, marked, _boxes = open_ballot
    settings = connection.settings_dict
    tables = ["votes_ballotattendance", "votes_ballotpaper", "votes_papermark"]
    if _table_exists("votes_ballotbox"):
        tables.append("votes_ballotbox")
    command = [pg_tool("pg_dump"), "--data-only", "-h", settings["HOST"] or "127.0.0.1"]
    command += ["-p", str(settings["PORT"] or 5432), "-U", settings["USER"] or "postgres"]
    for table in tables:
        command += ["-t", table]
    dump = subprocess.run(
        [*command, settings["NAME"]], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    attendance = [
        int(r["deputy_id"])
        for r in _dump_rows(dump, "votes_ballotattendance")
        if r["ballot_id"] == str(ballot.pk)
    ]
    assert sorted(attendance) == sorted(marked)
    marks: dict[str, set[int]] = {}
    for row in _dump_rows(dump, "votes_papermark"):
        marks.setdefault(row["paper_id"], set()).add(int(row["candidate_id"]))
    papers = [
        frozenset(marks.get(r["id"], ()))
        for r in _dump_rows(dump, "votes_ballotpaper")
        if r["ballot_id"] == str(ballot.pk)
    ]
    assert _hits(attendance, papers, marked) <= CHANCE_BOUND
    assert papers == []  # the marks are in the dump only as the sealed box
    # and the box in the dump is the same ciphertext the table holds: no candidate id in clear
    for row in _dump_rows(dump, "votes_ballotbox"):
        assert "for" not in bytes.fromhex(row["sealed"].removeprefix("\\\\x")).decode("latin-1")
