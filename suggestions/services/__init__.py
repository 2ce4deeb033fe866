"""Every write of the suggestions app (DOMAIN.md §5). Views, the API, the admin, the CSV import, tasks
and the demo all come through here.

Rules and their sources:

* States and allowed moves are data in ``workflow.MOVES``; ``suggestion_transition`` is the only code
  that changes ``Suggestion.status`` (row lock, table check, event row).
* Time limits come from the calendar's deadline policies (``opinion.triage``, ``opinion.reply``,
  ``deputy_suggestion.reply``, ``co_unit.views``, ``reopened.reply``, ``assignment.return_window``).
* A reply goes to whoever raised the item and to every co-signing deputy ("谁提出、反馈谁", 002:1101).
* 不满意 reopens an item once, then a second rating; a second 不满意 opens a supervision case
  (002:1257–1259).
"""

from __future__ import annotations

from ._common import (
    MOBILE_RE,
    POLICY_CO_VIEWS,
    POLICY_DEPUTY_REPLY,
    POLICY_OPINION_REPLY,
    POLICY_REOPENED,
    POLICY_RETURN_WINDOW,
    POLICY_TRIAGE,
    PUBLIC_CHANNELS,
    code_is_wellformed,
    deputies_concerned,
    normalise_code,
)
from .assignment import (
    assignment_return,
    assignment_sign_for,
    assignment_views_submit,
    suggestion_assign,
)
from .deadlines import (
    assignment_extension_decide,
    assignment_extension_request,
    assignments_due_dates_sync,
)
from .history import (
    HistoryRecord,
    HistoryResult,
    history_steps,
    suggestions_history_import,
)
from .intake import (
    SubmissionInput,
    Submitted,
    deputy_suggestion_file,
    intake_body_id,
    suggestion_submit,
    suggestion_validate,
)
from .personal_data import (
    Contact,
    contact_reveal,
    photo_stash_cleanup,
    pin_matches,
    suggestion_anonymise,
    suggestions_anonymise_expired,
)
from .ratings import (
    PHONE_IN_TEXT,
    suggestion_close,
    suggestion_default_public_text,
    suggestion_publish,
    suggestion_rate,
    suggestion_unpublish,
    supervision_record,
)
from .reasons import REJECTION_REASON_FIELDS, REJECTION_REASON_UPDATE_FIELDS, rejection_reason_save
from .replies import (
    CommitmentInput,
    commitment_keep,
    suggestion_follow_up,
    suggestion_reply,
)
from .textindex import suggestion_text_index, suggestions_text_backfill, term_frequencies_refresh
from .transfer import suggestion_transfer
from .transition import (
    suggestion_transition,
)
from .triage import (
    suggestion_accept,
    suggestion_categorise,
    suggestion_hand_to_deputy,
    suggestion_mark_key,
    suggestion_merge,
    suggestion_reject,
    suggestion_take_up,
)

__all__ = [
    "MOBILE_RE",
    "PHONE_IN_TEXT",
    "POLICY_CO_VIEWS",
    "POLICY_DEPUTY_REPLY",
    "POLICY_OPINION_REPLY",
    "POLICY_REOPENED",
    "POLICY_RETURN_WINDOW",
    "POLICY_TRIAGE",
    "PUBLIC_CHANNELS",
    "REJECTION_REASON_FIELDS",
    "REJECTION_REASON_UPDATE_FIELDS",
    "CommitmentInput",
    "Contact",
    "HistoryRecord",
    "HistoryResult",
    "SubmissionInput",
    "Submitted",
    "assignment_extension_decide",
    "assignment_extension_request",
    "assignment_return",
    "assignment_sign_for",
    "assignment_views_submit",
    "assignments_due_dates_sync",
    "code_is_wellformed",
    "commitment_keep",
    "contact_reveal",
    "deputies_concerned",
    "deputy_suggestion_file",
    "history_steps",
    "intake_body_id",
    "normalise_code",
    "photo_stash_cleanup",
    "pin_matches",
    "rejection_reason_save",
    "suggestion_accept",
    "suggestion_anonymise",
    "suggestion_assign",
    "suggestion_categorise",
    "suggestion_close",
    "suggestion_default_public_text",
    "suggestion_follow_up",
    "suggestion_hand_to_deputy",
    "suggestion_mark_key",
    "suggestion_merge",
    "suggestion_publish",
    "suggestion_rate",
    "suggestion_reject",
    "suggestion_reply",
    "suggestion_submit",
    "suggestion_take_up",
    "suggestion_text_index",
    "suggestion_transfer",
    "suggestion_transition",
    "suggestion_unpublish",
    "suggestion_validate",
    "suggestions_anonymise_expired",
    "suggestions_history_import",
    "suggestions_text_backfill",
    "supervision_record",
    "term_frequencies_refresh",
]
