"""Writes of the duty record (履职档案, DOMAIN.md §7). Every entry added, changed or removed
recomputes the deputy's score of that year, so the stored score always equals what the entries give.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.utils.translation import gettext as _

from congress.audit import audit_changes, audit_record, field_snapshot
from congress.bodies import body_id_of, check_body_writable
from congress.errors import DomainError
from congress.models import AuditEvent

from ..models import AnnualEvaluation, Deputy, DutyRecord
from .points import duty_score_recompute, duty_scores_recompute, year_is_frozen

MANUAL_FIELDS = ("kind", "on", "note", "evidence")


def _refuse_frozen(deputy: Deputy, year: int) -> None:
    if year_is_frozen(deputy=deputy, year=year):
        raise DomainError(
            _("The evaluation of %(year)s is frozen; entries of that year can no longer be changed.")
            % {"year": year},
            field="on",
        )


def duty_record_add(
    *,
    deputy: Deputy,
    kind: str,
    on: datetime.date,
    source: models.Model | None = None,
    note: str = "",
    actor: Any = None,
    evidence: Any = None,
    score_later: bool = False,
) -> DutyRecord:
    """Write one entry of a deputy's duty record (DOMAIN.md §7: every deputy action the portal sees
    is recorded automatically; staff add offline activities).

    Idempotent for a source object: calling it again for the same deputy, kind and source returns
    the entry already written and changes nothing, so automatic writers can retry safely. An entry
    without a source is an offline activity added by staff: it is audited, and refused for a year
    whose evaluation is frozen.

    The score of the year is recomputed in the same transaction, or with ``score_later`` by a task
    after the commit (the electronic vote).
    """
    if kind not in DutyRecord.Kind.values:
        raise DomainError(_("Unknown kind of duty record."), field="kind")
    if deputy.pk is None:
        raise DomainError(_("The deputy does not exist."), field="deputy")
    if on is None:
        raise DomainError(_("Give the date."), field="on")
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    if source is None:
        _refuse_frozen(deputy, on.year)
        with transaction.atomic():
            record = DutyRecord(deputy=deputy, kind=kind, on=on, note=note[:300], created_by=created_by)
            if evidence:
                record.evidence = evidence
            record.save()
            audit_changes(
                target=record,
                action="create",
                before={},
                after=field_snapshot(record, ("deputy", *MANUAL_FIELDS)),
                actor=actor,
            )
            duty_score_recompute(deputy=deputy, year=on.year)
        return record
    content_type = ContentType.objects.get_for_model(source)
    lookup = {"deputy": deputy, "kind": kind, "content_type": content_type, "object_id": source.pk}
    # Without a savepoint: the caller's transaction (or this one) holds the entry and its score.
    with transaction.atomic(savepoint=False):
        if evidence:
            existing = DutyRecord.objects.filter(**lookup).first()
            if existing is not None:
                return existing
            try:
                with transaction.atomic():
                    record = DutyRecord(
                        on=on, note=note[:300], created_by=created_by, evidence=evidence, **lookup
                    )
                    record.save()
            except IntegrityError:
                # A concurrent writer got there first: the entry exists, which is all we promised.
                return DutyRecord.objects.get(**lookup)
        else:
            record = DutyRecord(on=on, note=note[:300], created_by=created_by, **lookup)
            if not _insert_once(record):
                return DutyRecord.objects.get(**lookup)
        _score(deputy, on.year, later=score_later)
    return record


def _insert_once(record: DutyRecord) -> bool:
    """Insert an automatic entry unless one exists for its source: one statement, no look-up first
    and no savepoint (a vote or a check-in calls this in its own transaction). False when it existed."""
    table = connection.ops.quote_name(DutyRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
            f'INSERT INTO {table} (deputy_id, kind, "on", content_type_id, object_id, note, evidence, '  # noqa: S608
            "created_by_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, '', %s, now()) "
            "ON CONFLICT (deputy_id, kind, content_type_id, object_id) WHERE content_type_id IS NOT NULL "
            "DO NOTHING RETURNING id, created_at",
            [
                record.deputy_id,
                record.kind,
                record.on,
                record.content_type_id,
                record.object_id,
                record.note,
                record.created_by_id,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    record.pk, record.created_at = row
    record._state.adding = False
    return True


def _score(deputy: Deputy, year: int, *, later: bool) -> None:
    """Recompute the deputy's score now (inside the caller's transaction), or after the caller
    commits, on a worker: a vote does not wait for it (500 deputies voting at once,
    docs/performance.md). Without a reachable broker it is recomputed at once after the commit."""
    if not later:
        duty_score_recompute(deputy=deputy, year=year)
        return
    deputy_id = deputy.pk
    transaction.on_commit(lambda: _score_after_commit(deputy_id, year))


def _score_after_commit(deputy_id: int, year: int) -> None:
    from ..tasks import recompute_score

    try:
        recompute_score.delay(deputy_id, year)
    except Exception:  # broker unreachable: compute here rather than leave the score behind
        duty_score_recompute(deputy=Deputy.objects.get(pk=deputy_id), year=year)


def duty_record_remove(*, deputy: Deputy, kind: str, source: models.Model) -> int:
    """Withdraw the automatic entry about a source (e.g. a deputy wrongly marked present)."""
    content_type = ContentType.objects.get_for_model(source)
    with transaction.atomic():
        entries = DutyRecord.objects.filter(
            deputy=deputy, kind=kind, content_type=content_type, object_id=source.pk
        )
        years = set(entries.values_list("on__year", flat=True))
        deleted, _rows = entries.delete()
        for year in years:
            duty_score_recompute(deputy=deputy, year=year)
    return deleted


def duty_record_note(*, deputy: Deputy, kind: str, source: models.Model, note: str) -> int:
    """Rewrite the note of the automatic entry about a source (e.g. a report-back's rating result)."""
    content_type = ContentType.objects.get_for_model(source)
    return DutyRecord.objects.filter(
        deputy=deputy, kind=kind, content_type=content_type, object_id=source.pk
    ).update(note=note[:300])


def duty_record_update(*, record: DutyRecord, changes: Mapping[str, Any], actor: Any = None) -> DutyRecord:
    """Correct an offline entry (kind, date, note, evidence). An automatic entry follows its source:
    only its note can be changed here."""
    check_body_writable(actor, body_id_of(record))
    changes = dict(changes)
    unknown = set(changes) - set(MANUAL_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": "、".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = DutyRecord.objects.select_for_update(of=("self",)).select_related("deputy").get(pk=record.pk)
        if locked.content_type_id and set(changes) - {"note"}:
            raise DomainError(
                _("An entry written automatically follows its source; only its note can change.")
            )
        if "kind" in changes and changes["kind"] not in DutyRecord.Kind.values:
            raise DomainError(_("Unknown kind of duty record."), field="kind")
        before = field_snapshot(locked, MANUAL_FIELDS)
        old_year = locked.on.year
        _refuse_frozen(locked.deputy, old_year)
        for name, value in changes.items():
            if name == "evidence" and not value:
                continue
            setattr(locked, name, value[:300] if name == "note" else value)
        _refuse_frozen(locked.deputy, locked.on.year)
        locked.save()
        audit_changes(
            target=locked,
            action="update",
            before=before,
            after=field_snapshot(locked, MANUAL_FIELDS),
            actor=actor,
        )
        for year in {old_year, locked.on.year}:
            duty_score_recompute(deputy=locked.deputy, year=year)
    return locked


def duty_record_delete(*, record: DutyRecord, actor: Any = None) -> None:
    """Delete an offline entry entered by mistake (audited on the deputy). Automatic entries are
    withdrawn by the app that wrote them, never deleted by hand."""
    check_body_writable(actor, body_id_of(record))
    with transaction.atomic():
        locked = DutyRecord.objects.select_for_update(of=("self",)).select_related("deputy").get(pk=record.pk)
        if locked.content_type_id:
            raise DomainError(_("An entry written automatically is withdrawn by its source, not deleted."))
        _refuse_frozen(locked.deputy, locked.on.year)
        deputy, year = locked.deputy, locked.on.year
        audit_record(
            target=deputy,
            action="duty_record_delete",
            actor=actor,
            note=f"{locked.get_kind_display()} · {locked.on.isoformat()} · {locked.note}",
            data={"changes": {"duty_record": [str(locked.pk), None]}},
        )
        locked.delete()
        duty_score_recompute(deputy=deputy, year=year)


@dataclass(frozen=True)
class EntryInput:
    """One entry for ``duty_records_bulk_add``: an offline activity, or an automatic one when a
    source (content type id, object id) is given."""

    deputy_id: int
    kind: str
    on: datetime.date
    note: str = ""
    content_type_id: int | None = None
    object_id: int | None = None


def duty_records_bulk_add(*, entries: Iterable[EntryInput], actor: Any = None) -> int:
    """Write many entries at once (a year of paper records, the demo city) and recompute the
    scores of the years they touch in one pass each. Entries about a source that exists already are
    skipped, as ``duty_record_add`` would; one audit event per deputy says how many were added.
    Refused, as a whole, when any offline entry falls in a frozen year."""
    rows = list(entries)
    unknown = {row.kind for row in rows} - set(DutyRecord.Kind.values)
    if unknown:
        raise DomainError(_("Unknown kind of duty record."), field="kind")
    frozen = set(
        AnnualEvaluation.objects.filter(deputy_id__in={r.deputy_id for r in rows}).values_list(
            "deputy_id", "year"
        )
    )
    if any(row.content_type_id is None and (row.deputy_id, row.on.year) in frozen for row in rows):
        raise DomainError(
            _("The evaluation of that year is frozen; its entries can no longer be changed."), field="on"
        )
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        made = DutyRecord.objects.bulk_create(
            [
                DutyRecord(
                    deputy_id=row.deputy_id,
                    kind=row.kind,
                    on=row.on,
                    note=row.note[:300],
                    content_type_id=row.content_type_id,
                    object_id=row.object_id,
                    created_by=created_by,
                )
                for row in rows
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
        per_deputy: dict[int, int] = {}
        for row in rows:
            per_deputy[row.deputy_id] = per_deputy.get(row.deputy_id, 0) + 1
        content_type = ContentType.objects.get_for_model(Deputy)
        AuditEvent.objects.bulk_create(
            AuditEvent(
                content_type=content_type,
                object_id=deputy_id,
                actor=created_by,
                action="duty_records_bulk_add",
                note=str(count),
            )
            for deputy_id, count in per_deputy.items()
        )
        years: dict[int, set[int]] = {}
        for row in rows:
            years.setdefault(row.on.year, set()).add(row.deputy_id)
        for year, deputy_ids in sorted(years.items()):
            duty_scores_recompute(year=year, deputy_ids=deputy_ids)
    return len(made)
