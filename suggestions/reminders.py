"""Where the reminders of the suggestions app used to live, kept importable for code written against
that layout.

They moved to where STYLE.md puts them: the overdue scan and the very-overdue escalation to
``services/overdue.py``, the weekly digest, the rating reminder and pause / resume / remind-now to
``services/reminders.py``, their tasks to ``tasks.py`` (the task names stay
``suggestions.reminders.*``, so beat rows already in a database keep working), the staff actions to
``admin.py`` and the schedules to ``schedules.py``. The monthly dispatch of key suggestions is a PDF
report now (``congress/reports/monthly.py``).
"""

from __future__ import annotations

from .services.overdue import KIND_DUE_SOON, KIND_OVERDUE, KIND_VERY_OVERDUE, overdue_scan
from .services.reminders import KIND_RATING, KIND_WEEKLY_DIGEST, rating_reminders_send, weekly_digest_send

__all__ = [
    "KIND_DUE_SOON",
    "KIND_OVERDUE",
    "KIND_RATING",
    "KIND_VERY_OVERDUE",
    "KIND_WEEKLY_DIGEST",
    "overdue_scan",
    "rating_reminders_send",
    "weekly_digest_send",
]
