"""``manage.py check --deploy`` on the accounts: a superuser exists for the installation only (三员分立,
docs/operations.md). While one is active the check warns; once the system, security and audit
administrators are appointed, an active superuser is an error until ``manage.py lock_superusers``
has run."""

from __future__ import annotations

from typing import Any

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
        # ``check --deploy`` also runs where no database is reachable yet (an image being built).
        return [
            checks.Info(
                "Superuser accounts not checked: the database is not reachable or not migrated.",
                id="congress.I110",
            )
        ]
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
