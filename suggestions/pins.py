"""Tracking PINs: drawn from a keyed hash of the tracking code, never stored.

A PIN opens a citizen's case together with its tracking code. It is a 6-digit secret that the
tracking page throttles online, so a slow password hash (PBKDF2 at a million rounds, 300 ms per
submission) protects nothing a keyed hash does not:

* the PIN of a new item is ``HMAC-SHA256(TRACKING_PIN_KEY, "pin|" + code)`` reduced to the PIN
  alphabet. It is never written anywhere: the submission page, the station desk and the admin show
  it once, and the SMS/email receipt recomputes it at the moment it is sent;
* the row keeps ``hmac_sha256$`` + ``HMAC-SHA256(TRACKING_PIN_KEY, "verify|" + code + "|" + pin)``.
  A leaked table without the server-side key reveals nothing (no offline guessing);
* every comparison is constant-time; an unknown code costs the same one HMAC;
* PINs issued before this scheme are PBKDF2 hashes from Django's password hashers: they are still
  verified (``check_password``), so printed receipts keep working.

The key is the setting ``TRACKING_PIN_KEY`` (production refuses to start without a real one). Rotating
it invalidates every PIN issued with the old key: keep it as long as cases stay open.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.utils.crypto import constant_time_compare

from .conf import conf

PIN_ALPHABET = "23456789"
HASH_PREFIX = "hmac_sha256$"


def _key() -> bytes:
    return str(settings.TRACKING_PIN_KEY).encode()


def _mac(message: str) -> bytes:
    return hmac.new(_key(), message.encode(), hashlib.sha256).digest()


def pin_for(code: str) -> str:
    """The PIN of a tracking code (keyed, deterministic, uniform over the alphabet)."""
    number = int.from_bytes(_mac(f"pin|{code.upper()}"), "big")
    digits = []
    for _position in range(conf("SUGGESTIONS_PIN_LENGTH")):
        number, index = divmod(number, len(PIN_ALPHABET))
        digits.append(PIN_ALPHABET[index])
    return "".join(digits)


def pin_hash(code: str, pin: str) -> str:
    """What the row stores: a keyed hash of code and PIN together."""
    return HASH_PREFIX + _mac(f"verify|{code.upper()}|{pin}").hex()


def pin_verify(code: str, pin: str, stored: str) -> bool:
    """Whether ``pin`` opens the item with ``code`` whose row stores ``stored`` (either form)."""
    pin = (pin or "").strip()
    if stored.startswith(HASH_PREFIX):
        return constant_time_compare(pin_hash(code, pin), stored)
    if stored and pin:
        return check_password(pin, stored)  # issued before keyed hashes: PBKDF2
    return False


def pin_dummy_check(pin: str) -> None:
    """Spend the time of one check when there is no item, so a wrong code looks like a wrong PIN."""
    constant_time_compare(pin_hash("-", pin or ""), HASH_PREFIX)


def pin_recoverable(code: str, stored: str) -> str | None:
    """The PIN a receipt may show: the keyed PIN, if it is still the one the row verifies."""
    if not stored.startswith(HASH_PREFIX):
        return None
    pin = pin_for(code)
    return pin if constant_time_compare(pin_hash(code, pin), stored) else None


RECEIPT_KIND = "suggestion.received"


def receipt_fill(notification: object) -> dict[str, str]:
    """Filler of the receipt (see ``congress.notifications.secrets``): the PIN, recomputed at send
    time. A PIN that cannot be recomputed (issued before keyed PINs, or the key rotated) is not
    guessed: the receipt then says where the PIN was shown."""
    from django.utils.translation import gettext

    from .models import Suggestion

    object_id = getattr(notification, "object_id", None)
    row = (
        Suggestion.objects.filter(pk=object_id).values_list("code", "pin_hash").first()
        if object_id is not None
        else None
    )
    pin = pin_recoverable(*row) if row else None
    return {"pin": pin or gettext("(shown when you submitted)")}


# -- showing a new PIN once ------------------------------------------------------------------------

SLIP_SESSION_KEY = "suggestions_pin_slip"


@dataclass(frozen=True)
class PinSlip:
    code: str
    pin: str


def pin_slip_give(request: Any, suggestion: Any) -> None:
    """After a submission, the next page shows the code and PIN once. The session keeps the code
    only (the PIN is recomputed from it), and only until that page is shown."""
    request.session[SLIP_SESSION_KEY] = suggestion.code


def pin_slip_take(request: Any) -> PinSlip | None:
    """The slip to show now, once; None when there is none (or the PIN cannot be recomputed)."""
    from .models import Suggestion

    code = request.session.pop(SLIP_SESSION_KEY, None)
    if not code:
        return None
    stored = Suggestion.objects.filter(code=code).values_list("pin_hash", flat=True).first()
    pin = pin_recoverable(code, stored or "")
    return PinSlip(code=code, pin=pin) if pin else None
