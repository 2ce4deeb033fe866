"""Reminder numbers as data: a ``ReminderPolicy`` row overrides the default named here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import ReminderPolicy

DUE_SOON_WORKING_DAYS = "suggestions.due_soon_working_days"
VERY_OVERDUE_WORKING_DAYS = "suggestions.very_overdue_working_days"
RATING_REMINDER_DAYS = "suggestions.rating_reminder_days"
RECEPTION_DUTY_DAYS_BEFORE = "stations.reception_duty_days_before"

# code: (default, description). Sources: issue 6 "Reminders and escalation" names each default.
DEFAULTS = {
    # Due-soon reminder to the unit officers N working days before the due date (issue 6, default 3).
    DUE_SOON_WORKING_DAYS: (3, _("Due-soon reminder: working days before the due date")),
    # Very overdue when more than N working days past the due date (issue 6, default 5).
    VERY_OVERDUE_WORKING_DAYS: (5, _("Very overdue: working days past the due date")),
    # One rating reminder N calendar days after the reply, never a third message (issue 6, 7 days).
    RATING_REMINDER_DAYS: (7, _("Rating reminder: days after the reply")),
    # Reception-duty reminder N days before the reception (issue 6: the day before).
    RECEPTION_DUTY_DAYS_BEFORE: (1, _("Reception-duty reminder: days before the reception")),
}


def policy_value(code: str) -> int:
    """The staff-edited value, or the default when no row exists."""
    value = ReminderPolicy.objects.filter(code=code).values_list("value", flat=True).first()
    return int(value) if value is not None else int(DEFAULTS[code][0])
