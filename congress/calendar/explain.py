"""Human-readable explanation of a due date, in the active language (Chinese in the portal).

The engine returns structured steps (``engine.Explanation``); this module turns them into sentences
with gettext so staff see, for example, "2025年1月26日 星期日：春节调休上班日，计为第1个工作日".
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .engine import Explanation, Step, StepReason, Unit


def weekday_name(day: date) -> str:
    names = (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
    return names[day.weekday()]


def format_day(day: date) -> str:
    """E.g. "2025年1月26日" in Chinese, "2025-01-26" in English."""
    return _("%(year)d-%(month)02d-%(day)02d") % {"year": day.year, "month": day.month, "day": day.day}


def format_day_with_weekday(day: date) -> str:
    return _("%(date)s %(weekday)s") % {"date": format_day(day), "weekday": weekday_name(day)}


def format_period(unit: Unit | str, amount: int) -> str:
    unit = Unit(unit)
    if unit is Unit.WORKING_DAYS:
        return ngettext("%(amount)d working day", "%(amount)d working days", amount) % {"amount": amount}
    if unit is Unit.CALENDAR_DAYS:
        return ngettext("%(amount)d calendar day", "%(amount)d calendar days", amount) % {"amount": amount}
    return ngettext("%(amount)d month", "%(amount)d months", amount) % {"amount": amount}


def _step_line(step: Step, unit: Unit) -> str:
    day = format_day_with_weekday(step.day)
    params = {"day": day, "holiday": step.holiday_name, "count": step.count or 0}
    reason = step.reason
    in_rollover = unit is not Unit.WORKING_DAYS
    if reason is StepReason.COUNTED:
        line = _("%(day)s: working day no. %(count)d") % params
    elif reason is StepReason.COUNTED_MAKEUP:
        line = (
            _("%(day)s: make-up working day for %(holiday)s, counted as working day no. %(count)d") % params
        )
    elif reason is StepReason.SKIPPED_WEEKEND:
        line = (
            _("%(day)s: weekend rest day, the period runs on to the next working day") % params
            if in_rollover
            else _("%(day)s: weekend rest day, not counted") % params
        )
    elif reason is StepReason.SKIPPED_HOLIDAY:
        line = (
            _("%(day)s: %(holiday)s holiday, the period runs on to the next working day") % params
            if in_rollover
            else _("%(day)s: %(holiday)s holiday, not counted") % params
        )
    elif reason is StepReason.CALENDAR_RANGE:
        line = _("%(first)s to %(last)s: %(count)d calendar days counted") % {
            "first": format_day(step.day),
            "last": format_day(step.until or step.day),
            "count": step.count or 0,
        }
    elif reason is StepReason.PERIOD_END and unit is Unit.MONTHS:
        line = _("%(day)s: corresponding day of the final month, the last day of the period") % params
    elif reason is StepReason.PERIOD_END:
        line = _("%(day)s: last day of the period") % params
    elif reason is StepReason.MONTH_END_CLAMPED:
        line = (
            _("%(day)s: the final month has no corresponding day, so the period ends on the month's last day")
            % params
        )
    elif reason is StepReason.ROLLED_FORWARD:
        line = _("%(day)s: first working day after the rest days, the period ends on this day") % params
    else:  # StepReason.DUE
        line = _("Due date: %(day)s, until 24:00; overdue from 00:00 of the next day") % params
    if step.provisional and reason is not StepReason.DUE:
        line += _(" (provisional: that year's holiday calendar is not loaded)")
    return line


def explanation_lines(explanation: Explanation, *, extension: int = 0) -> list[str]:
    """One sentence per line: the start, the period, each day considered, the due date."""
    lines = [
        _("Start: %(day)s, the day of receipt, which is not counted")
        % {"day": format_day_with_weekday(explanation.start)},
    ]
    period = format_period(explanation.unit, explanation.amount)
    if extension:
        lines.append(
            _("Time limit: %(period)s, including an approved extension of %(extension)s")
            % {"period": period, "extension": format_period(explanation.unit, extension)}
        )
    else:
        lines.append(_("Time limit: %(period)s") % {"period": period})
    lines.extend(_step_line(step, explanation.unit) for step in explanation.steps)
    if explanation.provisional:
        years = pgettext("enumeration", ", ").join(str(y) for y in explanation.unloaded_years)
        lines.append(
            _(
                "Provisional: the holiday calendar of %(years)s is not loaded yet, so only weekends were "
                "treated as rest days there. The due date will be recomputed when the calendar is loaded."
            )
            % {"years": years}
        )
    return lines


def render_explanation(explanation: Explanation, *, extension: int = 0) -> str:
    return "\n".join(explanation_lines(explanation, extension=extension))
