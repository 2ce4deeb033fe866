"""Delivery backends. Email goes through Django's mail backend (``EMAIL_URL``). SMS goes through a
provider-neutral class named by ``SMS_BACKEND``; to plug in a provider (Aliyun, Tencent Cloud, a
government SMS gateway) write a class with

    def send(self, *, to: str, body: str) -> str

that returns the provider's message id and raises ``DeliveryError`` when the provider refused or
could not be reached (nothing was sent: the outbox retries with backoff and shows the error in the
admin; ``permanent=True`` when retrying cannot help) and ``DeliveryUncertain`` when the request may
have reached the provider (a timeout after it was written): the outbox then never sends it again by
itself, so a citizen never gets the same text twice. The class is instantiated per message, so keep
clients cheap or cache them at module level. Real backends live in ``congress.notifications.sms``.
The development backend stores the messages in memory (``DevelopmentSmsBackend.outbox``) and logs them
with the number masked and any secret of the message (a tracking PIN) blanked; it is marked
``development = True``, which the deploy checks, the admin banner and the citizen's page read."""

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
    """A backend could not deliver and nothing left; the outbox retries later unless ``permanent``.
    ``code`` is the provider's error code, recorded on the outbox row (``delivery_code``)."""

    def __init__(self, message: str = "", *, permanent: bool = False, code: str = "") -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code


class DeliveryUncertain(DeliveryError):
    """The request may have reached the provider (timeout or broken connection after it was sent):
    the message is not sent again automatically."""


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str) -> str:
        """Send one text message; return the provider's message id."""


class DevelopmentSmsBackend:
    """Stores the last messages in memory (like Django's locmem mail backend) and logs them: for
    development and tests. The outbox row is the durable record."""

    development = True
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


def sms_backend_is_development() -> bool:
    """Whether ``SMS_BACKEND`` only pretends to send (messages never leave the server)."""
    try:
        backend_class = import_string(settings.SMS_BACKEND)
    except ImportError:
        return False
    return bool(getattr(backend_class, "development", False))


def sms_backend_is_templated() -> bool:
    """Whether the SMS backend sends approved templates (it needs the kind and the parameters)."""
    try:
        return bool(getattr(import_string(settings.SMS_BACKEND), "templated", False))
    except ImportError:
        return False


def email_backend_is_development() -> bool:
    """Whether e-mail only goes to the console, a file or memory (never to anyone's mailbox)."""
    return str(getattr(settings, "EMAIL_BACKEND", "")) in {
        "congress.notifications.backends.ConsoleEmailBackend",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }


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


def send_sms(*, to: str, body: str, kind: str = "", params: dict[str, str] | None = None) -> str:
    """Send one text; a templated backend also gets the kind and the template's parameters."""
    try:
        backend: Any = sms_backend()
        if getattr(backend, "templated", False):
            return str(backend.send(to=to, body=body, kind=kind, params={"body": body, **(params or {})}))
        return str(backend.send(to=to, body=body))
    except DeliveryError:
        raise
    except Exception as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
