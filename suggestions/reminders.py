"""The monthly dispatch (月度调度) of key suggestions for committee leaders and its Celery task.

The other reminders of the suggestions app moved to where STYLE.md puts them: the overdue scan and
the very-overdue escalation to ``services/overdue.py``, the weekly digest, the rating reminder and
pause / resume / remind-now to ``services/reminders.py``, their tasks to ``tasks.py``, the staff
actions to ``admin.py`` and the schedules to ``schedules.py``. The task names stay
``suggestions.reminders.*`` so beat rows already in a database keep working.
"""

from __future__ import annotations

import datetime
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef
from django.urls import reverse
from django.utils import translation

from congress import roles
from congress.notifications import texts as T
from congress.notifications.reminders import group_members, reminders_claim, user_messages
from congress.notifications.services import Message, notify_many
from congress.notifications.texts import fill

from .models import Assignment, Suggestion
from .querysets import OPEN_STATUSES

# The overdue scan and its kinds live in services/overdue.py; they stay importable from here for code
# written against the earlier layout.
from .services.overdue import (  # noqa: F401
    KIND_DUE_SOON,
    KIND_OVERDUE,
    KIND_VERY_OVERDUE,
    Window,
    _today,
    overdue_scan,
)

KIND_MONTHLY_KEY_REPORT = "reminder.monthly_key_report"


def _key_report_body(window: Window, limit: int = 200) -> tuple[int, str]:
    lead = Assignment.objects.filter(
        suggestion=OuterRef("pk"), role=Assignment.Role.LEAD, status=Assignment.Status.ACTIVE
    )
    from django.db.models import Subquery

    items = (
        Suggestion.objects.filter(is_key=True, status__in=OPEN_STATUSES)
        .annotate(
            lead_unit=Subquery(lead.values("unit__name")[:1]),
            lead_due=Subquery(lead.values("due_date")[:1]),
            lead_level=Subquery(lead.values("overdue_level")[:1]),
        )
        .order_by("submitted_at", "pk")
    )
    total = items.count()
    levels = dict(Assignment.OverdueLevel.choices)
    statuses = dict(Suggestion._meta.get_field("status").choices or [])
    lines = []
    for item in items[:limit]:
        row: Any = item  # annotated fields
        lines.append(
            f"{item.code} {item.title} — {row.lead_unit or '—'} — "
            f"{statuses.get(item.status, item.status)} — {row.lead_due or '—'}"
            + (f" ({levels[row.lead_level]})" if row.lead_level else "")
        )
    if total > limit:
        lines.append(fill(T.KEY_REPORT_MORE, count=total - limit))
    header = fill(T.KEY_REPORT_HEADER, count=total)
    return total, "\n".join([header, *lines])


def monthly_key_report_send(*, today: datetime.date | None = None) -> int:
    """The monthly dispatch (月度调度) of key suggestions for committee leaders and supervising
    leaders (002:1201–1203): one message per leader and month."""
    window = Window.on(today or _today())
    stage = window.today.strftime("%Y-%m")
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    recipients = dict(group_members(roles.COMMITTEE_LEADER))
    supervising = (
        Suggestion.objects.filter(is_key=True, status__in=OPEN_STATUSES, supervising_leader__is_active=True)
        .values_list("supervising_leader_id", "supervising_leader__email")
        .distinct()
    )
    recipients.update({pk: email or "" for pk, email in supervising})
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        _total, body = _key_report_body(window)
        subject = fill(T.KEY_REPORT_SUBJECT, month=stage)
        with transaction.atomic():
            claimed = reminders_claim(
                model=user_model,
                kind=KIND_MONTHLY_KEY_REPORT,
                keys=[(pk, stage) for pk in sorted(recipients)],
            )
            out: list[Message] = []
            for (user_id, _stage), log_id in claimed.items():
                out += user_messages(
                    log_id=log_id,
                    users=[(user_id, recipients[user_id])],
                    subject=subject,
                    body=body,
                    kind=KIND_MONTHLY_KEY_REPORT,
                    link=reverse("admin:suggestions_suggestion_changelist") + "?is_key__exact=1",
                )
            notify_many(out)
    return len(claimed)


@shared_task(
    name="suggestions.reminders.monthly_key_report", time_limit=600, soft_time_limit=540, ignore_result=True
)
def monthly_key_report_task() -> int:
    return monthly_key_report_send()
