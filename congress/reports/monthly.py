"""The monthly dispatch (月度调度) of key suggestions for committee leaders and supervising leaders
(002:1201–1203): on the first of each month each body's PDF of the key suggestions (its own and its
lower bodies'), their lead units, state and supervision is generated, stored as a report of that
body, and sent to the body's leaders once per month (bell + email with the PDF attached)."""

from __future__ import annotations

import dataclasses
import datetime

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress import roles
from congress.bodies import role_holders_by_body
from congress.models import Body
from congress.notifications import texts as T
from congress.notifications.reminders import reminders_claim, user_messages
from congress.notifications.services import Message, notify_many
from congress.notifications.texts import fill
from suggestions import reports as suggestion_data

from .annual import figures_digest, figures_json
from .documents import key_monthly_report
from .models import Report
from .reads import Period, Scope, report_database

# The reminder-log kind of the earlier text message: a month already sent is not sent again.
KIND_MONTHLY_KEY_REPORT = "reminder.monthly_key_report"
TASK = "reports.monthly_key_report"


def _recipients_by_body() -> dict[int, dict[int, str]]:
    """Who gets each body's report: the body's leaders, and the supervising leaders of the open key
    items the body handles."""
    found = role_holders_by_body(roles.COMMITTEE_LEADER)
    for user_id, email, body_id in suggestion_data.key_supervising_leaders(using=report_database()):
        found.setdefault(body_id, {})[user_id] = email or ""
    return found


def _stage(month: str, body: Body) -> str:
    """The reminder-log stage: the month for the root body (as before bodies), month@body for others,
    so a leader of two bodies gets each body's report once."""
    return month if body.parent_id is None else f"{month}@{body.pk}"


def monthly_key_report_send(*, today: datetime.date | None = None) -> int:
    """Generate each body's dispatch report for the month (its own and its lower bodies' key
    suggestions, 分级督办, 004) and send it to the body's leaders not yet sent it this month. Returns
    the number of (leader, body) reports sent."""
    today = today or timezone.localdate()
    recipients = _recipients_by_body()
    sent = 0
    for body in Body.objects.filter(pk__in=list(recipients)).order_by("path"):
        sent += _send_for_body(body, recipients[body.pk], today)
    return sent


def _send_for_body(body: Body, recipients: dict[int, str], today: datetime.date) -> int:
    month = today.strftime("%Y-%m")
    stage = _stage(month, body)
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    period = Period.month(last_month.year, last_month.month)
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        claimed = reminders_claim(
            model=get_user_model(),
            kind=KIND_MONTHLY_KEY_REPORT,
            keys=[(pk, stage) for pk in sorted(recipients)],
        )
        if not claimed:
            return 0
        figures, pdf = key_monthly_report(today, scope=Scope.of(body))
        subject = fill(T.KEY_REPORT_SUBJECT, month=month)
        if body.parent_id is not None:
            subject = _("%(subject)s (%(body)s)") % {"subject": subject, "body": body.short_name or body.name}
        text = (
            fill(T.KEY_REPORT_HEADER, count=figures["key"]["total"])
            + "\n"
            + _("The dispatch report of %(month)s is attached as a PDF.") % {"month": figures["month"]}
        )
        report = Report.objects.create(
            kind=Report.Kind.KEY_MONTHLY,
            title=subject[:200],
            body=body,
            period_start=period.start,
            period_end=period.end,
            status=Report.Status.DONE,
            progress=100,
            figures_sha256=figures_digest(figures),
            finished_at=timezone.now(),
        )
        name = f"key-suggestions-{figures['month']}-{body.pk}"
        report.file.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.figures.save(f"{name}.json", ContentFile(figures_json(figures)), save=False)
        report.save(update_fields=["file", "figures"])
        link = reverse("admin:reports_report_download", args=[report.pk, "file"])
        out: list[Message] = []
        for (user_id, _stage_key), log_id in claimed.items():
            for message in user_messages(
                log_id=log_id,
                users=[(user_id, recipients[user_id] or "")],
                subject=subject,
                body=text,
                kind=KIND_MONTHLY_KEY_REPORT,
                link=link,
            ):
                out.append(
                    dataclasses.replace(message, attachment=report.file.name)
                    if message.channel == "email"
                    else message
                )
        notify_many(out)
    return len(claimed)


@shared_task(name=TASK, time_limit=900, soft_time_limit=840, ignore_result=True)
def monthly_key_report_task() -> int:
    return monthly_key_report_send()
