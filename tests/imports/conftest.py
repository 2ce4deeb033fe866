"""Fixtures of the import tests: Chinese active and the catalogues compiled (as for the deputies and
the suggestions), a clerk of the committee."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from congress import roles
from congress.roles import roles_sync
from tests.deputies.conftest import _chinese, _seed_data  # noqa: F401
from tests.factories.core import UserFactory
from tests.suggestions import conftest as _suggestions  # noqa: F401  (compiles its catalogue)


@pytest.fixture
def clerk(db: Any) -> Any:
    """Committee staff with the admin's permissions of the imports (the role's own)."""
    roles_sync()
    user = UserFactory.create(username="clerk", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.COMMITTEE_STAFF))
    return user


CALENDAR_SEEDS = (
    "congress.calendar.migrations.0002_default_policies",
    "congress.calendar.migrations.0003_seed_calendar",
)


@pytest.fixture(autouse=True)
def _deadline_policies(request: pytest.FixtureRequest) -> None:
    """The deadline policies and the holiday calendar of the data migrations, put back when a
    transactional test elsewhere flushed them (the history import starts the clocks of open items)."""
    if "django_db" not in request.keywords:
        return
    import importlib

    from django.apps import apps
    from django.db import connection

    from congress.calendar.models import DeadlinePolicy

    request.getfixturevalue("db")
    if DeadlinePolicy.objects.filter(code="opinion.triage").exists():
        return
    for name in CALENDAR_SEEDS:
        importlib.import_module(name).seed(apps, connection.schema_editor())
