"""``manage.py check --deploy`` refuses a server whose messages never leave it: the development SMS
backend (the citizen's receipt is marked sent and goes nowhere) and console or in-memory e-mail."""

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
    return found
