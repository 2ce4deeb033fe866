"""Report-back to voters (述职, DOMAIN.md §7): the deputy reports to the constituency, voters rate
it 满意 / 基本满意 / 不满意 on a public phone page, one rating per verified mobile number."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import DeputyRecordQuerySet, ReportBackRatingQuerySet
from .core import Deputy


class ReportBack(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Yearly report-back")
        TERM = "term", _("Report on the term to voters")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Value(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="report_backs"
    )
    slug = models.SlugField(_("public identifier"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("year reported on"))
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(_("report"))
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    rating_closes_on = models.DateField(_("rating closes on"), null=True, blank=True)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically = models.PositiveIntegerField(_("basically satisfied"), default=0)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
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
        verbose_name = _("report-back")
        verbose_name_plural = _("report-backs")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["deputy", "status"], name="reportback_deputy_status_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def ratings_total(self) -> int:
        return self.satisfied + self.basically + self.unsatisfied

    @property
    def satisfaction_rate(self) -> float | None:
        """Share of 满意 and 基本满意 among the ratings, the figure committees publish (001)."""
        total = self.ratings_total
        return None if not total else (self.satisfied + self.basically) / total


class ReportBackRating(models.Model):
    """One constituent's rating. The mobile number is kept only as a keyed digest: enough to refuse
    a second rating, useless to contact anyone (PIPL, DOMAIN.md §9)."""

    report_back = models.ForeignKey(
        ReportBack, verbose_name=_("report-back"), on_delete=models.CASCADE, related_name="ratings"
    )
    mobile_digest = models.CharField(_("mobile digest"), max_length=64)
    value = models.CharField(_("rating"), max_length=12, choices=ReportBack.Value.choices)
    rated_at = models.DateTimeField(_("rated at"), auto_now_add=True)

    objects = ReportBackRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("report-back rating")
        verbose_name_plural = _("report-back ratings")
        ordering = ["rated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_back", "mobile_digest"], name="reportback_one_rating_per_mobile"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_back} · {self.get_value_display()}"


class ReportBackCode(models.Model):
    """An SMS code that proves a constituent holds the mobile number they rate with."""

    report_back = models.ForeignKey(
        ReportBack, verbose_name=_("report-back"), on_delete=models.CASCADE, related_name="codes"
    )
    mobile_digest = models.CharField(_("mobile digest"), max_length=64)
    code_digest = models.CharField(_("code digest"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["report_back", "mobile_digest", "created_at"], name="reportbackcode_lookup_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_back} · {self.created_at:%Y-%m-%d %H:%M}"
