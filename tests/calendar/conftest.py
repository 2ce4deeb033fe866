"""Factories and fixtures of the calendar tests. Deadlines need an owner: any model will do, so the
tests use the core's suggestion Category, which has no dependencies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import factory
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from congress.calendar import services
from congress.calendar.models import Deadline
from congress.models import Category


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"事项{n}")
    code = factory.Sequence(lambda n: f"calendar-item-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")


@pytest.fixture(autouse=True)
def _chinese() -> Any:
    # The portal's language; services and the admin render their messages in it.
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def owner(db: None) -> Category:
    return Category.objects.get(pk=OwnerFactory().pk)


@pytest.fixture
def make_deadline(db: None) -> Callable[..., Deadline]:
    def make(policy_code: str, start: date, owner: Any = None) -> Deadline:
        item = owner if owner is not None else Category.objects.get(pk=OwnerFactory().pk)
        return services.deadline_create(owner=item, policy_code=policy_code, start=start)

    return make


@pytest.fixture
def staff_user(db: None) -> Any:
    user = UserFactory(is_staff=True, username="staff")
    group, _created = Group.objects.get_or_create(name=services.STAFF_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="workcalendar"))
    user.groups.add(group)
    # Staff of the root body: the deadlines here belong to a shared category, which is the root's.
    from congress import roles
    from congress.services import body_role_grant
    from tests.factories.core import root_body

    body_role_grant(user=user, body=root_body(), role=roles.COMMITTEE_STAFF)
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def clerk(db: None) -> Any:
    """A logged-in user without the approval permission (e.g. a unit officer)."""
    return UserFactory(username="clerk")
