"""Who may read and generate reports; used by the admin views and the tests alike.

Committee staff generate documents and read the statistics; committee leaders read both but generate
nothing; unit officers, deputies and liaisons have no access (they are not admin users)."""

from __future__ import annotations

from typing import Any


def _staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def can_view_statistics(user: Any) -> bool:
    return _staff(user) and user.has_perm("reports.view_statistics")


def can_view_reports(user: Any) -> bool:
    return _staff(user) and user.has_perm("reports.view_report")


def can_generate_reports(user: Any) -> bool:
    return _staff(user) and user.has_perm("reports.generate_report")
