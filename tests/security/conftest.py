"""Fixtures of the security tests: the people and items of the suggestions tests (one definition,
imported), a registered API client, and clients on distinct network addresses."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.suggestions.conftest import (  # noqa: F401  (fixtures)
    category,
    deputy,
    deputy_user,
    liaison,
    make,
    officer,
    other_officer,
    role_groups,
    staff,
    station,
    street,
    submit,
    unit,
)


@pytest.fixture
def api_key(db: Any) -> str:
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="微信小程序", kind="wechat", rate="1000/m")
    return key


@pytest.fixture
def api(api_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {api_key}")
    return client


SEED_MIGRATIONS = (
    "congress.calendar.migrations.0002_default_policies",
    "congress.calendar.migrations.0003_seed_calendar",
)


@pytest.fixture
def seeded(transactional_db: Any) -> None:
    """Transactional tests start from a flushed database: put back the data migrations' rows (the
    deadline policies and the holiday calendar) the services need."""
    import importlib

    from django.apps import apps
    from django.db import connection

    from congress.calendar.models import DeadlinePolicy

    if DeadlinePolicy.objects.filter(code="opinion.triage").exists():
        return
    for name in SEED_MIGRATIONS:
        importlib.import_module(name).seed(apps, connection.schema_editor())
