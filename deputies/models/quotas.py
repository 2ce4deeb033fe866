"""Duty quotas as data (DOMAIN.md §4): 月进站、季回家、年述职 (002:427, 002:995), the "1+4+3" of a
year (002:715), at least one report to voters per term (002:819)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress.models import Term

from .core import DutyRecord


class QuotaRule(models.Model):
    """How many entries of some kinds a deputy owes in each period."""

    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")
        TERM = "term", _("Term")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("what it means"), max_length=300, blank=True)
    kinds = ArrayField(
        models.CharField(max_length=30, choices=DutyRecord.Kind.choices),
        verbose_name=_("kinds of entry counted"),
    )
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    required = models.PositiveSmallIntegerField(_("required per period"), default=1)
    levels = ArrayField(
        models.CharField(max_length=20, choices=Term.Level.choices),
        verbose_name=_("deputy levels"),
        default=list,
        blank=True,
        help_text=_("Empty means deputies of every level."),
    )
    remind_days_before_end = models.PositiveSmallIntegerField(
        _("remind days before the period ends"),
        default=7,
        help_text=_("Deputies who are behind get one reminder this many days before the end; 0 = none."),
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("quota rule")
        verbose_name_plural = _("quota rules")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(required__gte=1), name="quota_required_positive")
        ]

    def __str__(self) -> str:
        return self.name
