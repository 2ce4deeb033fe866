"""The demo's walkthrough items dated on the working-day calendar (demo data only; live items never
come here).

The walkthrough items (``demo_story``: ``ITEMS``, the key suggestion, the body network's items, the two-level
deputy's) are made through the real services, which date what they write "now". In the story each
step happens at its own moment instead: ``StoryClock`` plans the moments (staff and units act in
office hours on working days of the calendar engine, citizens submit and rate at any hour), the
services get the day of the step wherever they take one (``submitted_at``, ``start``, ``today``,
``held_on``), so every time limit is started by the services on the day it would have been, and
``dated`` gives the times the services wrote during one step the moment of that step.

The generated volume of past years (``demo_volume._bulk_handling``) keeps its random moments for what
citizens do (submitting, rating) and moves what staff and units do into office hours of working days
(``at_the_office``).

The rows of the audit chain (``congress.models.AuditEvent``: ``deadline_set``, a transfer) keep the
moment they were written: a chained row cannot be re-dated, by design. A transfer is therefore the
one step the story lets happen at load time ("just now").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from congress.calendar.engine import WorkCalendar
from congress.calendar.models import Deadline

from .models import Assignment, Rating, Reply, Suggestion, SuggestionEvent, Supervision

# The latest time of day a step of the story may be planned at on the last working day.
OFFICE_CLOSES = datetime.time(17, 30)
OFFICE_OPENS = datetime.time(9, 0)


def at_the_office(
    calendar: WorkCalendar, moment: datetime.datetime, *, after: datetime.datetime | None = None
) -> datetime.datetime:
    """When a step of staff or a unit in the generated volume happens: ``moment`` when it lies in
    office hours (09:00–17:30) of a working day of the calendar (调休 included), else the next
    opening of the office, in its first two hours (spread by the time of day the step was drawn at).
    Always later than ``after`` (the step before) and never earlier than ``moment``."""
    if after is not None and moment <= after:
        moment = after + datetime.timedelta(minutes=10)
    local = timezone.localtime(moment)
    day, time = local.date(), local.time()
    working = calendar.is_working_day(day)
    if working and OFFICE_OPENS <= time <= OFFICE_CLOSES:
        return moment
    opening = day if working and time < OFFICE_OPENS else calendar.next_working_day(day)
    spread = datetime.timedelta(minutes=(local.hour * 60 + local.minute) % 120)
    return datetime.datetime.combine(opening, OFFICE_OPENS, tzinfo=local.tzinfo) + spread


def _time(hhmm: str) -> datetime.time:
    hour, minute = hhmm.split(":")
    return datetime.time(int(hour), int(minute))


class StoryClock:
    """Moments of the walkthrough's steps. Every step of staff or a unit falls on a working day at
    or before ``last_day`` (the last working day before today), so whatever the hour the demo is
    loaded at, no planned step lies in the future and none of them reads "a minute ago"."""

    def __init__(self, *, now: datetime.datetime, calendar: WorkCalendar) -> None:
        self.now = now
        self.calendar = calendar
        self.zone = timezone.get_default_timezone()
        self.today = timezone.localtime(now).date()
        self.last_day = calendar.add_working_days(self.today, -1)
        self.latest = datetime.datetime.combine(self.last_day, OFFICE_CLOSES, tzinfo=self.zone)

    def at(self, day: datetime.date, hhmm: str) -> datetime.datetime:
        return datetime.datetime.combine(day, _time(hhmm), tzinfo=self.zone)

    def day(self, moment: datetime.datetime) -> datetime.date:
        return timezone.localtime(moment, self.zone).date()

    def citizen(self, days_ago: int, slot: int) -> datetime.datetime:
        """A citizen's moment ``days_ago`` days ago at an hour between 08:00 and 19:59 drawn from
        ``slot``; never later than 40 minutes ago (an item of today, "just received")."""
        hhmm = f"{8 + (slot * 5) % 12:02d}:{(slot * 17) % 60:02d}"
        moment = self.at(self.today - datetime.timedelta(days=days_ago), hhmm)
        return min(moment, self.now - datetime.timedelta(minutes=40))

    def working(self, after: datetime.datetime, days: int, hhmm: str) -> datetime.datetime:
        """``hhmm`` on the ``days``-th working day after the day of ``after``; with 0, the same day
        when it is a working day and ``hhmm`` is later than ``after``, else the next working day."""
        day = self.day(after)
        if days:
            return self.at(self.calendar.add_working_days(day, days), hhmm)
        moment = self.at(day, hhmm)
        if self.calendar.is_working_day(day) and moment > after:
            return moment
        return self.at(self.calendar.next_working_day(day), hhmm)

    def fits(self, moments: dict[str, datetime.datetime]) -> bool:
        return all(moment <= self.latest for moment in moments.values())

    def due(self, start: datetime.date, unit: str, amount: int) -> datetime.date:
        return self.calendar.add(start, unit, amount)


def plan(
    clock: StoryClock,
    *,
    state: str,
    submitted: datetime.datetime,
    reply_due: tuple[str, int],
    late: bool = False,
    after: datetime.datetime | None = None,
) -> dict[str, datetime.datetime]:
    """The moment of each step that brings an item submitted at ``submitted`` to ``state``: accepted
    on the next working day (within the 2 working days of triage, 002:931), assigned the working day
    after, signed for the next working day (within the unit's 3), replied four working days later
    (by the due date of ``reply_due``, the policy's unit and amount) or, when ``late``, three working
    days after that due date; rated two days after the reply, closed the next working day, published
    that afternoon. ``after`` is a moment the first step must follow (the item merged into)."""
    steps: dict[str, datetime.datetime] = {}
    if state == "submitted":
        return steps
    if state == "merged":
        steps["merge"] = clock.working(max(submitted, after or submitted), 0, "15:00")
        return steps
    if state == "rejected":
        steps["reject"] = clock.working(submitted, 1, "10:00")
        return steps
    steps["accept"] = clock.working(submitted, 1, "09:30")
    if state == "accepted":
        return steps
    steps["assign"] = clock.working(steps["accept"], 1, "10:00")
    if state == "assigned":
        return steps
    if state == "returned":
        steps["return"] = clock.working(steps["assign"], 1, "11:00")
        return steps
    steps["sign_for"] = clock.working(steps["assign"], 1, "09:15")
    if state == "signed_for":
        return steps
    due = clock.due(clock.day(steps["assign"]), *reply_due)
    if late:
        steps["reply"] = clock.at(clock.calendar.add_working_days(due, 3), "16:00")
    else:
        steps["reply"] = min(clock.working(steps["sign_for"], 4, "16:00"), clock.at(due, "16:00"))
    if state in ("replied", "follow_up_due"):
        return steps
    steps["rate"] = clock.at(clock.day(steps["reply"]) + datetime.timedelta(days=2), "20:10")
    if state in ("rated", "reopened"):
        return steps
    steps["close"] = clock.working(steps["rate"], 1, "10:30")
    steps["publish"] = clock.working(steps["close"], 0, "15:00")
    return steps


def fitted(
    clock: StoryClock, *, days_ago: int, slot: int, **kwargs: Any
) -> tuple[datetime.datetime, dict[str, datetime.datetime]]:
    """The submission ``days_ago`` days ago and the plan from it, moved a day earlier at a time until
    every step lies on or before the last working day (a recent item whose steps need more working
    days than have passed was submitted earlier)."""
    for extra in range(0, 60):
        submitted = clock.citizen(days_ago + extra, slot)
        steps = plan(clock, submitted=submitted, **kwargs)
        if clock.fits(steps):
            return submitted, steps
    raise RuntimeError("the demo story does not fit the calendar")  # 60 days always hold 4 working days


@contextmanager
def dated(moment: datetime.datetime, *items: Suggestion) -> Iterator[list[Suggestion]]:
    """Run one step of the story (the services called in the block) as if at ``moment``: every
    time the services wrote during the block about ``items`` (and items the block appends to the
    yielded list, such as one it submits) becomes ``moment``: history events, acceptance, closure and
    publication, dispatches, signing for, replies, returns, ratings, supervision records, the time
    limits started or stopped, and the deputies' duty-record entries about the item. A time limit
    started in the block must start on the day of ``moment`` (pass the day to the service): it is
    computed by the engine when started, never here."""
    began = timezone.now()
    touched = list(items)
    yield touched
    for item in touched:
        _restamp(item, since=began, moment=moment)


def _restamp(item: Suggestion, *, since: datetime.datetime, moment: datetime.datetime) -> None:
    def stamp(queryset: Any, fields: Sequence[str]) -> None:
        for name in fields:
            queryset.filter(**{f"{name}__gte": since}).update(**{name: moment})

    stamp(Suggestion.objects.filter(pk=item.pk), ("submitted_at", "accepted_at", "closed_at", "published_at"))
    stamp(SuggestionEvent.objects.filter(suggestion=item), ("at",))
    assignments = Assignment.objects.filter(suggestion=item)
    stamp(assignments, ("assigned_at", "signed_for_at", "replied_at", "returned_at", "views_at"))
    stamp(Reply.objects.filter(suggestion=item), ("replied_at",))
    stamp(Rating.objects.filter(suggestion=item), ("rated_at",))
    stamp(Supervision.objects.filter(suggestion=item), ("created_at",))
    types = ContentType.objects.get_for_models(Suggestion, Assignment)
    deadlines = Deadline.objects.filter(
        Q(owner_content_type=types[Suggestion], owner_id=item.pk)
        | Q(owner_content_type=types[Assignment], owner_id__in=assignments.values("pk"))
    )
    day = timezone.localtime(moment).date()
    started = deadlines.filter(created_at__gte=since).exclude(start=day)
    if started.exists():
        raise RuntimeError(f"a time limit of {item.code} was started on another day than its step")
    stamp(deadlines, ("created_at", "computed_at", "closed_at"))
    _restamp_duty_record(item, since=since, moment=moment, day=day)


def _restamp_duty_record(
    item: Suggestion, *, since: datetime.datetime, moment: datetime.datetime, day: datetime.date
) -> None:
    """The deputies' duty-record entries the step wrote about the item (filed, co-signed, answered)
    follow their source, as an automatic entry does: they are dated on the step's day, and a year
    whose entries moved is scored again through the deputies app."""
    from deputies.models import DutyRecord
    from deputies.services import duty_score_recompute

    entries = DutyRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Suggestion), object_id=item.pk, created_at__gte=since
    ).select_related("deputy")
    moved = {(entry.deputy, entry.on.year) for entry in entries if entry.on != day}
    entries.update(on=day, created_at=moment)
    for deputy, year in moved:
        for scored in {year, day.year}:
            duty_score_recompute(deputy=deputy, year=scored)
