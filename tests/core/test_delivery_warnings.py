"""Production refuses to pretend: `check --deploy` fails while the development SMS backend or console
e-mail is configured, and the admin tells staff so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories.core import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "congress.settings.production",
    "DJANGO_SECRET_KEY": "k8$2vq!x9pz@4m#r7t&w1y^u3e*o5i(a6s)d0f-g+h=j[l]n{b}c|v;z:x<c>v?b" * 2,
    "DJANGO_ALLOWED_HOSTS": "congress.example.cn",
    "TRACKING_PIN_KEY": "Zq3u8-pYx1Lr0sKf7Vb2Nw9Tc4Hd6Mj5Ge",
    "FIELD_ENCRYPTION_KEYS": "k1:3f9c2a71d04b8e65c1a7f0e2b9d43c58",
    "BLIND_INDEX_KEY": "9a41c7e02f5db386a1c4e7f0b29d6c53",
}


def _check_deploy(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SMS_BACKEND", "EMAIL_URL"}}
    env.update(PRODUCTION, **extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_fails_with_the_development_sms_backend_and_console_email():
    result = _check_deploy()
    assert result.returncode != 0
    assert "congress.E101" in result.stderr and "SMS_BACKEND" in result.stderr
    assert "congress.E102" in result.stderr


def test_check_deploy_passes_with_a_real_gateway_and_smtp():
    result = _check_deploy(
        SMS_BACKEND="congress.notifications.sms.cmpp.CmppSmsBackend",
        EMAIL_URL="smtp+tls://portal:secret@mail.example.gov.cn:587",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_the_admin_warns_staff_while_sms_and_email_only_pretend(client, settings):
    settings.DELIVERY_WARNINGS = True
    settings.SMS_BACKEND = "congress.notifications.backends.DevelopmentSmsBackend"
    settings.EMAIL_BACKEND = "congress.notifications.backends.ConsoleEmailBackend"
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="sms-development-warning"' in page and 'id="email-development-warning"' in page


@pytest.mark.django_db
def test_no_warning_with_a_real_gateway_and_smtp(client, settings):
    settings.DELIVERY_WARNINGS = True
    settings.SMS_BACKEND = "congress.notifications.sms.cmpp.CmppSmsBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:index")).content.decode()
    assert "development-warning" not in page
