"""Delivery backends. SMS has a provider-neutral interface; the development backend only records
that it "sent" (the outbox row itself is the stored message)."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A backend could not deliver; the outbox retries later."""


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str) -> str:
        """Send one text message; return the provider's message id."""


class DevelopmentSmsBackend:
    """Stores nothing beyond the outbox row and logs the message: for development and tests."""

    def send(self, *, to: str, body: str) -> str:
        logger.info("SMS to %s: %s", to[:3] + "****" + to[-4:] if len(to) >= 7 else "****", body)
        return "dev"


def sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend


def send_email(*, to: str, subject: str, body: str) -> None:
    try:
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
