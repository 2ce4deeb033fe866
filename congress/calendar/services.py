"""Every write of the calendar app: calendar days and years, deadlines, extensions, reminders.

Rules (民法典 第二百零一条至第二百零三条; see ``engine`` for the counting itself):

* A deadline counts from the day after ``start`` (the day of receipt) in its policy's unit.
* When the calendar changes, every open deadline whose window [start, due] contains a changed day is
  recomputed in the same transaction; closed deadlines never change; each item whose due date or
  provisional flag changed gets an audit event "old date → new date" with the reason.
* Extensions need a reason, are decided by a person holding ``workcalendar.approve_extension``
  (committee staff), and never exceed the policy's maximum total (deputy suggestions: 3 more months,
  6 in total — Deputies Law practice).
"""

from __future__ import annotations

import csv
import io
import logging
import uuid
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audit_record
from congress.errors import DomainError

from . import sources
from .engine import MAX_YEAR, MIN_YEAR, WorkCalendar
from .explain import format_day, format_period
from .models import (
    CalendarDay,
    CalendarNotice,
    CalendarSource,
    CalendarState,
    CalendarYear,
    DayKind,
    Deadline,
    DeadlineExtension,
    DeadlinePolicy,
    ExtensionStatus,
)
from .selectors import build_work_calendar, work_calendar

logger = logging.getLogger(__name__)

STAFF_GROUP = "committee_staff"
# How often the missing-year reminder is emailed again while the year stays missing (default).
REMINDER_INTERVAL = timedelta(days=7)


# -- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineChange:
    deadline_id: int
    owner_label: str
    old_due: date
    new_due: date
    old_provisional: bool
    new_provisional: bool


@dataclass(frozen=True)
class YearLoadResult:
    year: int
    holidays: int
    makeup_workdays: int
    kept_manual: int = 0
    changes: list[DeadlineChange] = field(default_factory=list)


class CalendarImportError(DomainError):
    """A CSV file with bad rows; ``errors`` names each row. Nothing was saved."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors), field="file")
        self.errors = errors


# -- calendar changes ----------------------------------------------------------------------------


def _lock_calendar() -> None:
    """Serialise calendar changes (they are rare) and give the calendar a new version.

    The version is a random token in the database, so a process notices the change on its next read,
    and a rolled-back change leaves nothing behind.
    """
    state, _created = CalendarState.objects.select_for_update().get_or_create(
        pk=CalendarState.SINGLETON_ID, defaults={"version": uuid.uuid4().hex}
    )
    state.version = uuid.uuid4().hex
    state.save(update_fields=["version", "changed_at"])


def _calendar_year(year: int) -> CalendarYear:
    obj, _created = CalendarYear.objects.get_or_create(year=year)
    return obj


def calendar_day_validate(*, day: date, kind: str, name: str) -> None:
    """Raise DomainError unless the day can be stored (used by forms before saving too)."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DomainError(
            _("The calendar covers %(first)d to %(last)d only.") % {"first": MIN_YEAR, "last": MAX_YEAR},
            field="date",
        )
    if kind not in DayKind.values:
        raise DomainError(_("Unknown kind of day: %(kind)s.") % {"kind": kind}, field="kind")
    if not name.strip():
        raise DomainError(_("Give the name of the holiday."), field="name")
    if kind == DayKind.MAKEUP_WORKDAY and day.weekday() < 5:
        raise DomainError(
            _("A make-up working day must be a Saturday or a Sunday; %(day)s is a weekday.")
            % {"day": format_day(day)},
            field="date",
        )


@transaction.atomic
def calendar_day_set(
    *,
    day: date,
    kind: str,
    name: str,
    note: str = "",
    source: str = CalendarSource.MANUAL,
    actor: Any = None,
) -> tuple[CalendarDay, list[DeadlineChange]]:
    """Add or change one special day and recompute the open deadlines whose window contains it."""
    calendar_day_validate(day=day, kind=kind, name=name)
    _lock_calendar()
    name = name.strip()
    existing = CalendarDay.objects.filter(date=day).first()
    if existing is not None and (existing.kind, existing.name, existing.note) == (kind, name, note):
        return existing, []
    before = f"{existing.get_kind_display()} {existing.name}" if existing else ""
    obj, _created = CalendarDay.objects.update_or_create(
        date=day, defaults={"kind": kind, "name": name, "note": note, "source": source}
    )
    after = f"{obj.get_kind_display()} {obj.name}"
    year = _calendar_year(day.year)
    if existing is None:
        reason = _("%(day)s was added to the calendar as %(what)s") % {"day": format_day(day), "what": after}
    else:
        reason = _("%(day)s was changed in the calendar from %(before)s to %(after)s") % {
            "day": format_day(day),
            "before": before,
            "after": after,
        }
    audit_record(
        target=year,
        action="calendar_day_set",
        actor=actor,
        note=reason,
        data={"date": day.isoformat(), "kind": kind, "name": name, "source": source},
    )
    changes = deadlines_recompute(dates=[day], reason=reason, actor=actor)
    return obj, changes


@transaction.atomic
def calendar_day_delete(*, day: date, actor: Any = None) -> list[DeadlineChange]:
    """Remove one special day (it becomes an ordinary weekday or weekend) and recompute."""
    _lock_calendar()
    existing = CalendarDay.objects.filter(date=day).first()
    if existing is None:
        return []
    what = f"{existing.get_kind_display()} {existing.name}"
    existing.delete()
    reason = _("%(what)s on %(day)s was removed from the calendar") % {"what": what, "day": format_day(day)}
    audit_record(
        target=_calendar_year(day.year),
        action="calendar_day_delete",
        actor=actor,
        note=reason,
        data={"date": day.isoformat()},
    )
    return deadlines_recompute(dates=[day], reason=reason, actor=actor)


def _year_dates(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


@transaction.atomic
def calendar_year_set_loaded(*, year: int, is_loaded: bool, actor: Any = None) -> list[DeadlineChange]:
    """Mark a year entered by hand as complete (its days are used from now on), or withdraw it."""
    _lock_calendar()
    obj = _calendar_year(year)
    if obj.is_loaded == is_loaded:
        return []
    obj.is_loaded = is_loaded
    obj.loaded_at = timezone.now() if is_loaded else None
    if is_loaded and not obj.source:
        obj.source = CalendarSource.MANUAL
    obj.save(update_fields=["is_loaded", "loaded_at", "source"])
    if is_loaded:
        reason = _("the holiday calendar of %(year)d was marked as complete") % {"year": year}
        _notice_resolve(year)
    else:
        reason = _("the holiday calendar of %(year)d was withdrawn") % {"year": year}
    audit_record(
        target=obj,
        action="calendar_year_loaded" if is_loaded else "calendar_year_unloaded",
        actor=actor,
        note=reason,
    )
    return deadlines_recompute(dates=_year_dates(year), reason=reason, actor=actor)


def _replace_year(
    *,
    year: int,
    holidays: dict[date, str],
    makeup: dict[date, str],
    source: str,
    keep_manual: bool,
) -> int:
    """Store a complete year's days; returns how many hand-entered days were kept."""
    days = CalendarDay.objects.filter(date__year=year)
    kept: set[date] = set()
    if keep_manual:
        kept = set(days.filter(source=CalendarSource.MANUAL).values_list("date", flat=True))
        days = days.exclude(source=CalendarSource.MANUAL)
    days.delete()
    rows = [
        CalendarDay(date=d, kind=DayKind.HOLIDAY, name=name, source=source)
        for d, name in holidays.items()
        if d not in kept
    ] + [
        CalendarDay(date=d, kind=DayKind.MAKEUP_WORKDAY, name=name, source=source)
        for d, name in makeup.items()
        if d not in kept
    ]
    CalendarDay.objects.bulk_create(rows)
    obj = _calendar_year(year)
    obj.is_loaded = True
    obj.loaded_at = timezone.now()
    obj.source = source
    obj.save(update_fields=["is_loaded", "loaded_at", "source"])
    return len(kept)


@transaction.atomic
def calendar_load_year(*, year: int, actor: Any = None) -> YearLoadResult:
    """Load a year from the chinesecalendar package, mark it loaded, recompute deadlines touching it.

    Days entered by hand for that year are kept (a correction by staff wins over the package).
    """
    data = sources.year_data(year)
    if data is None:
        raise DomainError(
            _(
                "The installed chinesecalendar package (version %(version)s) has no holidays for %(year)d "
                "yet. Upgrade the package, or enter the State Council notice by hand or as a CSV file."
            )
            % {"version": sources.package_version(), "year": year},
            field="year",
        )
    _lock_calendar()
    kept = _replace_year(
        year=year,
        holidays=data.holidays,
        makeup=data.makeup_workdays,
        source=CalendarSource.CHINESECALENDAR,
        keep_manual=True,
    )
    _notice_resolve(year)
    reason = _("the holiday calendar of %(year)d was loaded from chinesecalendar %(version)s") % {
        "year": year,
        "version": sources.package_version(),
    }
    audit_record(
        target=_calendar_year(year),
        action="calendar_year_loaded",
        actor=actor,
        note=reason,
        data={
            "holidays": len(data.holidays),
            "makeup_workdays": len(data.makeup_workdays),
            "kept_manual": kept,
        },
    )
    changes = deadlines_recompute(dates=_year_dates(year), reason=reason, actor=actor)
    return YearLoadResult(
        year=year,
        holidays=len(data.holidays),
        makeup_workdays=len(data.makeup_workdays),
        kept_manual=kept,
        changes=changes,
    )


_KIND_ALIASES = {
    "holiday": DayKind.HOLIDAY,
    "假日": DayKind.HOLIDAY,
    "节假日": DayKind.HOLIDAY,
    "法定节假日": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "workday": DayKind.MAKEUP_WORKDAY,
    "makeup": DayKind.MAKEUP_WORKDAY,
    "班": DayKind.MAKEUP_WORKDAY,
    "上班": DayKind.MAKEUP_WORKDAY,
    "调休上班": DayKind.MAKEUP_WORKDAY,
}


def _read_text(file: IO[bytes] | IO[str] | bytes | str) -> str:
    raw: bytes | str = file if isinstance(file, bytes | str) else file.read()
    if isinstance(raw, str):
        return raw.lstrip("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves CSV as GBK; GB18030 is its superset.
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise CalendarImportError([_("The file is neither UTF-8 nor GBK text.")]) from exc


def calendar_csv_parse(
    *, file: IO[bytes] | IO[str] | bytes | str, year: int
) -> tuple[dict[date, str], dict[date, str]]:
    """Read and check a year's CSV (columns date,kind,name); raise CalendarImportError naming every bad
    row. Row numbers are the spreadsheet's: the header is row 1."""
    reader = csv.DictReader(io.StringIO(_read_text(file)))
    columns = {c.strip().lower() for c in (reader.fieldnames or [])}
    missing = [c for c in ("date", "kind", "name") if c not in columns]
    if missing:
        raise CalendarImportError(
            [
                _("The file needs the columns date, kind and name; missing: %(columns)s.")
                % {"columns": ", ".join(missing)}
            ]
        )
    holidays: dict[date, str] = {}
    makeup: dict[date, str] = {}
    errors: list[str] = []
    for row_number, raw_row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw_row.items() if k}
        if not any(row.values()):
            continue
        params: dict[str, Any] = {"row": row_number, "value": row.get("date", "")}
        try:
            day = date.fromisoformat(row.get("date", ""))
        except ValueError:
            errors.append(_("Row %(row)d: “%(value)s” is not a date in the form YYYY-MM-DD.") % params)
            continue
        params["value"] = row.get("kind", "")
        kind = _KIND_ALIASES.get(row.get("kind", "").lower())
        if kind is None:
            errors.append(_("Row %(row)d: kind “%(value)s” must be holiday or workday.") % params)
            continue
        if day.year != year:
            params["year"] = year
            params["value"] = row["date"]
            errors.append(_("Row %(row)d: %(value)s is not in %(year)d.") % params)
            continue
        if day in holidays or day in makeup:
            params["value"] = row["date"]
            errors.append(_("Row %(row)d: %(value)s appears twice.") % params)
            continue
        try:
            calendar_day_validate(day=day, kind=kind, name=row.get("name", ""))
        except DomainError as exc:
            errors.append(_("Row %(row)d: %(error)s") % {"row": row_number, "error": exc.message})
            continue
        (holidays if kind == DayKind.HOLIDAY else makeup)[day] = row["name"]
    if not errors and not holidays:
        errors.append(_("The file lists no holidays for %(year)d.") % {"year": year})
    if errors:
        raise CalendarImportError(errors)
    return holidays, makeup


@transaction.atomic
def calendar_import_csv(
    *, file: IO[bytes] | IO[str] | bytes | str, year: int, actor: Any = None
) -> YearLoadResult:
    """Replace a whole year with the days of a CSV file (the State Council notice typed in), mark it
    loaded and recompute. Nothing is saved when any row is bad."""
    holidays, makeup = calendar_csv_parse(file=file, year=year)
    _lock_calendar()
    _replace_year(year=year, holidays=holidays, makeup=makeup, source=CalendarSource.CSV, keep_manual=False)
    _notice_resolve(year)
    reason = _("the holiday calendar of %(year)d was imported from a CSV file") % {"year": year}
    audit_record(
        target=_calendar_year(year),
        action="calendar_year_loaded",
        actor=actor,
        note=reason,
        data={"holidays": len(holidays), "makeup_workdays": len(makeup), "source": "csv"},
    )
    changes = deadlines_recompute(dates=_year_dates(year), reason=reason, actor=actor)
    return YearLoadResult(year=year, holidays=len(holidays), makeup_workdays=len(makeup), changes=changes)


# -- deadlines -----------------------------------------------------------------------------------


def _owner_label(owner: models.Model | None, deadline: Deadline) -> str:
    return str(owner) if owner is not None else f"{deadline.owner_content_type.model} #{deadline.owner_id}"


def _apply(deadline: Deadline, calendar: WorkCalendar) -> bool:
    """Recompute one deadline in memory; True when anything stored changed."""
    explanation = calendar.explain(deadline.start, deadline.unit, deadline.total_amount)
    data = explanation.as_dict()
    changed = (
        deadline.due != explanation.due
        or deadline.is_provisional != explanation.provisional
        or deadline.explanation != data
    )
    deadline.due = explanation.due
    deadline.is_provisional = explanation.provisional
    deadline.explanation = data
    deadline.computed_at = timezone.now()
    return changed


def _audit_due_change(
    *,
    deadline: Deadline,
    owner: models.Model | None,
    old_due: date,
    old_provisional: bool,
    reason: str,
    actor: Any,
    action: str,
) -> None:
    note = _("%(policy)s: due date %(old)s → %(new)s, because %(reason)s") % {
        "policy": deadline.policy.name,
        "old": format_day(old_due) + (_(" (provisional)") if old_provisional else ""),
        "new": format_day(deadline.due) + (_(" (provisional)") if deadline.is_provisional else ""),
        "reason": reason,
    }
    audit_record(
        target=owner if owner is not None else deadline,
        action=action,
        actor=actor,
        from_state=old_due.isoformat(),
        to_state=deadline.due.isoformat(),
        note=note,
        data={
            "deadline": deadline.pk,
            "policy": deadline.policy.code,
            "old_due": old_due.isoformat(),
            "new_due": deadline.due.isoformat(),
            "old_provisional": old_provisional,
            "new_provisional": deadline.is_provisional,
            "reason": reason,
        },
    )


def deadlines_recompute(*, dates: Collection[date], reason: str, actor: Any = None) -> list[DeadlineChange]:
    """Recompute every OPEN deadline whose window [start, due] contains one of ``dates``.

    Runs in the caller's transaction with the calendar as this transaction sees it. Closed deadlines
    are never touched. Items whose due date or provisional flag changed get an audit event.
    """
    ordered = sorted(set(dates))
    if not ordered:
        return []
    calendar = build_work_calendar()
    candidates = (
        Deadline.objects.open_touching(ordered[0], ordered[-1])
        .select_related("policy", "owner_content_type")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    changed: list[Deadline] = []
    due_changes: list[tuple[Deadline, date, bool]] = []
    for deadline in candidates:
        index = bisect_left(ordered, deadline.start)
        if index == len(ordered) or ordered[index] > deadline.due:
            continue  # the window lies between two changed days
        old_due, old_provisional = deadline.due, deadline.is_provisional
        if _apply(deadline, calendar):
            changed.append(deadline)
            if (old_due, old_provisional) != (deadline.due, deadline.is_provisional):
                due_changes.append((deadline, old_due, old_provisional))
    Deadline.objects.bulk_update(
        changed, ["due", "is_provisional", "explanation", "computed_at"], batch_size=500
    )
    if due_changes:
        models.prefetch_related_objects([d for d, _o, _p in due_changes], "owner")
    result: list[DeadlineChange] = []
    for deadline, old_due, old_provisional in due_changes:
        owner = deadline.owner
        _audit_due_change(
            deadline=deadline,
            owner=owner,
            old_due=old_due,
            old_provisional=old_provisional,
            reason=reason,
            actor=actor,
            action="deadline_recomputed",
        )
        result.append(
            DeadlineChange(
                deadline_id=deadline.pk,
                owner_label=_owner_label(owner, deadline),
                old_due=old_due,
                new_due=deadline.due,
                old_provisional=old_provisional,
                new_provisional=deadline.is_provisional,
            )
        )
    if result:
        logger.info("calendar change recomputed %d deadlines: %s", len(result), reason)
    return result


@transaction.atomic
def deadline_create(*, owner: models.Model, policy_code: str, start: date, actor: Any = None) -> Deadline:
    """Start the time limit of ``policy_code`` for ``owner``; ``start`` is the day of receipt (not
    counted, 民法典 第二百零一条). The policy's unit and amount are copied: later policy edits do not
    move running deadlines. Raises DomainError when the policy is unknown or inactive, or when the
    item already has an open deadline under it."""
    from django.contrib.contenttypes.models import ContentType

    policy = DeadlinePolicy.objects.filter(code=policy_code, is_active=True).first()
    if policy is None:
        raise DomainError(_("No active deadline policy “%(code)s”.") % {"code": policy_code}, field="policy")
    content_type = ContentType.objects.get_for_model(owner)
    if Deadline.objects.filter(
        owner_content_type=content_type, owner_id=owner.pk, policy=policy, is_open=True
    ).exists():
        raise DomainError(
            _("This item already has an open deadline for %(policy)s.") % {"policy": policy.name},
            field="policy",
        )
    deadline = Deadline(
        policy=policy,
        owner_content_type=content_type,
        owner_id=owner.pk,
        unit=policy.unit,
        amount=policy.amount,
        start=start,
        due=start,
    )
    _apply(deadline, work_calendar())
    deadline.save()
    audit_record(
        target=owner,
        action="deadline_set",
        actor=actor,
        to_state=deadline.due.isoformat(),
        note=_("%(policy)s: %(period)s from %(start)s, due %(due)s")
        % {
            "policy": policy.name,
            "period": format_period(deadline.unit, deadline.amount),
            "start": format_day(start),
            "due": format_day(deadline.due) + (_(" (provisional)") if deadline.is_provisional else ""),
        },
        data={"deadline": deadline.pk, "policy": policy.code, "due": deadline.due.isoformat()},
    )
    return deadline


@transaction.atomic
def deadline_close(*, deadline: Deadline, actor: Any = None) -> Deadline:
    """Stop the clock (the item was handled). Idempotent; a closed deadline never changes again."""
    locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if locked.is_open:
        locked.is_open = False
        locked.closed_at = timezone.now()
        locked.save(update_fields=["is_open", "closed_at"])
    deadline.is_open, deadline.closed_at = locked.is_open, locked.closed_at
    return locked


@transaction.atomic
def deadline_policy_save(*, policy: DeadlinePolicy, changed: list[str], actor: Any = None) -> DeadlinePolicy:
    """Create or edit a policy. Running deadlines keep the unit and amount they started with; only new
    deadlines use the new values. Each edit is audited (a legal time limit changed)."""
    if policy.amount < 1:
        raise DomainError(_("The amount must be at least 1."), field="amount")
    is_new = policy.pk is None
    policy.full_clean()
    policy.save()
    if is_new or changed:
        audit_record(
            target=policy,
            action="deadline_policy_created" if is_new else "deadline_policy_changed",
            actor=actor,
            note=_("%(policy)s: %(period)s, maximum extension %(max)s")
            % {
                "policy": policy.name,
                "period": format_period(policy.unit, policy.amount),
                "max": format_period(policy.unit, policy.max_extension),
            },
            data={
                "changed": changed,
                "unit": policy.unit,
                "amount": policy.amount,
                "max_extension": policy.max_extension,
            },
        )
    return policy


# -- extensions ----------------------------------------------------------------------------------


def _check_extension_room(deadline: Deadline, amount: int) -> None:
    policy = deadline.policy
    if policy.max_extension == 0:
        raise DomainError(
            _("The time limit %(policy)s cannot be extended.") % {"policy": policy.name}, field="amount"
        )
    if deadline.extension_total + amount > policy.max_extension:
        raise DomainError(
            _(
                "An extension of %(amount)s would exceed the maximum total extension of %(max)s for "
                "%(policy)s (already extended by %(done)s)."
            )
            % {
                "amount": format_period(policy.unit, amount),
                "max": format_period(policy.unit, policy.max_extension),
                "policy": policy.name,
                "done": format_period(policy.unit, deadline.extension_total),
            },
            field="amount",
        )


def extension_validate(*, deadline: Deadline, amount: int, reason: str) -> None:
    """Raise DomainError unless this extension may be requested (forms call it before saving)."""
    if not reason.strip():
        raise DomainError(_("Give a reason for the extension."), field="reason")
    if amount < 1:
        raise DomainError(_("The extension must be at least 1."), field="amount")
    if not deadline.is_open:
        raise DomainError(_("The deadline is closed."), field="deadline")
    _check_extension_room(deadline, amount)


@transaction.atomic
def extension_request(
    *, deadline: Deadline, amount: int, reason: str, requested_by: Any = None
) -> DeadlineExtension:
    """Ask for more time, with a reason; a staff member decides (``extension_decide``). The request is
    refused at once when it could never be approved (closed deadline, over the policy's maximum)."""
    deadline = Deadline.objects.select_for_update(of=("self",)).select_related("policy").get(pk=deadline.pk)
    extension_validate(deadline=deadline, amount=amount, reason=reason)
    extension = DeadlineExtension.objects.create(
        deadline=deadline,
        amount=amount,
        reason=reason.strip(),
        requested_by=requested_by if getattr(requested_by, "is_authenticated", False) else None,
    )
    owner = deadline.owner
    audit_record(
        target=owner if owner is not None else deadline,
        action="deadline_extension_requested",
        actor=requested_by,
        note=_("%(policy)s: extension of %(amount)s requested: %(reason)s")
        % {
            "policy": deadline.policy.name,
            "amount": format_period(deadline.unit, amount),
            "reason": extension.reason,
        },
        data={"deadline": deadline.pk, "extension": extension.pk, "amount": amount},
    )
    return extension


@transaction.atomic
def extension_decide(
    *, extension: DeadlineExtension, approve: bool, actor: Any, note: str = ""
) -> DeadlineExtension:
    """Approve or reject a requested extension. Only committee staff (``workcalendar.approve_extension``)
    decide; an approval never takes the total beyond the policy's maximum, and moves the due date."""
    if actor is None or not actor.has_perm("workcalendar.approve_extension"):
        raise DomainError(_("Only committee staff may decide on deadline extensions."))
    extension = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
    deadline = (
        Deadline.objects.select_for_update(of=("self",))
        .select_related("policy")
        .get(pk=extension.deadline_id)
    )
    if extension.status != ExtensionStatus.REQUESTED:
        raise DomainError(_("This extension request has already been decided."))
    owner = deadline.owner
    if approve:
        if not deadline.is_open:
            raise DomainError(_("The deadline is closed."), field="deadline")
        _check_extension_room(deadline, extension.amount)
        old_due, old_provisional = deadline.due, deadline.is_provisional
        deadline.extension_total += extension.amount
        _apply(deadline, work_calendar())
        deadline.save(
            update_fields=["extension_total", "due", "is_provisional", "explanation", "computed_at"]
        )
        extension.due_before, extension.due_after = old_due, deadline.due
        reason = _("an extension of %(amount)s was approved") % {
            "amount": format_period(deadline.unit, extension.amount)
        }
        _audit_due_change(
            deadline=deadline,
            owner=owner,
            old_due=old_due,
            old_provisional=old_provisional,
            reason=reason,
            actor=actor,
            action="deadline_extended",
        )
    else:
        audit_record(
            target=owner if owner is not None else deadline,
            action="deadline_extension_rejected",
            actor=actor,
            note=_("%(policy)s: extension of %(amount)s rejected. %(note)s")
            % {
                "policy": deadline.policy.name,
                "amount": format_period(deadline.unit, extension.amount),
                "note": note,
            },
            data={"deadline": deadline.pk, "extension": extension.pk},
        )
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    extension.decided_at = timezone.now()
    extension.decision_note = note
    extension.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "due_before", "due_after"]
    )
    return extension


# -- missing-year reminder -----------------------------------------------------------------------


def _notice_resolve(year: int) -> None:
    CalendarNotice.objects.filter(year=year, resolved_at__isnull=True).update(resolved_at=timezone.now())


def _staff_recipients() -> list[str]:
    emails = list(getattr(settings, "STAFF_NOTICE_EMAILS", []))
    emails += list(
        get_user_model()
        .objects.filter(groups__name=STAFF_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(emails))


def calendar_required_years(*, today: date) -> list[int]:
    """The years that must be loaded on ``today``: this year, and next year from 1 November on (the
    State Council usually publishes next year's notice in November or December)."""
    years = [today.year]
    if today.month >= 11:
        years.append(today.year + 1)
    return years


def calendar_check_missing_years(*, today: date | None = None, now: datetime | None = None) -> list[int]:
    """Try to load each required year that is missing from chinesecalendar (a newer release may know
    it); for a year still missing, keep an admin notice and email staff at most once a week.
    Idempotent: running it twice a day sends one email. Returns the years still missing."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    still_missing: list[int] = []
    for year in calendar_required_years(today=today):
        if CalendarYear.objects.filter(year=year, is_loaded=True).exists():
            _notice_resolve(year)
            continue
        if sources.year_data(year) is not None:
            calendar_load_year(year=year)
            continue
        still_missing.append(year)
        _notice_remind(year=year, now=now)
    return still_missing


@transaction.atomic
def _notice_remind(*, year: int, now: datetime) -> CalendarNotice:
    _calendar_year(year)  # lists the year in the admin so staff can load it from there
    message = _(
        "The %(year)d holiday calendar is not loaded. Deadlines that run into %(year)d are provisional "
        "(weekends only). Load it from chinesecalendar or enter the State Council notice (CSV or by hand)."
    ) % {"year": year}
    notice, _created = CalendarNotice.objects.select_for_update().get_or_create(
        year=year, defaults={"message": message}
    )
    if notice.resolved_at is not None or notice.message != message:
        notice.resolved_at = None
        notice.message = message
        notice.save(update_fields=["resolved_at", "message"])
    if notice.last_emailed_at is not None and now - notice.last_emailed_at < REMINDER_INTERVAL:
        return notice
    recipients = _staff_recipients()
    if recipients:
        provisional = Deadline.objects.open().provisional().count()
        body = "\n\n".join(
            [
                message,
                _("Open provisional deadlines: %(count)d.") % {"count": provisional},
                _("Admin: %(url)s") % {"url": f"{settings.PUBLIC_BASE_URL}/admin/workcalendar/calendaryear/"},
            ]
        )
        send_mail(
            subject=_("[%(portal)s] The %(year)d holiday calendar is missing")
            % {"portal": getattr(settings, "PORTAL_NAME", ""), "year": year},
            message=body,
            from_email=None,
            recipient_list=recipients,
        )
    notice.last_emailed_at = now
    notice.save(update_fields=["last_emailed_at"])
    return notice
