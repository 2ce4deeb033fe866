"""Production by default, real keys or no start, the demo's debug pages for this machine only, and
the headers and cookies a browser needs."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k8$2vq!x9pz@4m#r7t&w1y^u3e*o5i(a6s)d0f-g+h=j[l]n{b}c|v;z:x<c>v?b"
GOOD_PIN_KEY = "Zq3u8-pYx1Lr0sKf7Vb2Nw9Tc4Hd6Mj5Ge"


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRACKING_PIN"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("module", ["congress.wsgi", "congress.asgi", "congress.celery"])
def test_entry_points_default_to_production_and_refuse_to_start_without_a_secret_key(module):
    result = _python(f"import {module}; from django.conf import settings; settings.DEBUG")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("module", ["congress.wsgi", "congress.celery"])
def test_entry_points_run_with_debug_off_when_the_keys_are_real(module):
    result = _python(
        f"import {module}; from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        TRACKING_PIN_KEY=GOOD_PIN_KEY,
        DJANGO_ALLOWED_HOSTS="rd.example.gov.cn",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["congress.settings.production", "False"]


@pytest.mark.parametrize(
    ("secret", "pin_key", "complaint"),
    [
        ("django-insecure-local-development-key-not-for-production", GOOD_PIN_KEY, "DJANGO_SECRET_KEY"),
        ("short", GOOD_PIN_KEY, "DJANGO_SECRET_KEY"),
        ("a" * 80, GOOD_PIN_KEY, "DJANGO_SECRET_KEY"),
        (GOOD_SECRET, "", "TRACKING_PIN_KEY"),
        (GOOD_SECRET, "insecure-development-tracking-pin-key", "TRACKING_PIN_KEY"),
    ],
)
def test_production_refuses_development_or_weak_keys(secret, pin_key, complaint):
    result = _python(
        "import django; django.setup()",
        DJANGO_SETTINGS_MODULE="congress.settings.production",
        DJANGO_SECRET_KEY=secret,
        TRACKING_PIN_KEY=pin_key,
        DJANGO_ALLOWED_HOSTS="rd.example.gov.cn",
    )
    assert result.returncode != 0 and complaint in result.stderr


def test_production_never_runs_the_captcha_test_hook_and_requires_two_factor_for_staff():
    result = _python(
        "import django; django.setup(); from django.conf import settings; "
        "from captcha.conf import settings as c; "
        "print(settings.CAPTCHA_TEST_MODE, c.CAPTCHA_TEST_MODE, settings.STAFF_REQUIRE_2FA, "
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.DEBUG)",
        DJANGO_SETTINGS_MODULE="congress.settings.production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        TRACKING_PIN_KEY=GOOD_PIN_KEY,
        DJANGO_ALLOWED_HOSTS="rd.example.gov.cn",
        CAPTCHA_TEST_MODE="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True", "True", "True", "False"]


def _dev_script():
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "scripts" / "dev.py")
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("rd.example.gov.cn", False),
    ],
)
def test_the_run_command_keeps_debug_pages_for_loopback_only(host, loopback):
    assert _dev_script().is_loopback(host) is loopback


def test_the_run_command_turns_debug_off_when_other_machines_can_reach_it():
    dev = _dev_script()
    env = dev.demo_env({"DJANGO_SETTINGS_MODULE": "congress.settings.local"}, host="0.0.0.0")
    assert env["DJANGO_DEBUG"] == "false"
    assert "DJANGO_DEBUG" not in dev.demo_env(
        {"DJANGO_SETTINGS_MODULE": "congress.settings.local"}, host="127.0.0.1"
    )


def test_pages_carry_a_strict_content_security_policy_and_the_usual_headers(client, db):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert (
        "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    )
    assert "'nonce-" in directives["script-src"] or directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'" and directives["base-uri"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_cookies_are_http_only_and_end_with_the_working_day(client, staff):
    from django.conf import settings

    response = client.post(reverse("login"), {"username": staff.username, "password": "Secret#2026"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_session_older_than_the_working_day_is_logged_out(client, staff):
    import datetime

    import time_machine

    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=9)):
        assert client.get(reverse("admin:index")).status_code == 302


def test_the_request_body_is_capped(client, db, settings):
    settings.MAX_REQUEST_BYTES = 1000
    response = client.post(reverse("submit"), {"text": "x" * 2000})
    assert response.status_code == 413


# -- .env.example and the choice of the settings module ------------------------------------------

SAFE_PRODUCTION = {
    "DEBUG": False,
    "STAFF_REQUIRE_2FA": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "X_FRAME_OPTIONS": "DENY",
    "CAPTCHA_TEST_MODE": False,
    "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
}


def _example_env() -> dict[str, str]:
    """The variables a copy of .env.example sets, as they are written there."""
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value.strip()
    return values


def test_a_copy_of_the_example_env_keeps_every_production_security_setting():
    import json

    names = [
        *SAFE_PRODUCTION,
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_AGE",
        "AXES_FAILURE_LIMIT",
        "MIDDLEWARE",
    ]
    result = _python(
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))",
        **{
            **_example_env(),
            "DJANGO_SETTINGS_MODULE": "congress.settings.production",
            "DJANGO_SECRET_KEY": GOOD_SECRET,
            "TRACKING_PIN_KEY": GOOD_PIN_KEY,
        },
    )
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert {name: got[name] for name in SAFE_PRODUCTION} == SAFE_PRODUCTION
    assert got["SECURE_HSTS_SECONDS"] >= 31536000 and got["SESSION_COOKIE_AGE"] <= 8 * 3600
    assert got["AXES_FAILURE_LIMIT"] <= 5
    assert "congress.middleware.SecondFactorMiddleware" in got["MIDDLEWARE"]


def test_an_empty_switch_or_number_means_its_default(monkeypatch):
    from congress.settings.base import Env

    monkeypatch.setenv("STAFF_REQUIRE_2FA", "")
    monkeypatch.setenv("DJANGO_SECURE_HSTS_SECONDS", " ")
    monkeypatch.setenv("MAP_TILE_URL", "")
    env = Env()
    assert env.bool("STAFF_REQUIRE_2FA", default=True) is True
    assert env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000) == 31536000
    assert env("MAP_TILE_URL", default="https://tiles.example/") == ""  # a text keeps its empty value


def test_the_example_env_never_chooses_the_development_settings_for_a_server():
    from congress.settings_module import settings_module

    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "environ", clean)
        chosen = settings_module("congress.settings.production", env_file=ROOT / ".env.example")
    assert chosen == "congress.settings.production"


@pytest.mark.parametrize(
    ("environment", "env_file", "expected"),
    [
        ("congress.settings.bench", "congress.settings.test", "congress.settings.bench"),
        ("", "congress.settings.test", "congress.settings.test"),
        ("", "", "congress.settings.local"),
    ],
)
def test_the_settings_module_comes_from_the_environment_then_env_then_the_default(
    environment, env_file, expected, tmp_path, monkeypatch
):
    from congress.settings_module import settings_module

    dotenv = tmp_path / ".env"
    dotenv.write_text(
        f"DEBUG=1\nexport DJANGO_SETTINGS_MODULE='{env_file}'  # chosen\n" if env_file else "X=1\n"
    )
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", environment)
    assert settings_module("congress.settings.local", env_file=dotenv) == expected


@pytest.mark.parametrize(
    "entry",
    [
        "import runpy, sys; sys.argv = ['manage.py', 'shell', '-c', "
        "'from django.conf import settings; print(settings.SETTINGS_MODULE)']; "
        "runpy.run_path('manage.py', run_name='__main__')",
        "import congress.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE)",
        "import congress.asgi; from django.conf import settings; print(settings.SETTINGS_MODULE)",
        "import congress.celery; from django.conf import settings; print(settings.SETTINGS_MODULE)",
    ],
    ids=["manage.py", "wsgi", "asgi", "celery"],
)
def test_every_entry_point_reads_the_settings_module_from_env(entry, tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("DJANGO_SETTINGS_MODULE=congress.settings.test\n")
    result = _python(
        f"import pathlib, congress.settings_module as m; m.ENV_FILE = pathlib.Path({str(dotenv)!r}); {entry}",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "congress.settings.test"
