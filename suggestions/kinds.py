"""The kinds of notification and reminder this app writes, and their names for staff."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def kind_code(key: str) -> str:
    """The stable kind of a notification about an item: the key without the id after a colon
    (``reply:12`` → ``suggestion.reply``); the id stays in the de-duplication key."""
    return f"suggestion.{key.split(':', 1)[0]}"


LABELS = {
    "suggestion.received": _("Receipt to the submitter"),
    "suggestion.assigned": _("Item assigned to a unit"),
    "suggestion.rejected": _("Item not accepted"),
    "suggestion.merged": _("Item merged into another"),
    "suggestion.transferred": _("Item transferred to another body"),
    "suggestion.reopened": _("Item to be handled again"),
    "suggestion.supervision_case": _("Supervision case"),
    "suggestion.addressed": _("Opinion addressed to a deputy"),
    "suggestion.handed": _("Opinion handed to a deputy"),
    "suggestion.reply": _("Reply from a unit"),
    "suggestion.returned": _("Assignment returned by a unit"),
    "suggestion.extension": _("Request for more time"),
    "suggestion.views": _("Views asked of a co-handling unit"),
    "suggestion.hotspot": _("Hotspot of similar items"),
    "reminder.due_soon": _("Reminder: due soon"),
    "reminder.overdue": _("Reminder: overdue"),
    "reminder.very_overdue": _("Reminder: long overdue"),
    "reminder.weekly_digest": _("Weekly digest to a unit"),
    "reminder.rating": _("Reminder to rate a reply"),
    "reminder.manual": _("Reminder sent by staff"),
}
