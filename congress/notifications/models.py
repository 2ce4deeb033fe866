from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress.encrypted_fields import EncryptedTextField


class Notification(models.Model):
    """One message to one recipient on one channel: the outbox row and, for in-app messages, the
    message itself (shown under the bell)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        IN_APP = "in_app", _("In-app")
        # A subscribe message of the WeChat mini-program; the address is the citizen's openid.
        WECHAT = "wechat", _("WeChat")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        # Handed to the provider, answer not yet recorded: never sent again automatically.
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Delivery(models.TextChoices):
        DELIVERED = "delivered", _("Delivered")
        UNDELIVERED = "undelivered", _("Not delivered")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # A citizen's mobile number, e-mail address or WeChat openid: stored encrypted (congress.fieldcrypto).
    to_address = EncryptedTextField(_("address"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    # A stored file (default storage) sent with an email, e.g. a generated report.
    attachment = models.CharField(_("attachment"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=60, blank=True, db_index=True)
    # Same key, same message: a rerun never creates a second row (reminders rely on this).
    dedupe_key = models.CharField(_("de-duplication key"), max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    # When a worker handed an SMS to the provider (status SENDING), so a stale claim can be found.
    claimed_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The provider's id of the message and its delivery report (CMPP Msg_Id, Tencent SerialNo); the
    # gateway's code is also the provider's error code of a refused send (WeChat errcode).
    provider_message_id = models.CharField(_("provider's message id"), max_length=64, blank=True)
    delivery = models.CharField(_("delivery report"), max_length=12, choices=Delivery.choices, blank=True)
    delivery_code = models.CharField(_("gateway's code"), max_length=40, blank=True)
    delivered_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("about type"), null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.PositiveBigIntegerField(_("about id"), null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx"),
            models.Index(fields=["content_type", "object_id"], name="notification_about_idx"),
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["provider_message_id"],
                name="notification_provider_id_idx",
                condition=~models.Q(provider_message_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.subject}"


class ReminderPolicy(models.Model):
    """A number a reminder schedule counts with (days before or after a date), editable by staff.

    The defaults and their sources live in ``congress.notifications.policies.DEFAULTS``; a missing row
    means the default applies. A row without a body changes the default of every body; a body's own
    row applies to it and to the bodies below it that have no row of their own, like the deadline
    policies (``congress.notifications.policies``)."""

    code = models.CharField(_("code"), max_length=60)
    value = models.PositiveSmallIntegerField(_("value"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    body = models.ForeignKey(
        "congress.Body",
        verbose_name=_("people's congress body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reminder_policies",
        help_text=_(
            "Empty: the default for every body. Set: that body's own number, which the bodies below it "
            "inherit unless they set their own."
        ),
    )

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        ordering = ["code", "body__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(body__isnull=True), name="reminder_policy_default_code"
            ),
            models.UniqueConstraint(fields=["code", "body"], name="reminder_policy_body_code"),
        ]

    def __str__(self) -> str:
        text = f"{self.code} = {self.value}"
        return f"{text} · {self.body}" if self.body_id else text


class ReminderLog(models.Model):
    """One reminder decision about one object: the unique key (object, kind, stage) is what makes a
    rerun, a second beat, two workers or a crash halfway never send the same reminder twice. The
    notifications of a reminder are written in the same transaction as its log row."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("about type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("about id"))
    about = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=60)
    # What makes a repeat a new reminder: the due date for deadline reminders (an extension gives a
    # new stage), the ISO week for digests, the month for reports.
    stage = models.CharField(_("stage"), max_length=60)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "stage"], name="reminderlog_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.stage}"
