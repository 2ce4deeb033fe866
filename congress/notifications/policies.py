"""Reminder numbers as data: a ``ReminderPolicy`` row overrides the default named here.

A row without a body is the default of every body; a body's own row applies to it and to the bodies
below it without a row of their own (the nearest ancestor's wins), as for deadline policies. The
set-based reminder scans ask ``policy_groups`` which bodies count with which numbers and run once
per group: one group, unfiltered, whenever no body has a number of its own."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import ReminderPolicy

DUE_SOON_WORKING_DAYS = "suggestions.due_soon_working_days"
VERY_OVERDUE_WORKING_DAYS = "suggestions.very_overdue_working_days"
RATING_REMINDER_DAYS = "suggestions.rating_reminder_days"
RECEPTION_DUTY_DAYS_BEFORE = "stations.reception_duty_days_before"

# code: (default, description). Sources: issue 6 "Reminders and escalation" names each default.
DEFAULTS = {
    # Due-soon reminder to the unit officers N working days before the due date (issue 6, default 3).
    DUE_SOON_WORKING_DAYS: (3, _("Due-soon reminder: working days before the due date")),
    # Very overdue when more than N working days past the due date (issue 6, default 5).
    VERY_OVERDUE_WORKING_DAYS: (5, _("Very overdue: working days past the due date")),
    # One rating reminder N calendar days after the reply, never a third message (issue 6, 7 days).
    RATING_REMINDER_DAYS: (7, _("Rating reminder: days after the reply")),
    # Reception-duty reminder N days before the reception (issue 6: the day before).
    RECEPTION_DUTY_DAYS_BEFORE: (1, _("Reception-duty reminder: days before the reception")),
}


def _ancestor_paths(path: str) -> list[str]:
    """ "1/5/23/" → ["1/", "1/5/", "1/5/23/"]: the body's own path last."""
    parts = [part for part in path.split("/") if part]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def policy_value(code: str, body: Any = None) -> int:
    """The number that applies to ``body`` (a body or its id): its own row, else the nearest
    ancestor's, else the default row, else the built-in default. One query."""
    from congress.models import Body

    body_id = getattr(body, "pk", body)
    rows = ReminderPolicy.objects.filter(code=code).values_list("body__path", "value")
    by_path = {path or "": int(value) for path, value in rows}
    value = by_path.get("", int(DEFAULTS[code][0]))
    if body_id is not None and any(by_path.keys() - {""}):
        path = getattr(body, "path", "")
        if not path:
            path = Body.objects.filter(pk=body_id).values_list("path", flat=True).first()
        for prefix in _ancestor_paths(path or ""):
            value = by_path.get(prefix, value)
    return value


@dataclass(frozen=True)
class PolicyGroup:
    """Bodies that count with the same numbers: ``body_ids`` None means every body."""

    values: dict[str, int]
    body_ids: tuple[int, ...] | None = None

    def __getitem__(self, code: str) -> int:
        return self.values[code]


def policy_groups(*codes: str) -> list[PolicyGroup]:
    """The bodies grouped by the numbers that apply to them for ``codes``. One query while no body has
    a number of its own (then one group for every body, no filter); two otherwise."""
    from congress.models import Body

    defaults = {code: int(DEFAULTS[code][0]) for code in codes}
    own: dict[tuple[str, str], int] = {}
    for code, path, value in ReminderPolicy.objects.filter(code__in=codes).values_list(
        "code", "body__path", "value"
    ):
        if path is None:
            defaults[code] = int(value)
        else:
            own[(code, path)] = int(value)
    if not own:
        return [PolicyGroup(defaults)]
    groups: dict[tuple[tuple[str, int], ...], list[int]] = defaultdict(list)
    for pk, path in Body.objects.order_by("path").values_list("pk", "path"):
        values = dict(defaults)
        for prefix in _ancestor_paths(path):
            for code in codes:
                values[code] = own.get((code, prefix), values[code])
        groups[tuple(sorted(values.items()))].append(pk)
    if len(groups) == 1:
        return [PolicyGroup(dict(next(iter(groups))))]
    return [PolicyGroup(dict(key), tuple(ids)) for key, ids in groups.items()]
