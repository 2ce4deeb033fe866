"""``manage.py check --deploy`` on the accounts and the keys: a superuser exists for the installation
only (三员分立, docs/operations.md). While one is active the check warns; once the system, security and audit
administrators are appointed, an active superuser is an error until ``manage.py lock_superusers``
has run. And personal data must not be encrypted under keys derived from DJANGO_SECRET_KEY."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks
from django.db import DatabaseError

from . import roles


@checks.register(checks.Tags.security, deploy=True)
def check_superusers_locked(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        names = list(
            get_user_model()
            ._default_manager.filter(is_superuser=True, is_active=True)
            .order_by("pk")
            .values_list("username", flat=True)[:5]
        )
        appointed = all(roles.role_members(code).exists() for code in roles.ADMIN_ROLE_CODES)
    except DatabaseError:
        # ``check --deploy`` also runs before the database exists (an image being built, the first
        # install): no account exists there yet; docs/operations.md runs it again after the install.
        return []
    if not names:
        return []
    listed = ", ".join(names)
    if appointed:
        return [
            checks.Error(
                f"Active superuser account(s) {listed} although the system, security and audit "
                "administrators are appointed: one account holds every power (三员分立).",
                hint="Run manage.py lock_superusers (docs/operations.md).",
                id="congress.E110",
            )
        ]
    return [
        checks.Warning(
            f"Active superuser account(s) {listed}: appoint the system, security and audit administrators, "
            "then lock the superusers.",
            hint="Run manage.py lock_superusers once the three administrators exist (docs/operations.md).",
            id="congress.W110",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_field_keys_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Personal data encrypted under keys derived from DJANGO_SECRET_KEY is not what a 密评 accepts:
    the keys must be managed on their own (FIELD_ENCRYPTION_KEYS or a key provider)."""
    from .fieldcrypto import provider

    if settings.FIELD_KEY_PROVIDER != "congress.fieldcrypto.SettingsKeyProvider":
        return []  # keys from a hardware security module or a key-management service
    if settings.FIELD_ENCRYPTION_KEYS_FILE or (
        not getattr(provider(), "derived", True) and settings.BLIND_INDEX_KEY
    ):
        return []
    return [
        checks.Warning(
            "Citizens' personal data is encrypted under keys derived from DJANGO_SECRET_KEY.",
            hint="Set FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY (or FIELD_ENCRYPTION_KEYS_FILE) to keys of "
            'their own (docs/operations.md, docs/security.md "密评").',
            id="congress.W111",
        )
    ]
