"""The monthly dispatch (月度调度) of key suggestions for committee leaders and supervising leaders
(002:1201–1203): on the first of each month a PDF of the key suggestions, their lead units, state and
supervision is generated, stored as a report, and sent to each leader once per month (bell + email
with the PDF attached)."""

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
from congress.bodies import root_body
from congress.notifications import texts as T
from congress.notifications.reminders import group_members, reminders_claim, user_messages
from congress.notifications.services import Message, notify_many
from congress.notifications.texts import fill
from suggestions import reports as suggestion_data

from .annual import figures_digest, figures_json
from .documents import key_monthly_report
from .models import Report
from .reads import Period, report_database

# The reminder-log kind of the earlier text message: a month already sent is not sent again.
KIND_MONTHLY_KEY_REPORT = "reminder.monthly_key_report"
TASK = "reports.monthly_key_report"


def monthly_key_report_send(*, today: datetime.date | None = None) -> int:
    """Generate the month's dispatch report and send it to every leader not yet sent it this month.
    Returns the number of leaders it was sent to."""
    today = today or timezone.localdate()
    stage = today.strftime("%Y-%m")
    recipients = dict(group_members(roles.COMMITTEE_LEADER))
    recipients.update(dict(suggestion_data.key_supervising_leaders(using=report_database())))
    if not recipients:
        return 0
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    period = Period.month(last_month.year, last_month.month)
    with translation.override(settings.LANGUAGE_CODE):
        figures, pdf = key_monthly_report(today)
        subject = fill(T.KEY_REPORT_SUBJECT, month=stage)
        body = (
            fill(T.KEY_REPORT_HEADER, count=figures["key"]["total"])
            + "\n"
            + _("The dispatch report of %(month)s is attached as a PDF.") % {"month": figures["month"]}
        )
        with transaction.atomic():
            claimed = reminders_claim(
                model=get_user_model(),
                kind=KIND_MONTHLY_KEY_REPORT,
                keys=[(pk, stage) for pk in sorted(recipients)],
            )
            if not claimed:
                return 0
            report = Report.objects.create(
                kind=Report.Kind.KEY_MONTHLY,
                title=subject[:200],
                body=root_body(),  # the city's dispatch, sent to the committee's leaders
                period_start=period.start,
                period_end=period.end,
                status=Report.Status.DONE,
                progress=100,
                figures_sha256=figures_digest(figures),
                finished_at=timezone.now(),
            )
            report.file.save(f"key-suggestions-{figures['month']}.pdf", ContentFile(pdf), save=False)
            report.figures.save(
                f"key-suggestions-{figures['month']}.json", ContentFile(figures_json(figures)), save=False
            )
            report.save(update_fields=["file", "figures"])
            link = reverse("admin:reports_report_download", args=[report.pk, "file"])
            out: list[Message] = []
            for (user_id, _stage), log_id in claimed.items():
                for message in user_messages(
                    log_id=log_id,
                    users=[(user_id, recipients[user_id] or "")],
                    subject=subject,
                    body=body,
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
