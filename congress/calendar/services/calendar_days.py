"""Calendar changes: single days, whole years from chinesecalendar or CSV, years marked complete.

Every change gives the calendar a new version and recomputes the open deadlines it touches
(``deadlines.deadlines_recompute``) in the same transaction.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audit_record
from congress.errors import DomainError
from congress.record_writes import record_create, record_update

from .. import sources
from ..engine import MAX_YEAR, MIN_YEAR
from ..explain import format_day
from ..models import (
    CalendarDay,
    CalendarNotice,
    CalendarSource,
    CalendarState,
    CalendarYear,
    DayKind,
)
from .deadlines import DeadlineChange, deadlines_recompute


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


CALENDAR_YEAR_FIELDS = ("year", "note")


def _calendar_year_check(row: CalendarYear, before: Mapping[str, Any]) -> None:
    if not MIN_YEAR <= row.year <= MAX_YEAR:
        raise DomainError(
            _("The calendar covers %(first)d to %(last)d only.") % {"first": MIN_YEAR, "last": MAX_YEAR},
            field="year",
        )


def calendar_year_save(
    *, calendar_year: CalendarYear | None, values: Mapping[str, Any], actor: Any = None
) -> CalendarYear:
    """Add a year staff will enter by hand, or change its note (audited). Loading, marking complete
    and withdrawing a year go through ``calendar_load_year`` and ``calendar_year_set_loaded``, which
    recompute the deadlines."""
    if calendar_year is None:
        return record_create(
            model=CalendarYear,
            values=values,
            fields=CALENDAR_YEAR_FIELDS,
            actor=actor,
            check=_calendar_year_check,
        )
    return record_update(
        instance=calendar_year,
        changes=values,
        fields=CALENDAR_YEAR_FIELDS,
        actor=actor,
        check=_calendar_year_check,
    )


def _year_dates(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


@transaction.atomic
def calendar_year_set_loaded(*, year: int, is_loaded: bool, actor: Any = None) -> list[DeadlineChange]:
    """Mark a year entered by hand as complete (its days are used from now on), or withdraw it."""
    if _calendar_year(year).is_loaded == is_loaded:
        return []  # nothing to change: the calendar keeps its version (no write, nothing to audit)
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


# Column names as an office types them: the English ones and their Chinese headers.
_COLUMN_ALIASES = {
    "date": "date",
    "日期": "date",
    "kind": "kind",
    "类型": "kind",
    "类别": "kind",
    "name": "name",
    "名称": "name",
    "节日": "name",
    "节日名称": "name",
}


def _column(header: str | None) -> str:
    key = (header or "").strip().lstrip("\ufeff").lower()
    return _COLUMN_ALIASES.get(key, key)


def _parse_day(value: str) -> date:
    """2027-01-01, 2027/1/1 or 2027年1月1日."""
    text = value.strip().replace("/", "-").replace("年", "-").replace("月", "-").rstrip("日")
    year, month, day = text.split("-")
    return date(int(year), int(month), int(day))


def calendar_csv_parse(
    *, file: IO[bytes] | IO[str] | bytes | str, year: int
) -> tuple[dict[date, str], dict[date, str]]:
    """Read and check a year's CSV (columns date,kind,name); raise CalendarImportError naming every bad
    row. Row numbers are the spreadsheet's: the header is row 1."""
    reader = csv.DictReader(io.StringIO(_read_text(file)))
    columns = {_column(c) for c in (reader.fieldnames or [])}
    missing = [c for c in ("date", "kind", "name") if c not in columns]
    if missing:
        raise CalendarImportError(
            [
                _(
                    "The file needs the columns date, kind and name (or 日期, 类型 and 名称); "
                    "missing: %(columns)s."
                )
                % {"columns": ", ".join(missing)}
            ]
        )
    holidays: dict[date, str] = {}
    makeup: dict[date, str] = {}
    errors: list[str] = []
    for row_number, raw_row in enumerate(reader, start=2):
        row = {_column(k): (v or "").strip() for k, v in raw_row.items() if k}
        if not any(row.values()):
            continue
        params: dict[str, Any] = {"row": row_number, "value": row.get("date", "")}
        try:
            day = _parse_day(row.get("date", ""))
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


def _notice_resolve(year: int) -> None:
    CalendarNotice.objects.filter(year=year, resolved_at__isnull=True).update(resolved_at=timezone.now())
