"""The admin's history says "deleted" only of rows that are gone (issue 25).

Django writes its "deleted X" line before it asks ``delete_model`` / ``delete_queryset``; when the
service refuses, the line stayed although nothing was deleted. Walked from the admin registry: for
every admin a superuser may delete with and a factory in ``tests/factories`` can fill, one row is
deleted from its delete page and another by the "delete selected" action; afterwards the row is gone
with exactly one deletion entry, or still there with none. Rows the services refuse (a candidate of
a frozen list, an entry written automatically) are among them; the walk fails if it met none."""

# Factories return model instances at run time; mypy sees the factory class.
# mypy: disable-error-code="arg-type"

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.options import ModelAdmin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from congress.admin_mixins import DeletionLogMixin
from tests.factories.core import UserFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes.models import Candidate, Cycle

from .test_admin_actions import _factories, _factory_for, changelist_url

pytestmark = pytest.mark.django_db

OUTCOMES: dict[str, str] = {}


@pytest.fixture
def superuser(db: Any) -> Any:
    return UserFactory(username="deletion-log-admin", is_staff=True, is_superuser=True)


def _deletion_entries(model: type[models.Model], pk: Any) -> int:
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return LogEntry.objects.filter(content_type=content_type, object_id=str(pk), action_flag=DELETION).count()


def _delete_page(client: Client, model: type[models.Model], pk: Any) -> None:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_delete", args=[pk])
    client.post(url, {"post": "yes"})


def _delete_selected(client: Client, model: type[models.Model], pk: Any) -> None:
    data = {"action": "delete_selected", "index": "0", "_selected_action": str(pk), "post": "yes"}
    client.post(changelist_url(model), data)


def _check(client: Client, model: type[models.Model], how: str, pk: Any) -> str:
    """Delete row ``pk`` by ``how`` ("page" or "action"); what is wrong with the history, or ""."""
    (_delete_page if how == "page" else _delete_selected)(client, model, pk)
    gone = not model._base_manager.filter(pk=pk).exists()
    entries = _deletion_entries(model, pk)
    where = f"{model._meta.label} / {how}"
    OUTCOMES[where] = "deleted" if gone else "refused"
    if gone and entries != 1:
        return f"{where}: the row is gone with {entries} deletion entries"
    if not gone and entries:
        return f"{where}: the row is still there but the history says it was deleted"
    return ""


def _deletable(model_admin: Any, user: Any) -> tuple[bool, bool]:
    """Whether ``user`` may delete from the admin's page, and by the "delete selected" action."""
    request = RequestFactory().get("/")
    request.user = user
    if not model_admin.has_delete_permission(request):
        return False, False
    try:
        changelist_url(model_admin.model)
    except NoReverseMatch:
        return False, False
    return True, "delete_selected" in model_admin.get_actions(request)


def _walk(user: Any) -> Iterator[str]:
    client = Client()
    client.force_login(user)
    factories = _factories()
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label):
        page, action = _deletable(model_admin, user)
        make = _factory_for(model, factories)
        if make is None or not page:
            continue
        for how in ("page", "action") if action else ("page",):
            if problem := _check(client, model, how, make().pk):
                yield problem


def test_the_history_says_deleted_only_of_rows_that_are_gone(superuser):
    problems = list(_walk(superuser))
    print("\n".join(f"{where}: {what}" for where, what in sorted(OUTCOMES.items())))
    assert not problems, "\n".join(problems)
    # Not vacuous: the walk deleted rows, and met rows the services refused.
    outcomes = list(OUTCOMES.values())
    assert outcomes.count("deleted") >= 10, OUTCOMES
    assert outcomes.count("refused") >= 1, OUTCOMES


@pytest.mark.parametrize("how", ["page", "action"])
def test_a_refused_delete_leaves_the_row_and_no_entry(superuser, how):
    """A candidate of a list frozen by the ballot (``candidate_delete`` refuses)."""
    candidate = CandidateFactory(cycle=CycleFactory(phase=Cycle.Phase.BALLOT))
    client = Client()
    client.force_login(superuser)
    assert _check(client, Candidate, how, candidate.pk) == ""
    assert Candidate.objects.filter(pk=candidate.pk).exists()
    assert _deletion_entries(Candidate, candidate.pk) == 0


@pytest.mark.parametrize("how", ["page", "action"])
def test_a_delete_that_happens_leaves_exactly_one_entry(superuser, how):
    candidate = CandidateFactory(cycle=CycleFactory(phase=Cycle.Phase.CANDIDATES))
    client = Client()
    client.force_login(superuser)
    assert _check(client, Candidate, how, candidate.pk) == ""
    assert not Candidate.objects.filter(pk=candidate.pk).exists()
    assert _deletion_entries(Candidate, candidate.pk) == 1


def test_the_check_catches_a_history_written_before_the_service_is_asked(superuser, monkeypatch):
    """Django's own ``log_deletions`` (the entry written first) is what the walk fails on: by the
    "delete selected" action, which runs in no transaction. (The delete page runs in one, which the
    refusal rolls back with Django's entry.)"""
    monkeypatch.setattr(DeletionLogMixin, "log_deletions", ModelAdmin.log_deletions)
    candidate = CandidateFactory(cycle=CycleFactory(phase=Cycle.Phase.BALLOT))
    client = Client()
    client.force_login(superuser)
    problem = _check(client, Candidate, "action", candidate.pk)
    assert "the history says it was deleted" in problem, problem
