"""Delivery backends. Email goes through Django's mail backend (``EMAIL_URL``). SMS goes through a
provider-neutral class named by ``SMS_BACKEND``; to plug in a provider (Aliyun, Tencent Cloud, a
government SMS gateway) write a class with

    def send(self, *, to: str, body: str) -> str

that returns the provider's message id and raises ``DeliveryError`` (or any exception) when the
provider refuses or cannot be reached: the outbox then retries with backoff and shows the error in
the admin. The class is instantiated per message, so keep clients cheap or cache them at module level.
The development backend stores the messages in memory (``DevelopmentSmsBackend.outbox``) and logs them
with the number masked and any secret of the message (a tracking PIN) blanked."""

from __future__ import annotations

import logging
from collections import deque
from typing import Any, Protocol

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, send_mail
from django.core.mail.backends.console import EmailBackend as DjangoConsoleEmailBackend
from django.utils.module_loading import import_string

from ..privacy import mask_contact
from .secrets import redact

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A backend could not deliver; the outbox retries later."""


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str) -> str:
        """Send one text message; return the provider's message id."""


class DevelopmentSmsBackend:
    """Stores the last messages in memory (like Django's locmem mail backend) and logs them: for
    development and tests. The outbox row is the durable record."""

    outbox: deque[tuple[str, str]] = deque(maxlen=1000)

    def send(self, *, to: str, body: str) -> str:
        self.outbox.append((to, body))
        logger.info("SMS to %s: %s", mask_contact(to), redact(body))
        return "dev"


class ConsoleEmailBackend(DjangoConsoleEmailBackend):
    """Django's console backend (``EMAIL_URL=consolemail://``, the development default) with the
    secrets of the message being sent blanked: the terminal is a log too."""

    def write_message(self, message: Any) -> None:
        msg = message.message()
        charset = msg.get_charset().get_output_charset() if msg.get_charset() else "utf-8"
        self.stream.write(redact(msg.as_bytes().decode(charset)) + "\n")
        self.stream.write("-" * 79)
        self.stream.write("\n")


def sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend


def send_email(*, to: str, subject: str, body: str, attachment: str = "") -> None:
    """Send one email; ``attachment`` names a stored file (default storage) to attach."""
    try:
        if attachment:
            message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
            with default_storage.open(attachment, "rb") as stored:
                message.attach(attachment.rsplit("/", 1)[-1], stored.read())
            message.send(fail_silently=False)
            return
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except Exception as exc:  # SMTP errors of every kind become a retry
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc


def send_sms(*, to: str, body: str) -> str:
    try:
        return sms_backend().send(to=to, body=body)
    except DeliveryError:
        raise
    except Exception as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
