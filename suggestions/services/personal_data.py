"""Personal data: logged reveals, retention, PINs, abandoned photo uploads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import DomainError

from ..conf import conf
from ..models import (
    AccessLog,
    Status,
    Suggestion,
)
from ..permissions import can_reveal_contact
from ..pins import pin_dummy_check, pin_verify
from ._common import (
    _today,
)

# -- personal data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    mobile: str
    email: str
    address: str


def contact_reveal(*, suggestion: Suggestion, user: Any, where: str) -> Contact:
    """Show a submitter's unmasked contact to a role that needs it, and log the access (PIPL)."""
    if not can_reveal_contact(user, suggestion):
        raise DomainError(_("You may not see this person's contact details."))
    AccessLog.objects.create(suggestion=suggestion, user=user, where=where[:60])
    return Contact(
        name=suggestion.submitter_name,
        mobile=suggestion.submitter_mobile,
        email=suggestion.submitter_email,
        address=suggestion.address,
    )


def suggestions_anonymise_expired(*, today: datetime.date | None = None) -> int:
    """Remove personal data from cases closed longer ago than the retention period (DOMAIN.md §9,
    3 years by default). Idempotent."""
    today = today or _today()
    cutoff = today - datetime.timedelta(days=conf("SUGGESTIONS_RETENTION_DAYS"))
    qs = Suggestion.objects.filter(
        status__in=(Status.CLOSED, Status.REJECTED, Status.MERGED),
        closed_at__date__lt=cutoff,
        anonymised_at__isnull=True,
    )
    return qs.update(
        submitter_name="", submitter_mobile="", submitter_email="", address="", anonymised_at=timezone.now()
    )


def photo_stash_cleanup(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete photos kept for a failed public submission that was never completed."""
    from django.core.files.storage import default_storage

    from ..images import PHOTO_STASH

    if not default_storage.exists(PHOTO_STASH):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    folders, _files = default_storage.listdir(PHOTO_STASH)
    for folder in folders:
        path = f"{PHOTO_STASH}/{folder}"
        _sub, names = default_storage.listdir(path)
        if names and all(default_storage.get_modified_time(f"{path}/{n}") < cutoff for n in names):
            for name in names:
                default_storage.delete(f"{path}/{name}")
            removed += 1
    return removed


def pin_matches(suggestion: Suggestion | None, pin: str) -> bool:
    """Compare a PIN in constant time (keyed hash, ``suggestions.pins``); with no item, still spend
    the time of one check."""
    if suggestion is None:
        pin_dummy_check(pin)
        return False
    return pin_verify(suggestion.code, pin, suggestion.pin_hash)
