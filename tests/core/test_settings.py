import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_language_and_time_zone_are_chinese_by_default():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert "en" in dict(settings.LANGUAGES)


def test_production_settings_pass_check_deploy_without_warnings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress.settings.production",
        "DJANGO_SECRET_KEY": "k8$2vq!x9pz@4m#r7t&w1y^u3e*o5i(a6s)d0f-g+h=j[l]n{b}c|v;z:x<c>v?b" * 2,
        "DJANGO_ALLOWED_HOSTS": "congress.example.cn",
        "TRACKING_PIN_KEY": "Zq3u8-pYx1Lr0sKf7Vb2Nw9Tc4Hd6Mj5Ge",
        "FIELD_ENCRYPTION_KEYS": "k1:3f9c2a71d04b8e65c1a7f0e2b9d43c58",
        "BLIND_INDEX_KEY": "9a41c7e02f5db386a1c4e7f0b29d6c53",
        # Real delivery (tests/core/test_delivery_warnings.py: the development defaults fail).
        "SMS_BACKEND": "congress.notifications.sms.tencent.TencentSmsBackend",
        "EMAIL_URL": "smtp+tls://portal:secret@mail.example.gov.cn:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "congress.settings.production", "DJANGO_ALLOWED_HOSTS": "x.cn"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
