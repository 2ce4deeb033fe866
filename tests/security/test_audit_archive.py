# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Old audit events are archived, never edited: the export is a signed file that verifies on its own,
the chain records the archive, the rows stay until an operator with the owner's role removes them,
and the chain still verifies after that removal — but not after rows removed without an archive."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from congress.audit import audit_record
from congress.audit_archive import archive_export, archive_verify_file, operator_sql
from congress.audit_chain import ARCHIVE_ACTION, audit_verify
from congress.models import AuditEvent
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

# Dated after anything the set-up writes, so that every earlier event is "old" too.
NOW = datetime.datetime(2099, 6, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def history() -> list[AuditEvent]:
    """Six events, three of them over a year older than the rest, after whatever the set-up wrote."""
    user = UserFactory.create()
    events = []
    for n in range(6):
        at = NOW - datetime.timedelta(days=400 if n < 3 else 10) + datetime.timedelta(minutes=n)
        event = AuditEvent(
            content_type=None,
            object_id=None,
            actor=user,
            action="update",
            note=f"第{n}次",
            data={"n": n},
            at=at,
        )
        event.save()
        events.append(event)
    return events


@pytest.fixture
def as_owner() -> Iterator[Any]:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        yield cursor


def test_the_archive_holds_the_old_events_verifies_and_is_recorded_in_the_chain(
    history: list[AuditEvent], tmp_path: Path
) -> None:
    before_count = AuditEvent.objects.count()
    cutoff = history[3].at
    done = archive_export(before=cutoff, out_dir=tmp_path)
    assert done is not None
    assert done.last_seq == history[2].seq and done.last_hash == history[2].row_hash
    assert done.first_seq == AuditEvent.objects.order_by("seq").first().seq
    # Nothing edited or deleted; one more event says what was archived.
    assert AuditEvent.objects.count() == before_count + 1
    record = AuditEvent.objects.get(action=ARCHIVE_ACTION)
    assert record.data["last_seq"] == history[2].seq and record.data["file_sm3"] == done.file_sm3
    lines = done.path.read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines[:-1]] == list(range(done.first_seq, done.last_seq + 1))
    assert json.loads(lines[-1])["manifest"]["last_hash"] == history[2].row_hash
    assert archive_verify_file(done.path).count == done.count
    assert audit_verify().ok
    # A second run archives only what no archive holds yet.
    assert archive_export(before=cutoff, out_dir=tmp_path) is None


@pytest.mark.parametrize("tamper", ["note", "drop", "manifest"])
def test_an_archive_file_changed_afterwards_does_not_verify(
    history: list[AuditEvent], tmp_path: Path, tamper: str
) -> None:
    done = archive_export(before=history[3].at, out_dir=tmp_path)
    assert done is not None
    lines = done.path.read_text().splitlines()
    if tamper == "note":
        row = json.loads(lines[-2])
        row["note"] = "改过"
        lines[-2] = json.dumps(row, ensure_ascii=False)
    elif tamper == "drop":
        del lines[-2]
    else:
        manifest = json.loads(lines[-1])
        manifest["manifest"]["last_seq"] += 1
        lines[-1] = json.dumps(manifest)
    done.path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError):
        call_command("audit_archive", verify=str(done.path))


def test_the_chain_verifies_after_the_operator_removes_the_archived_rows(
    history: list[AuditEvent], tmp_path: Path, as_owner: Any
) -> None:
    done = archive_export(before=history[3].at, out_dir=tmp_path)
    assert done is not None
    for statement in operator_sql(done.last_seq).split(";\n"):
        if statement.strip() and statement.strip() not in {"BEGIN", "COMMIT;", "COMMIT"}:
            as_owner.execute(statement.rstrip(";"))
    assert not AuditEvent.objects.filter(seq__lte=done.last_seq).exists()
    result = audit_verify()
    assert result.ok, result.message
    # Later events still join the chain and verify.
    audit_record(action="update", actor=None, note="新事件")
    assert audit_verify().ok


def test_rows_removed_without_an_archive_are_reported(history: list[AuditEvent], as_owner: Any) -> None:
    as_owner.execute("ALTER TABLE congress_auditevent DISABLE TRIGGER congress_auditevent_append_only")
    as_owner.execute("DELETE FROM congress_auditevent WHERE seq <= %s", [history[2].seq])
    as_owner.execute("ALTER TABLE congress_auditevent ENABLE TRIGGER congress_auditevent_append_only")
    result = audit_verify()
    assert not result.ok and result.kind == "deleted" and result.broken_seq == 1


def test_an_archive_record_that_names_other_rows_does_not_cover_a_removal(
    history: list[AuditEvent], tmp_path: Path, as_owner: Any
) -> None:
    done = archive_export(before=history[3].at, out_dir=tmp_path)
    assert done is not None
    as_owner.execute("ALTER TABLE congress_auditevent DISABLE TRIGGER congress_auditevent_append_only")
    # One row more than the archive holds.
    as_owner.execute("DELETE FROM congress_auditevent WHERE seq <= %s", [done.last_seq + 1])
    as_owner.execute("ALTER TABLE congress_auditevent ENABLE TRIGGER congress_auditevent_append_only")
    assert not audit_verify().ok


def test_the_application_account_cannot_remove_archived_rows(
    history: list[AuditEvent], tmp_path: Path
) -> None:
    done = archive_export(before=history[3].at, out_dir=tmp_path)
    assert done is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq__lte=done.last_seq).delete()


def test_a_broken_chain_is_not_archived(history: list[AuditEvent], tmp_path: Path, as_owner: Any) -> None:
    as_owner.execute("ALTER TABLE congress_auditevent DISABLE TRIGGER congress_auditevent_append_only")
    as_owner.execute("UPDATE congress_auditevent SET note = '改' WHERE seq = %s", [history[1].seq])
    as_owner.execute("ALTER TABLE congress_auditevent ENABLE TRIGGER congress_auditevent_append_only")
    with pytest.raises(CommandError, match="broken"):
        call_command("audit_archive", before="2030-01-01", out=str(tmp_path))
    assert not list(tmp_path.iterdir())


def test_the_command_refuses_a_bad_date_and_archives_with_a_good_one(
    history: list[AuditEvent], tmp_path: Path, capsys: Any
) -> None:
    with pytest.raises(CommandError, match="not a date"):
        call_command("audit_archive", before="2024-13-01", out=str(tmp_path))
    day = timezone.localtime(history[3].at).date()
    call_command("audit_archive", before=day.isoformat(), out=str(tmp_path))
    out = capsys.readouterr().out
    assert "DELETE FROM congress_auditevent WHERE seq <=" in out
    (archive,) = tmp_path.glob("audit-*.jsonl")
    call_command("audit_archive", verify=str(archive))
    assert "intact" in capsys.readouterr().out
