"""Every admin action goes through a service, walked from the admin registry itself.

For every registered model, one row is made by the model's factory in ``tests/factories/`` and
every action its admin declares (Django's ``delete_selected`` included, last) is run on it in
turn, so one action's result is the next one's starting point (deactivate, then activate):

* a committee leader (read-only) is not offered the action, and posting it anyway changes no
  table and writes no audit event;
* the first role of ``congress.roles`` that is offered the action runs it on that one row: a
  change to any table comes with an audit event by that person (the action called a service), or
  the action changed nothing and said why in a message (a refusal of the row's state), showed a
  page to confirm, or led to a download that writes nothing. A deletion offered to no role is
  the "absent" Django's ``delete_selected`` must be where evidence is kept.

Nothing here names a model or an action: a model with an action and no factory fails with the
model's name."""

# Factories return model instances at run time; mypy sees the factory class.
# mypy: disable-error-code="arg-type"

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import factory
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse

import tests.factories
from congress import roles
from congress.models import AuditChainHead, AuditEventBase
from tests.factories.core import UserFactory

from .test_admin_permissions import EXTRA_POST, fingerprint

pytestmark = pytest.mark.django_db

# The audit trail itself: an action that writes its event changes these, and only these, on purpose.
AUDIT_TABLES = {
    *(model._meta.db_table for model in apps.get_models() if issubclass(model, AuditEventBase)),
    AuditChainHead._meta.db_table,
    "django_session",
    # Django's own admin history (it logs a deletion before the service is asked).
    "django_admin_log",
}


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _registry() -> list[tuple[type[models.Model], Any]]:
    return sorted(admin.site._registry.items(), key=lambda pair: _label(pair[0]))


def _factories() -> dict[type[models.Model], Any]:
    """Every factory of every module in ``tests/factories``, by the model it makes."""
    found: dict[type[models.Model], Any] = {}
    for module_info in pkgutil.iter_modules(tests.factories.__path__):
        module = importlib.import_module(f"tests.factories.{module_info.name}")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, factory.django.DjangoModelFactory)
                and value.__module__ == module.__name__
                and value._meta.model is not None
            ):
                found.setdefault(value._meta.model, value)
    return found


def _factory_for(model: type[models.Model], factories: dict[type[models.Model], Any]) -> Any:
    # A proxy (the triage queue is a view of suggestions) is made by its concrete model's factory.
    return factories.get(model) or factories.get(model._meta.concrete_model)


def _action_names(model_admin: Any) -> list[str]:
    """Every action the admin declares, whoever may run it."""
    return [name for _function, name, _description in model_admin._get_base_actions()]


def _offered(model_admin: Any, user: Any) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return list(model_admin.get_actions(request))


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    """A member of staff of each role that works in the admin, holding it in the root body (where
    the factories put their rows): what refuses them is the role, never the scope."""
    from congress.bodies import root_body
    from congress.services import body_role_grant

    roles.roles_sync()
    found = {}
    for code in roles.STAFF_ROLES:
        user = UserFactory(username=f"actions-{code}", is_staff=True)
        user.groups.add(Group.objects.get(name=code))
        if code in (roles.COMMITTEE_STAFF, roles.COMMITTEE_LEADER):
            body_role_grant(user=user, body=root_body(), role=code)
        found[code] = user
    return found


@dataclass
class Outcome:
    changed: list[str]
    audited: int
    messages: list[str]
    status: int
    download: bool
    location: str


def _audit_events(user: Any) -> int:
    """Events by ``user`` in every audit table (the core's and the apps' own, e.g. a case's)."""
    return sum(
        model._default_manager.filter(actor=user).count()
        for model in apps.get_models()
        if issubclass(model, AuditEventBase)
    )


def changelist_url(model: type[models.Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _run(user: Any, model: type[models.Model], name: str, pk: Any) -> Outcome:
    client = Client()
    client.force_login(user)
    changelist = changelist_url(model)
    before, events = fingerprint(), _audit_events(user)
    data = {**EXTRA_POST, "action": name, "index": "0", "_selected_action": str(pk)}
    response = client.post(changelist, data)
    after = fingerprint()
    return Outcome(
        changed=[table for table in sorted(before) if before[table] != after[table]],
        audited=_audit_events(user) - events,
        messages=[str(message) for message in get_messages(response.wsgi_request)],
        status=response.status_code,
        download=response.has_header("Content-Disposition"),
        location=response.get("Location", ""),
    )


def _check(model: type[models.Model], model_admin: Any, name: str, people: dict[str, Any], row: Any) -> str:
    """What is wrong with one action run on ``row``, or "" when nothing is."""
    where = f"{_label(model)} / {name}"
    leader = people[roles.COMMITTEE_LEADER]
    if name in _offered(model_admin, leader):
        return f"{where}: offered to the read-only committee leader"
    runner = next((user for user in people.values() if name in _offered(model_admin, user)), None)
    if row is None:
        if runner is None:
            return ""  # offered to no role (a delete kept from everyone): nothing to run
        return f"{where}: no factory in tests/factories makes a {_label(model)} to run the action on"
    refused = _run(leader, model, name, row.pk)
    if refused.changed or refused.audited:
        return f"{where}: the leader's post changed {refused.changed or 'the audit trail'}"
    if runner is None:
        return ""
    done = _run(runner, model, name, row.pk)
    written = [table for table in done.changed if table not in AUDIT_TABLES]
    if written and not done.audited:
        return f"{where}: changed {written} with no audit event by {runner.username}"
    # Nothing written is fine when the action said why (a refusal of the row's state), showed a
    # page to confirm, or handed over a file or another page (a download of posters).
    elsewhere = done.status == 302 and done.location != changelist_url(model)
    if not written and not (done.messages or done.download or done.status == 200 or elsewhere):
        return f"{where}: changed nothing and said nothing"
    OUTCOMES[where] = "audited" if written else "refused" if done.messages else "page or download"
    return ""


def _listed(model_admin: Any, user: Any, row: Any) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    return bool(model_admin.get_queryset(request).filter(pk=row.pk).exists())


def _walk(people: dict[str, Any]) -> Iterator[str]:
    """Each model's actions run one after the other on one factory row, as staff would (deactivate,
    then activate; issue a code, then revoke it), the deletion last; a row an action took out of
    the model's list is replaced by a new one."""
    factories = _factories()
    for model, model_admin in _registry():
        names = sorted(_action_names(model_admin), key=lambda name: name == "delete_selected")
        make = _factory_for(model, factories)
        offered = any(name in _offered(model_admin, user) for user in people.values() for name in names)
        row = make() if make is not None and offered else None
        for name in names:
            if row is not None and not _listed(model_admin, people[roles.COMMITTEE_STAFF], row):
                row = make()  # an earlier action took it out of this list (accepted out of triage)
            if problem := _check(model, model_admin, name, people, row):
                yield problem


OUTCOMES: dict[str, str] = {}


@pytest.mark.slow
def test_every_admin_action_is_refused_to_the_leader_and_audited_for_staff(people):
    problems = list(_walk(people))
    print("\n".join(f"{where}: {what}" for where, what in sorted(OUTCOMES.items())))
    assert not problems, "\n".join(problems)
    # Not vacuous: the walk ran actions that wrote, each with its event.
    assert sum(outcome == "audited" for outcome in OUTCOMES.values()) >= 40, OUTCOMES


def test_an_action_that_writes_without_a_service_is_caught(people, monkeypatch):
    """The walk fails on an action that updates rows itself: here deactivating units by a bare
    ``update()`` (no service, no event)."""
    from congress.admin import HandlingUnitAdmin
    from congress.models import HandlingUnit
    from tests.factories.core import HandlingUnitFactory

    @admin.action(description="deactivate", permissions=["change"])
    def bare(self: Any, request: Any, queryset: Any) -> None:
        queryset.update(is_active=False)

    monkeypatch.setattr(HandlingUnitAdmin, "deactivate", bare)
    unit = HandlingUnitFactory()
    problem = _check(HandlingUnit, admin.site._registry[HandlingUnit], "deactivate", people, unit)
    assert "with no audit event" in problem, problem


def test_a_model_with_an_action_and_no_factory_fails_by_name(people):
    from congress.models import HandlingUnit

    problem = _check(HandlingUnit, admin.site._registry[HandlingUnit], "deactivate", people, None)
    assert problem == (
        "congress.HandlingUnit / deactivate: no factory in tests/factories makes a "
        "congress.HandlingUnit to run the action on"
    )
