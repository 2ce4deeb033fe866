"""The one write path of the ballot cycle, by concern: ``cycles`` (the cycle and its proposals),
``ballots`` (ballots, votes, tallies, counting, rectifications) and ``projects`` (the elected
projects). Every function takes keyword-only arguments and raises ``DomainError`` with a translated
message when a rule refuses the operation; callers import them from here."""

from __future__ import annotations

from .ballots import (
    attendance_record_paper,
    ballot_create,
    ballot_entitled_set,
    ballot_runoff_create,
    ballot_transition,
    entitled_deputies,
    margin_validate,
    paper_marks_valid,
    paper_tally_save,
    quorum_errors,
    rectification_respond,
    satisfaction_rate,
    share_text,
    vote_cast,
)
from .cycles import (
    collection_is_open,
    collection_window_validate,
    cycle_create,
    cycle_record_approval,
    cycle_save,
    cycle_term_validate,
    cycle_transition,
    proposal_assess,
    proposal_from_suggestion,
    proposal_score,
    proposal_submit,
    proposal_transition,
)
from .projects import (
    inspection_record,
    milestones_remind,
    project_carry_over,
    project_create,
    project_progress_report,
)

__all__ = [
    "attendance_record_paper",
    "ballot_create",
    "ballot_entitled_set",
    "ballot_runoff_create",
    "ballot_transition",
    "collection_is_open",
    "collection_window_validate",
    "cycle_create",
    "cycle_record_approval",
    "cycle_save",
    "cycle_term_validate",
    "cycle_transition",
    "entitled_deputies",
    "inspection_record",
    "margin_validate",
    "milestones_remind",
    "paper_marks_valid",
    "paper_tally_save",
    "project_carry_over",
    "project_create",
    "project_progress_report",
    "proposal_assess",
    "proposal_from_suggestion",
    "proposal_score",
    "proposal_submit",
    "proposal_transition",
    "quorum_errors",
    "rectification_respond",
    "satisfaction_rate",
    "share_text",
    "vote_cast",
]
