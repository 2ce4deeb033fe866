"""What ``/api/v1/`` lists: every group of endpoints with one line on what it holds and who may use
it, and the OpenAPI schema and its documentation page (both served by the portal itself).

Paths are plain strings (the core imports no domain app); ``tests/core/test_api_root.py`` walks the
URL map and fails when an endpoint under ``/api/v1/`` belongs to no group here."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PREFIX = "/api/v1/"


@dataclass(frozen=True)
class ApiGroup:
    path: str  # below /api/v1/; every endpoint whose path starts with it belongs to the group
    description: Promise
    access: Promise
    example: str = ""  # a path to open when the group's own path needs a parameter


PUBLIC = _("public (reading)")
PUBLIC_STAFF_WRITES = _("public reading; staff with the permission write (signed in)")
STAFF = _("committee staff (signed in)")
CLIENT_APP = _("registered client applications (API key); tracking also needs the PIN")
CLIENT_APP_BOOKING = _("registered client applications (API key)")

API_GROUPS: tuple[ApiGroup, ...] = (
    ApiGroup(
        "deputies/", _("Deputies: the public directory; staff create and edit entries"), PUBLIC_STAFF_WRITES
    ),
    ApiGroup("delegations/", _("Delegations of a term: staff create, edit and deactivate them"), STAFF),
    ApiGroup(
        "deputy-groups/",
        _("Deputy groups and their members: staff create, edit, deactivate and change members"),
        STAFF,
    ),
    ApiGroup(
        "stations/", _("Deputies' homes and liaison stations, with address and position"), PUBLIC_STAFF_WRITES
    ),
    ApiGroup(
        "receptions/",
        _("Reception days of the stations; staff plan, cancel and record them"),
        PUBLIC_STAFF_WRITES,
    ),
    ApiGroup(
        "public/suggestions/",
        _("Citizens' opinions: submit one, follow it with its tracking code and PIN, rate the reply"),
        CLIENT_APP,
    ),
    ApiGroup("public/categories/", _("Categories to choose from when submitting an opinion"), PUBLIC),
    ApiGroup("public/areas/", _("Districts, streets and communities to choose from"), PUBLIC),
    ApiGroup("public/cases/", _("Cases published with the submitter's consent"), PUBLIC),
    ApiGroup(
        "public/receptions/",
        _("Book a place at a reception day (add the reception's number to the address)"),
        CLIENT_APP_BOOKING,
        "public/receptions/{id}/bookings/",
    ),
    ApiGroup(
        "public/bookings/",
        _("Cancel a booking with its booking code"),
        CLIENT_APP_BOOKING,
        "public/bookings/{code}/cancel/",
    ),
    ApiGroup(
        "calendar/working-days/",
        _("Working days between two dates under the holiday calendar"),
        PUBLIC,
        "calendar/working-days/?start=2026-10-01&end=2026-10-31",
    ),
    ApiGroup(
        "calendar/due-date/",
        _("The due date of a time limit, with the reason day by day"),
        PUBLIC,
        "calendar/due-date/?start=2026-12-01&amount=15&unit=working_days",
    ),
    ApiGroup("calendar/days/", _("Holidays and make-up working days of the calendar"), PUBLIC),
    ApiGroup("calendar/deadlines/", _("Running time limits of every item and why they fall due"), STAFF),
    ApiGroup(
        "votes/projects/", _("Livelihood projects chosen by the deputies' ballot and their progress"), PUBLIC
    ),
    ApiGroup(
        "votes/ballots/",
        _("Published result of a ballot (add the ballot's code to the address)"),
        PUBLIC,
        "votes/ballots/{slug}/",
    ),
)

# The schema and its documentation page: listed as documentation, not as a group.
DOCUMENTATION_PATHS = ("schema/", "docs/", "redoc/")
