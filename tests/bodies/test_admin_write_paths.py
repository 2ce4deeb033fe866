"""Every admin writes through a service (STYLE: one write path; issue 25, "writes that skip the
services").

* Statically, from ``admin.site._registry`` and each admin's inlines: an admin that lets a
  superuser add, change or delete rows is a ``ServiceAdminMixin`` whose ``save_model`` (and, when
  it deletes, ``delete_model`` and ``delete_queryset``) is its own, and whose ``save_formset``
  handles each writable inline's model. Read-only admins pass; models of libraries (accounts,
  login records, the task schedule) are the libraries' own; anything else is named in
  ``EXEMPT`` with the reason, and an exemption that no longer names a writable admin fails.
* Behaviourally: the change form of every admin with a row in a body's world (and of the shared
  lists) is posted back as a superuser with one text changed; whatever the admin saved has an
  audit event, and a row that changed without one fails.

Nothing here is a hand list of models: they come from the registry."""

# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type"

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin
from django.db import models
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from congress.admin_mixins import AuditTrailMixin, ServiceAdminMixin
from congress.apiclients.services import api_client_register
from congress.errors import DomainError
from congress.models import AuditEvent
from suggestions.models import RejectionReason
from tests.admin_forms import post_back
from tests.factories.core import TermFactory, UserFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes.models import Candidate, Cycle
from votes.services import candidate_update

from .world import body_world

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# Admins of the portal's own models that may still save without a service, and why.
EXEMPT: dict[str, str] = {
    "suggestions.Suggestion": "its add and change pages redirect to the staff entry form and the case "
    "page, whose forms call the intake and triage services",
    "suggestions.TriageItem": "its change page redirects to the case page, whose forms call the triage "
    "services",
}

Write = tuple[str, ...]


def _superuser_request() -> Any:
    request = RequestFactory().get("/")
    request.user = UserFactory.build(is_staff=True, is_superuser=True, is_active=True)
    return request


def _own_app(model: type[models.Model]) -> bool:
    """A model of this repository's apps (not of Django's, django-axes', celery-beat's …)."""
    path = Path(apps.get_app_config(model._meta.app_label).path).resolve()
    return ROOT in path.parents and ".venv" not in path.parts


def _flat(fields: Any) -> list[str]:
    out: list[str] = []
    for entry in fields:
        out.extend(entry if isinstance(entry, list | tuple) else [entry])
    return out


def _writes(model_admin: BaseModelAdmin, request: Any) -> Write:
    """What a superuser may do with the admin's rows: add, change (some field is editable), delete."""
    inline = isinstance(model_admin, InlineModelAdmin)
    found = []
    if model_admin.has_add_permission(request, None) if inline else model_admin.has_add_permission(request):  # type: ignore[call-arg]
        found.append("add")
    if model_admin.has_change_permission(request, None):
        readonly = set(model_admin.get_readonly_fields(request, None))
        editable = [name for name in _flat(model_admin.get_fields(request, None)) if name not in readonly]
        if editable:
            found.append("change")
    if model_admin.has_delete_permission(request, None) and (not inline or model_admin.can_delete):
        found.append("delete")
    return tuple(found)


def _own(model_admin: Any, method: str) -> bool:
    """The admin's ``method`` is written in this repository (not Django's, not the mixin's default)."""
    function = getattr(type(model_admin), method)
    owner = next(klass for klass in type(model_admin).__mro__ if method in vars(klass))
    if owner in (ServiceAdminMixin, AuditTrailMixin):
        return False
    module = inspect.getmodule(function)
    return module is not None and not module.__name__.startswith(("django.", "import_export."))


def _registry() -> Iterator[tuple[type[models.Model], Any]]:
    yield from sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)


def _problems(model: type[models.Model], model_admin: Any, request: Any) -> list[str]:
    problems = []
    writes = _writes(model_admin, request)
    if writes and not isinstance(model_admin, ServiceAdminMixin):
        problems.append(f"{type(model_admin).__name__} can {'/'.join(writes)} but is no ServiceAdminMixin")
    if {"add", "change"} & set(writes) and not _own(model_admin, "save_model"):
        problems.append(f"{type(model_admin).__name__} saves with Django's save_model")
    if "delete" in writes:
        for method in ("delete_model", "delete_queryset"):
            if not _own(model_admin, method):
                problems.append(f"{type(model_admin).__name__} deletes with Django's {method}")
    for inline_class in model_admin.inlines:
        inline = inline_class(model, admin.site)
        inline_writes = _writes(inline, request)
        if not inline_writes:
            continue
        source = (
            inspect.getsource(type(model_admin).save_formset) if _own(model_admin, "save_formset") else ""
        )
        if not isinstance(model_admin, ServiceAdminMixin) or inline.model.__name__ not in source:
            problems.append(
                f"inline {inline_class.__name__} can {'/'.join(inline_writes)} "
                f"but {type(model_admin).__name__}.save_formset does not hand "
                f"{inline.model.__name__} to a service"
            )
    return problems


def test_every_admin_that_writes_goes_through_services():
    request = _superuser_request()
    found = {}
    for model, model_admin in _registry():
        label = model._meta.label
        if not _own_app(model) or label in EXEMPT:
            continue
        problems = _problems(model, model_admin, request)
        if problems:
            found[label] = problems
    assert not found, found


def test_every_exemption_names_an_admin_that_could_write():
    request = _superuser_request()
    registry = {model._meta.label: model_admin for model, model_admin in _registry()}
    stale = {
        label
        for label in EXEMPT
        if label not in registry or not (_writes(registry[label], request) or registry[label].inlines)
    }
    assert not stale, f"exemptions to remove: {stale}"


def test_the_check_catches_a_default_admin():
    """The static check is not vacuous: a plain ModelAdmin on a portal model fails it."""

    class PlainAdmin(admin.ModelAdmin):
        pass

    problems = _problems(RejectionReason, PlainAdmin(RejectionReason, admin.site), _superuser_request())
    assert any("no ServiceAdminMixin" in p for p in problems)
    assert any("save_model" in p for p in problems)


# --- behaviour: post each change form back with one text changed -------------------------------------


def _text_field(model: type[models.Model], form: Any) -> str | None:
    """A plain text field of the form to change: not unique, no choices, room for one more letter."""
    names = {f.name for f in model._meta.get_fields()}
    for name in form.fields:
        if name not in names:  # a form-only field
            continue
        model_field = model._meta.get_field(name)
        plain = type(model_field) in (models.CharField, models.TextField)
        roomy = model_field.max_length is None or len(str(form[name].value() or "")) < model_field.max_length
        if plain and roomy and not model_field.unique and not model_field.choices:
            return name
    return None


def _events(actor: Any) -> int:
    # Events by the member of staff who posted: a service may write its event about the row or
    # about what holds it (a calendar day's change is an event of its year).
    return AuditEvent.objects.filter(actor=actor).count()


def _seed_policies() -> None:
    """A transactional test elsewhere may have flushed the data migrations' rows (the deadline
    policies and the calendar) from the reused test database: put them back."""
    import importlib

    from django.db import connection

    from congress.calendar.models import DeadlinePolicy

    if DeadlinePolicy.objects.filter(code="opinion.triage").exists():
        return
    for name in (
        "congress.calendar.migrations.0002_default_policies",
        "congress.calendar.migrations.0003_seed_calendar",
    ):
        importlib.import_module(name).seed(apps, connection.schema_editor())


@pytest.fixture
def world_rows(network: Any) -> None:
    _seed_policies()
    world = body_world(network, "district", "甲区样本")
    RejectionReason.objects.create(title="不属于受理范围", text="请通过其他渠道反映。")
    api_client_register(name="样本客户端", kind="other", rate="600/m")
    assert world.rows


def test_no_admin_change_form_saves_without_an_audit_event(world_rows):
    client, superuser = Client(), UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    request = _superuser_request()
    unaudited, changed, refused = [], [], []
    for model, model_admin in _registry():
        label = model._meta.label
        if not _own_app(model) or label in EXEMPT or "change" not in _writes(model_admin, request):
            continue
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk])
        except NoReverseMatch:
            continue
        page = client.get(url)
        if page.status_code != 200 or "adminform" not in page.context:
            continue
        name = _text_field(model, page.context["adminform"].form)
        if name is None:
            continue
        before, events = model._default_manager.filter(pk=row.pk).values().first(), _events(superuser)
        post_back(client, url, {name: f"{page.context['adminform'].form[name].value()}改"}, page=page)
        after = model._default_manager.filter(pk=row.pk).values().first()
        if after == before:
            refused.append(label)
        elif _events(superuser) == events:
            unaudited.append(label)
        else:
            changed.append(label)
    assert not unaudited, f"saved without an audit event: {unaudited}"
    # Not vacuous: most forms were saved (the others refused by a rule or by their own form).
    assert len(changed) >= 20, (changed, refused)


def test_a_service_refuses_a_row_of_a_body_the_actor_only_reads(network):
    """The scope is the service's too (``congress.record_writes``), not only the admin's queryset."""
    term = TermFactory(body=network.street, area=network.areas["street"], level="township", number=1)
    candidate = CandidateFactory(cycle=CycleFactory(term=term, phase=Cycle.Phase.CANDIDATES), number=1)
    with pytest.raises(DomainError) as refused:
        candidate_update(candidate=candidate, changes={"title": "上级改写"}, actor=network.staff["district"])
    assert refused.value.code == "body_read_only"
    candidate_update(candidate=candidate, changes={"title": "本级修改"}, actor=network.staff["street"])
    assert Candidate.objects.get(pk=candidate.pk).title == "本级修改"
