# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""`check --deploy` speaks up while an active superuser exists: a warning during the installation, an
error once the three administrators are appointed, silence after `lock_superusers`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import checks
from django.core.management import call_command

from congress import roles, services
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def _deploy_ids() -> set[str]:
    return {message.id or "" for message in checks.run_checks(include_deployment_checks=True)}


def _appoint(code: str) -> Any:
    user = UserFactory.create(username=f"{code}-holder")
    roles.role_grant(user=user, code=code)
    services.user_staff_follow_roles(user=user)
    return user


def test_an_active_superuser_is_a_warning_then_an_error_then_gone_once_locked() -> None:
    assert not {"congress.W110", "congress.E110"} & _deploy_ids()
    UserFactory.create(username="installer", is_superuser=True, is_staff=True)
    found = _deploy_ids()
    assert "congress.W110" in found and "congress.E110" not in found
    for code in roles.ADMIN_ROLE_CODES:
        _appoint(code)
    found = _deploy_ids()
    assert "congress.E110" in found and "congress.W110" not in found
    call_command("lock_superusers")
    assert not {"congress.W110", "congress.E110"} & _deploy_ids()


def test_the_error_names_the_account_and_the_command() -> None:
    UserFactory.create(username="installer", is_superuser=True, is_staff=True)
    for code in roles.ADMIN_ROLE_CODES:
        _appoint(code)
    error = next(m for m in checks.run_checks(include_deployment_checks=True) if m.id == "congress.E110")
    assert "installer" in error.msg and "lock_superusers" in (error.hint or "")
    assert error.level == checks.ERROR


def test_an_inactive_superuser_is_no_finding() -> None:
    UserFactory.create(username="installer", is_superuser=True, is_staff=True, is_active=False)
    assert not {"congress.W110", "congress.E110"} & _deploy_ids()


def test_keys_derived_from_the_secret_key_are_a_warning_until_keys_of_their_own_are_set(
    settings: Any,
) -> None:
    from congress import fieldcrypto

    fieldcrypto.provider_reset()
    try:
        assert "congress.W111" in _deploy_ids()
        settings.FIELD_ENCRYPTION_KEYS = "k1:3f9c2a71d04b8e65c1a7f0e2b9d43c58"
        fieldcrypto.provider_reset()
        assert "congress.W111" in _deploy_ids()  # the blind-index key is still derived
        settings.BLIND_INDEX_KEY = "9a41c7e02f5db386a1c4e7f0b29d6c53"
        assert "congress.W111" not in _deploy_ids()
    finally:
        fieldcrypto.provider_reset()
