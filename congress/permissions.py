"""Who may do what with the shared core's master data (areas, terms, handling units and their
officers); used by views, the API and the admin alike.

A workbench opens only for a user who holds the role *and* is linked to the record the page is
about: an officer account linked to a unit, in the unit-officer group. Taking the user out of the
group closes the page even while the link stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import UnitOfficer

UNIT_WORKBENCH_PERMISSION = "congress.use_unit_workbench"


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


def can_use_unit_workbench(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm(UNIT_WORKBENCH_PERMISSION))


def unit_officer_for(user: Any) -> UnitOfficer | None:
    """The officer link of a user who may use the unit workbench (role and link), or None. The link
    is looked up once per user object (one request), the role every time."""
    if not can_use_unit_workbench(user):
        return None
    from .models import UnitOfficer

    # Kept in Django's cache of the reverse one-to-one, so ``user.unit_officer`` costs nothing more.
    relation = UnitOfficer._meta.get_field("user").remote_field
    if not relation.is_cached(user):
        relation.set_cached_value(
            user, UnitOfficer.objects.select_related("unit").filter(user_id=user.pk).first()
        )
    officer = relation.get_cached_value(user)
    return officer if isinstance(officer, UnitOfficer) else None


def can_manage_handling_units(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("congress.change_handlingunit"))


def can_manage_areas(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("congress.change_area"))
