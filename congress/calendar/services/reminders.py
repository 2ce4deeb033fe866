"""The missing-year reminder: from 1 November, next year's holiday calendar must be loaded."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import sources
from ..models import (
    CalendarNotice,
    CalendarYear,
    Deadline,
)
from .calendar_days import _calendar_year, _notice_resolve, calendar_load_year

STAFF_GROUP = "committee_staff"
# How often the missing-year reminder is emailed again while the year stays missing (default).
REMINDER_INTERVAL = timedelta(days=7)


def _staff_recipients() -> list[str]:
    emails = list(getattr(settings, "STAFF_NOTICE_EMAILS", []))
    emails += list(
        get_user_model()
        .objects.filter(groups__name=STAFF_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(emails))


def calendar_required_years(*, today: date) -> list[int]:
    """The years that must be loaded on ``today``: this year, and next year from 1 November on (the
    State Council usually publishes next year's notice in November or December)."""
    years = [today.year]
    if today.month >= 11:
        years.append(today.year + 1)
    return years


def calendar_check_missing_years(*, today: date | None = None, now: datetime | None = None) -> list[int]:
    """Try to load each required year that is missing from chinesecalendar (a newer release may know
    it); for a year still missing, keep an admin notice and email staff at most once a week.
    Idempotent: running it twice a day sends one email. Returns the years still missing."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    still_missing: list[int] = []
    for year in calendar_required_years(today=today):
        if CalendarYear.objects.filter(year=year, is_loaded=True).exists():
            _notice_resolve(year)
            continue
        if sources.year_data(year) is not None:
            calendar_load_year(year=year)
            continue
        still_missing.append(year)
        _notice_remind(year=year, now=now)
    return still_missing


@transaction.atomic
def _notice_remind(*, year: int, now: datetime) -> CalendarNotice:
    _calendar_year(year)  # lists the year in the admin so staff can load it from there
    message = _(
        "The %(year)d holiday calendar is not loaded. Deadlines that run into %(year)d are provisional "
        "(weekends only). Load it from chinesecalendar or enter the State Council notice (CSV or by hand)."
    ) % {"year": year}
    notice, _created = CalendarNotice.objects.select_for_update().get_or_create(
        year=year, defaults={"message": message}
    )
    if notice.resolved_at is not None or notice.message != message:
        notice.resolved_at = None
        notice.message = message
        notice.save(update_fields=["resolved_at", "message"])
    if notice.last_emailed_at is not None and now - notice.last_emailed_at < REMINDER_INTERVAL:
        return notice
    recipients = _staff_recipients()
    if recipients:
        provisional = Deadline.objects.open().provisional().count()
        body = "\n\n".join(
            [
                message,
                _("Open provisional deadlines: %(count)d.") % {"count": provisional},
                _("Admin: %(url)s") % {"url": f"{settings.PUBLIC_BASE_URL}/admin/workcalendar/calendaryear/"},
            ]
        )
        send_mail(
            subject=_("[%(portal)s] The %(year)d holiday calendar is missing")
            % {"portal": getattr(settings, "PORTAL_NAME", ""), "year": year},
            message=body,
            from_email=None,
            recipient_list=recipients,
        )
    notice.last_emailed_at = now
    notice.save(update_fields=["last_emailed_at"])
    return notice
