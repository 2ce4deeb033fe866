"""Whose reports a user reads and generates (DOMAIN.md §11): a body's staff and leaders get their
body's reports — its own work and, as a roll-up, its descendants' — and those of any body below it;
never a sibling's or a parent's. A body outside the user's scope is not found (404), like a missing
report."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.http import Http404

from congress.bodies import bodies_visible_to, body_ids_visible_to, root_body
from congress.models import Body

from .models import Report


def report_bodies(user: Any) -> QuerySet[Body]:
    """The bodies whose reports the user may read and generate, the highest first."""
    return bodies_visible_to(user).order_by(Length("path"), "sort_order", "path")


def default_body(user: Any) -> Body | None:
    """The body a user's report is of unless they choose another: their highest body."""
    return report_bodies(user).first()


def body_of(user: Any, value: Any) -> Body:
    """The body chosen by a ``body`` parameter (or the user's highest body when none is given);
    anything outside the user's bodies, or not a body id at all, is a 404."""
    if value in (None, ""):
        body = default_body(user)
    else:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            raise Http404 from None
        body = report_bodies(user).filter(pk=pk).first()
    if body is None:
        raise Http404
    return body


def visible_reports(user: Any) -> QuerySet[Report]:
    """Reports of the bodies the user sees; one written before there were bodies (no body) is the
    root's."""
    ids = body_ids_visible_to(user)
    reports = Report.objects.all()
    if ids is None:
        return reports
    condition = Q(body_id__in=ids)
    if root_body().pk in ids:
        condition |= Q(body__isnull=True)
    return reports.filter(condition)
