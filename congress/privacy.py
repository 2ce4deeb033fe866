"""Masking of personal data (DOMAIN.md §9, PIPL): the one definition every page, admin, log and export
uses. A masked value shows enough to recognise it (the first three and last four digits of a number,
the surname, the first letter of an e-mail address) and never how long a short value was."""

from __future__ import annotations

import re

HIDDEN = "****"


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: the first character only; empty stays empty."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str) -> str:
    """13912345678 → 139****5678; anything shorter than 7 characters → ****; empty stays empty."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) < 7:
        return HIDDEN
    return f"{phone[:3]}{HIDDEN}{phone[-4:]}"


def mask_email(email: str) -> str:
    """zhang@example.cn → z***@example.cn; not an address → ****; empty stays empty."""
    email = (email or "").strip()
    if not email:
        return ""
    local, _at, domain = email.partition("@")
    if not domain:
        return HIDDEN
    return f"{local[:1]}***@{domain}"


def mask_contact(address: str) -> str:
    """A notification's address: an e-mail address or a phone number."""
    return mask_email(address) if "@" in (address or "") else mask_phone(address)


def mask_id_number(number: str) -> str:
    """110101199003071234 → 110***********1234 (the birth date and the rest hidden); shorter than
    8 characters → ****."""
    number = re.sub(r"[\s-]", "", number or "")
    if not number:
        return ""
    if len(number) < 8:
        return HIDDEN
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


# Numbers inside free text. Digits on either side mean a longer number (an amount, an order number):
# not ours. Separators people type (spaces, dashes) are allowed between the usual groups.
_NOT_DIGIT_BEFORE = r"(?<![0-9０-９])"
_NOT_DIGIT_AFTER = r"(?![0-9０-９])"
# Resident ID (GB 11643): 6-digit region, birth date 19xx/20xx, 3-digit sequence, check digit or X.
ID_IN_TEXT = re.compile(
    _NOT_DIGIT_BEFORE
    + r"[1-9]\d{5}[ -]?(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ -]?\d{3}[\dXx]"
    + r"(?![0-9０-９A-Za-z])"
)
# Mobile numbers: 1[3-9]x xxxx xxxx, optionally +86 / 86 in front.
MOBILE_IN_TEXT = re.compile(
    _NOT_DIGIT_BEFORE + r"(?:\+?86[ -]?)?(1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})" + _NOT_DIGIT_AFTER
)
# Landlines: area code 0xx or 0xxx (maybe in brackets), then a 7- or 8-digit local number.
LANDLINE_IN_TEXT = re.compile(
    _NOT_DIGIT_BEFORE + r"[(（]?(0\d{2,3})[)）]?[ -]?\d{3,4}[ -]?(\d{4})" + _NOT_DIGIT_AFTER
)


def mask_text(text: str) -> str:
    """Free text with every ID number, mobile number and landline masked; dates, amounts, house
    numbers and short service numbers (12345) stay as they are."""
    text = text or ""
    text = ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)), text)
    text = MOBILE_IN_TEXT.sub(lambda m: f"{m.group(1)}{HIDDEN}{m.group(2)}", text)
    return LANDLINE_IN_TEXT.sub(lambda m: f"{m.group(1)}-{HIDDEN}{m.group(2)}", text)
