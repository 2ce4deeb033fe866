"""Text from outside (forms, the API, imports): characters no person types are dropped before a
service stores them. PostgreSQL refuses NUL in text outright; the other C0 controls and DEL have no
business in a name, an address or an opinion either."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

# Django's forms and DRF's serializers refuse a NUL with this message, whose Chinese in Django's own
# catalogue ("不允许是用空字符串") reads as "empty strings are not allowed". The portal's catalogue comes
# first (INSTALLED_APPS) and says what is wrong; the string stands here so the catalogue keeps it.
NUL_REFUSED = _("Null characters are not allowed.")

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_controls(value: str) -> bool:
    return bool(CONTROL.search(value))


def strip_controls(value: str) -> str:
    """The text without control characters (tab, line feed and carriage return stay)."""
    return CONTROL.sub("", value or "")
