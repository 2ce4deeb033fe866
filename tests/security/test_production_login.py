"""Logging in with the production settings, end to end: the password at /accounts/login/ or
/admin/login/, the TOTP code of django-otp's TOTP device, then the admin. The settings are those of
``congress.settings.production`` (read with the secrets it requires), bar the database, cache,
storage and mail of the test run; requests come over HTTPS as behind the production proxy."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.core import UserFactory

from .test_settings_hardening import GOOD_PIN_KEY, GOOD_SECRET

# Settings of the test run that production would point at real servers.
KEEP = {
    "DATABASES",
    "CACHES",
    "STORAGES",
    "PASSWORD_HASHERS",
    "EMAIL_BACKEND",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "LOGGING",
    "CELERY_BROKER_URL",
    "CELERY_BROKER_TRANSPORT_OPTIONS",
    "SETTINGS_MODULE",
}
PASSWORD = "Secret#2026"


@pytest.fixture
def production(monkeypatch) -> Any:
    monkeypatch.setenv("DJANGO_SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("TRACKING_PIN_KEY", GOOD_PIN_KEY)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    monkeypatch.delenv("STAFF_REQUIRE_2FA", raising=False)
    sys.modules.pop("congress.settings.production", None)
    module = importlib.import_module("congress.settings.production")
    sys.modules.pop("congress.settings.production", None)
    values = {name: getattr(module, name) for name in dir(module) if name.isupper() and name not in KEEP}
    assert values["STAFF_REQUIRE_2FA"] is True
    assert "django_otp.middleware.OTPMiddleware" in values["MIDDLEWARE"]
    with override_settings(**values):
        yield values


def _code(device: TOTPDevice) -> str:
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(
        device.digits
    )


def _staff_with_device(username: str) -> tuple[Any, TOTPDevice]:
    user = UserFactory(username=username, is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _https() -> Client:
    return Client(HTTP_X_FORWARDED_PROTO="https")


def test_admin_login_asks_for_the_code_then_opens_the_admin(production, db):
    user, device = _staff_with_device("staff-admin-login")
    client = _https()
    assert client.get(reverse("admin:index")).status_code == 302
    response = client.post(
        reverse("admin:login"),
        {"username": user.username, "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(reverse("two-factor"))
    index = client.get(reverse("admin:index"))
    assert index.status_code == 302 and index["Location"].startswith(reverse("two-factor"))
    response = client.post(reverse("two-factor"), {"token": _code(device), "next": reverse("admin:index")})
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_site_login_asks_for_the_code_then_opens_the_admin(production, db):
    user, device = _staff_with_device("staff-site-login")
    client = _https()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("admin:index"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("two-factor"))
    assert client.get(reverse("deputy-report-ranking")).status_code == 302
    response = client.post(reverse("two-factor"), {"token": _code(device), "next": reverse("admin:index")})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_first_login_with_the_production_settings_sets_up_the_authenticator(production, db):
    user = UserFactory(username="staff-new", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    client = _https()
    response = client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor"))
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.context["enrolling"]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("two-factor"), {"token": _code(device)})
    assert client.get(reverse("admin:index")).status_code == 200
