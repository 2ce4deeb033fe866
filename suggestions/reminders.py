"""Reminders and escalation of the suggestions app (issue 6), their Celery tasks and their schedules.

* Overdue scan (every 10 minutes): marks ``Assignment.overdue_level`` with three set-based
  UPDATEs (overdue: due date before today; very overdue: more than N working days past it, N a
  ``ReminderPolicy``, default 5), then sends, on working days, the due-soon reminder (N working days
  before the due date, default 3) to the unit officers, the overdue reminder to the officers and the
  unit head, and the very-overdue escalation: a supervision case for the supervising leader (through
  ``services.supervision_record``) and a message to the committee staff.
* Weekly digest per handling unit, and one rating reminder N days (default 7) after a reply — never
  a third message. (The monthly dispatch of key suggestions is a PDF report: congress/reports.)

Every reminder is claimed in ``ReminderLog`` under a unique (object, kind, stage) key in the same
transaction as its notifications (see ``congress.notifications.reminders``): reruns, a second beat,
two workers or a crash halfway never send twice, and a rerun sends the rest. Paused assignments
(``reminders_paused``) get no deadline reminder and no escalation; their level is still marked.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from celery import shared_task
from django.conf import settings
from django.contrib import admin, messages
from django.db import connection, transaction
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation

from congress import roles
from congress.audit import audit_record
from congress.calendar.selectors import work_calendar
from congress.models import HandlingUnit, UnitOfficer
from congress.notifications import texts as T
from congress.notifications.models import ReminderLog
from congress.notifications.policies import (
    DUE_SOON_WORKING_DAYS,
    RATING_REMINDER_DAYS,
    VERY_OVERDUE_WORKING_DAYS,
    policy_value,
)
from congress.notifications.reminders import (
    BATCH_SIZE,
    content_type_id,
    group_members,
    keyset_batches,
    reminders_claim,
    user_messages,
)
from congress.notifications.services import Message, notify, notify_many
from congress.notifications.texts import fill
from congress.schedules import periodic_task_ensure

from . import services, workflow
from .models import Assignment, Kind, Rating, Reply, Suggestion, Supervision

KIND_DUE_SOON = "reminder.due_soon"
KIND_OVERDUE = "reminder.overdue"
KIND_VERY_OVERDUE = "reminder.very_overdue"
KIND_WEEKLY_DIGEST = "reminder.weekly_digest"
KIND_RATING = "reminder.rating"
KIND_MANUAL = "reminder.manual"

ASSIGNMENT_FIELDS = (
    "due_date",
    "role",
    "unit_id",
    "unit__name",
    "suggestion_id",
    "suggestion__code",
    "suggestion__title",
    "suggestion__supervising_leader_id",
    "suggestion__supervising_leader__email",
)


def _today() -> datetime.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Window:
    """The dates one scan counts with, computed once with the working-day calendar."""

    today: datetime.date
    due_soon_until: datetime.date  # due on or before this (and not before today): due soon
    very_overdue_before: datetime.date  # due before this: more than N working days overdue

    @classmethod
    def on(cls, today: datetime.date) -> Window:
        calendar = work_calendar()
        return cls(
            today=today,
            due_soon_until=calendar.add_working_days(today, policy_value(DUE_SOON_WORKING_DAYS)),
            # add_working_days(today, -N) is the N-th working day before today; an item due on it is
            # exactly N working days overdue, one due earlier more than N.
            very_overdue_before=calendar.add_working_days(today, -policy_value(VERY_OVERDUE_WORKING_DAYS)),
        )


@dataclass
class ScanResult:
    cleared: int = 0
    marked_overdue: int = 0
    marked_very_overdue: int = 0
    sent: dict[str, int] = field(default_factory=dict)


# -- marking -----------------------------------------------------------------------------------


def overdue_mark(*, window: Window) -> ScanResult:
    """Three set-based UPDATEs; each touches only rows whose level changes (an extension that moved
    the due date forward clears the level)."""
    active = Assignment.objects.filter(status=Assignment.Status.ACTIVE)
    result = ScanResult()
    result.cleared = (
        active.filter(overdue_level__gt=Assignment.OverdueLevel.NONE)
        .filter(Q(due_date__isnull=True) | Q(due_date__gte=window.today))
        .update(overdue_level=Assignment.OverdueLevel.NONE)
    )
    result.marked_overdue = (
        active.filter(due_date__lt=window.today, due_date__gte=window.very_overdue_before)
        .exclude(overdue_level=Assignment.OverdueLevel.OVERDUE)
        .update(overdue_level=Assignment.OverdueLevel.OVERDUE)
    )
    result.marked_very_overdue = (
        active.filter(due_date__lt=window.very_overdue_before)
        .exclude(overdue_level=Assignment.OverdueLevel.VERY_OVERDUE)
        .update(overdue_level=Assignment.OverdueLevel.VERY_OVERDUE)
    )
    return result


# -- deadline reminders --------------------------------------------------------------------------


def _not_logged(queryset: QuerySet[Assignment], kind: str) -> QuerySet[Assignment]:
    logged = ReminderLog.objects.filter(
        content_type_id=content_type_id(Assignment),
        object_id=OuterRef("pk"),
        kind=kind,
        stage=Cast(OuterRef("due_date"), output_field=CharField()),
    )
    return queryset.filter(~Exists(logged))


def due_soon_candidates(window: Window) -> QuerySet[Assignment]:
    return _not_logged(
        Assignment.objects.filter(
            status=Assignment.Status.ACTIVE,
            reminders_paused=False,
            due_date__gte=window.today,
            due_date__lte=window.due_soon_until,
        ),
        KIND_DUE_SOON,
    )


def overdue_candidates(window: Window) -> QuerySet[Assignment]:
    return _not_logged(
        Assignment.objects.filter(
            status=Assignment.Status.ACTIVE,
            reminders_paused=False,
            overdue_level=Assignment.OverdueLevel.OVERDUE,
            due_date__lt=window.today,
        ),
        KIND_OVERDUE,
    )


def very_overdue_candidates(window: Window) -> QuerySet[Assignment]:
    return _not_logged(
        Assignment.objects.filter(
            status=Assignment.Status.ACTIVE,
            reminders_paused=False,
            overdue_level=Assignment.OverdueLevel.VERY_OVERDUE,
            due_date__lt=window.very_overdue_before,
        ),
        KIND_VERY_OVERDUE,
    )


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


def _send_assignment_batch(kind: str, rows: list[dict[str, Any]], window: Window) -> int:
    """Claim and notify one batch; the caller holds the transaction. Returns reminders claimed."""
    claimed = reminders_claim(
        model=Assignment, kind=kind, keys=[(row["pk"], row["due_date"].isoformat()) for row in rows]
    )
    if not claimed:
        return 0
    mine = [row for row in rows if (row["pk"], row["due_date"].isoformat()) in claimed]
    officers = _officers({row["unit_id"] for row in mine}) if kind != KIND_VERY_OVERDUE else {}
    staff = group_members(roles.COMMITTEE_STAFF) if kind == KIND_VERY_OVERDUE else []
    suggestion_ct = content_type_id(Suggestion)
    suggestions = (
        Suggestion.objects.in_bulk([row["suggestion_id"] for row in mine])
        if kind == KIND_VERY_OVERDUE
        else {}
    )
    out: list[Message] = []
    for row in mine:
        log_id = claimed[(row["pk"], row["due_date"].isoformat())]
        about = (suggestion_ct, row["suggestion_id"])
        facts = {
            "code": row["suggestion__code"],
            "title": row["suggestion__title"],
            "unit": row["unit__name"],
            "due": row["due_date"].isoformat(),
        }
        unit_link = reverse("unit-item", args=[row["pk"]])
        if kind == KIND_DUE_SOON:
            people = officers.get(row["unit_id"], [])
            # Due soon goes to the officers who handle the item; the head only when there is no one else.
            handlers = [p for p in people if not p[2]] or people
            out += user_messages(
                log_id=log_id,
                users=[(p[0], p[1]) for p in handlers],
                subject=fill(T.DUE_SOON_SUBJECT, **facts),
                body=fill(T.DUE_BODY, **facts),
                kind=kind,
                link=unit_link,
                about=about,
            )
        elif kind == KIND_OVERDUE:
            out += user_messages(
                log_id=log_id,
                users=[(p[0], p[1]) for p in officers.get(row["unit_id"], [])],
                subject=fill(T.OVERDUE_SUBJECT, **facts),
                body=fill(T.OVERDUE_BODY, **facts),
                kind=kind,
                link=unit_link,
                about=about,
            )
        else:
            suggestion = suggestions[row["suggestion_id"]]
            leader_id = row["suggestion__supervising_leader_id"]
            services.supervision_record(
                suggestion=suggestion,
                kind=Supervision.Kind.LEADER if leader_id else Supervision.Kind.OFFICE,
                method=Supervision.Method.WRITTEN,
                held_on=window.today,
                note=fill(T.VERY_OVERDUE_NOTE, **facts, days=policy_value(VERY_OVERDUE_WORKING_DAYS)),
                actor=None,
            )
            admin_link = reverse("admin:suggestions_suggestion_change", args=[row["suggestion_id"]])
            subject = fill(T.VERY_OVERDUE_SUBJECT, **facts)
            body = fill(T.VERY_OVERDUE_BODY, **facts)
            recipients = list(staff)
            if leader_id and leader_id not in {user_id for user_id, _email in recipients}:
                recipients.insert(0, (leader_id, row["suggestion__supervising_leader__email"] or ""))
            out += user_messages(
                log_id=log_id,
                users=recipients,
                subject=subject,
                body=body,
                kind=kind,
                link=admin_link,
                about=about,
            )
    notify_many(out)
    return len(claimed)


def _run_batches(kind: str, candidates: QuerySet[Assignment], window: Window, batch_size: int) -> int:
    """One transaction per batch: claim, write notifications (and supervision cases), commit."""
    sent = 0
    after = 0
    while True:
        with transaction.atomic():
            rows = list(
                candidates.filter(pk__gt=after).order_by("pk").values("pk", *ASSIGNMENT_FIELDS)[:batch_size]
            )
            if not rows:
                return sent
            after = rows[-1]["pk"]
            sent += _send_assignment_batch(kind, rows, window)


@contextmanager
def _only_one(name: str) -> Iterator[bool]:
    """A session-level advisory lock: a scan started while another still runs (a long catch-up, two
    beats) returns at once instead of doing the same work. Released at the end, or by PostgreSQL when
    a killed worker's connection closes. Correctness never depends on it: the log does that."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [name])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])


def overdue_scan(
    *, today: datetime.date | None = None, batch_size: int = BATCH_SIZE, exclusive: bool = True
) -> ScanResult:
    """The overdue scan (every 10 minutes): mark levels, then send what is owed. Safe to run any
    number of times, concurrently too; with ``exclusive`` a run that finds another one running
    returns at once (an empty result)."""
    if exclusive:
        with _only_one("suggestions.reminders.overdue_scan") as acquired:
            return (
                overdue_scan(today=today, batch_size=batch_size, exclusive=False)
                if acquired
                else ScanResult()
            )
    window = Window.on(today or _today())
    with transaction.atomic():
        result = overdue_mark(window=window)
    # Units work on working days: a reminder owed on a weekend or holiday goes out on the next
    # working day (the log makes it a catch-up, not a repeat).
    if not work_calendar().is_working_day(window.today):
        return result
    with translation.override(settings.LANGUAGE_CODE):
        result.sent[KIND_DUE_SOON] = _run_batches(
            KIND_DUE_SOON, due_soon_candidates(window), window, batch_size
        )
        result.sent[KIND_OVERDUE] = _run_batches(KIND_OVERDUE, overdue_candidates(window), window, batch_size)
        result.sent[KIND_VERY_OVERDUE] = _run_batches(
            KIND_VERY_OVERDUE, very_overdue_candidates(window), window, batch_size
        )
    return result


# -- weekly digest and monthly key-suggestion report ---------------------------------------------


def weekly_digest_send(*, today: datetime.date | None = None, batch_size: int = BATCH_SIZE) -> int:
    """One digest per handling unit and ISO week: open items, due soon, overdue (set-based counts)."""
    window = Window.on(today or _today())
    year, week, _weekday = window.today.isocalendar()
    stage = f"{year}-W{week:02d}"
    stats = (
        Assignment.objects.filter(status=Assignment.Status.ACTIVE)
        .values("unit_id")
        .annotate(
            open=Count("pk"),
            due_soon=Count("pk", filter=Q(due_date__gte=window.today, due_date__lte=window.due_soon_until)),
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


def rating_candidates(*, now: datetime.datetime) -> QuerySet[Reply]:
    days = policy_value(RATING_REMINDER_DAYS)
    logged = ReminderLog.objects.filter(
        content_type_id=content_type_id(Reply), object_id=OuterRef("pk"), kind=KIND_RATING
    )
    return Reply.objects.filter(
        is_follow_up=False,
        replied_at__lte=now - datetime.timedelta(days=days),
        round=F("suggestion__reopen_count"),
        suggestion__status__in=workflow.RATABLE_STATES,
    ).filter(~Exists(logged))


def rating_reminders_send(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """One reminder, N days (default 7) after a reply, to whoever has not rated it yet: the submitter
    (SMS and email) and the deputies concerned (bell and SMS). The invitation went with the reply;
    the log keeps this one to one per reply, so nobody ever gets a third message."""
    now = now or timezone.now()
    days = policy_value(RATING_REMINDER_DAYS)
    sent = 0
    suggestion_ct = content_type_id(Suggestion)
    with translation.override(settings.LANGUAGE_CODE):
        for batch in keyset_batches(rating_candidates(now=now), "suggestion_id", "round", size=batch_size):
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
                    facts = {"code": suggestion.code, "days": days}
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
                        for channel, address in (
                            ("sms", suggestion.submitter_mobile),
                            ("email", suggestion.submitter_email),
                        ):
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
                        if deputy.user_id:
                            out.append(
                                Message(
                                    channel="in_app",
                                    subject=subject,
                                    body=body,
                                    recipient_id=deputy.user_id,
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


def _active_assignments(queryset: QuerySet[Any]) -> QuerySet[Assignment]:
    if queryset.model is Assignment:
        return queryset.filter(status=Assignment.Status.ACTIVE)
    return Assignment.objects.filter(suggestion__in=queryset.values("pk"), status=Assignment.Status.ACTIVE)


@transaction.atomic
def assignment_reminders_set_paused(*, assignment: Assignment, paused: bool, actor: Any) -> Assignment:
    """Pause (for example while an extension is pending) or resume the deadline reminders and the
    escalation of one assignment; the overdue level is still marked. Audited on the item."""
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


@admin.action(description=T.PAUSE_ACTION)
def pause_reminders_action(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    """Admin action for SuggestionAdmin or AssignmentAdmin."""
    assignments = list(_active_assignments(queryset).select_related("suggestion", "unit"))
    for assignment in assignments:
        assignment_reminders_set_paused(assignment=assignment, paused=True, actor=request.user)
    modeladmin.message_user(
        request,
        fill(T.PAUSED_MESSAGE, count=len(assignments)),
        messages.SUCCESS,
    )


@admin.action(description=T.RESUME_ACTION)
def resume_reminders_action(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    assignments = list(_active_assignments(queryset).select_related("suggestion", "unit"))
    for assignment in assignments:
        assignment_reminders_set_paused(assignment=assignment, paused=False, actor=request.user)
    modeladmin.message_user(
        request,
        fill(T.RESUMED_MESSAGE, count=len(assignments)),
        messages.SUCCESS,
    )


@admin.action(description=T.REMIND_NOW_ACTION)
def remind_now_action(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    assignments = list(_active_assignments(queryset).select_related("suggestion", "unit"))
    officers = sum(assignment_remind_now(assignment=a, actor=request.user) for a in assignments)
    modeladmin.message_user(request, fill(T.REMINDED_MESSAGE, count=officers), messages.SUCCESS)


# -- Celery tasks ------------------------------------------------------------------------------


@shared_task(
    name="suggestions.reminders.overdue_scan", time_limit=1800, soft_time_limit=1700, ignore_result=True
)
def overdue_scan_task() -> dict[str, int]:
    result = overdue_scan()
    return {
        "cleared": result.cleared,
        "overdue": result.marked_overdue,
        "very_overdue": result.marked_very_overdue,
        **result.sent,
    }


@shared_task(
    name="suggestions.reminders.weekly_digest", time_limit=900, soft_time_limit=840, ignore_result=True
)
def weekly_digest_task() -> int:
    return weekly_digest_send()


@shared_task(name="suggestions.reminders.rating", time_limit=900, soft_time_limit=840, ignore_result=True)
def rating_reminders_task() -> int:
    return rating_reminders_send()


# -- schedules (django-celery-beat; created once, staff edits are kept) ---------------------------

SCHEDULES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    # name, task, crontab fields (Asia/Shanghai)
    (
        "Reminders: overdue scan and deadline reminders",
        "suggestions.reminders.overdue_scan",
        # Every 10 minutes: an item assigned with a past due date is reminded within ten minutes, and
        # the marking follows midnight. The reminder log keeps each reminder to one however often it
        # runs; unit reminders are bell and email only (no SMS at night), and a run with nothing new
        # owed costs a few index scans (docs/reminders.md has the figures at 1,000,000 items).
        {"minute": "*/10", "hour": "*", "day_of_week": "*", "day_of_month": "*"},
    ),
    (
        "Reminders: weekly digest per handling unit",
        "suggestions.reminders.weekly_digest",
        {"minute": "0", "hour": "8", "day_of_week": "1", "day_of_month": "*"},
    ),
    (
        "Reminders: rating reminder after a reply",
        "suggestions.reminders.rating",
        {"minute": "0", "hour": "10", "day_of_week": "*", "day_of_month": "*"},
    ),
)


def ensure_periodic_tasks() -> None:
    for name, task, fields in SCHEDULES:
        periodic_task_ensure(name=name, task=task, **fields)
