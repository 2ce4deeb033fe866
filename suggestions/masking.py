"""Masking of citizens' personal data (DOMAIN.md §9): names, mobile numbers, addresses."""

from __future__ import annotations

import re

PHONE = re.compile(r"(1[3-9]\d)\d{4}(\d{4})")


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***; empty stays empty."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_mobile(mobile: str) -> str:
    """13912345678 → 139****5678."""
    mobile = (mobile or "").strip()
    if len(mobile) < 7:
        return "*" * len(mobile)
    return f"{mobile[:3]}****{mobile[-4:]}"


def mask_email(email: str) -> str:
    local, _sep, domain = (email or "").partition("@")
    if not domain:
        return ""
    return f"{local[:1]}***@{domain}"


def mask_text(text: str) -> str:
    """Mask mobile numbers inside free text (used for SMS bodies and public drafts)."""
    return PHONE.sub(r"\1****\2", text or "")
