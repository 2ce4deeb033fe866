"""The state machine of a suggestion as data (DOMAIN.md §5; 003:625 登记受理 → 分类交办 → 跟踪督办 →
答复反馈 → 办结销号). Pure: no database, no Django models.

``MOVES[state][action]`` is the set of states an action may lead to from ``state``. The transition
service refuses anything not in this table.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

SUBMITTED = "submitted"
ACCEPTED = "accepted"
REJECTED = "rejected"
MERGED = "merged"
ASSIGNED = "assigned"
SIGNED_FOR = "signed_for"
RETURNED = "returned"
REPLIED = "replied"
FOLLOW_UP_DUE = "follow_up_due"
REOPENED = "reopened"
RATED = "rated"
CLOSED = "closed"

STATES = (
    SUBMITTED,
    ACCEPTED,
    REJECTED,
    MERGED,
    ASSIGNED,
    SIGNED_FOR,
    RETURNED,
    REPLIED,
    FOLLOW_UP_DUE,
    REOPENED,
    RATED,
    CLOSED,
)

MOVES: dict[str, dict[str, frozenset[str]]] = {
    SUBMITTED: {
        "accept": frozenset({ACCEPTED}),
        "reject": frozenset({REJECTED}),
        "merge": frozenset({MERGED}),
        # Passed up or down to another body (DOMAIN.md §11), which triages it afresh.
        "transfer": frozenset({SUBMITTED}),
    },
    ACCEPTED: {
        "assign": frozenset({ASSIGNED}),
        "reject": frozenset({REJECTED}),
        "merge": frozenset({MERGED}),
        # A deputy takes the item up as a formal suggestion; the citizen follows the new case.
        "take_up": frozenset({MERGED}),
        "transfer": frozenset({SUBMITTED}),
    },
    RETURNED: {
        "assign": frozenset({ASSIGNED}),
        "reject": frozenset({REJECTED}),
        "merge": frozenset({MERGED}),
        "transfer": frozenset({SUBMITTED}),
    },
    ASSIGNED: {
        "sign_for": frozenset({SIGNED_FOR}),
        "return": frozenset({RETURNED}),
        "reassign": frozenset({ASSIGNED}),
    },
    SIGNED_FOR: {
        "reply": frozenset({REPLIED, FOLLOW_UP_DUE}),
        "return": frozenset({RETURNED}),
        "reassign": frozenset({ASSIGNED}),
    },
    FOLLOW_UP_DUE: {
        "follow_up": frozenset({REPLIED}),
        # A rating while the follow-up is owed is recorded; 不满意 reopens it.
        "rate": frozenset({FOLLOW_UP_DUE, REOPENED}),
        "reassign": frozenset({ASSIGNED}),
    },
    REPLIED: {
        "rate": frozenset({RATED, REOPENED}),
        "close": frozenset({CLOSED}),
        "reassign": frozenset({ASSIGNED}),
    },
    REOPENED: {
        "reply": frozenset({REPLIED, FOLLOW_UP_DUE}),
        "reassign": frozenset({ASSIGNED}),
    },
    RATED: {
        # Another rater (a co-signing deputy) may still rate; a first 不满意 reopens.
        "rate": frozenset({RATED, REOPENED}),
        "close": frozenset({CLOSED}),
    },
    REJECTED: {},
    MERGED: {},
    CLOSED: {},
}

ACTION_LABELS = {
    "submit": pgettext_lazy("suggestion step", "Received"),
    # An item of the office's past brought in from its ledger: received then, no notice sent now.
    "import": pgettext_lazy("suggestion step", "Imported from the office's records"),
    "accept": pgettext_lazy("suggestion step", "Accepted"),
    "reject": pgettext_lazy("suggestion step", "Not accepted"),
    "merge": pgettext_lazy("suggestion step", "Merged into another case"),
    "take_up": pgettext_lazy("suggestion step", "Taken up by a deputy as a formal suggestion"),
    "assign": pgettext_lazy("suggestion step", "Sent to the handling unit"),
    "reassign": pgettext_lazy("suggestion step", "Sent to another handling unit"),
    "sign_for": pgettext_lazy("suggestion step", "Signed for by the handling unit"),
    "return": pgettext_lazy("suggestion step", "Returned by the handling unit"),
    "reply": pgettext_lazy("suggestion step", "Replied"),
    "follow_up": pgettext_lazy("suggestion step", "Follow-up reply"),
    "rate": pgettext_lazy("suggestion step", "Rated"),
    "close": pgettext_lazy("suggestion step", "Closed"),
    "transfer": pgettext_lazy("suggestion step", "Transferred to another body"),
    # Steps that are not moves of the state machine but are written to the history.
    "merged_in": pgettext_lazy("suggestion step", "Another item merged into this case"),
    "hand_to_deputy": pgettext_lazy("suggestion step", "Passed to a deputy"),
    "categorise": pgettext_lazy("suggestion step", "Category set"),
    "mark_key": pgettext_lazy("suggestion step", "Marked as a key suggestion"),
    "unmark_key": pgettext_lazy("suggestion step", "No longer a key suggestion"),
    "co_sign_for": pgettext_lazy("suggestion step", "Signed for by a co-unit"),
    "co_return": pgettext_lazy("suggestion step", "Returned by a co-unit"),
    "co_views": pgettext_lazy("suggestion step", "Views of a co-unit given"),
    "extension_requested": pgettext_lazy("suggestion step", "More time asked for"),
    "commitment_kept": pgettext_lazy("suggestion step", "Commitment kept"),
    "supervise": pgettext_lazy("suggestion step", "Supervised by the committee"),
    "supervision_case": pgettext_lazy("suggestion step", "Taken up as a supervision case"),
    "auto_dispatch": pgettext_lazy("suggestion step", "Dispatched automatically, to be checked by staff"),
    "auto_dispatch_checked": pgettext_lazy("suggestion step", "Automatic dispatch checked by staff"),
    "publish": pgettext_lazy("suggestion step", "Published"),
    "unpublish": pgettext_lazy("suggestion step", "Withdrawn from publication"),
}

# States in which the handling unit owes a reply, and states a rating may be given in.
REPLY_STATES = frozenset({SIGNED_FOR, REOPENED})
RATABLE_STATES = frozenset({REPLIED, FOLLOW_UP_DUE, RATED})
TERMINAL_STATES = frozenset({REJECTED, MERGED, CLOSED})
# States from which an item may be transferred to another body: before any unit holds it (new,
# accepted, or returned by its unit). It lands in the receiving body's triage as a new item.
TRANSFER_STATES = frozenset(state for state, moves in MOVES.items() if "transfer" in moves)


def allowed_targets(state: str, action: str) -> frozenset[str]:
    return MOVES.get(state, {}).get(action, frozenset())


def is_allowed(state: str, action: str, target: str) -> bool:
    return target in allowed_targets(state, action)


def actions_from(state: str) -> list[str]:
    return sorted(MOVES.get(state, {}))


def rating_target(*, state: str, unsatisfied: bool, reopen_count: int, max_reopens: int) -> str:
    """Where a rating leads: the first 不满意 reopens (once, 002:1257–1259); otherwise the item is
    rated, or stays awaiting its follow-up reply."""
    if unsatisfied and reopen_count < max_reopens:
        return REOPENED
    if state == FOLLOW_UP_DUE:
        return FOLLOW_UP_DUE
    return RATED


def reply_target(outcome: str) -> str:
    """Outcome B (being solved or planned) owes a follow-up reply (004:17)."""
    return FOLLOW_UP_DUE if outcome == "B" else REPLIED


# An assignment is a unit's task in one round. While active it ends once: the unit replies or gives
# its views as co-unit (done), returns it as misrouted within the return window (returned), or the
# committee gives the item to another unit or opens a new round (superseded). An ended assignment
# never comes back: a new round is a new assignment.
ASSIGNMENT_ACTIVE = "active"
ASSIGNMENT_MOVES: dict[str, frozenset[str]] = {
    ASSIGNMENT_ACTIVE: frozenset({"done", "returned", "superseded"}),
    "done": frozenset(),
    "returned": frozenset(),
    "superseded": frozenset(),
}


def assignment_can_move(current: str, target: str) -> bool:
    return target in ASSIGNMENT_MOVES.get(current, frozenset())
