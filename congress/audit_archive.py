"""Archiving old audit events (安全审计: records kept, never edited).

Audit rows are append-only: the application's database account can neither UPDATE nor DELETE them
(a trigger and the grants, docs/operations.md). Archiving is therefore two steps by two hands:

1. ``manage.py audit_archive --before DATE`` (the application) checks the whole chain, writes the
   events before ``DATE`` that no earlier archive holds to a JSON-lines file — every stored column,
   the object type by name, the position and both hashes — closed by a manifest line that carries the
   range, the hash the range starts from and the one it ends on (the chain heads), the SM3 digest of
   the rows and an HMAC-SM3 signature under ``AUDIT_CHAIN_KEY``; then it appends an ``audit_archive``
   event to the chain naming the range, its last hash and the file's digest. Nothing is deleted.
2. An operator with the table owner's role may later remove the archived rows (the SQL is printed and
   in docs/operations.md). The verifier then accepts a chain that starts after position 1 only when an
   intact ``audit_archive`` event names exactly the positions and the hash that are gone.

``manage.py audit_archive --verify FILE`` checks a file on its own: every row against its digests and
the chain key, each row linked to the one before, the manifest's digest and signature."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from .audit_chain import (
    ARCHIVE_ACTION,
    Link,
    _same,
    _type_label,
    audit_verify,
    canonical,
    chain_key,
    content_digest,
    hmac_sm3,
    sm3,
)

FORMAT = "congress-audit-archive/1"


class ArchiveError(Exception):
    """The archive cannot be written or does not verify; the message says why."""


@dataclass(frozen=True)
class Archived:
    path: Path
    first_seq: int
    last_seq: int
    count: int
    last_hash: str
    file_sm3: str


def _iso(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _archived_up_to() -> int:
    """The last position an earlier archive holds (0 when there is none)."""
    from .models import AuditEvent

    last = 0
    for data in AuditEvent.objects.filter(action=ARCHIVE_ACTION).values_list("data", flat=True):
        last = max(last, int((data or {}).get("last_seq") or 0))
    return last


def _row_line(event: Any) -> dict[str, Any]:
    return {
        "id": event.pk,
        "seq": event.seq,
        "at": _iso(event.at),
        "actor": event.actor_id,
        "action": event.action,
        "from": event.from_state,
        "to": event.to_state,
        "type": _type_label(event.content_type_id),
        "object": event.object_id,
        "address": event.address,
        "note": event.note,
        "data": event.data,
        "content_digest": event.content_digest,
        "prev_hash": event.prev_hash,
        "row_hash": event.row_hash,
        "redacted": event.redacted,
    }


def archive_export(*, before: datetime.datetime, out_dir: Path, actor: Any = None) -> Archived | None:
    """Write the events before ``before`` not yet archived to a signed file and record the archive in
    the chain. None when there is nothing to archive. Refused while the chain is broken: an archive
    must hold what the chain proves."""
    from .audit import audit_record
    from .models import AuditEvent

    result = audit_verify()
    if not result.ok:
        raise ArchiveError(f"The audit chain is broken, nothing archived: {result.message}")
    start = _archived_up_to() + 1
    remaining = AuditEvent.objects.filter(seq__gte=start)
    first_late = remaining.filter(at__gte=before).order_by("seq").values_list("seq", flat=True).first()
    rows = remaining.order_by("seq")
    if first_late is not None:
        rows = rows.filter(seq__lt=first_late)
    if not rows.exists():
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    key = chain_key()
    digest_lines: list[bytes] = []
    first: Any = None
    last: Any = None
    count = 0
    partial = out_dir / f".audit-archive-{start}.partial"
    with partial.open("wb") as handle:
        for event in rows.iterator(chunk_size=2000):
            line = canonical(_row_line(event))
            handle.write(line + b"\n")
            digest_lines.append(line)
            first = first or event
            last = event
            count += 1
        manifest = {
            "format": FORMAT,
            "first_seq": first.seq,
            "last_seq": last.seq,
            "count": count,
            "first_prev_hash": first.prev_hash,
            "last_hash": last.row_hash,
            "before": _iso(before),
            "rows_sm3": sm3(b"\n".join(digest_lines)),
        }
        manifest["signature"] = hmac_sm3(key, canonical(manifest))
        handle.write(canonical({"manifest": manifest}) + b"\n")
    path = out_dir / f"audit-{first.seq:012d}-{last.seq:012d}.jsonl"
    partial.replace(path)
    file_sm3 = sm3(path.read_bytes())
    with transaction.atomic():
        audit_record(
            model=AuditEvent,
            action=ARCHIVE_ACTION,
            actor=actor,
            data={
                "first_seq": first.seq,
                "last_seq": last.seq,
                "count": count,
                "last_hash": last.row_hash,
                "file": path.name,
                "file_sm3": file_sm3,
            },
        )
    return Archived(path, first.seq, last.seq, count, last.row_hash, file_sm3)


def archive_verify_file(path: Path) -> Archived:
    """Check an archive file on its own; raise ``ArchiveError`` naming the first thing wrong."""
    key = chain_key()
    lines = path.read_bytes().splitlines()
    if not lines:
        raise ArchiveError(f"{path.name}: the file is empty.")
    try:
        manifest = json.loads(lines[-1])["manifest"]
        rows = [json.loads(line) for line in lines[:-1]]
    except (ValueError, KeyError, TypeError) as exc:
        raise ArchiveError(f"{path.name}: not an audit archive ({exc}).") from exc
    signature = str(manifest.pop("signature", ""))
    if not _same(hmac_sm3(key, canonical(manifest)), signature):
        raise ArchiveError(f"{path.name}: the manifest's signature does not verify.")
    if not _same(sm3(b"\n".join(lines[:-1])), str(manifest.get("rows_sm3", ""))):
        raise ArchiveError(f"{path.name}: the rows are not the ones the manifest signed.")
    prev, expected = manifest["first_prev_hash"], manifest["first_seq"]
    for row in rows:
        if row["seq"] != expected or not _same(row["prev_hash"], prev):
            raise ArchiveError(f"{path.name}: audit event no. {expected} is missing or out of place.")
        if not row["redacted"] and not _same(content_digest(row["note"], row["data"]), row["content_digest"]):
            raise ArchiveError(f"{path.name}: audit event no. {row['seq']} was changed.")
        link = Link(
            seq=row["seq"],
            at=datetime.datetime.fromisoformat(row["at"]),
            actor_id=row["actor"],
            action=row["action"],
            from_state=row["from"],
            to_state=row["to"],
            object_type=row["type"],
            object_id=row["object"],
            address=row["address"],
            content_digest=row["content_digest"],
        )
        if not _same(link.hash(prev, key), row["row_hash"]):
            raise ArchiveError(f"{path.name}: audit event no. {row['seq']} does not match its hash.")
        prev, expected = row["row_hash"], expected + 1
    if expected - 1 != manifest["last_seq"] or not _same(prev, manifest["last_hash"]):
        raise ArchiveError(f"{path.name}: the rows end before the manifest's last event.")
    return Archived(
        path, manifest["first_seq"], manifest["last_seq"], len(rows), prev, sm3(path.read_bytes())
    )


def operator_sql(last_seq: int) -> str:
    """What the operator runs, as the table's owner, once the archive is stored safely."""
    return (
        "BEGIN;\n"
        "ALTER TABLE congress_auditevent DISABLE TRIGGER congress_auditevent_append_only;\n"
        f"DELETE FROM congress_auditevent WHERE seq <= {int(last_seq)};\n"
        "ALTER TABLE congress_auditevent ENABLE TRIGGER congress_auditevent_append_only;\n"
        "COMMIT;"
    )
