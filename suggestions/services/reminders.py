"""Periodic reminders of the suggestions app besides the overdue scan (``overdue.py``): the weekly
digest per handling unit, one rating reminder N days (default 7) after a reply — never a third
message — and the staff's pause, resume and remind-now on an item (docs/reminders.md).

Every reminder is claimed in ``ReminderLog`` under a unique (object, kind, stage) key in the same
transaction as its notifications (see ``congress.notifications.reminders``): reruns, a second beat,
two workers or a crash halfway never send twice, and a rerun sends the rest.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from congress.audit import audit_record
from congress.models import HandlingUnit, UnitOfficer
from congress.notifications import texts as T
from congress.notifications.models import ReminderLog
from congress.notifications.policies import (
    RATING_REMINDER_DAYS,
    PolicyGroup,
    policy_groups,
    policy_value,
)
from congress.notifications.reminders import (
    BATCH_SIZE,
    content_type_id,
    keyset_batches,
    reminders_claim,
    user_messages,
)
from congress.notifications.services import Message, notify, notify_many
from congress.notifications.texts import fill

from .. import workflow
from ..models import Assignment, Kind, Rating, Reply, Suggestion
from ._common import _check_writable, submitter_addresses
from .overdue import Window, _today, due_soon_q

KIND_WEEKLY_DIGEST = "reminder.weekly_digest"
KIND_RATING = "reminder.rating"
KIND_MANUAL = "reminder.manual"


def _officers(unit_ids: set[int]) -> dict[int, list[tuple[int, str, bool]]]:
    """(user id, email, is head) of the active officers of each unit, one query."""
    found: dict[int, list[tuple[int, str, bool]]] = defaultdict(list)
    rows = (
        UnitOfficer.objects.filter(unit_id__in=unit_ids, user__is_active=True)
        .order_by("pk")
        .values_list("unit_id", "user_id", "user__email", "is_head")
    )
    for unit_id, user_id, email, is_head in rows:
        found[unit_id].append((user_id, email or "", is_head))
    return found


# -- weekly digest -----------------------------------------------------------------------------------


def weekly_digest_send(*, today: datetime.date | None = None, batch_size: int = BATCH_SIZE) -> int:
    """One digest per handling unit and ISO week: open items, due soon, overdue (set-based counts)."""
    windows = Window.all_on(today or _today())
    window = windows[0]
    year, week, _weekday = window.today.isocalendar()
    stage = f"{year}-W{week:02d}"
    stats = (
        Assignment.objects.filter(status=Assignment.Status.ACTIVE)
        .values("unit_id")
        .annotate(
            open=Count("pk"),
            # Due soon by the numbers of the body that handles each item.
            due_soon=Count("pk", filter=due_soon_q(windows)),
            overdue=Count("pk", filter=Q(due_date__lt=window.today)),
        )
    )
    units = HandlingUnit.objects.filter(is_active=True, pk__in=stats.values("unit_id"))
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for batch in keyset_batches(units, "name", size=batch_size):
            with transaction.atomic():
                claimed = reminders_claim(
                    model=HandlingUnit, kind=KIND_WEEKLY_DIGEST, keys=[(row["pk"], stage) for row in batch]
                )
                if not claimed:
                    continue
                ids = [oid for oid, _stage in claimed]
                counts = {row["unit_id"]: row for row in stats.filter(unit_id__in=ids)}
                officers = _officers(set(ids))
                out: list[Message] = []
                for row in batch:
                    log_id = claimed.get((row["pk"], stage))
                    if log_id is None:
                        continue
                    figures = counts.get(row["pk"], {"open": 0, "due_soon": 0, "overdue": 0})
                    facts = {"unit": row["name"], "week": stage, **figures}
                    out += user_messages(
                        log_id=log_id,
                        users=[(p[0], p[1]) for p in officers.get(row["pk"], [])],
                        subject=fill(T.DIGEST_SUBJECT, **facts),
                        body=fill(T.DIGEST_BODY, **facts),
                        kind=KIND_WEEKLY_DIGEST,
                        link=reverse("unit-home"),
                        about=(content_type_id(HandlingUnit), row["pk"]),
                    )
                notify_many(out)
                sent += len(claimed)
    return sent


# -- rating reminder ---------------------------------------------------------------------------


def _rating_waited(now: datetime.datetime, groups: list[PolicyGroup]) -> Q:
    """Replied at least N days ago, N being the number of the body that handles the item."""
    condition = Q()
    for group in groups:
        part = Q(replied_at__lte=now - datetime.timedelta(days=group[RATING_REMINDER_DAYS]))
        if group.body_ids is not None:
            part &= Q(suggestion__body_id__in=group.body_ids)
        condition |= part
    return condition


def _rating_days(groups: list[PolicyGroup], body_id: int) -> int:
    for group in groups:
        if group.body_ids is None or body_id in group.body_ids:
            return group[RATING_REMINDER_DAYS]
    return policy_value(RATING_REMINDER_DAYS)


def rating_candidates(*, now: datetime.datetime, groups: list[PolicyGroup] | None = None) -> QuerySet[Reply]:
    groups = groups if groups is not None else policy_groups(RATING_REMINDER_DAYS)
    logged = ReminderLog.objects.filter(
        content_type_id=content_type_id(Reply), object_id=OuterRef("pk"), kind=KIND_RATING
    )
    return Reply.objects.filter(
        _rating_waited(now, groups),
        is_follow_up=False,
        round=F("suggestion__reopen_count"),
        suggestion__status__in=workflow.RATABLE_STATES,
    ).filter(~Exists(logged))


def rating_reminders_send(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """One reminder, N days (default 7) after a reply, to whoever has not rated it yet: the submitter
    (SMS and email) and the deputies concerned (bell and SMS). The invitation went with the reply;
    the log keeps this one to one per reply, so nobody ever gets a third message."""
    now = now or timezone.now()
    groups = policy_groups(RATING_REMINDER_DAYS)
    sent = 0
    suggestion_ct = content_type_id(Suggestion)
    with translation.override(settings.LANGUAGE_CODE):
        candidates = rating_candidates(now=now, groups=groups)
        for batch in keyset_batches(candidates, "suggestion_id", "round", size=batch_size):
            with transaction.atomic():
                claimed = reminders_claim(
                    model=Reply, kind=KIND_RATING, keys=[(row["pk"], "1") for row in batch]
                )
                if not claimed:
                    continue
                mine = [row for row in batch if (row["pk"], "1") in claimed]
                suggestions = Suggestion.objects.select_related("lead_deputy", "deputy", "handed_to").in_bulk(
                    [row["suggestion_id"] for row in mine]
                )
                rated = set(
                    Rating.objects.filter(suggestion_id__in=suggestions).values_list(
                        "suggestion_id", "round", "rater", "deputy_id"
                    )
                )
                cosigners: dict[int, list[Any]] = defaultdict(list)
                through = Suggestion.cosigners.through
                for link in through.objects.filter(suggestion_id__in=suggestions).select_related("deputy"):
                    cosigners[link.suggestion_id].append(link.deputy)
                out: list[Message] = []
                for row in mine:
                    log_id = claimed[(row["pk"], "1")]
                    suggestion = suggestions[row["suggestion_id"]]
                    facts = {"code": suggestion.code, "days": _rating_days(groups, suggestion.body_id)}
                    about: dict[str, Any] = {"content_type_id": suggestion_ct, "object_id": suggestion.pk}
                    subject = fill(T.RATING_SUBJECT, **facts)
                    if (
                        suggestion.kind != Kind.DEPUTY_SUGGESTION
                        and (
                            suggestion.pk,
                            row["round"],
                            Rating.Rater.SUBMITTER,
                            None,
                        )
                        not in rated
                    ):
                        body = fill(T.RATING_BODY_SUBMITTER, **facts)
                        for channel, address in submitter_addresses(suggestion, kind=KIND_RATING):
                            out.append(
                                Message(
                                    channel=channel,
                                    subject=subject,
                                    body=body,
                                    to_address=address,
                                    kind=KIND_RATING,
                                    link=reverse("track"),
                                    dedupe_key=f"reminder:{log_id}:{channel}:submitter",
                                    **about,
                                )
                            )
                    deputies = {
                        d.pk: d
                        for d in (suggestion.lead_deputy, suggestion.deputy, suggestion.handed_to)
                        if d
                    }
                    deputies.update({d.pk: d for d in cosigners[suggestion.pk]})
                    body = fill(T.RATING_BODY_DEPUTY, **facts)
                    for deputy in deputies.values():
                        if (suggestion.pk, row["round"], Rating.Rater.DEPUTY, deputy.pk) in rated:
                            continue
                        if deputy.account_id:
                            out.append(
                                Message(
                                    channel="in_app",
                                    subject=subject,
                                    body=body,
                                    recipient_id=deputy.account_id,
                                    kind=KIND_RATING,
                                    link=reverse("opinion-detail", args=[suggestion.code]),
                                    dedupe_key=f"reminder:{log_id}:in_app:deputy:{deputy.pk}",
                                    **about,
                                )
                            )
                        out.append(
                            Message(
                                channel="sms",
                                subject=subject,
                                body=body,
                                to_address=deputy.phone,
                                kind=KIND_RATING,
                                dedupe_key=f"reminder:{log_id}:sms:deputy:{deputy.pk}",
                                **about,
                            )
                        )
                notify_many(out)
                sent += len(claimed)
    return sent


# -- staff: pause, resume, remind now ------------------------------------------------------------


def active_assignments_of(queryset: QuerySet[Any]) -> QuerySet[Assignment]:
    """The active assignments of a selection of suggestions or assignments (admin actions)."""
    if queryset.model is Assignment:
        return queryset.filter(status=Assignment.Status.ACTIVE)
    return Assignment.objects.filter(suggestion__in=queryset.values("pk"), status=Assignment.Status.ACTIVE)


@transaction.atomic
def assignment_reminders_set_paused(*, assignment: Assignment, paused: bool, actor: Any) -> Assignment:
    """Pause (for example while an extension is pending) or resume the deadline reminders and the
    escalation of one assignment; the overdue level is still marked. Audited on the item."""
    _check_writable(actor, assignment.suggestion)
    changed = (
        Assignment.objects.filter(pk=assignment.pk)
        .exclude(reminders_paused=paused)
        .update(reminders_paused=paused)
    )
    assignment.reminders_paused = paused
    if changed:
        audit_record(
            target=assignment.suggestion,
            action="reminders_paused" if paused else "reminders_resumed",
            actor=actor,
            note=str(assignment.unit),
            data={"assignment": assignment.pk},
        )
    return assignment


def assignment_remind_now(*, assignment: Assignment, actor: Any) -> int:
    """Staff send a reminder by hand to the officers of an active assignment (never de-duplicated: a
    deliberate resend). Returns the number of officers reminded."""
    _check_writable(actor, assignment.suggestion)
    if assignment.status != Assignment.Status.ACTIVE:
        return 0
    suggestion = assignment.suggestion
    facts = {
        "code": suggestion.code,
        "title": suggestion.title,
        "unit": assignment.unit.name,
        "due": assignment.due_date.isoformat() if assignment.due_date else "—",
    }
    count = 0
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        for officer in UnitOfficer.objects.filter(
            unit_id=assignment.unit_id, user__is_active=True
        ).select_related("user"):
            for channel in ("in_app", "email"):
                notify(
                    channel=channel,
                    subject=fill(T.MANUAL_SUBJECT, **facts),
                    body=fill(T.DUE_BODY, **facts),
                    recipient=officer.user,
                    about=suggestion,
                    kind=KIND_MANUAL,
                    link=reverse("unit-item", args=[assignment.pk]),
                )
            count += 1
        audit_record(target=suggestion, action="reminder_sent", actor=actor, note=str(assignment.unit))
    return count
