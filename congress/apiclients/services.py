"""The one write path of API clients: register (the key is returned once), revoke. Who did it is in
the admin's history of the client (its primary key is a string, which the audit table cannot hold)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import DomainError

from .models import ApiClient, validate_rate


@transaction.atomic
def api_client_register(
    *, name: str, kind: str, rate: str, contact: str = "", actor: Any = None
) -> tuple[ApiClient, str]:
    """Register a client application; returns it with its key, which is never shown again."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the client a name."), field="name")
    try:
        validate_rate(rate)
    except Exception as error:
        raise DomainError(
            _("Write the limit as a count per period, e.g. 600/h or 20/m."), field="rate"
        ) from error
    client, key = ApiClient.objects.create_key(name=name[:50], kind=kind, rate=rate, contact=contact[:200])
    # Type narrowing for mypy, not a runtime rule.
    assert isinstance(client, ApiClient)  # noqa: S101
    return client, key


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor: Any = None) -> ApiClient:
    """Lock a client out for good (a revoked key cannot be reinstated: register a new one)."""
    if not client.revoked:
        client.revoked = True
        client.save(update_fields=["revoked"])
    return client
