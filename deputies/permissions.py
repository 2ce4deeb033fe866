"""Who may do what with deputies, their duty record, points, report-backs and liaison; used by the
views, the API and the admin alike.

The dashboard opens for a user who holds the deputy role *and* whose account is linked to a deputy:
taking the user out of the role closes every dashboard page even while the link stays, and a user in
the role whose account is linked to no deputy has no dashboard either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework import permissions as drf_permissions

if TYPE_CHECKING:
    from .models import Deputy, ReportBack

DASHBOARD_PERMISSION = "deputies.use_dashboard"


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


def can_use_dashboard(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm(DASHBOARD_PERMISSION))


def dashboard_deputy(user: Any) -> Deputy | None:
    """The deputy whose dashboard this user may use (role and linked record), or None."""
    if not can_use_dashboard(user):
        return None
    from .models import Deputy

    return Deputy.objects.select_related("term", "area", "delegation").filter(user_id=user.pk).first()


def can_view_deputies(user: Any) -> bool:
    """Committee staff and leaders read every deputy with every field."""
    return _authenticated(user) and bool(user.has_perm("deputies.view_deputy"))


def can_add_deputies(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("deputies.add_deputy"))


def can_change_deputies(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("deputies.change_deputy"))


def can_delete_deputies(user: Any) -> bool:
    """Nobody: a deputy leaves through a status change, so the duty record keeps its owner."""
    return False


def can_manage_delegations(user: Any, action: str = "change") -> bool:
    """Committee staff with the delegation permissions add and change delegations (``action``:
    add or change); deactivating is a change. Nobody deletes one."""
    return _authenticated(user) and bool(user.has_perm(f"deputies.{action}_delegation"))


def can_manage_deputy_groups(user: Any, action: str = "change") -> bool:
    """Likewise for deputy groups and their members."""
    return _authenticated(user) and bool(user.has_perm(f"deputies.{action}_deputygroup"))


def can_add_duty_records(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("deputies.add_dutyrecord"))


def can_change_duty_records(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("deputies.change_dutyrecord"))


def can_adjust_points(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("deputies.add_pointsadjustment"))


def can_freeze_evaluations(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("deputies.add_annualevaluation"))


def can_see_staff_reports(user: Any) -> bool:
    """Rankings, quota lists and liaison coverage: committee staff and leaders, in the admin."""
    return bool(_authenticated(user) and user.is_staff and user.has_perm("deputies.view_dutyscore"))


def can_manage_report_backs(user: Any) -> bool:
    """Committee staff publish a report-back on a deputy's behalf."""
    return _authenticated(user) and bool(user.has_perm("deputies.change_reportback"))


def can_edit_report_back(user: Any, report_back: ReportBack) -> bool:
    """The deputy edits their own draft; staff edit any report-back that is not withdrawn."""
    if report_back.status == "withdrawn":
        return False
    if can_manage_report_backs(user):
        return True
    deputy = dashboard_deputy(user)
    return bool(deputy is not None and deputy.pk == report_back.deputy_id and report_back.status == "draft")


def can_record_committee_contacts(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("deputies.add_liaisoncontact"))


class DeputyApiPermission(drf_permissions.BasePermission):
    """Anyone reads the public fields; staff with the model permissions write (through the services)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in drf_permissions.SAFE_METHODS:
            return True
        if request.method == "POST":
            return can_add_deputies(request.user)
        return can_change_deputies(request.user)


class OrganisationApiPermission(drf_permissions.BasePermission):
    """Delegations and deputy groups in the API: committee staff only, with the model permission
    for what they do (view to read, add to create, change to edit, switch and change members).
    The view names its model through ``permission_model`` ("delegation" or "deputygroup")."""

    ACTIONS = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add"}

    def has_permission(self, request: Any, view: Any) -> bool:
        user: Any = getattr(request, "user", None)
        action = self.ACTIONS.get(request.method, "change")
        if request.method == "POST" and getattr(view, "action", "") not in ("create", None):
            action = "change"  # activate, deactivate and members change an existing row
        model = getattr(view, "permission_model", "")
        return _authenticated(user) and bool(user.is_staff and user.has_perm(f"deputies.{action}_{model}"))
