"""Real SMS backends (see ``congress.notifications.backends`` for the interface).

* ``congress.notifications.sms.tencent.TencentSmsBackend``: Tencent Cloud SMS through its SDK, with
  approved templates (``SMS_TEMPLATES``) and a signature (``SMS_SIGN_NAME``);
* ``congress.notifications.sms.cmpp.CmppSmsBackend``: an operator's or government intranet SMS
  gateway (ISMG) over CMPP 3.0 or 2.0.

A *templated* backend (``templated = True``) receives the notification's kind and its parameters
(the tracking code, the PIN filled in at send time, the whole text as ``body``) and looks the kind up
in ``SMS_TEMPLATES``. A backend with ``receipts()`` is polled for delivery reports by the
``congress.notifications.sms_receipts`` task and the ``sms_receipts`` command.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from ..backends import DeliveryError


@dataclass(frozen=True)
class Receipt:
    """A delivery report: the provider's message id, whether the phone got it, the provider's code."""

    message_id: str
    delivered: bool
    code: str
    at: datetime.datetime | None = None


def template_for(kind: str, params: dict[str, str]) -> tuple[str, list[str]]:
    """The template id of a notification kind and its parameters in the template's order.

    ``SMS_TEMPLATES`` maps a kind (``suggestion.received``) or ``*`` (any other kind) to
    ``{"template": "<id approved by the provider>", "params": ["code", "pin"]}``. A kind without a
    template cannot be sent by a provider that only sends approved templates: a permanent failure."""
    templates: dict[str, Any] = getattr(settings, "SMS_TEMPLATES", {}) or {}
    entry = templates.get(kind) or templates.get(kind.split(":", 1)[0]) or templates.get("*")
    if not entry or not entry.get("template"):
        raise DeliveryError(f"no SMS template for kind {kind or '(none)'} in SMS_TEMPLATES", permanent=True)
    names = list(entry.get("params", []))
    missing = [name for name in names if not params.get(name)]
    if missing:
        raise DeliveryError(f"SMS template of {kind} needs {', '.join(missing)}", permanent=True)
    return str(entry["template"]), [str(params[name]) for name in names]


def mainland_e164(number: str) -> str:
    """+86 form of a mainland mobile number (what cloud providers expect)."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    if digits.startswith("+"):
        return digits
    if digits.startswith("86") and len(digits) == 13:
        return "+" + digits
    return "+86" + digits


def mainland_national(number: str) -> str:
    """The 11-digit national form (what CMPP gateways expect)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 13 and digits.startswith("86"):
        return digits[2:]
    return digits
