"""Reception-duty reminder (issue 6): the deputies on duty hear about a planned reception the day
before (``ReminderPolicy`` ``stations.reception_duty_days_before``, default 1), by the bell and SMS.

One ``ReminderLog`` row per (reception, date, deputy) makes it exactly once, also when the task runs
twice or two workers race; a reception moved to another date is reminded again for the new date.
"""

from __future__ import annotations

import datetime
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from congress.notifications import texts as T
from congress.notifications.policies import RECEPTION_DUTY_DAYS_BEFORE, policy_groups
from congress.notifications.reminders import BATCH_SIZE, content_type_id, keyset_batches, reminders_claim
from congress.notifications.services import Message, notify_many
from congress.notifications.texts import fill
from congress.schedules import periodic_task_ensure

from .models import Reception

KIND_RECEPTION_DUTY = "reminder.reception_duty"


def reception_duty_reminders_send(*, today: datetime.date | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Remind the duty deputies of the planned receptions ``days_before`` days ahead. Returns the
    number of (reception, deputy) reminders written by this run."""
    today = today or timezone.localdate()
    # N days ahead, N being the number of the body that runs the station (docs/reminders.md).
    ahead = Q()
    for group in policy_groups(RECEPTION_DUTY_DAYS_BEFORE):
        part = Q(date=today + datetime.timedelta(days=group[RECEPTION_DUTY_DAYS_BEFORE]))
        if group.body_ids is not None:
            part &= Q(station__body_id__in=group.body_ids)
        ahead |= part
    receptions = Reception.objects.filter(ahead, status=Reception.Status.PLANNED)
    reception_ct = content_type_id(Reception)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for batch in keyset_batches(receptions, size=batch_size):
            ids = [row["pk"] for row in batch]
            with transaction.atomic():
                rows = list(
                    Reception.objects.filter(pk__in=ids)
                    .select_related("station")
                    .prefetch_related("duty_deputies")
                    .order_by("pk")
                )
                keys: list[tuple[int, str]] = []
                for reception in rows:
                    keys += [
                        (reception.pk, f"{reception.date}:{d.pk}") for d in reception.duty_deputies.all()
                    ]
                claimed = reminders_claim(model=Reception, kind=KIND_RECEPTION_DUTY, keys=keys)
                out: list[Message] = []
                for reception in rows:
                    for deputy in reception.duty_deputies.all():
                        log_id = claimed.get((reception.pk, f"{reception.date}:{deputy.pk}"))
                        if log_id is None:
                            continue
                        out += _messages(reception, deputy, log_id, reception_ct)
                notify_many(out)
                sent += len(claimed)
    return sent


def _messages(reception: Reception, deputy: Any, log_id: int, reception_ct: int) -> list[Message]:
    facts = {
        "station": reception.station.name,
        "address": reception.station.address,
        "date": reception.date.isoformat(),
        "start": reception.start_time.strftime("%H:%M"),
        "end": reception.end_time.strftime("%H:%M"),
    }
    subject = fill(T.RECEPTION_SUBJECT, **facts)
    body = fill(T.RECEPTION_BODY, **facts)
    common: dict[str, Any] = {
        "content_type_id": reception_ct,
        "object_id": reception.pk,
        "kind": KIND_RECEPTION_DUTY,
    }
    out = []
    if deputy.user_id:
        out.append(
            Message(
                channel="in_app",
                subject=subject,
                body=body,
                recipient_id=deputy.user_id,
                # The duty panel of the dashboard, whose button checks in (a form: the check-in
                # address itself only takes a POST).
                link=reverse("dashboard") + "#reception-duty",
                dedupe_key=f"reminder:{log_id}:in_app",
                **common,
            )
        )
    out.append(
        Message(
            channel="sms",
            subject=subject,
            body=body,
            to_address=deputy.phone,
            dedupe_key=f"reminder:{log_id}:sms",
            **common,
        )
    )
    return out


@shared_task(
    name="stations.reminders.reception_duty", time_limit=600, soft_time_limit=540, ignore_result=True
)
def reception_duty_reminders_task() -> int:
    return reception_duty_reminders_send()


def ensure_periodic_tasks() -> None:
    # 09:00 local time: the day before, early enough for a deputy to arrange a replacement.
    periodic_task_ensure(
        name=_("Reminders: reception duty the day before"),
        task="stations.reminders.reception_duty",
        minute="0",
        hour="9",
    )
