"""Who may do what with suggestions; used by views, the API and the admin alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from congress import roles

from .querysets import UNIT_VISIBLE_STATUSES, is_committee

if TYPE_CHECKING:
    from congress.models import UnitOfficer
    from deputies.models import Deputy

    from .models import Suggestion


def officer_of(user: Any) -> UnitOfficer | None:
    """The unit officer link of a user who may use the workbench (role and link, in the core)."""
    from congress.permissions import unit_officer_for

    return unit_officer_for(user)


def deputy_of(user: Any) -> Deputy | None:
    from deputies.selectors import deputy_for_user

    return deputy_for_user(user)


def is_staff_member(user: Any) -> bool:
    """Committee staff triage, assign, supervise and publish (in the admin)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.groups.filter(name=roles.COMMITTEE_STAFF).exists())


def is_liaison(user: Any) -> bool:
    from stations.permissions import liaison_stations

    return bool(getattr(user, "is_authenticated", False) and liaison_stations(user).exists())


def can_reveal_contact(user: Any, suggestion: Suggestion) -> bool:
    """Roles that need a submitter's contact: committee staff and leaders, officers of a unit handling
    the item, the deputy it is addressed or handed to, and liaisons of its station."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_committee(user):
        return True
    officer = officer_of(user)
    if (
        officer is not None
        and suggestion.assignments.filter(unit_id=officer.unit_id, status__in=UNIT_VISIBLE_STATUSES).exists()
    ):
        return True
    deputy = deputy_of(user)
    if deputy is not None:
        from deputies.selectors import seat_ids_of

        # Every seat of a deputy of two congresses (the item may be addressed to the other seat).
        addressed = {suggestion.deputy_id, suggestion.handed_to_id} - {None}
        if deputy.pk in addressed or (addressed and seat_ids_of(deputy.pk).filter(pk__in=addressed).exists()):
            return True
    from stations.permissions import liaison_stations

    return bool(suggestion.station_id and liaison_stations(user).filter(pk=suggestion.station_id).exists())
