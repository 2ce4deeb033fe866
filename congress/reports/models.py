"""Documents the committee generated: the PDF (or zip) stored with the figures it was built from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _document_path(instance: Report, filename: str) -> str:
    return f"reports/{instance.kind}/{instance.period_start:%Y}/{instance.pk or 'new'}/{filename}"


class Report(models.Model):
    """One generated document. Generation runs in the worker; ``progress`` and ``step`` say how far it
    has come. ``figures`` is the JSON the document was drawn from, stored beside it."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual report")
        UNIT = "unit", _("Handling-unit report")
        UNITS_ZIP = "units_zip", _("Handling-unit reports of all units (zip)")
        STATION_REGISTER = "station_register", _("Station registers")
        KEY_MONTHLY = "key_monthly", _("Monthly dispatch of key suggestions")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    unit = models.ForeignKey(
        "congress.HandlingUnit",
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Whose report: the body's own work and its descendants' (DOMAIN.md §11). Only those who see the
    # body see the report.
    body = models.ForeignKey(
        "congress.Body",
        verbose_name=_("people's congress body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    station_id = models.PositiveBigIntegerField(_("station"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    file = models.FileField(_("document"), upload_to=_document_path, blank=True)
    figures = models.FileField(_("figures (JSON)"), upload_to=_document_path, blank=True)
    figures_sha256 = models.CharField(_("figures checksum"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("generate_report", _("Can generate reports")),
            ("view_statistics", _("Can view the statistics dashboard")),
        ]

    def __str__(self) -> str:
        return self.title
