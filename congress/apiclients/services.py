"""The one write path of API clients: register (the key is returned once), change the rate limit,
expiry or contact, revoke. Each writes an audit event about the kind of object (a client's primary
key is a string, which the audit table's object id cannot hold): the client's key prefix is in the
event's note."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audit_record, changed_fields, field_snapshot
from congress.errors import DomainError

from .models import ApiClient, validate_rate


@transaction.atomic
def api_client_register(
    *,
    name: str,
    kind: str,
    rate: str,
    contact: str = "",
    expiry_date: datetime.datetime | None = None,
    actor: Any = None,
) -> tuple[ApiClient, str]:
    """Register a client application; returns it with its key, which is never shown again."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the client a name."), field="name")
    _rate_check(rate)
    _expiry_check(expiry_date)
    client, key = ApiClient.objects.create_key(
        name=name[:50], kind=kind, rate=rate, contact=contact[:200], expiry_date=expiry_date
    )
    # Type narrowing for mypy, not a runtime rule.
    assert isinstance(client, ApiClient)  # noqa: S101
    _audit(client, "create", {}, field_snapshot(client, CLIENT_FIELDS), actor)
    return client, key


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor: Any = None) -> ApiClient:
    """Lock a client out for good (a revoked key cannot be reinstated: register a new one)."""
    if not client.revoked:
        client.revoked = True
        client.save(update_fields=["revoked"])
        _audit(client, "revoke", {"revoked": False}, {"revoked": True}, actor)
    return client


CLIENT_FIELDS = ("name", "kind", "rate", "contact", "expiry_date")


def _audit(
    client: ApiClient, action: str, before: Mapping[str, Any], after: Mapping[str, Any], actor: Any
) -> None:
    audit_record(
        model=ApiClient,
        action=action,
        actor=actor,
        note=f"{client.name} ({client.prefix})",
        data={"changes": changed_fields(before, after)},
    )


def _rate_check(rate: str) -> None:
    try:
        validate_rate(rate)
    except Exception as error:
        raise DomainError(
            _("Write the limit as a count per period, e.g. 600/h or 20/m."), field="rate"
        ) from error


def _expiry_check(expiry_date: datetime.datetime | None) -> None:
    if expiry_date is not None and expiry_date <= timezone.now():
        raise DomainError(_("A key cannot expire in the past: revoke it instead."), field="expiry_date")


@transaction.atomic
def api_client_update(*, client: ApiClient, changes: Mapping[str, Any], actor: Any = None) -> ApiClient:
    """Change a client's name, kind, rate limit, contact or expiry. A revoked client stays as it was
    revoked (register a new one); the rate is a count per period; an expiry lies in the future."""
    unknown = set(changes) - set(CLIENT_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": "、".join(sorted(unknown))}
        )
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if not changes:
        return locked
    if locked.revoked:
        raise DomainError(_("A revoked client cannot be changed: register a new one."), code="client_revoked")
    if "rate" in changes:
        _rate_check(changes["rate"])
    if "expiry_date" in changes:
        _expiry_check(changes["expiry_date"])
    if "name" in changes and not str(changes["name"]).strip():
        raise DomainError(_("Give the client a name."), field="name")
    before = field_snapshot(locked, CLIENT_FIELDS)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(changes) or None)
    _audit(locked, "update", before, field_snapshot(locked, CLIENT_FIELDS), actor)
    return locked
