"""Every admin action and every extra admin page checks the permission of what it changes, walked
from the admin registry itself: for each registered model, each of its actions and each URL its
admin adds to Django's standard ones, a committee leader (view permissions only) and a staff member
holding only the view permission of that model get no menu entry and no change.

"No change" is checked on the whole database: a fingerprint of every table (the session table
aside) before and after each refused request, and the audit trail gains nothing."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import factory
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.checks import Error
from django.db import connection, models
from django.test import Client, RequestFactory
from django.urls import URLPattern, reverse
from django.urls.converters import IntConverter
from django.utils import timezone

from congress import roles
from congress.models import AuditEvent
from tests.factories import core, deputies, stations, suggestions, votes
from tests.factories.core import UserFactory

FACTORY_MODULES: tuple[ModuleType, ...] = (core, deputies, stations, suggestions, votes)
STANDARD_URLS = ("changelist", "add", "history", "delete", "change")
# Tables a refused request may touch: the session (flash messages are kept there).
UNWATCHED_TABLES = {"django_session"}
# Sent with every action and extra page: the confirmation fields of the actions that ask for one
# (delete's "post", the bulk assignment's "apply", a ballot's date) and a case-page action.
EXTRA_POST = {
    "post": "yes",
    "apply": "1",
    "held_on": "2026-12-01",
    "action": "accept",
    "note": "x",
    "reason": "x",
}


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _registry() -> list[tuple[type[models.Model], admin.ModelAdmin[Any]]]:
    return sorted(admin.site._registry.items(), key=lambda pair: _label(pair[0]))


def _actions(model_admin: admin.ModelAdmin[Any]) -> list[str]:
    return [name for _func, name, _description in model_admin._get_base_actions()]


def _extra_urls(model: type[models.Model], model_admin: admin.ModelAdmin[Any]) -> list[URLPattern]:
    """The URLs an admin adds to Django's changelist, add, change, delete and history pages."""
    prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
    standard = {prefix + name for name in STANDARD_URLS}
    return [
        pattern
        for pattern in model_admin.get_urls()
        if isinstance(pattern, URLPattern) and pattern.name and pattern.name not in standard
    ]


def _factories() -> dict[type[models.Model], Any]:
    found: dict[type[models.Model], Any] = {}
    for module in FACTORY_MODULES:
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, factory.django.DjangoModelFactory) and value._meta.model is not None:
                found.setdefault(value._meta.model, value)
    return found


def fingerprint() -> dict[str, str]:
    """An md5 of every row of every table, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - UNWATCHED_TABLES
    )
    digest = "(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t)"
    parts = [digest.format(connection.ops.quote_name(table)) for table in tables]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ARRAY[{', '.join(parts)}]")
        hashes = cursor.fetchone()[0]
    return dict(zip(tables, hashes, strict=True))


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(table for table in before if before[table] != after[table])


@pytest.fixture
def world(make, submit, staff, officer, deputy_user, station, unit) -> None:
    """A row of every model a factory makes, and the objects of the cases' life (an item assigned
    and signed for, a new one in the triage queue, their notifications and audit trail)."""
    from congress.apiclients.services import api_client_register
    from deputies.services import delegation_create, deputy_group_create

    make("signed_for", deputy=deputy_user.deputy, station=station)
    submit(title="另一件新事项")
    for model_factory in _factories().values():
        model_factory()
    deputy = deputy_user.deputy
    delegation_create(name="城关区代表团", term=deputy.term, area=None, actor=staff)
    deputy_group_create(name="城关区代表小组", kind="territorial", area=None, actor=staff)
    api_client_register(name="小程序", kind="wechat", rate="100/m")
    from axes.models import AccessAttempt
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from congress.calendar.models import DeadlineExtension
    from deputies.services import duty_record_add, duty_scores_recompute
    from suggestions.models import Assignment
    from votes.models import Candidate
    from votes.services.projects import project_create

    AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=1)
    lead = Assignment.objects.exclude(deadline=None).order_by("pk").select_related("deadline")[0]
    # Made directly: the assignment's time limit is not one that can be extended.
    deadline = lead.deadline
    assert deadline is not None
    DeadlineExtension.objects.create(deadline=deadline, amount=5, reason="需要现场勘查", requested_by=officer)
    duty_record_add(deputy=deputy, kind="reception", on=timezone.localdate(), note="接待", actor=staff)
    duty_scores_recompute(year=timezone.localdate().year, deputy_ids=[deputy.pk])
    project_create(candidate=Candidate.objects.order_by("pk")[0], actor=staff)
    every = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    PeriodicTask.objects.get_or_create(name="测试任务", defaults={"task": "x", "interval": every})


@pytest.fixture
def leader(role_groups) -> Any:
    from congress.bodies import root_body
    from congress.services import body_role_grant

    user = UserFactory(username="leader9", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.COMMITTEE_LEADER))
    # A leader of the root body: what refuses them below is the permission, not the body scope.
    body_role_grant(user=user, body=root_body(), role=roles.COMMITTEE_LEADER)
    return user


def _viewer(model: type[models.Model]) -> Any:
    """A staff member holding only the view permission of this one model."""
    user = UserFactory(is_staff=True)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    user.user_permissions.add(
        Permission.objects.get(content_type=content_type, codename=f"view_{model._meta.model_name}")
    )
    return user


def _object(model_admin: admin.ModelAdmin[Any]) -> Any:
    superuser = UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = superuser  # type: ignore[assignment]
    return model_admin.get_queryset(request).order_by("pk").first()


def _url(pattern: URLPattern, obj: Any) -> str:
    kwargs = {
        name: (obj.pk if obj is not None else 1) if isinstance(converter, IntConverter) else "x"
        for name, converter in pattern.pattern.converters.items()
    }
    return reverse(f"admin:{pattern.name}", kwargs=kwargs)


def _menu(client: Client, model: type[models.Model]) -> list[str]:
    response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    if response.status_code != 200 or not response.context or "action_form" not in response.context:
        return []
    form = response.context["action_form"]
    return [] if form is None else [value for value, _label in form.fields["action"].choices if value]


def _reads(pattern: URLPattern) -> bool:
    """An extra page declared as a read (a view permission), which view-only roles may open."""
    declared = getattr(pattern.callback, "admin_permissions", None) or ()
    return bool(declared) and all(name == "view" or name.startswith("view_") for name in declared)


def _may(model_admin: admin.ModelAdmin[Any], user: Any, pattern: URLPattern) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    declared = getattr(pattern.callback, "admin_permissions", None) or ()
    return _reads(pattern) and all(getattr(model_admin, f"has_{n}_permission")(request) for n in declared)


def _walk(role: str, leader: Any) -> Iterator[str]:
    # ``state`` is the fingerprint of the database as it is now: a request's "after" is the next
    # request's "before", as nothing but reads happens between them (one query saved per request).
    for model, model_admin in _registry():
        user = leader if role == "leader" else _viewer(model)
        client = Client()
        client.force_login(user)
        obj = _object(model_admin)
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        offered = _menu(client, model)
        state = fingerprint()
        for name in _actions(model_admin):
            where = f"{role} / {_label(model)} / action {name}"
            if name in offered:
                yield f"{where}: offered in the menu"
            before, audit = state, AuditEvent.objects.count()
            data = {**EXTRA_POST, "action": name, "index": "0"}
            if obj is not None:
                data["_selected_action"] = str(obj.pk)
            response = client.post(changelist, data)
            state = fingerprint()
            changed = _changed(before, state)
            if changed or AuditEvent.objects.count() != audit:
                what = ", ".join(changed) or "the audit trail"
                yield f"{where}: changed {what} (status {response.status_code})"
        for pattern in _extra_urls(model, model_admin):
            url = _url(pattern, obj)
            where = f"{role} / {_label(model)} / page {pattern.name}"
            readable = _may(model_admin, user, pattern)
            before = state
            response = client.get(url)
            state = fingerprint()
            if response.status_code == 200 and not readable:
                yield f"{where}: GET answered 200"
            if not readable and _changed(before, state):
                yield f"{where}: GET changed {', '.join(_changed(before, state))}"
            before, audit = state, AuditEvent.objects.count()
            response = client.post(url, EXTRA_POST)
            if response.status_code == 200 and not readable:
                yield f"{where}: POST answered 200"
            state = fingerprint()
            changed = _changed(before, state)
            if changed or AuditEvent.objects.count() != audit:
                what = ", ".join(changed) or "the audit trail"
                yield f"{where}: POST changed {what} (status {response.status_code})"


@pytest.mark.slow
@pytest.mark.parametrize("role", ["leader", "viewer"])
def test_view_only_roles_can_run_no_admin_action_and_open_no_admin_page_that_writes(role, world, leader):
    wrong = list(_walk(role, leader))
    assert not wrong, "\n".join(wrong)


def test_the_walk_reaches_an_object_for_every_admin_with_actions(world):
    factories = _factories()
    missing = [
        _label(model)
        for model, model_admin in _registry()
        if (_actions(model_admin) != ["delete_selected"] or model in factories)
        and _object(model_admin) is None
    ]
    assert not missing, f"no object to select in: {', '.join(missing)}"


def test_staff_still_run_the_actions_of_their_work(world, staff):
    """The refusals above are permissions, not broken actions: staff accept an item in the queue."""
    from congress.services import body_role_grant
    from suggestions.models import Status, Suggestion, TriageItem

    item = TriageItem.objects.filter(status=Status.SUBMITTED).order_by("pk").first()
    # The world holds more than one body (a row of every model): staff act in the item's body.
    body_role_grant(user=staff, body=item.body, role=roles.COMMITTEE_STAFF)
    client = Client()
    client.force_login(staff)
    changelist = reverse("admin:suggestions_triageitem_changelist")
    assert "accept_selected" in _menu(client, TriageItem)
    client.post(changelist, {"action": "accept_selected", "_selected_action": str(item.pk), "index": "0"})
    assert Suggestion.objects.get(pk=item.pk).status == Status.ACCEPTED


def test_an_action_or_page_without_a_declared_permission_fails_the_system_check(db):
    from django.contrib.auth.models import Group as AnyModel
    from django.urls import path

    from congress.admin_guard import admin_permission_errors
    from congress.admin_site import CongressAdminSite

    site = CongressAdminSite(name="check")

    class Careless(admin.ModelAdmin):
        actions = ["wipe", "peek"]

        @admin.action(description="wipe")
        def wipe(self, request: Any, queryset: Any) -> None:
            queryset.delete()

        @admin.action(description="peek", permissions=["view"])
        def peek(self, request: Any, queryset: Any) -> None:
            return None

        def get_urls(self) -> list[Any]:
            return [
                path("extra/", self.admin_site.admin_view(self.extra_view), name="extra"),
                *super().get_urls(),
            ]

        def extra_view(self, request: Any) -> Any:
            return None

    site.register(AnyModel, Careless)
    errors = admin_permission_errors(site)
    assert all(isinstance(error, Error) for error in errors)
    text = "\n".join(error.msg for error in errors)
    assert "wipe" in text and "peek" in text and "extra" in text, text


def test_the_project_admin_passes_its_own_check(db):
    from congress.admin_guard import admin_permission_errors

    assert admin_permission_errors(admin.site) == []


def test_imports_need_add_and_change_and_exports_change(world, leader):
    from deputies.models import Deputy

    client = Client()
    client.force_login(leader)
    for name in ("import", "export", "process_import"):
        assert client.get(reverse(f"admin:deputies_deputy_{name}")).status_code in (403, 405), name
    viewer = _viewer(Deputy)
    client.force_login(viewer)
    assert client.get(reverse("admin:deputies_deputy_export")).status_code == 403
