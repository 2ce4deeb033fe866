from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def inbox_for(user: Any) -> QuerySet[Notification]:
    """The in-app messages of a user, newest first (the bell)."""
    return Notification.objects.filter(recipient=user, channel=Notification.Channel.IN_APP)


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return inbox_for(user).filter(read_at=None).count()


def notifications_about(obj: Any) -> QuerySet[Notification]:
    from django.contrib.contenttypes.models import ContentType

    return Notification.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def item_changelist_url(obj: Any, *, reminders: bool = False) -> str:
    """The admin list of every notification (or reminder log row) about ``obj``."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    name = (
        "admin:notifications_reminderlog_changelist"
        if reminders
        else "admin:notifications_notification_changelist"
    )
    content_type = ContentType.objects.get_for_model(obj)
    return f"{reverse(name)}?content_type__id__exact={content_type.pk}&object_id={obj.pk}"


def item_notifications_context(obj: Any, *, limit: int = 50) -> dict[str, Any]:
    """Context for ``notifications/admin/item_notifications.html``: the latest messages about an item
    (addresses masked) and links to the full lists. One query once content types are cached."""
    from ..privacy import mask_contact

    notes = list(notifications_about(obj).select_related("recipient")[:limit])
    for note in notes:
        note.masked_address = mask_contact(note.to_address)  # type: ignore[attr-defined]
    return {
        "item_notifications": notes,
        "item_notifications_url": item_changelist_url(obj),
        "item_reminders_url": item_changelist_url(obj, reminders=True),
    }


def sms_receipt_state(obj: Any, *, kind: str) -> str:
    """What a citizen may be told about the text message of ``kind`` about ``obj``: ``"sent"`` when a
    real SMS backend accepted it, ``"sending"`` while it waits in the outbox, ``""`` when there is
    none, it failed, or the development backend only pretends to send (nothing leaves the server)."""
    from .backends import sms_backend_is_development

    if sms_backend_is_development():
        return ""
    status = (
        notifications_about(obj)
        .filter(channel=Notification.Channel.SMS, kind=kind)
        .values_list("status", flat=True)
        .first()
    )
    if status == Notification.Status.SENT:
        return "sent"
    if status in (Notification.Status.PENDING, Notification.Status.SENDING):
        return "sending"
    return ""
