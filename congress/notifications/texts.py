"""The words of the reminders, kept in this app's catalogue so one zh-hans file holds every reminder
text whichever app's scan sends it. Use ``fill(TEXT, **facts)``."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def fill(text: Promise | str, **facts: Any) -> str:
    """The translated text (in the active language) with its placeholders filled."""
    return str(text) % facts


# Deadline reminders to handling units (suggestions/services/overdue.py).
DUE_SOON_SUBJECT = _("Reply due soon: case %(code)s")
DUE_BODY = _("Case %(code)s (%(title)s) assigned to %(unit)s is due on %(due)s.")
OVERDUE_SUBJECT = _("Reply overdue: case %(code)s")
OVERDUE_BODY = _(
    "Case %(code)s (%(title)s) assigned to %(unit)s was due on %(due)s and has not been replied to. "
    "Please reply, or ask for an extension."
)
VERY_OVERDUE_SUBJECT = _("Very overdue, supervision opened: case %(code)s")
VERY_OVERDUE_BODY = _(
    "Case %(code)s (%(title)s) assigned to %(unit)s was due on %(due)s and is still not replied to. "
    "A supervision case has been opened."
)
VERY_OVERDUE_NOTE = _(
    "Opened automatically: %(unit)s is more than %(days)d working days past the due date %(due)s."
)
MANUAL_SUBJECT = _("Reminder from the committee: case %(code)s")

# Digests and reports.
DIGEST_SUBJECT = _("Weekly digest %(week)s: %(unit)s")
DIGEST_BODY = _("Items open: %(open)d; due within the next working days: %(due_soon)d; overdue: %(overdue)d.")
KEY_REPORT_SUBJECT = _("Monthly dispatch of key suggestions, %(month)s")
KEY_REPORT_HEADER = _("Key suggestions open: %(count)d.")
KEY_REPORT_MORE = _("… and %(count)d more.")

# Rating reminder.
RATING_SUBJECT = _("Please rate the reply to case %(code)s")
RATING_BODY_SUBMITTER = _(
    "Case %(code)s was replied to %(days)d days ago. Open the tracking page with your code and PIN to "
    "rate the reply."
)
RATING_BODY_DEPUTY = _("Case %(code)s was replied to %(days)d days ago; please rate the reply.")

# Reception duty (stations.reminders).
RECEPTION_SUBJECT = _("Reception duty on %(date)s at %(station)s")
RECEPTION_BODY = _(
    "You are on duty at the reception of %(station)s (%(address)s) on %(date)s, %(start)s–%(end)s."
)

# Admin actions on items (wired into the suggestions admin).
PAUSE_ACTION = _("Pause reminders of the selected items")
RESUME_ACTION = _("Resume reminders of the selected items")
REMIND_NOW_ACTION = _("Remind the handling units now")
PAUSED_MESSAGE = _("Reminders paused on %(count)d assignments.")
RESUMED_MESSAGE = _("Reminders resumed on %(count)d assignments.")
REMINDED_MESSAGE = _("Reminder sent to %(count)d unit officers.")
