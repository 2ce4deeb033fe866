"""The holiday calendar as data, deadline policies, deadlines and their extensions.

The counting itself is in ``engine.py`` (pure); writes go through ``services.py``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GistIndex
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .engine import Explanation, Unit, end_of_day, is_overdue_at
from .querysets import DeadlineQuerySet, window_expression


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Statutory holiday")
    MAKEUP_WORKDAY = "workday", _("Make-up working day")


class CalendarSource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", _("chinesecalendar package")
    MANUAL = "manual", _("Entered by hand")
    CSV = "csv", _("CSV import")


class PeriodUnit(models.TextChoices):
    WORKING_DAYS = Unit.WORKING_DAYS.value, _("working days")
    CALENDAR_DAYS = Unit.CALENDAR_DAYS.value, _("calendar days")
    MONTHS = Unit.MONTHS.value, _("months")


class CalendarDay(models.Model):
    """A day the State Council's notice makes special: a statutory holiday (possibly on a weekend) or a
    weekend day turned into a working day (调休上班). Ordinary weekdays and weekends are not stored."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(
        _("holiday name"),
        max_length=60,
        help_text=_("For a make-up working day, the holiday it makes up for."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=CalendarSource.choices, default=CalendarSource.MANUAL
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name} ({self.get_kind_display()})"


class CalendarYear(models.Model):
    """Which years are known. Only a fully loaded year's days are used in counting; other years use
    weekends only and make deadlines provisional."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    is_loaded = models.BooleanField(_("fully loaded"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=CalendarSource.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarState(models.Model):
    """A single row whose ``version`` changes with every calendar change. Each process keeps its built
    ``WorkCalendar`` while the version it was built from is current; reading the row is the only cost.
    Being in the database, the version follows transactions: a rolled-back change never leaves a
    process with a calendar nobody committed, and the writer sees its own change at once."""

    SINGLETON_ID = 1

    version = models.CharField(_("version"), max_length=32)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar state")
        verbose_name_plural = _("calendar state")

    def __str__(self) -> str:
        return self.version


class CalendarNotice(models.Model):
    """A reminder to staff that a year's holiday calendar is missing (from 1 November for next year).
    Resolved automatically when the year is loaded."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_emailed_at = models.DateTimeField(_("last emailed at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar notice")
        verbose_name_plural = _("calendar notices")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.message


class DeadlinePolicy(models.Model):
    """How long one kind of item may stay at one stage. Defaults come from DOMAIN.md §5 (seeded by a
    data migration with their sources); staff can edit them. A deadline keeps the unit and amount it
    was created with, so editing a policy never moves existing deadlines.

    A policy without a body is the default of every body. A body may override a code with its own
    row; a body without its own row inherits the nearest ancestor's (the "2310" chain of 002 is a
    district's rule): ``selectors.policies_for_body``."""

    code = models.CharField(
        _("code"),
        max_length=60,
        validators=[RegexValidator(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$", _("Lower-case words separated by dots."))],
        help_text=_("Used by the code, e.g. opinion.reply; do not change it."),
    )
    name = models.CharField(_("name"), max_length=100)
    applies_to = models.CharField(_("applies to"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=PeriodUnit.choices)
    amount = models.PositiveSmallIntegerField(_("amount"))
    max_extension = models.PositiveSmallIntegerField(
        _("maximum total extension"),
        default=0,
        help_text=_("In the same unit as the amount; 0 means the time limit cannot be extended."),
    )
    source = models.CharField(_("legal source"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    body = models.ForeignKey(
        "congress.Body",
        verbose_name=_("people's congress body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadline_policies",
        help_text=_(
            "Empty: the default for every body. Set: that body's own rule, which the bodies below it "
            "inherit unless they set their own."
        ),
    )

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        ordering = ["code", "body__path"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="deadline_policy_amount"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(body__isnull=True), name="deadline_policy_default_code"
            ),
            models.UniqueConstraint(fields=["code", "body"], name="deadline_policy_body_code"),
        ]

    def __str__(self) -> str:
        label = f"{self.name} ({self.amount} {self.get_unit_display()})"
        return f"{label} · {self.body}" if self.body_id else label


class Deadline(models.Model):
    """A time limit running for one item (the owner) under one policy.

    The window of a deadline is [start, due]; an open deadline is recomputed whenever a calendar day
    inside its window changes. A closed deadline never changes.
    """

    policy = models.ForeignKey(
        DeadlinePolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="deadlines"
    )
    owner_content_type = models.ForeignKey(
        ContentType, verbose_name=_("item type"), on_delete=models.PROTECT, related_name="+"
    )
    owner_id = models.PositiveBigIntegerField(_("item id"))
    owner = GenericForeignKey("owner_content_type", "owner_id")
    unit = models.CharField(_("unit"), max_length=20, choices=PeriodUnit.choices)
    amount = models.PositiveSmallIntegerField(_("amount"))
    start = models.DateField(_("start date"), help_text=_("The day of receipt; it is not counted."))
    due = models.DateField(_("due date"))
    extension_total = models.PositiveSmallIntegerField(_("approved extension"), default=0)
    is_provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Runs into a year whose holiday calendar is not loaded yet: weekends only were used."),
    )
    is_open = models.BooleanField(_("open"), default=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due", "pk"]
        indexes = [
            # "Open deadlines whose window contains day D" (recompute on a calendar change): a GiST
            # index on the closed date range [start, due], queried with ``window__contains``.
            GistIndex(
                window_expression(), condition=models.Q(is_open=True), name="deadline_open_window_gist"
            ),
            models.Index(fields=["due"], condition=models.Q(is_open=True), name="deadline_open_due_idx"),
            models.Index(fields=["owner_content_type", "owner_id"], name="deadline_owner_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__gte=models.F("start")), name="deadline_due_after_start"
            ),
            models.UniqueConstraint(
                fields=["owner_content_type", "owner_id", "policy"],
                condition=models.Q(is_open=True),
                name="deadline_one_open_per_owner_policy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy.name}: {self.due:%Y-%m-%d}"

    @property
    def total_amount(self) -> int:
        return self.amount + self.extension_total

    def get_explanation(self) -> Explanation | None:
        return Explanation.from_dict(self.explanation) if self.explanation else None

    def is_overdue_on(self, day: date) -> bool:
        """Overdue from 00:00 of the day after the due date (the due day is met until 24:00)."""
        return self.is_open and day > self.due

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Overdue at ``now`` (default: the current time), judged in the portal's time zone."""
        moment = now or timezone.now()
        return self.is_open and is_overdue_at(self.due, moment, timezone.get_default_timezone())

    @property
    def overdue_from(self) -> datetime:
        """The moment the deadline is missed: 00:00 of the day after ``due`` (Asia/Shanghai)."""
        return end_of_day(self.due, timezone.get_default_timezone())


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class DeadlineExtension(models.Model):
    """A request to extend a deadline, and its decision. Rows are kept as history."""

    deadline = models.ForeignKey(
        Deadline, verbose_name=_("deadline"), on_delete=models.CASCADE, related_name="extensions"
    )
    amount = models.PositiveSmallIntegerField(
        _("amount"), help_text=_("In the unit of the deadline's policy.")
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    due_before = models.DateField(_("due date before"), null=True, blank=True)
    due_after = models.DateField(_("due date after"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["-requested_at", "-pk"]
        permissions = [("approve_extension", _("Can approve or reject deadline extensions"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="deadline_extension_amount")
        ]

    def __str__(self) -> str:
        return f"{self.deadline} +{self.amount} ({self.get_status_display()})"
