"""Error messages for the forms citizens fill in on their phones (booking, opinion, tracking,
project proposal). Django's defaults talk about variables and characters ("确保该变量至少包含 11
字符"); these say plainly what to type. Each public field takes its ``error_messages`` from here."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MOBILE = _("Please enter an 11-digit mobile number.")
TOO_LONG = _("That is too long: at most %(limit_value)d characters, you typed %(show_value)d.")
TOO_SHORT = _("That is too short: write at least %(limit_value)d characters, you typed %(show_value)d.")
CHOOSE = _("Please choose one of the options in the list.")
EMAIL = _("Please enter an email address such as name@example.com, or leave it empty.")
CAPTCHA_REQUIRED = _("Please type the picture code shown in the picture.")
# The captcha field is labelled "picture code" everywhere, so its error names the same thing.
CAPTCHA_INVALID = _("The picture code is wrong: type the characters of the new picture.")


def text(required: str | Promise | None = None) -> dict[str, Any]:
    """A text box: plain length messages, and what to write when it is left empty."""
    messages: dict[str, Any] = {"max_length": TOO_LONG, "min_length": TOO_SHORT}
    if required is not None:
        messages["required"] = required
    return messages


def choice(required: str | Promise) -> dict[str, Any]:
    return {"required": required, "invalid_choice": CHOOSE, "invalid_pk_value": CHOOSE}


def mobile() -> dict[str, Any]:
    return {"required": MOBILE, "min_length": MOBILE, "max_length": MOBILE, "invalid": MOBILE}


def email() -> dict[str, Any]:
    return {"invalid": EMAIL, "max_length": TOO_LONG}


def captcha() -> dict[str, Any]:
    return {"required": CAPTCHA_REQUIRED, "incomplete": CAPTCHA_REQUIRED, "invalid": CAPTCHA_INVALID}
