"""Every write of the calendar app goes through these functions (one write path).

Rules (民法典 第二百零一条至第二百零三条; the counting itself is in ``engine``):

* ``calendar_days``: a calendar change recomputes every open deadline whose window contains a changed
  day, in the same transaction, and audits each moved item.
* ``deadlines``: deadlines start, stop, are recomputed and extended (within the policy's maximum,
  decided by committee staff).
* ``reminders``: from 1 November staff are reminded until next year's calendar is loaded.
"""

from .calendar_days import (
    CalendarImportError,
    YearLoadResult,
    calendar_csv_parse,
    calendar_day_delete,
    calendar_day_set,
    calendar_day_validate,
    calendar_import_csv,
    calendar_load_year,
    calendar_year_save,
    calendar_year_set_loaded,
)
from .deadlines import (
    DeadlineChange,
    DeadlineStart,
    deadline_close,
    deadline_create,
    deadline_policy_override,
    deadline_policy_override_validate,
    deadline_policy_save,
    deadlines_recompute,
    deadlines_start,
    deadlines_start_bulk,
    extension_decide,
    extension_request,
    extension_validate,
)
from .reminders import (
    REMINDER_INTERVAL,
    STAFF_GROUP,
    calendar_check_missing_years,
    calendar_required_years,
)

__all__ = [
    "REMINDER_INTERVAL",
    "STAFF_GROUP",
    "CalendarImportError",
    "DeadlineChange",
    "DeadlineStart",
    "YearLoadResult",
    "calendar_check_missing_years",
    "calendar_csv_parse",
    "calendar_day_delete",
    "calendar_day_set",
    "calendar_day_validate",
    "calendar_import_csv",
    "calendar_load_year",
    "calendar_required_years",
    "calendar_year_save",
    "calendar_year_set_loaded",
    "deadline_close",
    "deadline_create",
    "deadline_policy_override",
    "deadline_policy_override_validate",
    "deadline_policy_save",
    "deadlines_recompute",
    "deadlines_start",
    "deadlines_start_bulk",
    "extension_decide",
    "extension_request",
    "extension_validate",
]
