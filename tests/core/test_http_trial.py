"""The plain-HTTP trial switch: secure cookies, HSTS and the redirect off, a deploy-check warning and
a red banner on every page; production untouched without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories.core import UserFactory

from .test_delivery_warnings import PRODUCTION

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "from django.conf import settings as s;"
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
    " s.STAFF_REQUIRE_2FA, s.DEBUG, s.SECURE_PROXY_SSL_HEADER[0])"
)


def _production(*argv: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "INSECURE_HTTP_TRIAL"}
    env.update(
        PRODUCTION,
        SMS_BACKEND="congress.notifications.sms.cmpp.CmppSmsBackend",
        EMAIL_URL="smtp+tls://portal:secret@mail.example.gov.cn:587",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *argv], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_trial_turns_off_only_what_needs_https_and_check_deploy_warns():
    shown = _production("shell", "-v", "0", "-c", SHOW, INSECURE_HTTP_TRIAL="1")
    assert shown.stdout.split() == ["False", "False", "False", "0", "True", "False", "HTTP_X_FORWARDED_PROTO"]
    checked = _production("check", "--deploy", INSECURE_HTTP_TRIAL="1")
    assert "congress.W103" in checked.stderr + checked.stdout


def test_without_the_trial_production_stays_https_only():
    shown = _production("shell", "-v", "0", "-c", SHOW, INSECURE_HTTP_TRIAL="")
    assert shown.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "False",
        "HTTP_X_FORWARDED_PROTO",
    ]


@pytest.mark.django_db
def test_every_page_and_the_admin_carry_the_trial_banner(client, settings):
    settings.INSECURE_HTTP_TRIAL = True
    assert 'id="insecure-http-trial"' in client.get(reverse("home")).content.decode()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert 'id="insecure-http-trial"' in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_no_trial_banner_otherwise(client):
    assert "insecure-http-trial" not in client.get(reverse("home")).content.decode()
