"""``Idempotency-Key`` on the API's writes (submissions, bookings): a phone on a bad network resends
a request it never heard back from; with the same key and the same body it gets the first answer
again (same status, same body, header ``Idempotent-Replayed: true``) instead of a second case.

* The same key with a *different* body is a 422 (the client reused a key by mistake).
* Two requests with the same key at the same moment: the key row is inserted first, inside the
  request's transaction, under a unique constraint; the second insert waits for the first request to
  finish and then replays its answer (or, if the first failed, takes over the key).
* Only successful answers are kept: a refused request (400, 429 …) may be corrected and sent again
  with the same key.
* Keys answer for ``settings.API_IDEMPOTENCY_HOURS`` (*default* 24 hours, as common payment APIs keep
  theirs); no row is kept longer than ``settings.API_IDEMPOTENCY_RETENTION_DAYS`` (*default* 7 days),
  which also caps the window. Expired rows are removed as new keys come in and by the periodic
  ``idempotency_keys_purge`` (set-based, in batches), so the table does not grow on quiet days.

The key itself is never stored (a hash), and the stored answer is encrypted with a key derived from
the idempotency key and ``SECRET_KEY``: an answer with a tracking PIN is unreadable from the table."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .api_errors import Conflict, Unprocessable
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
DEFAULT_HOURS = 24
# A week: long enough for a client's support desk to look into a retry, short enough that the table
# of (encrypted) answers does not become an archive.
DEFAULT_RETENTION_DAYS = 7
PURGE_BATCH = 200
PERIODIC_PURGE_BATCH = 5000


def _retention() -> datetime.timedelta:
    return datetime.timedelta(
        days=int(getattr(settings, "API_IDEMPOTENCY_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    )


def _hours() -> int:
    """The replay window in hours, never longer than the retention (a purged key cannot replay)."""
    window = int(getattr(settings, "API_IDEMPOTENCY_HOURS", DEFAULT_HOURS))
    return min(window, int(_retention().total_seconds() // 3600))


def idempotency_keys_purge(*, now: datetime.datetime | None = None, batch: int = PERIODIC_PURGE_BATCH) -> int:
    """Delete the keys that can no longer answer: expired, or older than the retention. Set-based, a
    batch of primary keys per statement and per transaction, so a large backlog never holds one long
    lock or one long transaction against the writes that insert new keys. Returns how many went.

    Only unreadable data goes (a hash and an answer encrypted under the client's key), so there is no
    audit event: the purge changes no record anyone acts on."""
    now = now or timezone.now()
    stale = models.Q(expires_at__lte=now) | models.Q(created_at__lte=now - _retention())
    removed = 0
    while True:
        with transaction.atomic():
            pks = list(
                IdempotencyKey.objects.filter(stale).order_by("pk").values_list("pk", flat=True)[:batch]
            )
            if not pks:
                return removed
            removed += IdempotencyKey.objects.filter(pk__in=pks).delete()[0]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _cipher(key: str, client: str) -> Fernet:
    material = hashlib.sha256(f"{settings.SECRET_KEY}\x1fidempotency\x1f{client}\x1f{key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(material))


def request_fingerprint(request: Request) -> str:
    """What makes two requests "the same": method, path, fields and the content of every file."""
    data = request.data
    fields: list[Any] = []
    if hasattr(data, "lists"):
        fields = sorted((key, [str(v) for v in values]) for key, values in data.lists())
    else:
        fields = [json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)]
    files = []
    for name, uploads in sorted(request.FILES.lists()):
        for upload in uploads:
            content = hashlib.sha256()
            for chunk in upload.chunks():
                content.update(chunk)
            upload.seek(0)
            files.append((name, content.hexdigest()))
    canonical = json.dumps([request.method, request.path, fields, files], ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_key_of(request: Request) -> str | None:
    """The key of the request (None without one); a malformed key is a 400."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    key = raw.strip()
    if not 1 <= len(key) <= 100 or not key.isascii() or not key.isprintable():
        raise ValidationError({HEADER: [_("Send a key of 1 to 100 plain characters, e.g. a UUID.")]})
    return key


def _replay(row: IdempotencyKey, key: str, client: str) -> Response:
    try:
        body = json.loads(_cipher(key, client).decrypt(bytes(row.sealed_response or b"")))
    except InvalidToken:  # SECRET_KEY rotated since: the answer cannot be read back
        raise Conflict(_("This key was used before and its answer is no longer available.")) from None
    response = Response(body, status=row.status_code or 200)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request: Request, *, scope: str, client: str, handler: Callable[[], Response]) -> Response:
    """Run ``handler`` once per (client, scope, Idempotency-Key); without the header, just run it."""
    key = idempotency_key_of(request)
    if key is None:
        return handler()
    key_hash = _digest(client, scope, key)
    fingerprint = request_fingerprint(request)
    now = timezone.now()
    with transaction.atomic():
        expired = IdempotencyKey.objects.filter(expires_at__lte=now).values_list("pk", flat=True)[
            :PURGE_BATCH
        ]
        IdempotencyKey.objects.filter(pk__in=list(expired)).delete()
        IdempotencyKey.objects.filter(
            client=client, scope=scope, key_hash=key_hash, expires_at__lte=now
        ).delete()
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(
                    client=client,
                    scope=scope,
                    key_hash=key_hash,
                    fingerprint=fingerprint,
                    expires_at=now + datetime.timedelta(hours=_hours()),
                )
        except IntegrityError:
            found = IdempotencyKey.objects.filter(client=client, scope=scope, key_hash=key_hash).first()
            if found is None or found.status_code is None:
                raise Conflict(
                    _("A request with this Idempotency-Key is still being handled. Try again shortly.")
                ) from None
            if found.fingerprint != fingerprint:
                raise Unprocessable(
                    _(
                        "This Idempotency-Key was used for a different request. "
                        "Use a new key for a new request."
                    )
                ) from None
            return _replay(found, key, client)
        response = handler()
        if 200 <= response.status_code < 300:
            body = JSONRenderer().render(response.data)
            row.status_code = response.status_code
            row.sealed_response = _cipher(key, client).encrypt(body)
            row.save(update_fields=["status_code", "sealed_response"])
        else:
            row.delete()
        return response
