"""The office's past brought in as history (docs/import.md): items from its ledger (台账) enter with
the dates they happened on, as closed items or as open ones with their real clocks, and nobody is
told anything now.

Rules:

* Every item's history starts with an ``import`` event; its later steps (accept, assign, sign for,
  reply, rate, close) are the moves of ``workflow.MOVES``, checked against the table, each event
  dated when it happened — so the reports, which read the state an item had at the end of a period
  from its events (``reports.state_at``), show a past year as it was.
* No notification is written: the citizen was answered at the time.
* A finished step starts no clock. A dispatch still open starts the reply clock from its real
  dispatch day (it may well be overdue already); an item only received starts the triage clock from
  its day of receipt. A finished dispatch still gets the due date its policy gave it, computed on the
  working-day calendar without a deadline row, so the on-time rate of a past year can be read.
* Units that returned the item as misrouted (退办) before it reached its lead unit are rebuilt as
  dispatches that were returned (``assign`` then ``return``, on the dispatch day before the lead's
  dispatch: the ledger keeps no day for them), so the routing model reads them as the portal's own
  returns — never a label, and never suggested again for that item.
* The committee's own item number (``office_ref``) is the key: an item the body already holds is
  left as it is, so importing the same ledger twice changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.calendar import services as calendar_services
from congress.calendar.engine import OutOfRangeError
from congress.calendar.models import DeadlinePolicy
from congress.calendar.selectors import work_calendar
from congress.errors import DomainError
from congress.ids import public_id
from congress.models import Area, Body, Category, HandlingUnit

from .. import workflow
from ..conf import conf
from ..models import Assignment, Rating, Reply, Status, Suggestion, SuggestionEvent
from ._common import POLICY_OPINION_REPLY, POLICY_TRIAGE, _check_category, _user


@dataclass(frozen=True)
class HistoryRecord:
    """One item of the ledger, as the import read it (dates are days, local time)."""

    office_ref: str
    received_on: datetime.date
    channel: str
    text: str
    title: str = ""
    category: Category | None = None
    area: Area | None = None
    submitter_name: str = ""
    submitter_mobile: str = ""
    lead_unit: HandlingUnit | None = None
    co_units: tuple[HandlingUnit, ...] = ()
    # Units that returned the item as misrouted before it went to ``lead_unit`` (in that order).
    returned_by: tuple[HandlingUnit, ...] = ()
    dispatched_on: datetime.date | None = None
    replied_on: datetime.date | None = None
    reply_text: str = ""
    outcome: str = ""
    rating: str = ""
    closed_on: datetime.date | None = None


@dataclass
class HistoryResult:
    created: dict[str, Suggestion] = field(default_factory=dict)  # by office_ref
    existing: dict[str, Suggestion] = field(default_factory=dict)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone())


def history_steps(record: HistoryRecord) -> list[tuple[str, str, datetime.datetime]]:
    """The item's moves (action, state reached, when), checked against ``workflow.MOVES``. Raises
    DomainError for a history the state table does not allow (a B reply closed without its
    follow-up, a rating without a reply …)."""
    steps: list[tuple[str, str, datetime.datetime]] = [
        ("import", workflow.SUBMITTED, _at(record.received_on, 9))
    ]
    if record.returned_by and (record.dispatched_on is None or record.lead_unit is None):
        raise DomainError(
            _("Units that returned the item need the lead unit it then went to."), code="illegal_history"
        )
    if record.dispatched_on is not None:
        steps.append(("accept", workflow.ACCEPTED, _at(record.received_on, 9, 5)))
        for sent, when in _returned_dispatches(record):
            steps.append(("assign", workflow.ASSIGNED, sent))
            steps.append(("return", workflow.RETURNED, when))
        steps.append(("assign", workflow.ASSIGNED, _at(record.dispatched_on, 10)))
        steps.append(("sign_for", workflow.SIGNED_FOR, _at(record.dispatched_on, 10, 5)))
    if record.replied_on is not None:
        steps.append(("reply", workflow.reply_target(record.outcome), _at(record.replied_on, 15)))
    if record.rating:
        # The ledger keeps the rating given; a past re-handling after 不满意 is not rebuilt.
        target = workflow.rating_target(state=steps[-1][1], unsatisfied=False, reopen_count=0, max_reopens=0)
        steps.append(("rate", target, _at(record.closed_on or record.replied_on or record.received_on, 16)))
    if record.closed_on is not None:
        steps.append(("close", workflow.CLOSED, _at(record.closed_on, 17)))
    state = ""
    for action, target, _when in steps[1:]:
        state = state or workflow.SUBMITTED
        if not workflow.is_allowed(state, action, target):
            raise DomainError(
                _("The ledger's history does not follow the workflow: “%(action)s” after “%(state)s”.")
                % {"state": Status(state).label, "action": workflow.ACTION_LABELS[action]},
                code="illegal_history",
            )
        state = target
    return steps


def _returned_dispatches(record: HistoryRecord) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """When each misrouted dispatch was made and returned: the ledger keeps no day for them, so they
    are placed on the dispatch day, one after the other, before the lead unit's dispatch at 10:00."""
    if record.dispatched_on is None:
        return []
    first = _at(record.dispatched_on, 9, 10)
    step = datetime.timedelta(minutes=40) / max(1, 2 * len(record.returned_by))
    return [(first + step * (2 * n), first + step * (2 * n + 1)) for n in range(len(record.returned_by))]


def _due(policy: DeadlinePolicy | None, start: datetime.date) -> datetime.date | None:
    if policy is None:
        return None
    try:
        return work_calendar().due_date(start, policy.unit, policy.amount).due
    except OutOfRangeError:
        return None


def _codes(count: int) -> list[str]:
    length = conf("SUGGESTIONS_CODE_LENGTH")
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {public_id(length).upper() for _ in range(count - len(codes))}
        wanted -= set(Suggestion.objects.filter(code__in=wanted).values_list("code", flat=True))
        codes |= wanted
    return sorted(codes)


@transaction.atomic
def suggestions_history_import(
    *, records: Sequence[HistoryRecord], body: Body, actor: Any = None
) -> HistoryResult:
    """Bring ``records`` into ``body`` as history (the module's rules). All or nothing: a record
    whose history the state table refuses raises DomainError and nothing is written."""
    result = HistoryResult()
    refs = [record.office_ref for record in records]
    for item in Suggestion.objects.filter(body=body, office_ref__in=refs):
        result.existing[item.office_ref] = item
    fresh = [record for record in records if record.office_ref not in result.existing]
    for record in fresh:
        _check_category(record.category, body)
    plans = [(record, history_steps(record)) for record in fresh]
    user = _user(actor)
    items = [
        Suggestion(
            code=code,
            channel=record.channel,
            status=steps[-1][1],
            body=body,
            received_by=body,
            title=(record.title or record.text)[:120],
            text=record.text,
            category=record.category,
            area=record.area,
            submitter_name=record.submitter_name,
            submitter_mobile=record.submitter_mobile,
            office_ref=record.office_ref,
            submitted_at=steps[0][2],
            accepted_at=next((when for action, _s, when in steps if action == "accept"), None),
            closed_at=next((when for action, _s, when in steps if action == "close"), None),
            created_by=user,
        )
        for code, (record, steps) in zip(_codes(len(plans)), plans, strict=True)
    ]
    Suggestion.objects.bulk_create(items, batch_size=500)
    policies = {p.code: p for p in DeadlinePolicy.objects.filter(is_active=True)}
    assignments: list[Assignment] = []
    misrouted = _("Returned as misrouted (office's ledger)")
    leads: dict[int, Assignment] = {}
    for item, (record, _steps) in zip(items, plans, strict=True):
        if record.lead_unit is None or record.dispatched_on is None:
            continue
        for unit, (sent, returned) in zip(record.returned_by, _returned_dispatches(record), strict=True):
            assignments.append(
                Assignment(
                    suggestion=item,
                    unit=unit,
                    role=Assignment.Role.LEAD,
                    status=Assignment.Status.RETURNED,
                    assigned_at=sent,
                    assigned_by=user,
                    returned_at=returned,
                    return_reason=misrouted,
                )
            )
        done = record.replied_on is not None
        status = Assignment.Status.DONE if done else Assignment.Status.ACTIVE
        for unit, role in (
            (record.lead_unit, Assignment.Role.LEAD),
            *((u, Assignment.Role.CO) for u in record.co_units),
        ):
            assignment = Assignment(
                suggestion=item,
                unit=unit,
                role=role,
                status=status,
                assigned_at=_at(record.dispatched_on, 10),
                assigned_by=user,
                signed_for_at=_at(record.dispatched_on, 10, 5),
                replied_at=_at(record.replied_on, 15)
                if record.replied_on and role == Assignment.Role.LEAD
                else None,
                due_date=_due(policies.get(POLICY_OPINION_REPLY), record.dispatched_on)
                if role == Assignment.Role.LEAD
                else None,
            )
            assignments.append(assignment)
            if role == Assignment.Role.LEAD:
                leads[item.pk] = assignment
    Assignment.objects.bulk_create(assignments, batch_size=500)
    replies = [
        Reply(
            suggestion=item,
            assignment=leads[item.pk],
            outcome=record.outcome,
            text=record.reply_text,
            replied_at=_at(record.replied_on, 15),
            replied_by=None,
        )
        for item, (record, _steps) in zip(items, plans, strict=True)
        if record.replied_on is not None and item.pk in leads
    ]
    Reply.objects.bulk_create(replies, batch_size=500)
    ratings: list[Rating] = []
    rated_at: list[datetime.datetime] = []
    events: list[SuggestionEvent] = []
    imported = _("Imported from the office's ledger")
    event_at: list[datetime.datetime] = []
    for item, (record, steps) in zip(items, plans, strict=True):
        if record.rating:
            ratings.append(Rating(suggestion=item, rater=Rating.Rater.SUBMITTER, value=record.rating))
            rated_at.append(next(when for action, _s, when in steps if action == "rate"))
        state = ""
        returned_by = iter(record.returned_by)
        for action, target, when in steps:
            note = f"{imported}（{record.office_ref}）" if action == "import" else imported
            if action == "return":
                note = f"{imported}：{next(returned_by).name}"
            events.append(
                SuggestionEvent(
                    suggestion=item,
                    action=action,
                    actor=user,
                    from_state=state,
                    to_state=target,
                    note=note,
                    is_public=action != "import",
                )
            )
            event_at.append(when)
            state = target
    # ``at`` and ``rated_at`` are stamped "now" on insert: set to when it happened, in one update each.
    Rating.objects.bulk_create(ratings, batch_size=500)
    for rating, when in zip(ratings, rated_at, strict=True):
        rating.rated_at = when
    Rating.objects.bulk_update(ratings, ["rated_at"], batch_size=500)
    SuggestionEvent.objects.bulk_create(events, batch_size=1000)
    for event, when in zip(events, event_at, strict=True):
        event.at = when
    SuggestionEvent.objects.bulk_update(events, ["at"], batch_size=1000)
    _start_open_clocks(items, plans, leads, actor)
    for item in items:
        result.created[item.office_ref] = item
    return result


def _start_open_clocks(
    items: Sequence[Suggestion],
    plans: Sequence[tuple[HistoryRecord, list[tuple[str, str, datetime.datetime]]]],
    leads: dict[int, Assignment],
    actor: Any,
) -> None:
    """The clocks of what is still open, started on the day it really began."""
    for item, (record, steps) in zip(items, plans, strict=True):
        state = steps[-1][1]
        if state == workflow.SUBMITTED:
            deadline = calendar_services.deadline_create(
                owner=item, policy_code=POLICY_TRIAGE, start=record.received_on, actor=actor
            )
            Suggestion.objects.filter(pk=item.pk).update(triage_deadline=deadline)
        elif state in (workflow.ASSIGNED, workflow.SIGNED_FOR) and item.pk in leads:
            lead = leads[item.pk]
            deadline = calendar_services.deadline_create(
                owner=lead,
                policy_code=POLICY_OPINION_REPLY,
                start=record.dispatched_on or record.received_on,
                actor=actor,
            )
            Assignment.objects.filter(pk=lead.pk).update(deadline=deadline, due_date=deadline.due)
