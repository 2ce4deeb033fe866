# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Passwords and sessions (身份鉴别): complexity, no reuse, a change at first login and when it is
due, the previous login shown, idle staff sessions ended, one session per staff account."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from congress import services
from congress.models import AccountState, AuditEvent
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db
GOOD = "Lanzhou#2027river"


@pytest.mark.parametrize("password", ["abcdefghij", "abcdefgh12", "ABCDEFGH12", "lanzhouriverside"])
def test_a_password_of_fewer_than_three_kinds_of_character_is_refused(password: str) -> None:
    with pytest.raises(ValidationError, match="至少"), translation.override("zh-hans"):
        validate_password(password)


def test_a_password_of_three_kinds_passes() -> None:
    validate_password(GOOD)


def test_none_of_the_last_five_passwords_is_used_again() -> None:
    user = UserFactory.create()
    passwords = [f"Lanzhou#{n}river" for n in range(6)]
    for password in passwords:
        validate_password(password, user)
        user.set_password(password)
        user.save()
    for recent in passwords[1:]:
        with pytest.raises(ValidationError):
            validate_password(recent, user)
    validate_password(passwords[0], user)  # the sixth last is allowed again
    assert AuditEvent.objects.filter(action="password_change", object_id=user.pk).count() == 6


def test_an_account_an_administrator_created_changes_its_password_first(client: Client) -> None:
    user = UserFactory.create(username="newclerk")
    services.user_account_save(user=user, created=True)
    client.post(reverse("login"), {"username": "newclerk", "password": "Secret#2026"})
    response = client.get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("password_change"))
    client.post(
        reverse("password_change"),
        {"old_password": "Secret#2026", "new_password1": GOOD, "new_password2": GOOD},
    )
    assert client.get("/notifications/").status_code == 200


def test_an_expired_password_must_be_changed_only_when_expiry_is_set(client: Client, settings: Any) -> None:
    user = UserFactory.create(username="oldtimer")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=100), tick=False):
        user.set_password(GOOD)
        user.save()
    settings.PASSWORD_MAX_AGE_DAYS = 0
    client.force_login(user)
    assert client.get("/notifications/").status_code == 200
    settings.PASSWORD_MAX_AGE_DAYS = 90
    client.force_login(user)
    assert client.get("/notifications/").status_code == 302


def test_the_previous_login_time_and_address_are_shown(client: Client) -> None:
    UserFactory.create(username="zhangsan")
    with time_machine.travel(datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC), tick=False):
        client.post(reverse("login"), {"username": "zhangsan", "password": "Secret#2026"})
    client.logout()
    client.post(reverse("login"), {"username": "zhangsan", "password": "Secret#2026"}, REMOTE_ADDR="10.1.2.3")
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "上次登录" in page and "2026年12月1日" in page
    state = AccountState.objects.get(user__username="zhangsan")
    assert state.last_login_address == "10.1.2.3"


def test_an_idle_staff_session_ends_after_the_timeout(client: Client, settings: Any) -> None:
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 30
    staff = UserFactory.create(is_staff=True, is_superuser=True)
    with time_machine.travel(datetime.datetime(2026, 12, 7, 1, tzinfo=datetime.UTC), tick=False) as clock:
        client.force_login(staff)
        assert client.get("/admin/").status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_the_admin_pages_carry_the_idle_warning_script(client: Client) -> None:
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    page = client.get("/admin/").content.decode()
    assert "js/idle-timeout" in page and 'data-timeout="1800"' in page
    assert client.post(reverse("keep-alive")).json() == {"timeout": 1800}


def test_a_second_login_of_a_staff_account_ends_the_first_session() -> None:
    UserFactory.create(username="clerk", is_staff=True)
    first, second = Client(), Client()
    first.post(reverse("login"), {"username": "clerk", "password": "Secret#2026"})
    assert first.get("/admin/").status_code == 200
    second.post(reverse("login"), {"username": "clerk", "password": "Secret#2026"})
    response = first.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert second.get("/admin/").status_code == 200


def test_a_staff_member_who_changes_their_password_stays_logged_in(client: Client) -> None:
    UserFactory.create(username="clerk2", is_staff=True)
    client.post(reverse("login"), {"username": "clerk2", "password": "Secret#2026"})
    client.post(
        reverse("password_change"),
        {"old_password": "Secret#2026", "new_password1": GOOD, "new_password2": GOOD},
    )
    assert client.get("/admin/").status_code == 200
