"""Figures about opinions and suggestions for the reports and the statistics dashboard.

Plain numbers and rows from aggregate queries: every function runs a fixed number of queries, however
many items there are. Each takes the period (first and last day, Asia/Shanghai) and optional filters
(a district, a handling unit) and the database alias to read from, so the reports can be pointed at
a read replica. Definitions (docs/reports.md has them for staff):

* **received** — items submitted in the period, whatever became of them;
* **on time** — a lead unit's dispatch (not returned, not superseded) answered by its due date
  (a deadline is met until 24:00 of its last day); the rate counts dispatches made in the period
  that were answered by the end of it or whose due date fell in it;
* **overdue at the end** — lead dispatches, made before the end of the period, whose due date fell
  on or before its last day and that had no reply by then;
* **satisfied** — ratings 满意 or 基本满意 among the ratings given in the period;
* **state at the end** — an item's state as it stood at 24:00 of the period's last day: the target
  state of its last state change (``SuggestionEvent.to_state``) before then, ``submitted`` if none.
  Triage outcomes and the key suggestions' states are read this way, never from today's status.

Rates are returned as counts (``rate()``); they are divided and rounded once, when printed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Area, AuditEvent, Category, HandlingUnit

from .models import Assignment, Channel, Kind, Rating, Reply, Status, Suggestion, SuggestionEvent, Supervision
from .report_hotspots import HotspotView as HotspotView
from .report_hotspots import hotspots_current as hotspots_current
from .report_hotspots import hotspots_in_period as hotspots_in_period
from .report_periods import bounds as _bounds

STANDING = (Assignment.Status.ACTIVE, Assignment.Status.DONE)
SATISFIED_VALUES = (Rating.Value.SATISFIED, Rating.Value.BASICALLY)


def rate(numerator: int, denominator: int) -> dict[str, Any]:
    """A rate as its counts, with the sample size beside it; no rate without a sample. ``rate`` is the
    unrounded quotient, for ordering only: printed figures are computed from the counts and rounded
    once, half up (``congress.reports.rounding``)."""
    return {
        "numerator": numerator,
        "denominator": denominator,
        "rate": numerator / denominator if denominator else None,
    }


def state_at(after: datetime.datetime, item: str = "pk") -> Coalesce:
    """An item's state as it stood just before ``after``: the target state of its last state change
    (an event with a ``to_state``) before then; ``submitted`` when it had none yet."""
    last = (
        SuggestionEvent.objects.filter(suggestion_id=OuterRef(item), at__lt=after)
        .exclude(to_state="")
        .order_by("-at", "-pk")
        .values("to_state")[:1]
    )
    return Coalesce(Subquery(last), Value(Status.SUBMITTED.value))


FINISHED_STATES = (Status.CLOSED, Status.REJECTED, Status.MERGED)
KEY_ACTIONS = ("mark_key", "unmark_key")


def key_at(after: datetime.datetime, item: str = "pk", prefix: str = "") -> Coalesce:
    """Whether an item was a key suggestion just before ``after``: its last ``mark_key`` /
    ``unmark_key`` event before then says so; an item never marked or unmarked through the service
    (loaded with its flag) keeps today's flag, and one first marked after ``after`` was not key."""
    flags = SuggestionEvent.objects.filter(suggestion_id=OuterRef(item), action__in=KEY_ACTIONS)
    last = (
        flags.filter(at__lt=after)
        .order_by("-at", "-pk")
        .annotate(flag=Case(When(action="mark_key", then=Value(True)), default=Value(False)))
        .values("flag")[:1]
    )
    return Coalesce(
        Subquery(last, output_field=BooleanField()),
        Case(When(Exists(flags), then=Value(False)), default=F(f"{prefix}is_key")),
        output_field=BooleanField(),
    )


def _district_q(prefix: str, district_id: int) -> Q:
    """Items whose area is the district or lies in it (street, community)."""
    return (
        Q(**{f"{prefix}area_id": district_id})
        | Q(**{f"{prefix}area__parent_id": district_id})
        | Q(**{f"{prefix}area__parent__parent_id": district_id})
    )


def _unit_q(prefix: str, unit_id: int, using: str) -> Q:
    """Items a unit was (or is) the lead unit of."""
    lead = Assignment.objects.using(using).filter(
        unit_id=unit_id, role=Assignment.Role.LEAD, status__in=STANDING
    )
    return Q(**{f"{prefix}pk__in": lead.values("suggestion_id")})


def _in_bodies(queryset: Any, field: str, body_ids: Sequence[int] | None) -> Any:
    """Restrict to the rows of the given bodies (a body and its descendants); None = every body."""
    if body_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": list(body_ids)})


def _scoped(
    queryset: QuerySet[Any], prefix: str, *, district_id: int | None, unit_id: int | None, using: str
) -> QuerySet[Any]:
    if district_id:
        queryset = queryset.filter(_district_q(prefix, district_id))
    if unit_id:
        queryset = queryset.filter(_unit_q(prefix, unit_id, using))
    return queryset


def received(
    start: datetime.date,
    end: datetime.date,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
) -> QuerySet[Suggestion]:
    begin, after = _bounds(start, end)
    items = Suggestion.objects.using(using).filter(submitted_at__gte=begin, submitted_at__lt=after)
    # Received by the body that took the item in, wherever it was transferred later (DOMAIN.md §11).
    items = _in_bodies(items, "received_by_id", body_ids)
    return _scoped(items, "", district_id=district_id, unit_id=unit_id, using=using)


def _labelled(counts: dict[Any, int], labels: Iterable[tuple[Any, Any]]) -> list[dict[str, Any]]:
    """Rows in the order of ``labels`` (only those with items), then anything unlabelled."""
    rows = [
        {"key": key, "label": str(label), "count": counts[key]} for key, label in labels if counts.get(key)
    ]
    known = {row["key"] for row in rows}
    other = sum(count for key, count in counts.items() if key not in known)
    if other:
        rows.append({"key": None, "label": str(_("Not stated")), "count": other})
    return rows


def received_total(start: datetime.date, end: datetime.date, **scope: Any) -> int:
    return received(start, end, **scope).count()


def received_by_channel(start: datetime.date, end: datetime.date, **scope: Any) -> list[dict[str, Any]]:
    counts = dict(received(start, end, **scope).order_by().values_list("channel").annotate(n=Count("pk")))
    return _labelled(counts, Channel.choices)


def received_by_kind(start: datetime.date, end: datetime.date, **scope: Any) -> list[dict[str, Any]]:
    counts = dict(received(start, end, **scope).order_by().values_list("kind").annotate(n=Count("pk")))
    return _labelled(counts, Kind.choices)


def received_by_category(start: datetime.date, end: datetime.date, **scope: Any) -> list[dict[str, Any]]:
    """By top-level category (a sub-category counts for its parent)."""
    using = scope.get("using", "default")
    counts = dict(
        received(start, end, **scope)
        .order_by()
        .annotate(top=Coalesce("category__parent_id", "category_id"))
        .values_list("top")
        .annotate(n=Count("pk"))
    )
    labels = (
        Category.objects.using(using)
        .filter(parent__isnull=True)
        .order_by("sort_order", "code")
        .values_list("pk", "name")
    )
    return _labelled(counts, labels)


def _district_of(prefix: str = "") -> Case:
    return Case(
        When(**{f"{prefix}area__level": Area.Level.DISTRICT}, then=F(f"{prefix}area_id")),
        When(**{f"{prefix}area__level": Area.Level.STREET}, then=F(f"{prefix}area__parent_id")),
        When(**{f"{prefix}area__level": Area.Level.COMMUNITY}, then=F(f"{prefix}area__parent__parent_id")),
        default=None,
        output_field=IntegerField(),
    )


def received_by_district(start: datetime.date, end: datetime.date, **scope: Any) -> list[dict[str, Any]]:
    """By district or county (an item placed in a street or community counts for its district)."""
    using = scope.get("using", "default")
    counts = dict(
        received(start, end, **scope)
        .order_by()
        .annotate(district=_district_of())
        .values_list("district")
        .annotate(n=Count("pk"))
    )
    labels = Area.objects.using(using).districts().order_by("code").values_list("pk", "name")
    return _labelled(counts, labels)


def received_by_month(start: datetime.date, end: datetime.date, **scope: Any) -> list[dict[str, Any]]:
    """One row per calendar month of the period, empty months included."""
    counts = {
        month.date() if isinstance(month, datetime.datetime) else month: n
        for month, n in received(start, end, **scope)
        .order_by()
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
    }
    rows = []
    month = start.replace(day=1)
    while month <= end:
        rows.append(
            {"key": month.strftime("%Y-%m"), "label": f"{month.month}月", "count": counts.get(month, 0)}
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return rows


def _changed_since(after: datetime.datetime, to_state: str, using: str) -> QuerySet[Any]:
    """Ids of the items moved to ``to_state`` at or after ``after`` (the months since the period)."""
    return (
        SuggestionEvent.objects.using(using).filter(at__gte=after, to_state=to_state).values("suggestion_id")
    )


def triage_outcomes(start: datetime.date, end: datetime.date, **scope: Any) -> dict[str, int]:
    """What triage had made of the items received by the end of the period (their state at the end,
    ``state_at``): accepted (taken into handling, not merged or rejected since), merged into another
    case (同类合并), rejected with a reason, still awaiting triage. The four add up to the total.

    Merged and rejected are final, so an item merged or rejected at the end is one merged or rejected
    now whose merge or rejection is not in the history after the end; an item accepted at the end
    was accepted (``accepted_at``, set by the same transition) before the end and was not merged or
    rejected by then. Read this way the history is looked up only for the events since the period,
    a small set, instead of item by item."""
    _begin, after = _bounds(start, end)
    using = scope.get("using", "default")
    merged = Q(status=Status.MERGED) & ~Q(pk__in=_changed_since(after, Status.MERGED, using))
    rejected = Q(status=Status.REJECTED) & ~Q(pk__in=_changed_since(after, Status.REJECTED, using))
    accepted = Q(accepted_at__lt=after) & ~merged & ~rejected
    totals = received(start, end, **scope).aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=accepted),
        merged=Count("pk", filter=merged),
        rejected=Count("pk", filter=rejected),
    )
    return {**totals, "pending": totals["total"] - totals["accepted"] - totals["merged"] - totals["rejected"]}


# -- handling by the units -----------------------------------------------------------------------


def lead_dispatches(
    start: datetime.date,
    end: datetime.date,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
) -> QuerySet[Assignment]:
    """Lead dispatches (主办) made in the period that still stand (not returned, not superseded)."""
    begin, after = _bounds(start, end)
    dispatches = Assignment.objects.using(using).filter(
        role=Assignment.Role.LEAD, status__in=STANDING, assigned_at__gte=begin, assigned_at__lt=after
    )
    # Handled by the body that answered: the item's body (an item is transferred only while no unit
    # holds it, so a standing dispatch belongs to the body the item is in).
    dispatches = _in_bodies(dispatches, "suggestion__body_id", body_ids)
    if district_id:
        dispatches = dispatches.filter(_district_q("suggestion__", district_id))
    if unit_id:
        dispatches = dispatches.filter(unit_id=unit_id)
    return dispatches


def _handling_aggregates(after: datetime.datetime, end: datetime.date) -> dict[str, Any]:
    replied = Q(replied_at__lt=after)
    return {
        "assigned": Count("pk"),
        "replied": Count("pk", filter=replied),
        "judged": Count("pk", filter=replied | Q(due_date__lte=end)),
        "on_time": Count("pk", filter=replied & Q(replied_on__lte=F("due_date"))),
        "late": Count("pk", filter=replied & Q(replied_on__gt=F("due_date"))),
    }


def _with_reply_day(queryset: QuerySet[Assignment]) -> QuerySet[Any]:
    return queryset.annotate(replied_on=TruncDate("replied_at"))


def handling(start: datetime.date, end: datetime.date, **scope: Any) -> dict[str, Any]:
    """Dispatches, replies and the on-time reply rate (replied by the due date, see module doc)."""
    _begin, after = _bounds(start, end)
    totals = _with_reply_day(lead_dispatches(start, end, **scope)).aggregate(
        **_handling_aggregates(after, end)
    )
    return {**totals, "on_time_rate": rate(totals["on_time"], totals["judged"])}


def overdue_dispatches(
    start: datetime.date,
    end: datetime.date,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
) -> QuerySet[Assignment]:
    """The one definition of "overdue at the end of the period", for the headline, the list and the
    units' table alike: standing lead dispatches made before the end of the period, due on or before
    its last day, with no reply by then — whenever they were made."""
    _begin, after = _bounds(start, end)
    dispatches = Assignment.objects.using(using).filter(
        role=Assignment.Role.LEAD, status__in=STANDING, assigned_at__lt=after, due_date__lte=end
    )
    dispatches = dispatches.filter(Q(replied_at__isnull=True) | Q(replied_at__gte=after))
    # Handled by the body that answered: the item's body (an item is transferred only while no unit
    # holds it, so a standing dispatch belongs to the body the item is in).
    dispatches = _in_bodies(dispatches, "suggestion__body_id", body_ids)
    if district_id:
        dispatches = dispatches.filter(_district_q("suggestion__", district_id))
    if unit_id:
        dispatches = dispatches.filter(unit_id=unit_id)
    return dispatches


def overdue_at_end(
    start: datetime.date,
    end: datetime.date,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
    limit: int = 200,
) -> dict[str, Any]:
    """Lead dispatches still overdue at the end of the period: due on or before its last day, no
    reply by then (whenever they were made). The count, and the oldest ``limit`` as rows."""
    _begin, after = _bounds(start, end)
    dispatches = overdue_dispatches(
        start, end, district_id=district_id, unit_id=unit_id, body_ids=body_ids, using=using
    )
    count = dispatches.count()
    rows = [
        {
            "code": code,
            "title": title,
            "unit": unit,
            "due_date": due.isoformat() if due else "",
            "days_overdue": (end - due).days if due else 0,
            "is_key": is_key,
        }
        for code, title, unit, due, is_key in dispatches.order_by("due_date", "suggestion__code")
        .annotate(key_end=key_at(after, "suggestion_id", "suggestion__"))
        .values_list("suggestion__code", "suggestion__title", "unit__name", "due_date", "key_end")[:limit]
    ]
    return {"count": count, "rows": rows}


def outcome_classes(
    start: datetime.date,
    end: datetime.date,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
) -> dict[str, int]:
    """Replies of lead units given in the period, by outcome class A/B/C: every reply of a handling
    round (an item reopened after 不满意 and answered again counts twice), follow-up replies (the
    second reply owed after a B) not counted."""
    begin, after = _bounds(start, end)
    replies = Reply.objects.using(using).filter(
        is_follow_up=False, assignment__role=Assignment.Role.LEAD, replied_at__gte=begin, replied_at__lt=after
    )
    replies = _in_bodies(replies, "suggestion__body_id", body_ids)
    if district_id:
        replies = replies.filter(_district_q("suggestion__", district_id))
    if unit_id:
        replies = replies.filter(assignment__unit_id=unit_id)
    counts = dict(replies.order_by().values_list("outcome").annotate(n=Count("pk")))
    return {value: counts.get(value, 0) for value in Reply.Outcome.values}


def _ratings(
    start: datetime.date,
    end: datetime.date,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
) -> QuerySet[Rating]:
    begin, after = _bounds(start, end)
    ratings = Rating.objects.using(using).filter(rated_at__gte=begin, rated_at__lt=after)
    ratings = _in_bodies(ratings, "suggestion__body_id", body_ids)
    if district_id:
        ratings = ratings.filter(_district_q("suggestion__", district_id))
    if unit_id:
        ratings = ratings.filter(_unit_q("suggestion__", unit_id, using))
    return ratings


def satisfaction(start: datetime.date, end: datetime.date, **scope: Any) -> dict[str, Any]:
    """Ratings given in the period (submitters and deputies) by value; the satisfaction rate counts
    满意 and 基本满意."""
    totals = _ratings(start, end, **scope).aggregate(
        ratings=Count("pk"),
        rated_items=Count("suggestion_id", distinct=True),
        satisfied=Count("pk", filter=Q(value=Rating.Value.SATISFIED)),
        basically=Count("pk", filter=Q(value=Rating.Value.BASICALLY)),
        unsatisfied=Count("pk", filter=Q(value=Rating.Value.UNSATISFIED)),
    )
    return {
        **totals,
        "satisfaction_rate": rate(totals["satisfied"] + totals["basically"], totals["ratings"]),
        "fully_satisfied_rate": rate(totals["satisfied"], totals["ratings"]),
    }


def reopened(
    start: datetime.date,
    end: datetime.date,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
) -> int:
    """Items reopened for re-handling after 不满意 in the period."""
    begin, after = _bounds(start, end)
    events = SuggestionEvent.objects.using(using).filter(
        to_state=Status.REOPENED, at__gte=begin, at__lt=after
    )
    events = _in_bodies(events, "suggestion__body_id", body_ids)
    if district_id:
        events = events.filter(_district_q("suggestion__", district_id))
    if unit_id:
        events = events.filter(_unit_q("suggestion__", unit_id, using))
    return events.aggregate(n=Count("suggestion_id", distinct=True))["n"]


def units(
    start: datetime.date,
    end: datetime.date,
    *,
    district_id: int | None = None,
    unit_id: int | None = None,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
) -> list[dict[str, Any]]:
    """One row per handling unit with dispatches, replies, ratings or dispatches overdue in the period:
    dispatches, replies, the on-time rate, overdue at the end (``overdue_dispatches``, the headline's
    definition), outcome classes, ratings and the satisfaction rate, each rate with its sample. Five
    queries."""
    begin, after = _bounds(start, end)
    scope: dict[str, Any] = {
        "district_id": district_id,
        "unit_id": unit_id,
        "body_ids": body_ids,
        "using": using,
    }
    handled = {
        row.pop("unit_id"): row
        for row in _with_reply_day(lead_dispatches(start, end, **scope))
        .order_by()
        .values("unit_id")
        .annotate(**_handling_aggregates(after, end))
    }
    overdue = dict(
        overdue_dispatches(start, end, **scope).order_by().values_list("unit_id").annotate(n=Count("pk"))
    )
    replies = Reply.objects.using(using).filter(
        is_follow_up=False, assignment__role=Assignment.Role.LEAD, replied_at__gte=begin, replied_at__lt=after
    )
    replies = _in_bodies(replies, "suggestion__body_id", body_ids)
    if district_id:
        replies = replies.filter(_district_q("suggestion__", district_id))
    if unit_id:
        replies = replies.filter(assignment__unit_id=unit_id)
    outcomes: dict[int, dict[str, int]] = {}
    for unit, outcome, n in (
        replies.order_by().values_list("assignment__unit_id", "outcome").annotate(n=Count("pk"))
    ):
        outcomes.setdefault(unit, {})[outcome] = n
    # A rating counts for the unit that led the handling round it rates.
    rating_filter: dict[str, Any] = {
        "rated_at__gte": begin,
        "rated_at__lt": after,
        "suggestion__assignments__role": Assignment.Role.LEAD,
        "suggestion__assignments__status__in": STANDING,
        "suggestion__assignments__round": F("round"),
    }
    if unit_id:
        rating_filter["suggestion__assignments__unit_id"] = unit_id
    ratings = _in_bodies(Rating.objects.using(using).filter(**rating_filter), "suggestion__body_id", body_ids)
    if district_id:
        ratings = ratings.filter(_district_q("suggestion__", district_id))
    rated = {
        row.pop("unit_id"): row
        for row in ratings.order_by()
        .values(unit_id=F("suggestion__assignments__unit_id"))
        .annotate(
            ratings=Count("pk"),
            rated_items=Count("suggestion_id", distinct=True),
            satisfied=Count("pk", filter=Q(value__in=SATISFIED_VALUES)),
        )
    }
    ids = sorted(set(handled) | set(rated) | set(outcomes) | set(overdue))
    names = dict(HandlingUnit.objects.using(using).filter(pk__in=ids).values_list("pk", "name"))
    empty = dict.fromkeys(("assigned", "replied", "judged", "on_time", "late"), 0)
    rows = []
    for pk in ids:
        handling_row = handled.get(pk, empty)
        rating_row = rated.get(pk, {"ratings": 0, "rated_items": 0, "satisfied": 0})
        unit_outcomes = outcomes.get(pk, {})
        rows.append(
            {
                "unit_id": pk,
                "unit": names.get(pk, str(pk)),
                **handling_row,
                "overdue_open": overdue.get(pk, 0),
                "on_time_rate": rate(handling_row["on_time"], handling_row["judged"]),
                "outcomes": {value: unit_outcomes.get(value, 0) for value in Reply.Outcome.values},
                **rating_row,
                "satisfaction_rate": rate(rating_row["satisfied"], rating_row["ratings"]),
            }
        )
    rows.sort(key=lambda row: (-row["assigned"], row["unit"]))
    return rows


def items_of_unit(
    start: datetime.date, end: datetime.date, *, unit_id: int, using: str = "default", limit: int = 500
) -> list[dict[str, Any]]:
    """The items a unit led in the period, for its own report: code, title, dates, state at the end
    of the period."""
    statuses = dict(Status.choices)
    _begin, after = _bounds(start, end)
    rows = (
        _with_reply_day(lead_dispatches(start, end, unit_id=unit_id, using=using))
        .annotate(state_end=state_at(after, "suggestion_id"))
        .order_by("assigned_at", "pk")
        .values_list(
            "suggestion__code",
            "suggestion__title",
            "assigned_at",
            "due_date",
            "replied_on",
            "state_end",
        )[:limit]
    )
    zone = timezone.get_default_timezone()
    return [
        {
            "code": code,
            "title": title,
            "assigned_on": assigned.astimezone(zone).date().isoformat(),
            "due_date": due.isoformat() if due else "",
            "replied_on": replied.isoformat() if replied else "",
            "on_time": bool(replied and due and replied <= due),
            "status": str(statuses.get(status, status)),
        }
        for code, title, assigned, due, replied, status in rows
    ]


# -- key suggestions and supervision -------------------------------------------------------------


def key_suggestions(
    start: datetime.date,
    end: datetime.date,
    *,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
    limit: int = 200,
) -> dict[str, Any]:
    """Key suggestions (重点督办) received in the period or still open at its end, with their lead
    unit, supervising leader, state at the end of the period and the supervision held on them in the
    period; ``closed`` counts those closed by the end of the period. Both the key flag and the state
    are taken as they stood at the end of the period (``key_at``, ``state_at``)."""
    begin, after = _bounds(start, end)
    ever_key = Q(is_key=True) | Q(
        pk__in=SuggestionEvent.objects.using(using).filter(action__in=KEY_ACTIONS).values("suggestion_id")
    )
    lead = Assignment.objects.using(using).filter(
        suggestion=OuterRef("pk"), role=Assignment.Role.LEAD, status__in=STANDING, assigned_at__lt=after
    )
    keys = (
        _in_bodies(Suggestion.objects.using(using), "body_id", body_ids)
        .filter(ever_key, submitted_at__lt=after)
        .annotate(key_end=key_at(after), state_end=state_at(after))
        .filter(key_end=True)
        .filter(Q(submitted_at__gte=begin) | ~Q(state_end__in=FINISHED_STATES))
    )
    items = keys.annotate(
        lead_unit=Subquery(lead.order_by("-assigned_at").values("unit__name")[:1]),
        supervisions_held=Count(
            "supervisions",
            filter=Q(supervisions__held_on__gte=start, supervisions__held_on__lte=end),
        ),
    )
    statuses = dict(Status.choices)
    rows = [
        {
            "code": code,
            "title": title,
            "lead_unit": unit or "",
            "lead_official": official,
            "supervising_leader": (first or username or "") if (first or username) else "",
            "state": state,
            "status": str(statuses.get(state, state)),
            "supervisions": held,
        }
        for code, title, unit, official, first, username, state, held in items.order_by(
            "submitted_at", "code"
        ).values_list(
            "code",
            "title",
            "lead_unit",
            "lead_official",
            "supervising_leader__first_name",
            "supervising_leader__username",
            "state_end",
            "supervisions_held",
        )[:limit]
    ]
    totals = keys.aggregate(total=Count("pk"), closed=Count("pk", filter=Q(state_end=Status.CLOSED)))
    return {**totals, "rows": rows}


def supervision(
    start: datetime.date, end: datetime.date, *, body_ids: Sequence[int] | None = None, using: str = "default"
) -> dict[str, Any]:
    """Supervision (督办) held in the period by kind and by method, and the supervision cases opened
    after a second 不满意."""
    held = Supervision.objects.using(using).filter(held_on__gte=start, held_on__lte=end)
    held = _in_bodies(held, "suggestion__body_id", body_ids)
    by_kind = dict(held.order_by().values_list("kind").annotate(n=Count("pk")))
    by_method = dict(held.order_by().values_list("method").annotate(n=Count("pk")))
    totals = held.aggregate(
        total=Count("pk"),
        cases=Count("pk", filter=Q(is_case=True)),
        items=Count("suggestion_id", distinct=True),
    )
    return {
        **totals,
        "by_kind": _labelled(by_kind, Supervision.Kind.choices),
        "by_method": _labelled(by_method, Supervision.Method.choices),
    }


def station_items(
    start: datetime.date, end: datetime.date, *, station_id: int, using: str = "default", limit: int = 500
) -> list[dict[str, Any]]:
    """Opinions taken down at a station in the period and where they went (the referral register,
    意见转办簿): code, date, title, lead unit, state at the end of the period."""
    _begin, after = _bounds(start, end)
    lead = Assignment.objects.using(using).filter(
        suggestion=OuterRef("pk"), role=Assignment.Role.LEAD, status__in=STANDING
    )
    statuses = dict(Status.choices)
    zone = timezone.get_default_timezone()
    rows = (
        received(start, end, using=using)
        .filter(station_id=station_id)
        .annotate(
            lead_unit=Subquery(lead.order_by("-assigned_at").values("unit__name")[:1]),
            state_end=state_at(after),
        )
        .order_by("submitted_at", "code")
        .values_list("code", "submitted_at", "title", "lead_unit", "state_end")[:limit]
    )
    return [
        {
            "code": code,
            "submitted_on": submitted.astimezone(zone).date().isoformat(),
            "title": title,
            "lead_unit": unit or "",
            "status": str(statuses.get(status, status)),
        }
        for code, submitted, title, unit, status in rows
    ]


def key_supervising_leaders(*, using: str = "default") -> list[tuple[int, str, int]]:
    """(user id, email, body id) of the active supervising leaders of open key suggestions, with the
    body that handles each item (a leader supervising items of two bodies is listed under both)."""
    closed = (Status.CLOSED, Status.REJECTED, Status.MERGED)
    return list(
        Suggestion.objects.using(using)
        .filter(is_key=True, supervising_leader__is_active=True)
        .exclude(status__in=closed)
        .order_by("supervising_leader_id", "body_id")
        .values_list("supervising_leader_id", "supervising_leader__email", "body_id")
        .distinct()
    )


# -- bodies: transfers and the figures of each body -------------------------------------------------


def _transfer_events(start: datetime.date, end: datetime.date, using: str) -> QuerySet[AuditEvent]:
    begin, after = _bounds(start, end)
    # The item type by its natural key, inside the same query (no lookup that a cache may skip).
    meta = Suggestion._meta
    return AuditEvent.objects.using(using).filter(
        content_type__app_label=meta.app_label,
        content_type__model=meta.model_name,
        action="transfer",
        at__gte=begin,
        at__lt=after,
    )


def transfers(
    start: datetime.date, end: datetime.date, *, body_ids: Sequence[int] | None = None, using: str = "default"
) -> dict[str, int]:
    """Transfers made in the period by the given bodies (the body that passed the item on counts the
    transfer): up to a higher body and down to a lower one. A transfer is its own figure; the item
    it moved still counts once, received where it came in and handled where it was answered."""
    events = _transfer_events(start, end, using)
    if body_ids is not None:
        events = events.filter(from_state__in=[str(pk) for pk in body_ids])
    counts = dict(events.order_by().values_list("data__direction").annotate(n=Count("pk")))
    return {"up": counts.get("up", 0), "down": counts.get("down", 0)}


def figures_by_body(
    start: datetime.date,
    end: datetime.date,
    *,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
) -> dict[int, dict[str, int]]:
    """The comparable figures of every body on its own (not its descendants), as counts: received
    (by the body that took the item in), dispatches judged and answered on time and ratings (by the
    body that handles the item), transfers up and down made by it. Summing bodies gives the roll-up
    of a subtree, each item once. Four grouped queries; ``body_ids`` (a subtree) reads only those
    bodies' rows, so a district's comparison costs its own share of the table, not the city's."""
    _begin, after = _bounds(start, end)
    rows: dict[int, dict[str, int]] = {}

    def put(body_id: Any, values: dict[str, int]) -> None:
        if body_id is None:
            return
        rows.setdefault(int(body_id), {}).update(values)

    for body_id, n in (
        received(start, end, body_ids=body_ids, using=using)
        .order_by()
        .values_list("received_by_id")
        .annotate(n=Count("pk"))
    ):
        put(body_id, {"received": n})
    for row in (
        _with_reply_day(lead_dispatches(start, end, body_ids=body_ids, using=using))
        .order_by()
        .values(body=F("suggestion__body_id"))
        .annotate(**_handling_aggregates(after, end))
    ):
        put(
            row.pop("body"), {"assigned": row["assigned"], "judged": row["judged"], "on_time": row["on_time"]}
        )
    for row in (
        _ratings(start, end, body_ids=body_ids, using=using)
        .order_by()
        .values(body=F("suggestion__body_id"))
        .annotate(
            ratings=Count("pk"),
            rated_items=Count("suggestion_id", distinct=True),
            satisfied=Count("pk", filter=Q(value__in=SATISFIED_VALUES)),
        )
    ):
        put(row.pop("body"), row)
    events = _transfer_events(start, end, using)
    if body_ids is not None:
        events = events.filter(from_state__in=[str(pk) for pk in body_ids])
    for source, direction, n in (
        events.order_by().values_list("from_state", "data__direction").annotate(n=Count("pk"))
    ):
        if str(source).isdigit() and direction in ("up", "down"):
            row = rows.setdefault(int(source), {})
            row[direction] = row.get(direction, 0) + n
    return rows
