"""Who may do what with ballots and projects; used by views, the API and the admin alike."""

from __future__ import annotations

from typing import Any

from .models import Project


def officer_unit_id(user: Any) -> int | None:
    """The unit of a user who may use the unit workbench (role and link, in the core)."""
    from congress.permissions import unit_officer_for

    officer = unit_officer_for(user)
    return officer.unit_id if officer is not None else None


def can_report_progress(user: Any, project: Project) -> bool:
    """Officers of the lead unit or of a co-unit report progress."""
    unit_id = officer_unit_id(user)
    if unit_id is None:
        return False
    return unit_id == project.lead_unit_id or project.co_units.filter(pk=unit_id).exists()


def can_respond_rectification(user: Any, project: Project) -> bool:
    return officer_unit_id(user) == project.lead_unit_id


def can_run_ballots(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False) and user.has_perm("votes.change_ballot"))


def can_enter_paper_count(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False) and user.has_perm("votes.add_papertally"))
