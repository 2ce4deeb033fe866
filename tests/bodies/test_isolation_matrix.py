"""The isolation matrix (docs/bodies.md): every route of the URLconf, every API route and every
admin model, page and action, walked as the people of one district (甲区) against the rows of its
sibling (乙区) and of its own street below it (甲街道).

* A sibling's row is not found: a 404 for a page or API route that names it, a list that does not
  show it, a changelist, search, export and autocomplete that do not list it, and an admin action
  or page over it that is a 404 — while nothing of the sibling's changes.
* The district's staff read their street's rows but write none of them: a POST of the change page,
  a delete, every admin action, every page form and every API write is refused and the rows stay
  as they were.

Nothing here is a hand list of routes or models: they come from ``get_resolver()``, the API routers
(routed through the same URLconf) and ``admin.site._registry``. What is not checked is named in an
exemption table with the reason, and a test fails when an exemption names a route or a model that
no longer exists, or when a new route or admin appears that is neither covered nor exempt."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from congress.admin_bodies import BodyScopedAdminMixin, GenericScopedAdminMixin
from congress.bodies import body_paths_of
from congress.calendar.models import Deadline, DeadlineExtension
from congress.models import AuditEvent, Body
from congress.notifications.models import Notification, ReminderLog
from deputies.models import Delegation, Deputy, DeputyGroup, ReportBack
from stations.models import Reception, Station
from suggestions.models import Assignment, ReplyAttachment, Suggestion, SuggestionPhoto
from votes.models import Ballot, Project

from .world import BodyWorld, body_world

pytestmark = pytest.mark.django_db

MINE, SIBLING, CHILD = "甲区自有", "乙区专属", "甲街专属"
VIEWERS = ("staff", "leader", "officer", "liaison", "deputy")

# -- what is exempt, and why --------------------------------------------------------------------------

# Admin models that belong to no body: they are the whole city's shared data or the system's.
ADMIN_EXEMPT: dict[str, str] = {
    "auth.User": "accounts are the system administrator's (superuser only, test_permission_matrix)",
    "auth.Group": "roles are the system administrator's (superuser only)",
    "axes.AccessAttempt": "login lockouts: system security records, superuser only",
    "axes.AccessFailureLog": "login failures: system security records, superuser only",
    "axes.AccessLog": "logins: system security records, superuser only",
    "otp_totp.TOTPDevice": "each account's authenticator: the system administrator's",
    "apiclients.ApiClient": "API client keys: the system administrator's (test_permission_matrix)",
    "django_celery_beat.ClockedSchedule": "the task schedule of the one deployment",
    "django_celery_beat.CrontabSchedule": "the task schedule of the one deployment",
    "django_celery_beat.IntervalSchedule": "the task schedule of the one deployment",
    "django_celery_beat.PeriodicTask": "the task schedule of the one deployment",
    "django_celery_beat.SolarSchedule": "the task schedule of the one deployment",
    "congress.WorkerHeartbeat": "the workers' health, no body's work",
    "congress.AuditChainHead": "the end of the audit trail's SM3 chain: the whole trail's integrity",
    "congress.Area": "the city's map of administrative areas, shared by every body",
    "deputies.PointsDimension": "the city's duty-points rules, one set for every deputy",
    "deputies.PointsItem": "the city's duty-points rules, one set for every deputy",
    "deputies.QuotaRule": "the city's duty quotas, one set for every deputy",
    "stations.Checklist": "the province's standard a station is checked against, shared",
    "stations.ChecklistItem": "the province's standard a station is checked against, shared",
    "notifications.ReminderPolicy": "reminder numbers: every body's defaults and a body's own",
    "workcalendar.CalendarDay": "the State Council's working calendar, one for the country",
    "workcalendar.CalendarYear": "the State Council's working calendar, one for the country",
    "workcalendar.CalendarNotice": "the State Council's working calendar, one for the country",
    "workcalendar.DeadlinePolicy": "deadline policies: every body's defaults and a body's own",
    "reports.Report": "scoped by congress/reports itself: a report is for those who see its body",
}

# Rows a parent body's staff change by design.
PARENT_WRITES: dict[str, str] = {
    "congress.Body": "a body is set up and changed by the staff of its parent (docs/bodies.md)",
    "stations.Inspection": "the upper committee inspects the stations its lower bodies run (001)",
}

# Admins whose change page only sends to the case page (it never saves): the case page's forms are
# refused to a parent by tests/bodies/test_scope.py.
CHANGE_IS_CASE_PAGE = {"suggestions.Suggestion", "suggestions.TriageItem"}

# Routes anyone may use, or whose object is the visitor's own by construction.
ROUTE_EXEMPT: dict[str, str] = {
    "home": "the public home page",
    "healthz": "health probe",
    "healthz-ready": "health probe",
    "healthz-live": "health probe",
    "healthz/": "health probe",
    "healthz/ready/": "health probe",
    "healthz/live/": "health probe",
    "login": "the login form",
    "two-factor": "the visitor's own second factor",
    "logout": "the visitor's own session",
    "password_change": "the visitor's own password",
    "password_change_done": "the visitor's own password",
    "password_reset": "the visitor's own password",
    "password_reset_done": "the visitor's own password",
    "password_reset_confirm": "a signed link to the visitor's own password",
    "password_reset_complete": "the visitor's own password",
    "set_language": "the visitor's language",
    "captcha-image": "picture codes of the public forms",
    "captcha-image-2x": "picture codes of the public forms",
    "captcha-audio": "picture codes of the public forms",
    "captcha-refresh": "picture codes of the public forms",
    "api-root": "the API's index",
    "api-schema": "the API's description",
    "api-docs": "the API's description",
    "api-redoc": "the API's description",
    "working-days": "the working calendar, one for the country",
    "due-date": "the working calendar, one for the country",
    "day-list": "the working calendar, one for the country",
    "inbox": "the visitor's own notifications (test_permission_matrix)",
    "dashboard-duty-report": "the deputy's own report",
    "station-posters-download": "a zip the requester built, by a random name, checked against the requester",
    "station-posters-status": "a zip the requester built, by a random name, checked against the requester",
    "qr-poster": "public: the code printed on a poster",
    "qr-landing": "public: the code printed on a poster",
    "qr-about": "public: the code printed on a poster",
    "qr-png": "public: the code printed on a poster",
    "qr-svg": "public: the code printed on a poster",
    "deputy-list": "public directory of deputies",
    "deputy-detail": "public page of a deputy",
    "deputy-statistics": "public statistics of the deputies",
    "report-back-public": "public page of a report-back",
    "dashboard": "the deputy's own dashboard",
    "dashboard-duty": "the deputy's own duty record",
    "dashboard-report-backs": "the deputy's own report-backs",
    "dashboard-report-back-new": "the deputy's own report-backs",
    "dashboard-contacts": "the deputy's own constituent contacts",
    "cosigner-search": "public fields of deputies a deputy may ask to co-sign",
    "station-list": "public directory of stations",
    "station-detail": "public page of a station",
    "reception-calendar": "public calendar of reception days",
    "reception-book": "public booking form of a reception day",
    "booking-done": "the citizen's own booking, by its code",
    "booking-cancel": "the citizen's own booking, by its code",
    "submit": "the public submission form",
    "submit-done": "the public submission form",
    "track": "the citizen's own item, by code and PIN",
    "track-case": "the citizen's own item, by code and PIN",
    "case-list": "public: published cases",
    "case-detail": "public: a published case",
    "opinion-new": "the deputy's own new opinion",
    "api-public-suggestion-create": "public submission through a client application",
    "api-public-suggestion-track": "the citizen's own item, by code and PIN",
    "api-public-suggestion-attachment": "the citizen's own item, by code and PIN",
    "project-list": "public livelihood-project pages: per-body ballots are other work (issue 20)",
    "votes-propose": "public livelihood-project pages: per-body ballots are other work (issue 20)",
    "votes-results": "public livelihood-project pages: per-body ballots are other work (issue 20)",
    "votes-results-pdf": "public livelihood-project pages: per-body ballots are other work (issue 20)",
    "votes-project-detail": "public livelihood-project pages: per-body ballots are other work (issue 20)",
    "votes-api-projects": "public livelihood-project pages: per-body ballots are other work (issue 20)",
    "votes-dashboard-propose": "the deputy's own proposal form",
    "api-reception-list": "reception days are public: the calendar citizens book from",
    "body-detail": "public page of a body: its deputies, stations, reception days and ballot results",
    "api-public-booking-create": "public booking of a reception day through a client application",
    "api-public-booking-cancel": "the citizen's own booking, by its code",
    "api-public-suggestion-rate": "the citizen's own item, by code and PIN",
    "api-public-case-detail": "public: a published case",
    "open311-service-definition": "GeoReport: a category's attributes, the same for every body",
    "open311-request": "GeoReport: a published case, or the citizen's own item by code and PIN",
}

# Lists that anyone reads with public fields, and staff with every field: for staff they are
# scoped, so they are checked as staff and leader only.
STAFF_SCOPED_PUBLIC_LISTS = {"api-deputy-list", "api-station-list"}

# Objects anyone reads (GET is public), whose writes are scoped like any other.
PUBLIC_READS: dict[str, str] = {
    "api-reception-detail": "reception days are public: the calendar citizens book from",
}

# Routes that still leak, with why they are not fixed here. The matrix runs them as strict xfails:
# when one is fixed its test fails, and it moves out of this table.
KNOWN_HOLES: dict[str, str] = {}

# How a route that names an object is filled with a body's row.
FILL: dict[str, Any] = {
    "deputy-report-duty": lambda w: {"slug": w[Deputy].slug},
    "dashboard-report-back-edit": lambda w: {"slug": w[ReportBack].slug},
    "reception-record": lambda w: {"pk": w[Reception].pk},
    "reception-check-in": lambda w: {"pk": w[Reception].pk},
    "suggestion-photo": lambda w: {"pk": w[SuggestionPhoto].pk},
    "suggestion-attachment": lambda w: {
        "pk": ReplyAttachment.objects.get(reply__suggestion=w[Suggestion]).pk
    },
    "unit-item": lambda w: {"pk": w[Assignment].pk},
    "opinion-detail": lambda w: {"code": w[Suggestion].code},
    "desk-new": lambda w: {"slug": w[Station].slug},
    "desk-item": lambda w: {"code": w[Suggestion].code},
    "votes-dashboard-vote": lambda w: {"slug": w[Ballot].slug},
    "votes-unit-project": lambda w: {"slug": w[Project].slug},
    "votes-api-ballot": lambda w: {"slug": w[Ballot].slug},
    "api-deputy-detail": lambda w: {"slug": w[Deputy].slug},
    "api-delegation-detail": lambda w: {"pk": w[Delegation].pk},
    "api-delegation-activate": lambda w: {"pk": w[Delegation].pk},
    "api-delegation-deactivate": lambda w: {"pk": w[Delegation].pk},
    "api-deputy-group-detail": lambda w: {"pk": w[DeputyGroup].pk},
    "api-deputy-group-activate": lambda w: {"pk": w[DeputyGroup].pk},
    "api-deputy-group-deactivate": lambda w: {"pk": w[DeputyGroup].pk},
    "api-deputy-group-members": lambda w: {"pk": w[DeputyGroup].pk},
    "api-station-detail": lambda w: {"slug": w[Station].slug},
    "api-reception-detail": lambda w: {"pk": w[Reception].pk},
    "api-reception-transition": lambda w: {"pk": w[Reception].pk},
    "deadline-detail": lambda w: {"pk": Deadline.objects.filter(**_about(w, "owner")).first().pk},
}
# The writes an API route is probed with: each would succeed for a writer of the row.
API_WRITES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "api-deputy-detail": [("patch", {}), ("put", {})],
    "api-delegation-detail": [("patch", {}), ("put", {})],
    "api-delegation-activate": [("post", {})],
    "api-delegation-deactivate": [("post", {"reason": "停用"})],
    "api-deputy-group-detail": [("patch", {}), ("put", {})],
    "api-deputy-group-activate": [("post", {})],
    "api-deputy-group-deactivate": [("post", {"reason": "停用"})],
    "api-deputy-group-members": [("post", {}), ("delete", {})],
    "api-station-detail": [("patch", {}), ("put", {})],
    "api-reception-detail": [("patch", {}), ("put", {}), ("delete", {})],
    "api-reception-transition": [("post", {"to": "cancelled", "reason": "天气原因"})],
    "deadline-detail": [("patch", {}), ("delete", {})],
}

# Values of the other parts of an admin page's address (an action's name, a phase).
ADMIN_KWARGS = {"operation": "revoke", "cycle.to": "collection", "ballot.to": "open", "which": "pdf"}


# -- the worlds ----------------------------------------------------------------------------------------


def _about(world: BodyWorld, prefix: str = "") -> dict[str, Any]:
    item = world[Suggestion]
    type_field = f"{prefix}_content_type" if prefix else "content_type"
    id_field = f"{prefix}_id" if prefix else "object_id"
    return {type_field: ContentType.objects.get_for_model(item), id_field: item.pk}


def _generic_rows(world: BodyWorld) -> None:
    """Rows that point at the body's item from anywhere: audit events, the outbox, reminders and the
    item's clocks (their admins are scoped through what they point at)."""
    item = world[Suggestion]
    world.rows[Body] = world.body
    world.rows[AuditEvent] = AuditEvent.objects.filter(**_about(world), note__contains=world.marker).get()
    world.rows[Notification] = Notification.objects.filter(
        **_about(world), subject__contains=world.marker
    ).get()
    world.rows[ReminderLog] = ReminderLog.objects.create(**_about(world), kind="triage", stage=world.marker)
    deadline = Deadline.objects.filter(**_about(world, "owner")).order_by("pk").first()
    assert deadline is not None, item
    world.rows[Deadline] = deadline
    world.rows[DeadlineExtension] = DeadlineExtension.objects.create(
        deadline=deadline, amount=1, reason=f"{world.marker}延期"
    )


@pytest.fixture
def worlds(network: Any) -> dict[str, BodyWorld]:
    found = {
        "mine": body_world(network, "district", MINE),
        "sibling": body_world(network, "sibling", SIBLING),
        "child": body_world(network, "street", CHILD),
    }
    for world in found.values():
        _generic_rows(world)
    return found


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


# -- the admin registry --------------------------------------------------------------------------------


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _scoped_admins() -> Iterator[tuple[type[models.Model], Any]]:
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda pair: _label(pair[0])):
        if _label(model) not in ADMIN_EXEMPT:
            yield model, model_admin


def _row(world: BodyWorld, model: type[models.Model]) -> models.Model:
    if model in world.rows:
        return world.rows[model]
    concrete = model._meta.concrete_model
    if model._meta.proxy and concrete in world.rows:
        row = model._default_manager.filter(pk=world.rows[concrete].pk).first()
        if row is not None:
            return row
        return world.rows[concrete]
    raise AssertionError(f"the world has no {_label(model)}: add one to tests/bodies/world.py")


def _object_urls(model: type[models.Model], model_admin: Any, pk: int) -> list[tuple[str, str]]:
    """Every admin page of the model that names one object, as (pattern, url)."""
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    urls = [
        ("change", f"{base}{pk}/change/"),
        ("history", f"{base}{pk}/history/"),
        ("delete", f"{base}{pk}/delete/"),
    ]
    standard = {"<path:object_id>/", "<path:object_id>/change/", "<path:object_id>/history/"}
    standard |= {"<path:object_id>/delete/", "", "add/"}
    for pattern in model_admin.get_urls():
        route = str(pattern.pattern)
        if route in standard or not re.search(r"<(int:pk|path:object_id|int:id|id)>", route):
            continue

        def fill(match: re.Match[str]) -> str:
            name = match.group(1).split(":")[-1]
            if name in ("pk", "object_id", "id"):
                return str(pk)
            return ADMIN_KWARGS.get(f"{model._meta.model_name}.{name}", ADMIN_KWARGS.get(name, "x"))

        urls.append((route, base + re.sub(r"<([^>]+)>", fill, route)))
    return urls


def _actions(model_admin: Any, user: Any) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return sorted(model_admin.get_actions(request))


def test_every_admin_is_scoped_or_exempt_with_a_reason():
    registered = {_label(model) for model in admin.site._registry}
    assert not set(ADMIN_EXEMPT) - registered, "exemptions that name no admin model any more"
    unscoped = [
        _label(model)
        for model, model_admin in _scoped_admins()
        if not isinstance(model_admin, BodyScopedAdminMixin | GenericScopedAdminMixin)
    ]
    assert not unscoped, f"admins neither scoped by body nor exempt: {unscoped}"
    for model, model_admin in _scoped_admins():
        if isinstance(model_admin, BodyScopedAdminMixin):
            assert body_paths_of(model) is not None or model_admin.body_field, _label(model)


@pytest.mark.slow
def test_a_sibling_finds_nothing_in_the_admin(worlds):
    """Changelists, searches, object pages, extra pages, actions, exports of the sibling's rows."""
    other, mine = worlds["sibling"], worlds["mine"]
    before = other.snapshot()
    wrong: list[str] = []
    for role in ("staff", "leader"):
        user = mine.people[role]
        client = _client(user)
        for model, model_admin in _scoped_admins():
            label = _label(model)
            row = _row(other, model)
            base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            # The search box echoes the query: search for part of the marker, look for all of it.
            for query in ({}, {"q": SIBLING[1:]}, {"q": str(row.pk)}):
                page = client.get(base, query)
                if page.status_code == 200 and SIBLING in _text(page):
                    wrong.append(f"{role} / {label}: the changelist shows the sibling's row ({query})")
            missing = (
                model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
            ) + 10**6
            for (route, url), (_route, missing_url) in zip(
                _object_urls(model, model_admin, row.pk),
                _object_urls(model, model_admin, missing),
                strict=True,
            ):
                got, expected = client.get(url).status_code, client.get(missing_url).status_code
                if got != expected or got == 200:
                    wrong.append(f"{role} / {label} {route}: {got}, a missing row gives {expected}")
                got = client.post(url, {"post": "yes", "action": "x"}).status_code
                if got not in (403, 404, 405):
                    wrong.append(f"{role} / {label} {route}: POST gave {got}")
            for action in _actions(model_admin, user):
                response = client.post(base, {"action": action, ACTION_CHECKBOX_NAME: [row.pk], "index": 0})
                if response.status_code != 404:
                    wrong.append(f"{role} / {label} action {action}: {response.status_code}")
            if hasattr(model_admin, "get_export_queryset"):
                request = RequestFactory().get(base)
                request.user = user
                if model_admin.get_export_queryset(request).filter(pk=row.pk).exists():
                    wrong.append(f"{role} / {label}: the export holds the sibling's row")
    assert other.snapshot() == before, "a refused request changed the sibling's rows"
    assert not wrong, "\n".join(wrong)


def _autocompletes() -> Iterator[tuple[type[models.Model], str, type[models.Model]]]:
    for model, model_admin in admin.site._registry.items():
        for name in model_admin.autocomplete_fields:
            target = model._meta.get_field(name).related_model
            if (
                isinstance(target, type)
                and target in admin.site._registry
                and _label(target) not in ADMIN_EXEMPT
            ):
                yield model, name, target


def test_no_autocomplete_offers_a_siblings_row(worlds):
    other, mine = worlds["sibling"], worlds["mine"]
    client = _client(mine.people["staff"])
    wrong = []
    checked = 0
    for model, name, target in _autocompletes():
        row = _row(other, target)
        for term in ("", SIBLING):
            response = client.get(
                "/admin/autocomplete/",
                {
                    "app_label": model._meta.app_label,
                    "model_name": str(model._meta.model_name),
                    "field_name": name,
                    "term": term,
                },
            )
            if response.status_code != 200:
                continue
            checked += 1
            ids = {str(result["id"]) for result in json.loads(response.content)["results"]}
            if str(row.pk) in ids or SIBLING in response.content.decode():
                wrong.append(f"{_label(model)}.{name} → {_label(target)} offers the sibling's row")
    assert checked, "no autocomplete answered"
    assert not wrong, "\n".join(wrong)


def _snapshot_all(world: BodyWorld) -> dict[str, Any]:
    return world.snapshot()


def test_the_parent_reads_a_childs_rows_in_the_admin_but_writes_none(worlds):
    child, mine = worlds["child"], worlds["mine"]
    user = mine.people["staff"]
    client = _client(user)
    before = child.snapshot()
    wrong = []
    for model, model_admin in _scoped_admins():
        label = _label(model)
        row = _row(child, model)
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        change = f"{base}{row.pk}/change/"
        # The parent reads what it would read of its own (a page its role opens at all).
        own = client.get(f"{base}{_row(mine, model).pk}/change/", follow=True).status_code
        reading = client.get(change, follow=True).status_code
        if reading != own:
            wrong.append(f"{label}: the parent reads the child's row as {reading}, its own as {own}")
        if label in PARENT_WRITES:
            continue
        if isinstance(model_admin, BodyScopedAdminMixin):
            for url in (change, f"{base}{row.pk}/delete/"):
                response = client.post(url, {"post": "yes"})
                redirect = response.get("Location", "")
                if label in CHANGE_IS_CASE_PAGE and redirect.endswith(f"/{row.pk}/case/"):
                    continue
                if response.status_code not in (403, 404):
                    wrong.append(f"{label}: POST {url} gave {response.status_code}")
        for _route, url in _object_urls(model, model_admin, row.pk)[3:]:
            client.post(url, {"action": "x", "post": "yes"})
        for action in _actions(model_admin, user):
            response = client.post(base, {"action": action, ACTION_CHECKBOX_NAME: [row.pk], "index": 0})
            if response.status_code not in (302, 403, 404):
                wrong.append(f"{label} action {action}: {response.status_code}")
    after = child.snapshot()
    changed = [key for key in before if before[key] != after[key] and key.split(":")[0] not in PARENT_WRITES]
    assert not changed, f"the parent changed the child's rows: {changed}"
    assert not wrong, "\n".join(wrong)


# -- the URLconf and the API routers ------------------------------------------------------------------


def _routes() -> Iterator[tuple[str, str, list[str]]]:
    """(name, route, kwargs) of every route outside the admin, from the URLconf."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, str, list[str]]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if getattr(pattern, "app_name", None) == "admin" or route.startswith("admin/"):
                    continue
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                names = list(pattern.pattern.regex.groupindex)
                if "format" in names:  # DRF's format-suffix duplicates
                    continue
                yield pattern.name or route, route, names

    seen: set[str] = set()
    for name, route, kwargs in walk(get_resolver().url_patterns, ""):
        if name not in seen:
            seen.add(name)
            yield name, route, kwargs


def _reverse(route: str, kwargs: dict[str, Any]) -> str:
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "")


def test_every_route_is_covered_or_exempt_with_a_reason():
    names = {name for name, _route, _kwargs in _routes()}
    stale = (
        set(ROUTE_EXEMPT) | set(FILL) | set(KNOWN_HOLES) | set(PUBLIC_READS) | STAFF_SCOPED_PUBLIC_LISTS
    ) - names
    assert not stale, f"the tables name routes that no longer exist: {sorted(stale)}"
    uncovered = [
        name for name, _route, kwargs in _routes() if kwargs and name not in FILL and name not in ROUTE_EXEMPT
    ]
    assert not uncovered, f"routes that name an object, neither filled nor exempt: {uncovered}"


def _object_routes() -> list[tuple[str, str]]:
    return [(name, route) for name, route, kwargs in _routes() if kwargs and name in FILL]


def _list_routes() -> list[tuple[str, str]]:
    return [(name, route) for name, route, kwargs in _routes() if not kwargs and name not in ROUTE_EXEMPT]


REFUSALS = (401, 403, 405)


def _request(client: Client, name: str, url: str, method: str, data: dict[str, Any]) -> Any:
    if method == "get":
        return client.get(url)
    if method == "post" and not name.startswith(("api-", "deadline-")):
        return client.post(url, data)  # a page's form
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def _probes(name: str) -> list[tuple[str, dict[str, Any]]]:
    return [("get", {}), *API_WRITES.get(name, [("post", {"action": "reveal"})])]


def test_no_route_shows_a_siblings_object(worlds):
    """Each of the district's people against the sibling's rows: not found. A refusal the person
    gets for their own body's row too is their role's, not the scope's (a leader does not write
    deputies; an officer has no staff API); a public read is the same for everyone."""
    other, mine = worlds["sibling"], worlds["mine"]
    before = other.snapshot()
    anonymous = Client()
    wrong = []
    for role in VIEWERS:
        client = _client(mine.people[role])
        for name, route in _object_routes():
            url, own_url = _reverse(route, FILL[name](other)), _reverse(route, FILL[name](mine))
            for method, data in _probes(name):
                got = _request(client, name, url, method, data).status_code
                if got == 404 or (method == "get" and name in PUBLIC_READS):
                    continue
                if got in REFUSALS and got == _request(client, name, own_url, method, data).status_code:
                    continue
                public = method == "get" and anonymous.get(url).status_code == 200
                if public and got == 200 and role not in ("staff", "leader"):
                    continue
                wrong.append(f"{role} / {method.upper()} {name}: {got}")
        for name, route in _list_routes():
            if name in STAFF_SCOPED_PUBLIC_LISTS and role not in ("staff", "leader"):
                continue
            response = client.get(_reverse(route, {}))
            if response.status_code == 200 and SIBLING in _text(response):
                wrong.append(f"{role} / LIST {name}: the list shows the sibling's rows")
    assert other.snapshot() == before, "a refused request changed the sibling's rows"
    holes = {name for name in KNOWN_HOLES if any(f" {name}:" in line for line in wrong)}
    assert holes == set(KNOWN_HOLES), f"fixed, take them out of KNOWN_HOLES: {set(KNOWN_HOLES) - holes}"
    wrong = [line for line in wrong if not any(f" {name}:" in line for name in KNOWN_HOLES)]
    assert not wrong, "\n".join(wrong)


def test_the_parent_writes_nothing_of_a_childs_through_pages_and_the_api(worlds):
    child, mine = worlds["child"], worlds["mine"]
    before = child.snapshot()
    client = _client(mine.people["staff"])
    wrong = []
    for name, route in _object_routes():
        url = _reverse(route, FILL[name](child))
        for method, data in API_WRITES.get(name, [("post", {"action": "reveal"})]):
            response = _request(client, name, url, method, data)
            if method == "post" and not name.startswith(("api-", "deadline-")):
                continue  # a page may answer with its form again: what counts is that nothing changed
            if response.status_code not in (403, 404, 405):
                wrong.append(f"{method.upper()} {name}: {response.status_code}")
    after = child.snapshot()
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, f"the parent changed the child's rows: {changed}"
    assert not wrong, "\n".join(wrong)
