"""Chainable reads of suggestions and assignments, scoped by who asks."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from congress import roles
from congress.bodies import body_ids_visible_to, body_ids_writable_by
from congress.querysets import BodyScopedQuerySet, SharedOrBodyQuerySet

if TYPE_CHECKING:
    from .models import Assignment, Suggestion  # noqa: F401

# Assignment statuses under which a unit still sees the item (a returned or superseded dispatch is
# history: the unit is no longer responsible).
UNIT_VISIBLE_STATUSES = ("active", "done")
OPEN_STATUSES = (
    "submitted",
    "accepted",
    "assigned",
    "signed_for",
    "returned",
    "replied",
    "follow_up_due",
    "reopened",
    "rated",
)
TRIAGE_STATUSES = ("submitted", "returned")


def is_committee(user: Any) -> bool:
    """Committee staff and leaders (and superusers): they read the items of their bodies and the
    bodies below them (``congress.bodies``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    names = {g.name for g in user.groups.all()}
    return bool(names & {roles.COMMITTEE_STAFF, roles.COMMITTEE_LEADER})


class SuggestionQuerySet(BodyScopedQuerySet):
    def open(self) -> SuggestionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def triage_queue(self) -> SuggestionQuerySet:
        return self.filter(status__in=TRIAGE_STATUSES).order_by("submitted_at", "pk")

    def published(self) -> SuggestionQuerySet:
        return self.filter(is_published=True, status="closed")

    def for_list(self) -> SuggestionQuerySet:
        return self.select_related("category", "area", "deputy", "station")

    def in_bodies(self, body_ids: list[int] | None) -> SuggestionQuerySet:
        """Items handled now by one of these bodies (None: every body)."""
        return self.all() if body_ids is None else self.filter(body_id__in=body_ids)

    def writable_by(self, user: Any) -> SuggestionQuerySet:
        """Items whose current body is one the user may write for (their own bodies)."""
        return self.in_bodies(body_ids_writable_by(user))

    def visible_to(self, user: Any) -> SuggestionQuerySet:
        """Committee: the items of their bodies and of the bodies below them (superusers: all). Unit
        officer: items assigned to their unit. Deputy: items addressed or handed to them and their
        own suggestions. Liaison: their stations' items. Anyone else: none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_committee(user):
            # The body ids are computed once per request and kept on the user object.
            return self.in_bodies(body_ids_visible_to(user))
        from congress.permissions import unit_officer_for
        from stations.permissions import liaison_stations

        q = Q(pk__in=[])
        # Each role counts only while the user holds it and is linked (role and link).
        officer = unit_officer_for(user)
        if officer is not None:
            q |= Q(
                pk__in=models.Subquery(
                    _assignment_model()
                    .objects.filter(unit_id=officer.unit_id, status__in=UNIT_VISIBLE_STATUSES)
                    .values("suggestion_id")
                )
            )
        deputy_ids = _deputy_ids(user)
        if deputy_ids:
            # Every seat of a deputy of two congresses (``Deputy.seat_of``): one login, both bodies.
            q |= (
                Q(deputy_id__in=deputy_ids)
                | Q(handed_to_id__in=deputy_ids)
                | Q(lead_deputy_id__in=deputy_ids)
                | Q(cosigners__id__in=deputy_ids)
            )
        station_ids = list(liaison_stations(user).values_list("pk", flat=True))
        if station_ids:
            q |= Q(station_id__in=station_ids)
        return self.filter(pk__in=models.Subquery(self.model.objects.filter(q).values("pk")))


def _deputy_ids(user: Any) -> list[int]:
    """The user's deputy seats: the one linked to the account and any seat pointing at it. One
    query."""
    from deputies.models import Deputy
    from deputies.permissions import can_use_dashboard

    if not can_use_dashboard(user):
        return []
    return list(
        Deputy.objects.filter(Q(user=user) | Q(seat_of__user=user))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _assignment_model() -> type[Assignment]:
    from .models import Assignment

    return Assignment


class AssignmentQuerySet(BodyScopedQuerySet):
    body_paths = ("suggestion__body",)

    def active(self) -> AssignmentQuerySet:
        return self.filter(status="active")

    def for_unit(self, unit_id: int) -> AssignmentQuerySet:
        return self.filter(unit_id=unit_id, status__in=UNIT_VISIBLE_STATUSES)

    def overdue(self, *, on: datetime.date) -> AssignmentQuerySet:
        return self.active().filter(due_date__lt=on)

    def due_soon(self, *, on: datetime.date, days: int) -> AssignmentQuerySet:
        return self.active().filter(due_date__gte=on, due_date__lte=on + datetime.timedelta(days=days))


class SuggestionRecordQuerySet(BodyScopedQuerySet):
    """Replies, commitments, supervision, ratings, photos and access logs: the item's body's."""

    body_paths = ("suggestion__body",)


class RejectionReasonQuerySet(SharedOrBodyQuerySet):
    def active(self) -> RejectionReasonQuerySet:
        return self.filter(is_active=True)
