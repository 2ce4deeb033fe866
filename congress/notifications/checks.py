"""``manage.py check --deploy`` refuses a server whose messages never leave it: the development SMS
backend (the citizen's receipt is marked sent and goes nowhere) and console or in-memory e-mail; and it
warns while the plain-HTTP trial switch is on, and while WeChat messages are half configured."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from .backends import email_backend_is_development, sms_backend_is_development


@checks.register(checks.Tags.security, deploy=True)
def check_real_delivery(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    found: list[checks.CheckMessage] = []
    if sms_backend_is_development():
        found.append(
            checks.Error(
                f"SMS_BACKEND is the development backend ({settings.SMS_BACKEND}): text messages, the "
                "citizens' receipts among them, are marked sent and never leave the server.",
                hint="Set SMS_BACKEND to congress.notifications.sms.tencent.TencentSmsBackend or "
                "congress.notifications.sms.cmpp.CmppSmsBackend with its settings (docs/operations.md).",
                id="congress.E101",
            )
        )
    if email_backend_is_development():
        found.append(
            checks.Error(
                f"E-mail goes to {settings.EMAIL_BACKEND}, not to anyone's mailbox.",
                hint="Set EMAIL_URL to the committee's mail server, e.g. smtp+tls://user:password@mail.example.gov.cn:587.",
                id="congress.E102",
            )
        )
    if getattr(settings, "INSECURE_HTTP_TRIAL", False):
        found.append(
            checks.Warning(
                "INSECURE_HTTP_TRIAL is on: sessions and CSRF cookies travel in clear text, no HSTS, no "
                "HTTPS redirect. For a first look on the intranet only.",
                hint="Put the TLS proxy in front (docs/operations.md) and remove INSECURE_HTTP_TRIAL.",
                id="congress.W103",
            )
        )
    found.extend(_wechat_messages())
    return found


def _wechat_messages() -> list[checks.CheckMessage]:
    """WeChat messages are optional: nothing to say without ``WECHAT_APP_ID``."""
    if not getattr(settings, "WECHAT_APP_ID", ""):
        return []
    found: list[checks.CheckMessage] = []
    if not getattr(settings, "WECHAT_APP_SECRET", ""):
        found.append(
            checks.Error(
                "WECHAT_APP_ID is set without WECHAT_APP_SECRET: no access token can be fetched and every "
                "WeChat message fails.",
                hint="Set WECHAT_APP_SECRET to the mini-program's AppSecret, or remove WECHAT_APP_ID.",
                id="congress.E104",
            )
        )
    if not getattr(settings, "WECHAT_TEMPLATES", {}):
        found.append(
            checks.Warning(
                "WECHAT_APP_ID is set but WECHAT_TEMPLATES names no template: no WeChat message is sent, "
                "yet the citizens' openids are kept.",
                hint="Name a subscribe template per kind in WECHAT_TEMPLATES (docs/reminders.md).",
                id="congress.W104",
            )
        )
    if not str(getattr(settings, "WECHAT_API_BASE_URL", "")).startswith("https://"):
        found.append(
            checks.Warning(
                f"WECHAT_API_BASE_URL is {settings.WECHAT_API_BASE_URL}: the AppSecret and the citizens' "
                "openids would travel without TLS.",
                hint="Remove WECHAT_API_BASE_URL (https://api.weixin.qq.com/ is the default).",
                id="congress.W105",
            )
        )
    return found
