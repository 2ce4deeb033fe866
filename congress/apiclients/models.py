from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey


def validate_rate(value: str) -> None:
    """django-ratelimit's syntax: a count per second, minute, hour or day (``600/h``)."""
    count, _slash, period = value.partition("/")
    if not (count.isdigit() and int(count) > 0 and period[-1:] in {"s", "m", "h", "d"}):
        raise ValidationError(_("Write the limit as a count per period, e.g. 600/h or 20/m."))
    if period[:-1] and not period[:-1].isdigit():
        raise ValidationError(_("Write the limit as a count per period, e.g. 600/h or 20/m."))


class ApiClient(AbstractAPIKey):
    """A registered client application of the public API. The key is shown once when the client is
    registered and stored hashed (djangorestframework-api-key); revoke it here to lock the client out."""

    class Kind(models.TextChoices):
        WECHAT = "wechat", _("WeChat mini-program")
        HOTLINE = "hotline", _("12345 hotline bridge")
        OTHER = "other", _("Other client")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Requests per client across the public API (default: a busy mini-program, no source names one).
    rate = models.CharField(
        _("rate limit"),
        max_length=20,
        default="600/m",
        validators=[validate_rate],
        help_text=_("Requests this client may make, e.g. 600/m (per minute) or 20000/h."),
    )
    contact = models.CharField(_("technical contact"), max_length=200, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API client")  # type: ignore[assignment]
        verbose_name_plural = _("API clients")  # type: ignore[assignment]
