"""Secrets in messages: filled in at send time, never stored, never logged.

A receipt must tell a citizen their tracking PIN, but the outbox row is readable in the admin and
outlives the moment the PIN is shown. So the row keeps a placeholder (``{pin}``) and the app that owns
the secret registers a *filler* for the notification kind; the delivery fills the placeholder in
memory just before handing the text to the mail or SMS backend. While it does, the filled values are
*live*: the logging filter below blanks them out of every log record and the development console
backends print the message with them blanked, so neither a log file nor the row ever holds them.

The core never imports a domain app: apps register their fillers in ``AppConfig.ready()``.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Notification

REDACTED = "******"

# A filler returns the values of the placeholders of one notification (or None: nothing to fill,
# and the placeholders are replaced by ``REDACTED``).
Filler = Callable[["Notification"], dict[str, str] | None]

_FILLERS: dict[str, Filler] = {}
_LIVE: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("notification_secrets", default=())


def filler_register(*, kind: str, filler: Filler) -> None:
    """Fill the placeholders of notifications of ``kind`` at send time."""
    _FILLERS[kind] = filler


def placeholder(name: str) -> str:
    return "{" + name + "}"


def values_fill(notification: Notification) -> dict[str, str]:
    """The secret values of a notification by name (the parameters of an SMS template)."""
    filler = _FILLERS.get(notification.kind)
    return {name: value for name, value in ((filler(notification) or {}) if filler else {}).items() if value}


def body_render(notification: Notification) -> tuple[str, tuple[str, ...]]:
    """The text to send and the secret values in it."""
    body = notification.body
    filler = _FILLERS.get(notification.kind)
    if filler is None:
        return body, ()
    values = filler(notification) or {}
    secrets = []
    for name, value in values.items():
        if placeholder(name) in body:
            body = body.replace(placeholder(name), value)
            if value:
                secrets.append(value)
    return body, tuple(secrets)


@contextlib.contextmanager
def live(secrets: tuple[str, ...]) -> Iterator[None]:
    """While a message is handed to a backend, its secret values are redacted from every log."""
    token = _LIVE.set(_LIVE.get() + tuple(s for s in secrets if s))
    try:
        yield
    finally:
        _LIVE.reset(token)


def redact(text: str) -> str:
    for secret in _LIVE.get():
        text = text.replace(secret, REDACTED)
    return text


class RedactSecretsFilter(logging.Filter):
    """Installed on every log handler (settings.LOGGING): a record made while a message is being sent
    loses the message's secrets, whatever logger made it (backend, provider SDK, HTTP client)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _LIVE.get():
            message = record.getMessage()
            record.msg, record.args = redact(message), None
            if record.exc_info and record.exc_info[1] is not None:
                record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
                record.exc_info = None
        return True
