"""Quota reminders: a deputy who is behind on a quota rule near the end of its period (month,
quarter, year or term) hears about it once, by the bell and email — ``QuotaRule
.remind_days_before_end`` days before the end (default 7).

Exactly once: one ``ReminderLog`` row per (deputy, rule, period) is claimed in the same transaction
as the notifications (``congress.notifications.reminders``), so a second run, a second beat or two
workers never send it twice, and the next period is a new reminder.
"""

from __future__ import annotations

import datetime
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from congress.notifications.reminders import BATCH_SIZE, content_type_id, keyset_batches, reminders_claim
from congress.notifications.services import Message, notify_many
from congress.schedules import periodic_task_ensure

from .models import Deputy, QuotaRule
from .periods import period_bounds, period_label
from .selectors import quota_behind

KIND_QUOTA = "reminder.quota"

SUBJECT = _("Quota due: %(rule)s, %(period)s")
BODY = _(
    "The period %(period)s of “%(rule)s” ends on %(end)s. You have %(done)s of %(required)s; "
    "%(missing)s still to go."
)


def _in_window(rule: QuotaRule, start: datetime.date, end: datetime.date, today: datetime.date) -> bool:
    days = rule.remind_days_before_end
    return bool(days) and end - datetime.timedelta(days=days) <= today <= end and today >= start


def quota_reminders_send(*, today: datetime.date | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Remind every deputy behind on an active rule whose period ends within its reminder window.
    Returns the number of (deputy, rule, period) reminders written by this run."""
    today = today or timezone.localdate()
    deputy_ct = content_type_id(Deputy)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for rule in QuotaRule.objects.filter(is_active=True, remind_days_before_end__gt=0).order_by("pk"):
            behind = quota_behind(rule, today=today).filter(user__isnull=False, user__is_active=True)
            if rule.period != QuotaRule.Period.TERM:
                start, end = period_bounds(rule.period, today)
                if not _in_window(rule, start, end, today):
                    continue
            for batch in keyset_batches(behind, "done", size=batch_size):
                deputies = {
                    d.pk: d
                    for d in Deputy.objects.filter(pk__in=[row["pk"] for row in batch]).select_related(
                        "term", "user"
                    )
                }
                done = {row["pk"]: row["done"] for row in batch}
                keys: list[tuple[int, str]] = []
                for deputy in deputies.values():
                    start, end = period_bounds(
                        rule.period, today, term_start=deputy.term.starts_on, term_end=deputy.term.ends_on
                    )
                    if _in_window(rule, start, end, today):
                        keys.append((deputy.pk, f"{rule.code}:{start.isoformat()}"))
                with transaction.atomic():
                    claimed = reminders_claim(model=Deputy, kind=KIND_QUOTA, keys=keys)
                    out: list[Message] = []
                    for (deputy_id, stage), log_id in claimed.items():
                        out += _messages(
                            rule, deputies[deputy_id], done[deputy_id], stage, log_id, deputy_ct, today
                        )
                    notify_many(out)
                sent += len(claimed)
    return sent


def _messages(
    rule: QuotaRule, deputy: Deputy, done: int, stage: str, log_id: int, deputy_ct: int, today: datetime.date
) -> list[Message]:
    start, end = period_bounds(
        rule.period, today, term_start=deputy.term.starts_on, term_end=deputy.term.ends_on
    )
    facts: dict[str, Any] = {
        "rule": rule.name,
        "period": period_label(rule.period, start),
        "end": end.isoformat(),
        "done": done,
        "required": rule.required,
        "missing": max(rule.required - done, 0),
    }
    subject, body = str(SUBJECT) % facts, str(BODY) % facts
    common: dict[str, Any] = {
        "content_type_id": deputy_ct,
        "object_id": deputy.pk,
        "kind": KIND_QUOTA,
        "link": reverse("dashboard-duty"),
        "subject": subject,
        "body": body,
        "recipient_id": deputy.user_id,
    }
    out = [Message(channel="in_app", dedupe_key=f"reminder:{log_id}:in_app", **common)]
    address = getattr(deputy.user, "email", "") or deputy.email
    if address:
        out.append(
            Message(channel="email", to_address=address, dedupe_key=f"reminder:{log_id}:email", **common)
        )
    return out


@shared_task(name="deputies.reminders.quotas", time_limit=900, soft_time_limit=840, ignore_result=True)
def quota_reminders_task() -> int:
    return quota_reminders_send()


def ensure_periodic_tasks() -> None:
    # 09:30 local time, after the reception-duty reminders, on every day: each rule's own window
    # decides whether today is a reminder day.
    periodic_task_ensure(
        name=_("Reminders: duty quotas near the end of the period"),
        task="deputies.reminders.quotas",
        minute="30",
        hour="9",
    )
