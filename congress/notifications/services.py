"""The one write path for notifications."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import audit_record
from ..errors import DomainError
from . import secrets
from .backends import (
    DeliveryError,
    DeliveryUncertain,
    send_email,
    send_sms,
    sms_backend,
    sms_backend_is_templated,
)
from .models import Notification
from .sms import Receipt
from .wechat import send_wechat

# Backoff between delivery attempts (minutes); after the last one the row stays FAILED for staff.
RETRY_BACKOFF_MINUTES = (1, 5, 15, 60, 240)
# Channels whose provider must never get the same message twice: claimed before the provider is
# called (a citizen's phone gets a text or a WeChat message once).
AT_MOST_ONCE_CHANNELS = (Notification.Channel.SMS, Notification.Channel.WECHAT)


def notify(
    *,
    channel: str,
    subject: str,
    body: str,
    recipient: Any = None,
    to_address: str = "",
    about: models.Model | None = None,
    kind: str = "",
    link: str = "",
    dedupe_key: str | None = None,
) -> Notification | None:
    """Queue one notification in the caller's transaction; a worker delivers it after commit.

    With ``dedupe_key``, a second call with the same key creates nothing and returns None, so reruns
    of a reminder scan never send twice. In-app messages need no delivery and are SENT at once.
    """
    if channel != Notification.Channel.IN_APP and not to_address:
        to_address = _address_of(recipient, channel)
        if not to_address:
            return None
    fields: dict[str, Any] = {
        "channel": channel,
        "recipient": recipient if getattr(recipient, "pk", None) else None,
        "to_address": to_address,
        "subject": subject[:200],
        "body": body,
        "kind": kind,
        "link": link,
        "dedupe_key": dedupe_key,
    }
    if about is not None:
        fields["content_type"] = ContentType.objects.get_for_model(about)
        fields["object_id"] = about.pk
    if channel == Notification.Channel.IN_APP:
        fields.update(status=Notification.Status.SENT, sent_at=timezone.now())
    try:
        with transaction.atomic():
            notification = Notification.objects.create(**fields)
    except IntegrityError:
        if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    if notification.status == Notification.Status.SENT and notification.channel == Notification.Channel.SMS:
        _receipts_held_record()
    if notification.status == Notification.Status.PENDING:
        from .tasks import deliver_notification

        transaction.on_commit(lambda: _enqueue(deliver_notification, notification.pk))
    return notification


def _enqueue(task: Any, pk: int | list[int]) -> None:
    """Hand rows to the worker; if the broker is down the periodic flush picks them up later."""
    try:
        task.delay(pk)
    except Exception:  # broker unreachable: the row stays PENDING and nothing is lost
        return


def _address_of(user: Any, channel: str) -> str:
    if user is None:
        return ""
    if channel == Notification.Channel.EMAIL:
        return str(getattr(user, "email", "") or "")
    return ""


def notification_deliver(*, notification_id: int) -> Notification | None:
    """Deliver one pending notification. Locks the row so two workers never send it twice.

    An SMS or a WeChat message is sent at most once: the row is marked SENDING and committed before
    the provider is called, so a retried task, a second worker or the periodic flush skip it even when
    the worker dies or times out after the provider accepted the message (a citizen must not get the
    same text twice).
    Only a refusal that says nothing left (``DeliveryError``) puts it back for a later attempt."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if notification is None:
            return None
        now = timezone.now()
        if notification.next_attempt_at and notification.next_attempt_at > now:
            return notification
        notification.attempts += 1
        if notification.channel not in AT_MOST_ONCE_CHANNELS:
            return _send_and_record(notification, now=now)
        notification.status = Notification.Status.SENDING
        notification.claimed_at = now
        notification.save(update_fields=["attempts", "status", "claimed_at"])
    return _send_and_record(notification, now=now)


def _send(notification: Notification) -> str:
    """Hand the message to its backend; returns the provider's id ("" for e-mail)."""
    # Placeholders ({pin}) are filled here, in memory only; the row keeps the placeholder.
    body, secret_values = secrets.body_render(notification)
    with secrets.live(secret_values):
        if notification.channel == Notification.Channel.EMAIL:
            send_email(
                to=notification.to_address,
                subject=notification.subject,
                body=body,
                attachment=notification.attachment,
            )
            return ""
        if notification.channel == Notification.Channel.SMS:
            params: dict[str, str] = {}
            if sms_backend_is_templated():
                about = notification.about
                params = {"code": str(getattr(about, "code", "") or ""), **secrets.values_fill(notification)}
            return send_sms(to=notification.to_address, body=body, kind=notification.kind, params=params)
        if notification.channel == Notification.Channel.WECHAT:
            return send_wechat(
                to=notification.to_address, kind=notification.kind, params=_wechat_params(notification)
            )
        return ""


def _wechat_params(notification: Notification) -> dict[str, str]:
    """What a WeChat template may show: the tracking code, what happened (the subject), the item's
    status now and when it happened. Never the text of the item, never the PIN."""
    about = notification.about
    status = getattr(about, "get_status_display", None)
    return {
        "code": str(getattr(about, "code", "") or ""),
        "subject": notification.subject,
        "status": str(status()) if callable(status) else "",
        "time": timezone.localtime(notification.created_at).strftime("%Y-%m-%d %H:%M"),
    }


def _send_and_record(notification: Notification, *, now: datetime.datetime) -> Notification:
    try:
        message_id = _send(notification)
    except DeliveryError as exc:
        _body, secret_values = secrets.body_render(notification)
        with secrets.live(secret_values):
            error = secrets.redact(str(exc))
        if isinstance(exc, DeliveryUncertain):
            # The provider may have the message: staff decide (resend from the admin) after checking.
            notification.status = Notification.Status.FAILED
            notification.next_attempt_at = None
            error = _("Outcome unknown, not sent again automatically: %(error)s") % {"error": error}
        elif exc.permanent or notification.attempts > len(RETRY_BACKOFF_MINUTES):
            notification.status = Notification.Status.FAILED
            notification.next_attempt_at = None
        else:
            notification.status = Notification.Status.PENDING
            delay = RETRY_BACKOFF_MINUTES[notification.attempts - 1]
            notification.next_attempt_at = now + datetime.timedelta(minutes=delay)
        notification.last_error = error[:2000]
        notification.delivery_code = exc.code[:40]
    else:
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.provider_message_id = message_id[:64] if message_id not in {"", "dev"} else ""
        notification.delivery_code = ""
    notification.save(
        update_fields=[
            "attempts", "status", "sent_at", "last_error", "next_attempt_at", "provider_message_id",
            "delivery_code",
        ]
    )  # fmt: skip
    if notification.status == Notification.Status.SENT and notification.channel == Notification.Channel.SMS:
        _receipts_held_record()
    if notification.status == Notification.Status.PENDING:
        from .tasks import deliver_notification

        countdown = (
            max(1, int((notification.next_attempt_at - now).total_seconds()))
            if notification.next_attempt_at
            else 60
        )
        transaction.on_commit(lambda: _enqueue_later(deliver_notification, notification.pk, countdown))
    return notification


def _receipts_held_record() -> None:
    """Delivery reports the backend received while sending (CMPP pushes them to any session)."""
    backend: Any = sms_backend()
    if hasattr(backend, "receipts_held"):
        notification_receipts_record(backend.receipts_held())


def _enqueue_later(task: Any, pk: int, countdown: int) -> None:
    """The task's own retry at the row's next attempt (the periodic flush is the safety net)."""
    try:
        task.apply_async((pk,), countdown=countdown)
    except Exception:  # broker unreachable: the flush retries the row
        return


# A claim older than this without an answer recorded: the worker died or hung mid-send.
SENDING_STALE_MINUTES = 15


def sending_stale_fail(*, now: datetime.datetime | None = None) -> int:
    """Rows left SENDING by a worker that died: FAILED for staff, never sent again by themselves (the
    provider may have the message). Returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=SENDING_STALE_MINUTES)
    stale = Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lt=cutoff)
    return stale.update(
        status=Notification.Status.FAILED,
        last_error=str(_("Outcome unknown (the sending worker stopped), not sent again automatically.")),
    )


def notification_receipts_record(receipts: Iterable[Receipt]) -> int:
    """Record providers' delivery reports on the SMS rows they are about (by the provider's message
    id); a report that matches no row is ignored. Returns the number of rows updated."""
    updated = 0
    for receipt in receipts:
        if not receipt.message_id:
            continue
        delivery = Notification.Delivery.DELIVERED if receipt.delivered else Notification.Delivery.UNDELIVERED
        updated += Notification.objects.filter(
            channel=Notification.Channel.SMS, provider_message_id=receipt.message_id
        ).update(
            delivery=delivery, delivery_code=receipt.code[:40], delivered_at=receipt.at or timezone.now()
        )
    return updated


def sms_receipts_collect(*, wait: float | None = None) -> int:
    """Ask the SMS backend for delivery reports (if it gives any) and record them."""
    backend: Any = sms_backend()
    if not hasattr(backend, "receipts"):
        return 0
    return notification_receipts_record(backend.receipts(wait=wait))


def notification_resend(*, notification: Notification, actor: Any = None) -> Notification:
    """Staff send a message again by hand: a new row, so the history keeps both, and an audit
    event on the new row names who sent it again and which message it repeats."""
    copy = notify(
        channel=notification.channel,
        subject=notification.subject,
        body=notification.body,
        recipient=notification.recipient,
        to_address=notification.to_address,
        about=notification.about,
        kind=notification.kind,
        link=notification.link,
    )
    # Type narrowing for mypy, not a runtime rule.
    assert copy is not None  # noqa: S101
    audit_record(target=copy, action="resend", actor=actor, data={"resent": notification.pk})
    return copy


def notification_address_reveal(*, notification: Notification, user: Any) -> str:
    """The unmasked address of a message, for staff who must check a delivery (a wrong number); the
    look is logged in the audit log (PIPL, DOMAIN.md §9)."""
    from congress.audit import audit_record

    audit_record(target=notification, action="address_reveal", actor=user)
    return notification.to_address


def notification_mark_read(*, user: Any, notification_ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, channel=Notification.Channel.IN_APP, read_at=None)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def pending_due(*, limit: int = 500, after: int = 0) -> list[int]:
    """Pending rows whose next attempt is due: the periodic flush re-queues them (broker outages)."""
    now = timezone.now()
    return list(
        Notification.objects.filter(status=Notification.Status.PENDING, pk__gt=after)
        .filter(models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def pending_due_batches(*, batch_size: int = 500) -> Iterator[list[int]]:
    """Every due pending row, ``batch_size`` ids at a time (keyset by pk: memory stays bounded)."""
    after = 0
    while True:
        batch = pending_due(limit=batch_size, after=after)
        if not batch:
            return
        yield batch
        after = batch[-1]


def outbox_flush(*, batch_size: int = 500, time_budget: float = 240.0) -> int:
    """Deliver due pending rows in batches until none is left or the time budget is spent (the next
    run carries on). Returns the number of rows attempted."""
    started = time.monotonic()
    attempted = 0
    sending_stale_fail()
    for batch in pending_due_batches(batch_size=batch_size):
        for pk in batch:
            notification_deliver(notification_id=pk)
            attempted += 1
        if time.monotonic() - started > time_budget:
            break
    return attempted


@dataclass(frozen=True)
class Message:
    """One notification to write in bulk (see ``notify_many``). ``dedupe_key`` is required: it is how
    a rerun recognises what it already wrote."""

    channel: str
    subject: str
    body: str
    dedupe_key: str
    recipient_id: int | None = None
    to_address: str = ""
    content_type_id: int | None = None
    object_id: int | None = None
    kind: str = ""
    link: str = ""
    # A stored file sent with an email (see ``Notification.attachment``).
    attachment: str = ""


def notify_many(messages: Iterable[Message]) -> int:
    """Queue many notifications with one INSERT ... ON CONFLICT DO NOTHING, in the caller's
    transaction; after commit one delivery task per batch is enqueued (if the broker is down the
    periodic flush delivers them). Email and SMS messages without an address are skipped. Returns the
    number of rows written."""
    now = timezone.now()
    rows: list[Notification] = []
    for message in messages:
        in_app = message.channel == Notification.Channel.IN_APP
        if not in_app and not message.to_address:
            continue
        if in_app and not message.recipient_id:
            continue
        rows.append(
            Notification(
                channel=message.channel,
                recipient_id=message.recipient_id,
                to_address=message.to_address,
                subject=message.subject[:200],
                body=message.body,
                kind=message.kind,
                link=message.link,
                attachment=message.attachment,
                dedupe_key=message.dedupe_key,
                content_type_id=message.content_type_id,
                object_id=message.object_id,
                status=Notification.Status.SENT if in_app else Notification.Status.PENDING,
                sent_at=now if in_app else None,
            )
        )
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    keys = [row.dedupe_key for row in rows if row.status == Notification.Status.PENDING]
    if keys:
        pending = list(
            Notification.objects.filter(dedupe_key__in=keys, status=Notification.Status.PENDING).values_list(
                "pk", flat=True
            )
        )
        if pending:
            from .tasks import deliver_notifications

            transaction.on_commit(lambda: _enqueue(deliver_notifications, pending))
    return len(rows)


def notify_select(*, select_sql: str, params: Sequence[Any]) -> int:
    """The set-based ``notify_many``: write the rows of a SELECT (columns ``channel``,
    ``recipient_id``, ``to_address``, ``subject``, ``body``, ``kind``, ``link``, ``dedupe_key``,
    ``content_type_id``, ``object_id``) with one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``, in
    the caller's transaction. Same rules as ``notify_many``: email and SMS rows without an address and
    bells without a recipient are skipped, bells are SENT at once, the others PENDING and handed to
    one delivery task after commit. ``to_address`` goes into the column as the SELECT gives it, so
    it must already be what the column stores (encrypted: ``reminders.outbox_addresses``), never an
    address in clear. Returns the number of rows written."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    now = timezone.now()
    given = {
        "channel", "recipient_id", "to_address", "subject", "body", "kind", "link", "dedupe_key", "status",
        "attempts", "last_error", "next_attempt_at", "created_at", "sent_at", "read_at", "content_type_id",
        "object_id", "id",
    }  # fmt: skip
    # Any other column (added later) gets the model's default, so this statement never falls behind.
    others = [f for f in Notification._meta.concrete_fields if f.column not in given]
    other_columns = "".join(f", {connection.ops.quote_name(f.column)}" for f in others)
    other_values = "".join(", %s" for _f in others)
    other_params = [
        f.get_db_prep_save(f.get_default(), connection) if f.has_default() else (None if f.null else "")
        for f in others
    ]
    sql = (
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        f"INSERT INTO {table} (channel, recipient_id, to_address, subject, body, kind, link, dedupe_key, "  # noqa: S608
        "status, attempts, last_error, next_attempt_at, created_at, sent_at, read_at, content_type_id, "
        f"object_id{other_columns}) "
        "SELECT m.channel, m.recipient_id, coalesce(m.to_address, ''), left(m.subject, 200), m.body, "
        "m.kind, m.link, m.dedupe_key, "
        "CASE WHEN m.channel = %s THEN %s ELSE %s END, 0, '', NULL, %s, "
        "CASE WHEN m.channel = %s THEN %s::timestamptz END, NULL, m.content_type_id, "
        f"m.object_id{other_values} "
        f"FROM ({select_sql}) AS m "
        "WHERE (m.channel = %s AND m.recipient_id IS NOT NULL) "
        "OR (m.channel <> %s AND coalesce(m.to_address, '') <> '') "
        "ON CONFLICT (dedupe_key) DO NOTHING "
        "RETURNING id, status"
    )
    in_app, sent, pending = Notification.Channel.IN_APP, Notification.Status.SENT, Notification.Status.PENDING
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [in_app, sent, pending, now, in_app, now, *other_params, *params, in_app, in_app],
        )
        rows = cursor.fetchall()
    pending_ids = [int(pk) for pk, status in rows if status == pending]
    if pending_ids:
        from .tasks import deliver_notifications

        transaction.on_commit(lambda: _enqueue(deliver_notifications, pending_ids))
    return len(rows)


# -- reminder numbers --------------------------------------------------------------------------------

REMINDER_POLICY_MAX = 365


def reminder_policy_check(*, code: str, value: int | None, body: Any = None, actor: Any = None) -> None:
    """The rules of a reminder number: a known code, a value from 1 to 365, and the writer's own
    body (the defaults are the root body's to set)."""
    from congress.bodies import check_body_writable, root_body

    from .policies import DEFAULTS

    if code not in DEFAULTS:
        raise DomainError(_("There is no reminder number “%(code)s”.") % {"code": code}, field="code")
    if value is None or not 1 <= int(value) <= REMINDER_POLICY_MAX:
        raise DomainError(_("Give a number from 1 to %(max)s.") % {"max": REMINDER_POLICY_MAX}, field="value")
    if body is None:
        check_body_writable(
            actor,
            root_body().pk,
            what=_("Only %(body)s sets the defaults: choose your body.") % {"body": root_body()},
        )
    else:
        check_body_writable(actor, body.pk)


@transaction.atomic
def reminder_policy_set(*, code: str, value: int, body: Any = None, actor: Any = None) -> Any:
    """Set a reminder number for ``body`` (None: the default of every body). The bodies below a body
    inherit its number unless they set their own (``policies.policy_value``). Audited."""
    from congress.audit import audit_changes

    from .models import ReminderPolicy
    from .policies import DEFAULTS

    reminder_policy_check(code=code, value=value, body=body, actor=actor)
    existing = ReminderPolicy.objects.select_for_update().filter(code=code, body=body).order_by("pk")
    policy = existing.first() or ReminderPolicy(code=code, body=body, description=str(DEFAULTS[code][1]))
    before = {} if policy.pk is None else {"value": policy.value}
    policy.value = int(value)
    policy.full_clean(validate_constraints=False)
    policy.save()
    audit_changes(
        target=policy,
        action="create" if not before else "update",
        before=before,
        after={"value": policy.value},
        actor=actor,
    )
    return policy
