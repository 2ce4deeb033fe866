"""Personal data: logged reveals, retention, PINs, abandoned photo uploads."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audit_record
from congress.errors import DomainError

from ..conf import conf
from ..models import (
    AccessLog,
    Rating,
    Reply,
    Status,
    Suggestion,
    SuggestionEvent,
)
from ..permissions import can_reveal_contact
from ..pins import pin_dummy_check, pin_verify
from ._common import (
    _today,
)
from .textindex import suggestion_text_index

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
    # And in the audit chain, where a reader of the database cannot take the reveal back out.
    audit_record(target=suggestion, action="contact_reveal", actor=user, note=where[:60])
    return Contact(
        name=suggestion.submitter_name,
        mobile=suggestion.submitter_mobile,
        email=suggestion.submitter_email,
        address=suggestion.address,
    )


MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
ERASED = "***"


def _scrubber(needles: list[str]) -> Any:
    """A function that removes the submitter's own name, number, email and address from a text, and
    any mobile number or email address at all."""
    needles = sorted({n for n in needles if n and len(n) > 1}, key=len, reverse=True)

    def scrub(text: str) -> str:
        for needle in needles:
            text = text.replace(needle, ERASED)
        return EMAIL_IN_TEXT.sub(ERASED, MOBILE_IN_TEXT.sub(ERASED, text))

    return scrub


def _scrub_json(value: Any, scrub: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrub_json(v, scrub) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, scrub) for k, v in value.items()}
    return value


@transaction.atomic
def suggestion_anonymise(*, suggestion: Suggestion) -> None:
    """Remove the submitter's personal data from an item and from every copy of it (DOMAIN.md §9):
    the row, the texts of the item, its events, its audit events, the notifications about it (the
    addresses they went to and their texts), the replies and the ratings' comments. Idempotent."""
    from django.contrib.contenttypes.models import ContentType

    from congress.audit_chain import audit_redact
    from congress.models import AuditEvent
    from congress.notifications.models import Notification

    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    scrub = _scrubber(
        [
            locked.submitter_name,
            locked.submitter_mobile,
            locked.submitter_email,
            locked.address,
            locked.submitter_openid,
        ]
    )
    Suggestion.objects.filter(pk=locked.pk).update(
        submitter_name="",
        submitter_mobile="",
        submitter_mobile_index="",
        submitter_email="",
        submitter_openid="",
        address="",
        title=scrub(locked.title),
        text=scrub(locked.text),
        anonymised_at=timezone.now(),
    )
    # The text index holds the words of the text: index the scrubbed text instead.
    locked.refresh_from_db(fields=["title", "text"])
    suggestion_text_index(suggestion=locked, find_duplicates=False)
    for event in SuggestionEvent.objects.filter(suggestion=locked).only("pk", "note", "public_note"):
        note, public_note = scrub(event.note), scrub(event.public_note)
        if (note, public_note) != (event.note, event.public_note):
            SuggestionEvent.objects.filter(pk=event.pk).update(note=note, public_note=public_note)
    for reply in Reply.objects.filter(suggestion=locked).only("pk", "text"):
        if scrub(reply.text) != reply.text:
            Reply.objects.filter(pk=reply.pk).update(text=scrub(reply.text))
    for rating in Rating.objects.filter(suggestion=locked).exclude(comment="").only("pk", "comment"):
        if scrub(rating.comment) != rating.comment:
            Rating.objects.filter(pk=rating.pk).update(comment=scrub(rating.comment))
    about = {"content_type": ContentType.objects.get_for_model(Suggestion), "object_id": locked.pk}
    # Audit events are append-only: the removal is the one change the database lets through, and it
    # is itself recorded in the chain (congress.audit_chain.audit_redact).
    redactions = []
    for audit in AuditEvent.objects.filter(**about).only("pk", "seq", "note", "data"):
        note, data = scrub(audit.note), _scrub_json(audit.data, scrub)
        if (note, data) != (audit.note, audit.data):
            redactions.append((audit, note, data))
    audit_redact(events=redactions, target=locked)
    for notification in Notification.objects.filter(**about).only(
        "pk", "to_address", "subject", "body", "channel"
    ):
        address = "" if notification.channel != Notification.Channel.IN_APP else notification.to_address
        fields = {
            "to_address": address,
            "subject": scrub(notification.subject),
            "body": scrub(notification.body),
        }
        if fields != {k: getattr(notification, k) for k in fields}:
            Notification.objects.filter(pk=notification.pk).update(**fields)


def suggestions_anonymise_expired(*, today: datetime.date | None = None, batch_size: int = 500) -> int:
    """Remove personal data from cases closed longer ago than the retention period (DOMAIN.md §9,
    3 years by default), from the item and every copy (``suggestion_anonymise``). Idempotent; returns
    the number of items anonymised."""
    today = today or _today()
    cutoff = today - datetime.timedelta(days=conf("SUGGESTIONS_RETENTION_DAYS"))
    qs = Suggestion.objects.filter(
        status__in=(Status.CLOSED, Status.REJECTED, Status.MERGED),
        closed_at__date__lt=cutoff,
        anonymised_at__isnull=True,
    ).order_by("pk")
    done = 0
    while True:
        batch = list(qs.only("pk")[:batch_size])
        if not batch:
            return done
        for suggestion in batch:
            suggestion_anonymise(suggestion=suggestion)
        done += len(batch)


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
