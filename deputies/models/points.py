"""Points rules (积分) as data, each deputy's stored yearly score, staff adjustments and the frozen
annual evaluation (DOMAIN.md §7; Lanzhou scores 3 dimensions, 11 items, 100 points a year, 004:23)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import DeputyRecordQuerySet
from .core import Deputy, DutyRecord


class PointsDimension(models.Model):
    """A dimension of the evaluation, e.g. 执行代表职务 (performing the duties of a deputy)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        help_text=_("A deputy never scores more than this in the dimension in one year."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("points dimension")
        verbose_name_plural = _("points dimensions")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class PointsItem(models.Model):
    """An item of a dimension: which kinds of duty-record entry it counts, the points per entry and
    the caps (per month, quarter or year, and for the whole year)."""

    class CapPeriod(models.TextChoices):
        MONTH = "month", _("Per month")
        QUARTER = "quarter", _("Per quarter")
        YEAR = "year", _("Per year")

    dimension = models.ForeignKey(
        PointsDimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kinds = ArrayField(
        models.CharField(max_length=30, choices=DutyRecord.Kind.choices),
        verbose_name=_("kinds of entry counted"),
        help_text=_("An entry kind is counted by one item at most."),
    )
    points = models.DecimalField(_("points per entry"), max_digits=5, decimal_places=2)
    cap = models.DecimalField(
        _("cap"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Most points the item gives in one cap period; empty means no cap."),
    )
    cap_period = models.CharField(
        _("cap period"), max_length=10, choices=CapPeriod.choices, default=CapPeriod.YEAR
    )
    annual_max = models.DecimalField(
        _("yearly maximum"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Most points the item gives in a year, whatever the cap period; empty means none."),
    )
    description = models.CharField(_("what it means"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("points item")
        verbose_name_plural = _("points items")
        ordering = ["dimension__sort_order", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(points__gte=0), name="pointsitem_points_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class DutyScore(models.Model):
    """A deputy's score of one year as last computed from the entries and adjustments (the
    recomputation gives the same figure at any time; the tests hold it to that)."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="duty_scores"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.DecimalField(_("score"), max_digits=6, decimal_places=2, default=0)
    adjustments = models.DecimalField(_("adjustments"), max_digits=6, decimal_places=2, default=0)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    entries = models.PositiveIntegerField(_("entries"), default=0)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    objects = DeputyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty score")
        verbose_name_plural = _("duty scores")
        ordering = ["-year", "-total", "deputy__name"]
        constraints = [models.UniqueConstraint(fields=["deputy", "year"], name="dutyscore_once_a_year")]
        indexes = [models.Index(fields=["year", "-total"], name="dutyscore_year_total_idx")]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.year} · {self.total}"


class PointsAdjustment(models.Model):
    """A staff adjustment of a deputy's yearly score, with the reason (audited)."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="points_adjustments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, help_text=_("Negative to deduct.")
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DeputyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("points adjustment")
        verbose_name_plural = _("points adjustments")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["deputy", "year"], name="pointsadj_deputy_year_idx")]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.year} · {self.points:+}"


class AnnualEvaluation(models.Model):
    """The year-end evaluation (年度履职评价) frozen from the score: later entries, rule changes or
    recomputations never change it (004:23: results go to the deputy and feed excellent-deputy
    awards and re-nomination)."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    ranked_among = models.PositiveIntegerField(_("ranked among"), null=True, blank=True)
    is_excellent = models.BooleanField(_("excellent deputy"), default=False)
    comments = models.TextField(_("comments"), blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DeputyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual evaluation")
        verbose_name_plural = _("annual evaluations")
        ordering = ["-year", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["deputy", "year"], name="evaluation_once_a_year")]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.year}"
