"""The text index of the suggestions app: each item's units (for duplicates and hotspots) and how
many items hold each unit (for the IDF weights). Imported by ``suggestions.models``."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import MAX_UNIT


class SuggestionTerms(models.Model):
    """An item's units and their counts (parallel arrays), written at submission by
    ``services.suggestion_text_index``. The GIN index on ``terms`` is PostgreSQL's own (no server
    extension): finding items that share a unit is an index lookup, not a scan of every text."""

    suggestion = models.OneToOneField(
        "suggestions.Suggestion",
        verbose_name=_("opinion or suggestion"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="terms",
    )
    # Copies of the item's area and submission time, so a lookup filters without a join.
    area_id = models.IntegerField(_("area"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    terms = ArrayField(models.CharField(max_length=MAX_UNIT), verbose_name=_("text units"))
    counts = ArrayField(models.PositiveSmallIntegerField(), verbose_name=_("counts"))
    # Length of the weighted vector under the frequencies of the day it was indexed (refreshed by
    # ``manage.py text_index``): scores stay comparable without reading every unit's frequency.
    norm = models.FloatField(_("vector length"), default=0.0)
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    # Likely duplicates found when the item came in, for the triage list: [[id, code, score], …].
    duplicates = models.JSONField(_("likely duplicates"), default=list, blank=True)

    class Meta:
        verbose_name = _("text index entry")
        verbose_name_plural = _("text index")
        indexes = [
            GinIndex(fields=["terms"], name="suggestion_terms_gin"),
            models.Index(fields=["area_id", "submitted_at"], name="suggestion_terms_area_idx"),
            models.Index(fields=["submitted_at"], name="suggestion_terms_at_idx"),
        ]

    def __str__(self) -> str:
        return str(self.suggestion_id)


class TermFrequency(models.Model):
    """How many indexed items hold a unit (document frequency). The row with the empty unit holds
    the number of indexed items. Recomputed by a periodic task, never on the submission path (every
    new item would lock the rows of its common units)."""

    term = models.CharField(_("text unit"), max_length=MAX_UNIT, primary_key=True)
    documents = models.PositiveIntegerField(_("items"))

    class Meta:
        verbose_name = _("unit frequency")
        verbose_name_plural = _("unit frequencies")

    def __str__(self) -> str:
        return f"{self.term} {self.documents}"


class Hotspot(models.Model):
    """热点民情: a cluster of similar items that grew within the window, found by
    ``services.hotspots_detect``. Known by its first item, so a growing cluster updates one row and
    staff are told once (``notified_at``)."""

    first_item = models.OneToOneField(
        "suggestions.Suggestion",
        verbose_name=_("first item"),
        on_delete=models.CASCADE,
        related_name="hotspot",
    )
    label = models.CharField(_("shared words"), max_length=120)
    size = models.PositiveIntegerField(_("items"))
    # Items in the second half of the window against the first: above 1 the cluster is growing.
    recent = models.PositiveIntegerField(_("items in the last half of the window"), default=0)
    item_ids = models.JSONField(_("item ids"), default=list)
    areas = models.JSONField(_("places"), default=list)
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last detected"))
    notified_at = models.DateTimeField(_("staff notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")
        ordering = ["-last_seen_at", "-size"]

    def __str__(self) -> str:
        return f"{self.label} ({self.size})"
