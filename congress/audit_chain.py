"""The audit trail as a hash chain (安全审计, GB/T 22239-2019 level 3: audit records protected from
deletion, change and forgery).

Each ``AuditEvent`` gets a position ``seq`` (1, 2, 3, … with no gap) and two digests:

* ``content_digest``: SM3 (GB/T 32905) of the canonical JSON of its free content (note, data);
* ``row_hash``: HMAC-SM3 under ``AUDIT_CHAIN_KEY`` of the canonical JSON of everything else — the
  position, time, actor, action, states, object, client address, the content digest — and the
  previous row's ``row_hash``.

A row deleted leaves a gap (or, renumbered, links to a row that is not its predecessor); a row changed
no longer matches its hashes; a row inserted does not match, and the one after it links past it. The
hash is keyed: a plain hash could be recomputed over a forged tail by whoever can write the table; the
key lives in the application's environment, not in the database (docs/security.md).

Personal data is removed from old rows when a case is anonymised (retention, DOMAIN.md §9): the row's
note and data are scrubbed and ``redacted`` set, the ``content_digest`` of the original content stays,
and a later ``audit_redact`` event lists the positions redacted. The verifier accepts a redacted row
only when such an event (itself intact) names it.

Writers take the row lock of the one ``AuditChainHead`` row in their own transaction, so positions are
handed out in commit order without gaps (a rolled-back transaction gives its positions back)."""

from __future__ import annotations

import contextvars
import datetime
import hmac as std_hmac
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

GENESIS = "0" * 64
REDACT_ACTION = "audit_redact"
# Names a range of events exported to an archive file (congress.audit_archive); once an operator has
# removed those rows, the chain may start where the range ends.
ARCHIVE_ACTION = "audit_archive"

# The client's address of the request being served, written into every audit row it causes.
_client_address: contextvars.ContextVar[str] = contextvars.ContextVar("audit_client_address", default="")


class AuditAddressMiddleware:
    """Remembers the client's address (after ``ClientAddressMiddleware`` decided it) for the audit
    rows written while the request is served: "from where" without passing the request down."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_address.set(str(request.META.get("REMOTE_ADDR") or "")[:45])
        try:
            return self.get_response(request)
        finally:
            _client_address.reset(token)


def sm3(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def hmac_sm3(key: bytes, data: bytes) -> str:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def chain_key() -> bytes:
    """``AUDIT_CHAIN_KEY``, or one derived from ``SECRET_KEY`` when none is set (development)."""
    configured = getattr(settings, "AUDIT_CHAIN_KEY", "")
    if configured:
        return str(configured).encode()
    return bytes.fromhex(hmac_sm3(settings.SECRET_KEY.encode(), b"congress audit chain"))


def canonical(value: Any) -> bytes:
    """One byte string per value: JSON, keys sorted, no spaces, UTF-8 (as PostgreSQL's jsonb gives
    the value back: tuples as lists)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_digest(note: str, data: Any) -> str:
    return sm3(canonical({"note": note or "", "data": json.loads(json.dumps(data or {}))}))


def _utc(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Link:
    """What the row hash covers (all but the free content, which enters by its digest)."""

    seq: int
    at: datetime.datetime
    actor_id: int | None
    action: str
    from_state: str
    to_state: str
    object_type: str  # "app_label.model", or "" for an event about no object
    object_id: int | None
    address: str
    content_digest: str

    def hash(self, prev_hash: str, key: bytes, *, seq: int | None = None) -> str:
        fields = {
            "seq": self.seq if seq is None else seq,
            "at": _utc(self.at),
            "actor": self.actor_id,
            "action": self.action,
            "from": self.from_state,
            "to": self.to_state,
            "type": self.object_type,
            "object": self.object_id,
            "address": self.address,
            "content": self.content_digest,
            "prev": prev_hash,
        }
        return hmac_sm3(key, canonical(fields))


def _type_label(content_type_id: int | None) -> str:
    if content_type_id is None:
        return ""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def _link(event: Any, object_type: str) -> Link:
    return Link(
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        action=event.action,
        from_state=event.from_state,
        to_state=event.to_state,
        object_type=object_type,
        object_id=event.object_id,
        address=event.address,
        content_digest=event.content_digest,
    )


def _head_locked(using: str) -> Any:
    from .models import AuditChainHead, AuditEvent

    head = AuditChainHead.objects.using(using).select_for_update().filter(pk=1).first()
    if head is None:
        # A database whose head row is gone (flushed): start after the last row there is.
        last = AuditEvent.objects.using(using).order_by("-seq").first()
        AuditChainHead.objects.using(using).get_or_create(
            pk=1,
            defaults={"last_seq": last.seq if last else 0, "last_hash": last.row_hash if last else ""},
        )
        head = AuditChainHead.objects.using(using).select_for_update().get(pk=1)
    return head


def chain_append(events: Iterable[Any], *, using: str = "default") -> None:
    """Give new (unsaved) events their positions and hashes; the caller inserts them in the same
    transaction (``AuditEvent.save`` and ``bulk_create`` do)."""
    events = list(events)
    if not events:
        return
    head = _head_locked(using)
    key = chain_key()
    address = _client_address.get()
    seq, prev = head.last_seq, head.last_hash or GENESIS
    for event in events:
        if event.at is None:
            event.at = timezone.now()
        if not event.address:
            event.address = address
        seq += 1
        event.seq = seq
        event.prev_hash = prev
        event.redacted = False
        event.content_digest = content_digest(event.note, event.data)
        event.row_hash = _link(event, _type_label(event.content_type_id)).hash(prev, key)
        prev = event.row_hash
    head.last_seq, head.last_hash = seq, prev
    head.save(using=using, update_fields=["last_seq", "last_hash"])


def chain_rows(rows: Iterable[Any], *, type_label: Callable[[int | None], str], key: bytes) -> None:
    """Hash rows already in the table in the order given (the migration that starts the chain)."""
    prev = GENESIS
    for seq, row in enumerate(rows, start=1):
        row.seq, row.prev_hash, row.redacted = seq, prev, False
        row.content_digest = content_digest(row.note, row.data)
        row.row_hash = _link(row, type_label(row.content_type_id)).hash(prev, key)
        prev = row.row_hash


@transaction.atomic
def audit_redact(*, events: Iterable[tuple[Any, str, Any]], target: Any, actor: Any = None) -> int:
    """Remove personal data from audit events: each ``(event, note, data)`` gets the new note and
    data (the only change the database lets through), and one ``audit_redact`` event about
    ``target`` records the positions, so the verifier knows the removal was the portal's own."""
    from .audit import audit_record
    from .models import AuditEvent

    positions = []
    for event, note, data in events:
        AuditEvent.objects.filter(pk=event.pk).update(note=note, data=data, redacted=True)
        positions.append(event.seq)
    if positions:
        audit_record(target=target, action=REDACT_ACTION, actor=actor, data={"rows": sorted(positions)})
    return len(positions)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    last_seq: int
    broken_seq: int | None = None
    broken_id: int | None = None
    kind: str = ""  # deleted, changed, inserted, relinked, redacted, truncated
    message: str = ""


_FIELDS = (
    "pk",
    "seq",
    "at",
    "actor_id",
    "action",
    "from_state",
    "to_state",
    "content_type_id",
    "object_id",
    "address",
    "note",
    "data",
    "content_digest",
    "prev_hash",
    "row_hash",
    "redacted",
)


@dataclass
class _Row:
    pk: int
    seq: int
    at: datetime.datetime
    actor_id: int | None
    action: str
    from_state: str
    to_state: str
    content_type_id: int | None
    object_id: int | None
    address: str
    note: str
    data: Any
    content_digest: str
    prev_hash: str
    row_hash: str
    redacted: bool


def _rows(using: str, batch_size: int) -> Iterator[_Row]:
    from .models import AuditEvent

    after = 0
    while True:
        batch = list(
            AuditEvent.objects.using(using)
            .filter(seq__gt=after)
            .order_by("seq")
            .values_list(*_FIELDS)[:batch_size]
        )
        if not batch:
            return
        for values in batch:
            yield _Row(*values)
        after = batch[-1][1]


def _same(a: str, b: str) -> bool:
    return std_hmac.compare_digest(a.encode(), b.encode())


def audit_verify(*, using: str = "default", batch_size: int = 2000) -> VerifyResult:
    """Walk the chain in order and report the first broken link (or that it is intact)."""
    from .models import AuditChainHead

    key = chain_key()
    expected_seq, prev = 1, GENESIS
    checked = 0
    redacted: dict[int, int] = {}  # position -> pk, until a removal record names it
    # The chain starts after position 1 only where archived rows were removed: (last archived
    # position, its hash) until an intact archive event names exactly them.
    archived_gap: tuple[int, str] | None = None
    broken: VerifyResult | None = None
    rows = _rows(using, batch_size)
    for row in rows:
        checked += 1
        if checked == 1 and row.seq > 1:
            archived_gap = (row.seq - 1, row.prev_hash)
            expected_seq, prev = row.seq, row.prev_hash
        link = _link(row, _type_label(row.content_type_id))
        if row.seq != expected_seq:
            broken = _broken(expected_seq, None, "deleted", checked)
            break
        digest_ok = row.redacted or _same(content_digest(row.note, row.data), row.content_digest)
        hash_ok = _same(link.hash(row.prev_hash, key), row.row_hash)
        if digest_ok and hash_ok and _same(row.prev_hash, prev):
            if row.redacted:
                redacted[row.seq] = row.pk
            if row.action == REDACT_ACTION:
                if row.redacted:
                    broken = _broken(row.seq, row.pk, "redacted", checked)
                    break
                for position in (row.data or {}).get("rows", []):
                    redacted.pop(position, None)
            if row.action == ARCHIVE_ACTION and archived_gap is not None:
                named = (
                    int((row.data or {}).get("last_seq") or 0),
                    str((row.data or {}).get("last_hash", "")),
                )
                if named[0] == archived_gap[0] and _same(named[1], archived_gap[1]):
                    archived_gap = None
            prev, expected_seq = row.row_hash, expected_seq + 1
            continue
        following = next(rows, None)
        broken = _broken(row.seq, row.pk, _why(row, link, following, prev, key, digest_ok), checked)
        break
    if broken is None and archived_gap is not None:
        broken = _broken(1, None, "deleted", checked)
    if broken is None and redacted:
        seq = min(redacted)
        broken = _broken(seq, redacted[seq], "redacted", checked)
    if broken is None:
        head = AuditChainHead.objects.using(using).filter(pk=1).first()
        last = expected_seq - 1
        if head is not None and (head.last_seq != last or (last and not _same(head.last_hash, prev))):
            broken = _broken(last + 1, None, "truncated", checked, head=head.last_seq)
    if broken is not None:
        return broken
    return VerifyResult(
        ok=True,
        checked=checked,
        last_seq=expected_seq - 1,
        message=_("The audit chain is intact: %(count)s events checked.") % {"count": checked},
    )


def _why(row: _Row, link: Link, following: _Row | None, prev: str, key: bytes, digest_ok: bool) -> str:
    """What most likely happened at the first row that does not verify."""
    if following is not None and _same(following.prev_hash, prev):
        moved = _link(following, _type_label(following.content_type_id))
        if _same(moved.hash(prev, key, seq=following.seq - 1), following.row_hash):
            return "inserted"  # the next row belongs right here: this one was put in
    if not digest_ok:
        return "changed"
    if _same(link.hash(row.prev_hash, key, seq=row.seq + 1), row.row_hash):
        return "deleted"  # a real row one place further on: the rows after a deletion renumbered
    if _same(link.hash(row.prev_hash, key), row.row_hash):
        return "relinked"
    return "changed"


def _broken(seq: int | None, pk: int | None, kind: str, checked: int, *, head: int = 0) -> VerifyResult:
    texts = {
        "deleted": _("Audit event no. %(seq)s is missing: it was deleted."),
        "changed": _("Audit event no. %(seq)s does not match its hash: it was changed."),
        "inserted": _("Audit event no. %(seq)s was inserted into the chain by hand."),
        "relinked": _("Audit event no. %(seq)s does not follow the event before it."),
        "redacted": _("Audit event no. %(seq)s had its content removed without a removal record."),
        "truncated": _("Audit events from no. %(seq)s to no. %(head)s at the end of the chain are missing."),
    }
    shown = seq if seq is not None else f"#{pk}"
    return VerifyResult(
        ok=False,
        checked=checked,
        last_seq=(seq or 1) - 1,
        broken_seq=seq,
        broken_id=pk,
        kind=kind,
        message=texts[kind] % {"seq": shown, "head": head},
    )
