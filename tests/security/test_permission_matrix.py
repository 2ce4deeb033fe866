"""The permission matrix: every role × object type × action, through the pages, the API and the
admin. Outside your scope is a 404 that looks like a missing object, not a 403 that confirms it
exists; guessing another object's id or code reveals nothing.

Each role walks the whole table in one test and every mismatch is reported together, so the table
below reads as the portal's access rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from congress import roles
from congress.notifications.models import Notification
from suggestions import pins, services
from suggestions.models import Assignment, ReplyAttachment, Suggestion, SuggestionPhoto
from tests.factories.core import UnitOfficerFactory, UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import ReceptionFactory
from tests.votes.test_rectification_scope import rectification_owed
from votes.models import Rectification

ROLES = ("anonymous", "citizen", "deputy", "officer", "head", "liaison", "staff", "leader")
OK, HIDDEN, LOGIN, ADMIN_LOGIN, READ_ONLY, REFUSED = "ok", "404", "login", "admin-login", "read-only", "403"


@dataclass
class World:
    item: Suggestion  # addressed to the deputy, at the liaison's station, handled by the officer's unit
    other: Suggestion  # another deputy's, another station's, another unit's
    lead: Assignment
    other_lead: Assignment
    photo: SuggestionPhoto
    other_photo: SuggestionPhoto
    attachment: ReplyAttachment
    other_attachment: ReplyAttachment
    reception: Any
    other_reception: Any
    station: Any
    other_station: Any
    api_key: str
    deputy_slug: str
    co_rectification: Rectification  # owed by a project another unit leads and the officer's co-handles


@pytest.fixture
def world(make, submit, staff, officer, other_officer, deputy_user, liaison, station, unit) -> World:
    other_deputy = DeputyFactory(name="张代表")
    other_station = StationFactory()
    item = make("signed_for", deputy=deputy_user.deputy, station=station)
    lead = Assignment.objects.get(suggestion=item, role="lead")
    services.suggestion_reply(
        assignment=lead,
        actor=officer,
        outcome="A",
        text="经现场核查，路灯已经全部修复完毕。",
        attachments=[ContentFile(b"report A", name="a.txt")],
    )
    other = submit(
        title="另一件事", deputy=other_deputy, station=other_station, submitter_mobile="13700001111"
    )
    other = other.suggestion
    services.suggestion_accept(suggestion=other, actor=staff)
    other_unit = other_officer.unit_officer.unit
    (other_lead,) = services.suggestion_assign(suggestion=other, lead_unit=other_unit, actor=staff)
    services.assignment_sign_for(assignment=other_lead, actor=other_officer)
    services.suggestion_reply(
        assignment=other_lead,
        actor=other_officer,
        outcome="A",
        text="经现场核查，该事项已经办理完毕。",
        attachments=[ContentFile(b"report B", name="b.txt")],
    )
    photo = SuggestionPhoto.objects.create(suggestion=item, image=ContentFile(b"\xff\xd8A", name="a.jpg"))
    other_photo = SuggestionPhoto.objects.create(
        suggestion=other, image=ContentFile(b"\xff\xd8B", name="b.jpg")
    )
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="小程序", kind="wechat", rate="1000/m")
    return World(
        item=Suggestion.objects.get(pk=item.pk),
        other=Suggestion.objects.get(pk=other.pk),
        lead=lead,
        other_lead=other_lead,
        photo=photo,
        other_photo=other_photo,
        attachment=ReplyAttachment.objects.get(reply__suggestion=item),
        other_attachment=ReplyAttachment.objects.get(reply__suggestion=other),
        reception=ReceptionFactory(station=station),
        other_reception=ReceptionFactory(station=other_station),
        station=station,
        other_station=other_station,
        api_key=key,
        deputy_slug=deputy_user.deputy.slug,
        co_rectification=rectification_owed(lead_unit=other_unit, co_unit=unit),
    )


@pytest.fixture
def people(staff, officer, deputy_user, liaison, unit) -> dict[str, Any]:
    head = UserFactory(username="head1")
    head.groups.add(Group.objects.get(name=roles.UNIT_OFFICER))
    UnitOfficerFactory(unit=unit, user=head, is_head=True)
    leader = UserFactory(username="leader1", is_staff=True)
    leader.groups.add(Group.objects.get(name=roles.COMMITTEE_LEADER))
    return {
        "deputy": deputy_user,
        "officer": officer,
        "head": head,
        "liaison": liaison,
        "staff": staff,
        "leader": leader,
    }


def _client_for(role: str, people: dict[str, Any], world: World) -> Client:
    client = Client()
    if role == "citizen":
        response = client.post(
            reverse("track"), {"code": world.item.code, "pin": pins.pin_for(world.item.code)}
        )
        assert response.status_code == 302
    elif role != "anonymous":
        client.force_login(people[role])
    return client


def _outcome(response: Any) -> str:
    code = response.status_code
    if code == 200:
        return OK
    if code == 404:
        return HIDDEN
    if code == 403:
        return REFUSED
    if code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")) or location == reverse("admin:index"):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
        if location.startswith(reverse("track")):
            return HIDDEN  # the tracking form again: the same for an unknown code
        return f"redirect {location}"
    return str(code)


# -- the actions ------------------------------------------------------------------------------------

Action = Callable[[Client, World], Any]


def _get(url: Callable[[World], str]) -> Action:
    return lambda client, w: client.get(url(w))


def _post(url: Callable[[World], str], data: dict[str, Any]) -> Action:
    return lambda client, w: client.post(url(w), data)


def _unchanged_assignment(action: Action, which: str) -> Action:
    """A refused transition also changes nothing."""

    def run(client: Client, w: World) -> Any:
        assignment = getattr(w, which)
        before = Assignment.objects.filter(pk=assignment.pk).values("status", "signed_for_at").first()
        response = action(client, w)
        after = Assignment.objects.filter(pk=assignment.pk).values("status", "signed_for_at").first()
        if _outcome(response) != OK:
            assert before == after, f"{which} changed by a refused request"
        return response

    return run


def _unanswered_rectification(action: Action) -> Action:
    def run(client: Client, w: World) -> Any:
        response = action(client, w)
        rect = Rectification.objects.get(pk=w.co_rectification.pk)
        if _outcome(response) not in (
            OK,
            "redirect " + reverse("votes-unit-project", args=[rect.project.slug]),
        ):
            assert rect.responded_on is None and rect.response == "", (
                "rectification answered by a refused request"
            )
        return response

    return run


ACTIONS: dict[str, Action] = {
    # suggestions through the public tracking pages
    "track: view own case": _get(lambda w: reverse("track-case", args=[w.item.code])),
    "track: view another's case": _get(lambda w: reverse("track-case", args=[w.other.code])),
    # photos and attachments
    "file: own photo": _get(lambda w: reverse("suggestion-photo", args=[w.photo.pk])),
    "file: another's photo": _get(lambda w: reverse("suggestion-photo", args=[w.other_photo.pk])),
    "file: own attachment": _get(lambda w: reverse("suggestion-attachment", args=[w.attachment.pk])),
    "file: another's attachment": _get(
        lambda w: reverse("suggestion-attachment", args=[w.other_attachment.pk])
    ),
    # the unit workbench
    "unit: list inbox": _get(lambda w: reverse("unit-home")),
    "unit: view own unit's item": _get(lambda w: reverse("unit-item", args=[w.lead.pk])),
    "unit: view another unit's item": _get(lambda w: reverse("unit-item", args=[w.other_lead.pk])),
    "unit: reveal contact on another unit's item": _post(
        lambda w: reverse("unit-item", args=[w.other_lead.pk]), {"action": "reveal"}
    ),
    "unit: follow-up on another unit's item": _unchanged_assignment(
        _post(lambda w: reverse("unit-item", args=[w.other_lead.pk]), {"action": "follow_up", "text": "x"}),
        "other_lead",
    ),
    # livelihood projects: a co-unit reports progress but the lead unit answers a rectification
    "project: view a co-handled project": _get(
        lambda w: reverse("votes-unit-project", args=[w.co_rectification.project.slug])
    ),
    "project: answer the lead unit's rectification as a co-unit": _unanswered_rectification(
        _post(
            lambda w: reverse("votes-unit-project", args=[w.co_rectification.project.slug]),
            {"action": "rectification", "response": "由协办单位答复"},
        )
    ),
    # the deputy dashboard
    "deputy: list opinions": _get(lambda w: reverse("opinion-list")),
    "deputy: view an opinion addressed to them": _get(
        lambda w: reverse("opinion-detail", args=[w.item.code])
    ),
    "deputy: view another deputy's opinion": _get(lambda w: reverse("opinion-detail", args=[w.other.code])),
    "deputy: reveal contact on another's opinion": _post(
        lambda w: reverse("opinion-detail", args=[w.other.code]), {"action": "reveal"}
    ),
    # the duty record and points (deputies.permissions)
    "duty: own duty record": _get(lambda w: reverse("dashboard-duty")),
    "duty: staff ranking report": _get(lambda w: reverse("deputy-report-ranking")),
    "duty: another deputy's duty report PDF": _get(
        lambda w: reverse("deputy-report-duty", args=[w.other.deputy.slug])
    ),
    "reports: deputies' quotas": _get(lambda w: reverse("deputy-report-quotas")),
    "reports: deputies' liaison": _get(lambda w: reverse("deputy-report-liaison")),
    "reports: deputies without a station": _get(lambda w: reverse("station-report-unassigned")),
    "reports: station inspection ranking": _get(lambda w: reverse("station-report-ranking")),
    "posters: a station's posters zip": _get(
        lambda w: reverse("station-posters-zip") + f"?station={w.station.slug}"
    ),
    "workbench: the station workbench": _get(lambda w: reverse("station-workbench")),
    "admin: add a duty record": _get(lambda w: reverse("admin:deputies_dutyrecord_add")),
    "admin: adjust points": _get(lambda w: reverse("admin:deputies_pointsadjustment_add")),
    "api: read deputies": _get(lambda w: "/api/v1/deputies/"),
    "api: change a deputy": lambda client, w: client.patch(
        f"/api/v1/deputies/{w.deputy_slug}/", {"occupation": "x"}, content_type="application/json"
    ),
    # the station desk and workbench
    "desk: list own station's items": _get(lambda w: reverse("desk-home")),
    "desk: take down at own station": _get(lambda w: reverse("desk-new", args=[w.station.slug])),
    "desk: take down at another station": _get(lambda w: reverse("desk-new", args=[w.other_station.slug])),
    "desk: open own station's item": _get(lambda w: reverse("desk-item", args=[w.item.code])),
    "desk: open another station's item": _get(lambda w: reverse("desk-item", args=[w.other.code])),
    "desk: reveal contact on another station's item": _post(
        lambda w: reverse("desk-item", args=[w.other.code]), {"action": "reveal"}
    ),
    "workbench: record own station's reception": _get(
        lambda w: reverse("reception-record", args=[w.reception.pk])
    ),
    "workbench: record another station's reception": _get(
        lambda w: reverse("reception-record", args=[w.other_reception.pk])
    ),
    # the admin
    "admin: case page": _get(lambda w: reverse("admin:suggestions_suggestion_case", args=[w.item.pk])),
    "admin: close an item": lambda client, w: client.post(
        reverse("admin:suggestions_suggestion_case", args=[w.other.pk]), {"action": "close"}
    ),
    "admin: changelist of suggestions": _get(lambda w: reverse("admin:suggestions_suggestion_changelist")),
    "admin: export deputies": _get(lambda w: reverse("admin:deputies_deputy_export")),
    "admin: outbox": _get(lambda w: reverse("admin:notifications_notification_changelist")),
    "admin: API clients": _get(lambda w: reverse("admin:apiclients_apiclient_changelist")),
    "admin: users": _get(lambda w: reverse("admin:auth_user_changelist")),
}

# The rules. Unlisted (role, action) pairs are errors in the table itself.
E: dict[str, dict[str, str]] = {role: {} for role in ROLES}


def rule(action: str, **by_role: str) -> None:
    default = by_role.pop("others")
    for role in ROLES:
        E[role][action] = by_role.get(role, default)


rule("track: view own case", citizen=OK, others=HIDDEN)
rule("track: view another's case", others=HIDDEN)
for name in ("file: own photo", "file: own attachment"):
    rule(name, citizen=OK, deputy=OK, officer=OK, head=OK, liaison=OK, staff=OK, leader=OK, others=HIDDEN)
for name in ("file: another's photo", "file: another's attachment"):
    rule(name, staff=OK, leader=OK, others=HIDDEN)
rule("unit: list inbox", anonymous=LOGIN, citizen=LOGIN, officer=OK, head=OK, others=HIDDEN)
rule("unit: view own unit's item", anonymous=LOGIN, citizen=LOGIN, officer=OK, head=OK, others=HIDDEN)
for name in (
    "unit: view another unit's item",
    "unit: reveal contact on another unit's item",
    "unit: follow-up on another unit's item",
):
    rule(name, anonymous=LOGIN, citizen=LOGIN, others=HIDDEN)
rule("project: view a co-handled project", anonymous=LOGIN, citizen=LOGIN, officer=OK, head=OK, others=HIDDEN)
rule(
    "project: answer the lead unit's rectification as a co-unit",
    anonymous=LOGIN,
    citizen=LOGIN,
    others=HIDDEN,
)
rule("deputy: list opinions", anonymous=LOGIN, citizen=LOGIN, deputy=OK, others=HIDDEN)
rule("deputy: view an opinion addressed to them", anonymous=LOGIN, citizen=LOGIN, deputy=OK, others=HIDDEN)
for name in ("deputy: view another deputy's opinion", "deputy: reveal contact on another's opinion"):
    rule(name, anonymous=LOGIN, citizen=LOGIN, others=HIDDEN)
rule("desk: list own station's items", anonymous=LOGIN, citizen=LOGIN, liaison=OK, others=HIDDEN)
rule("desk: take down at own station", anonymous=LOGIN, citizen=LOGIN, liaison=OK, others=HIDDEN)
rule("desk: take down at another station", anonymous=LOGIN, citizen=LOGIN, others=HIDDEN)
rule("desk: open own station's item", anonymous=LOGIN, citizen=LOGIN, liaison=OK, others=HIDDEN)
for name in ("desk: open another station's item", "desk: reveal contact on another station's item"):
    rule(name, anonymous=LOGIN, citizen=LOGIN, others=HIDDEN)
rule(
    "workbench: record own station's reception",
    anonymous=LOGIN,
    citizen=LOGIN,
    liaison=OK,
    staff=OK,
    others=HIDDEN,
)
rule("workbench: record another station's reception", anonymous=LOGIN, citizen=LOGIN, staff=OK, others=HIDDEN)
for name in ("admin: case page", "admin: changelist of suggestions", "admin: outbox"):
    rule(name, staff=OK, leader=OK, others=ADMIN_LOGIN)
# Leaders read everything (DOMAIN.md §2) and lead supervision, but do not handle cases.
rule("admin: close an item", staff=OK, leader=READ_ONLY, others=ADMIN_LOGIN)
# Exports hold the personal data of a whole table: for those who keep the records (admin_guard).
rule("admin: export deputies", staff=OK, leader=REFUSED, others=ADMIN_LOGIN)
# The duty record and points follow deputies.permissions: a deputy sees their own record (others
# have none: 404); rankings and the other staff reports are for staff and leaders (a 404 for the
# rest, like an object outside their scope);
# entries and point adjustments are written by staff only; the API reads public fields for anyone
# and lets staff write (a payload it then refuses on validation shows the permission let it in).
rule("duty: own duty record", anonymous=LOGIN, citizen=LOGIN, deputy=OK, others=HIDDEN)
rule("duty: staff ranking report", anonymous=LOGIN, citizen=LOGIN, staff=OK, leader=OK, others=HIDDEN)
for name in (
    "duty: another deputy's duty report PDF",
    "reports: deputies' quotas",
    "reports: deputies' liaison",
    "reports: deputies without a station",
    "reports: station inspection ranking",
    "posters: a station's posters zip",
):
    rule(name, anonymous=LOGIN, citizen=LOGIN, staff=OK, leader=OK, others=HIDDEN)
rule("workbench: the station workbench", anonymous=LOGIN, citizen=LOGIN, liaison=OK, staff=OK, others=HIDDEN)
for name in ("admin: add a duty record", "admin: adjust points"):
    rule(name, staff=OK, leader=REFUSED, others=ADMIN_LOGIN)
rule("api: read deputies", others=OK)
rule("api: change a deputy", staff="400", others=REFUSED)
# Client keys and user accounts are the system administrator's (superuser), not the committee's.
for name in ("admin: API clients", "admin: users"):
    rule(name, staff=REFUSED, leader=REFUSED, others=ADMIN_LOGIN)


def _admin_outcome(action: str, response: Any) -> str:
    outcome = _outcome(response)
    if response.status_code == 302 and response["Location"] == response.wsgi_request.path:
        return OK  # done, and back to the same page
    if action == "admin: close an item" and outcome == OK:
        text = response.content.decode()
        return READ_ONLY if "只能查看" in text or "You may only read" in text else OK
    return outcome


@pytest.mark.parametrize("role", ROLES)
def test_every_action_of_every_role_matches_the_table(role, world, people):
    client = _client_for(role, people, world)
    wrong = []
    for action, run in ACTIONS.items():
        expected = E[role][action]
        got = _admin_outcome(action, run(client, world))
        if got != expected:
            wrong.append(f"{role} / {action}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_a_guessed_code_or_id_looks_exactly_like_a_missing_one(world, people):
    client = _client_for("deputy", people, world)
    other = client.get(reverse("opinion-detail", args=[world.other.code]))
    missing = client.get(reverse("opinion-detail", args=["ZZZZZZZZ"]))
    assert other.status_code == missing.status_code == 404
    assert _page(other) == _page(missing)
    officer = _client_for("officer", people, world)
    other = officer.get(reverse("unit-item", args=[world.other_lead.pk]))
    missing = officer.get(reverse("unit-item", args=[999999]))
    assert other.status_code == missing.status_code == 404 and _page(other) == _page(missing)


def _page(response: Any) -> str:
    """The page without what differs on every response anyway (CSP nonce, CSRF token)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())


def test_the_public_api_needs_the_code_and_pin_of_the_very_item(world):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {world.api_key}")
    own_pin = pins.pin_for(world.item.code)
    url = "/api/v1/public/suggestions/{}/"
    assert api.post(url.format(world.item.code), {"pin": own_pin}, format="json").status_code == 200
    wrong = api.post(url.format(world.other.code), {"pin": own_pin}, format="json")
    missing = api.post(url.format("ZZZZZZZZ"), {"pin": own_pin}, format="json")
    assert wrong.status_code == missing.status_code == 404 and wrong.data == missing.data
    attachment = f"{url.format(world.item.code)}attachments/{world.other_attachment.pk}/"
    assert api.get(attachment, HTTP_X_TRACKING_PIN=own_pin).status_code == 404


def test_staff_api_lists_are_not_open_to_anonymous_or_unit_officers(world, people):
    deadlines = "/api/v1/calendar/deadlines/"
    assert APIClient().get(deadlines).status_code in (401, 403)
    officer = APIClient()
    officer.force_authenticate(people["officer"])
    assert officer.get(deadlines).status_code == 403


def test_notifications_are_only_read_by_their_recipient(world, people):
    deputy = people["deputy"]
    mine = Notification.objects.filter(recipient=deputy).count()
    assert mine > 0
    client = _client_for("officer", people, world)
    page = client.get(reverse("notifications:inbox")).content.decode()
    for notification in Notification.objects.filter(recipient=deputy):
        assert (
            notification.subject not in page
            or Notification.objects.filter(recipient=people["officer"], subject=notification.subject).exists()
        )
