"""PUBLIC_BASE_URL: without it every QR code and poster prints the development address, so the
production settings flag it and the admin warns staff until it is set."""

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
}


def _production_flag(**extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PUBLIC_BASE_URL"} | PRODUCTION | extra
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PUBLIC_BASE_URL_WARNING)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_production_settings_flag_an_unset_public_base_url():
    assert _production_flag() == "True"
    assert _production_flag(PUBLIC_BASE_URL="https://rd.example.gov.cn") == "False"


@pytest.mark.parametrize("value", ["", " ", "http://127.0.0.1:8000", "http://localhost:8000/"])
def test_production_settings_flag_an_empty_or_loopback_public_base_url(value):
    """The example file once pre-filled the development address, which hid the banner."""
    assert _production_flag(PUBLIC_BASE_URL=value) == "True"


def test_an_empty_public_base_url_means_the_development_address():
    """An empty PUBLIC_BASE_URL read as '' made the banner say "印的是 ，群众无法打开"."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | {"PUBLIC_BASE_URL": ""}
    code = "import django; django.setup(); from django.conf import settings; print(settings.PUBLIC_BASE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "congress.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8000"


@pytest.mark.django_db
def test_admin_warns_staff_while_public_base_url_is_unset(client, settings):
    settings.PUBLIC_BASE_URL_WARNING = True
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="public-base-url-warning"' in page and "PUBLIC_BASE_URL" in page
    assert "http://127.0.0.1:8000" in page


@pytest.mark.django_db
def test_admin_has_no_warning_once_public_base_url_is_set(client, settings):
    settings.PUBLIC_BASE_URL_WARNING = False
    settings.PUBLIC_BASE_URL = "https://rd.example.gov.cn"
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="public-base-url-warning"' not in page
