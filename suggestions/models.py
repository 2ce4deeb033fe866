"""Opinions and suggestions: from submission to rating (DOMAIN.md §5).

One ``Suggestion`` row per item, whatever its kind (citizen opinion, deputy suggestion, micro matter).
Dispatches to handling units are ``Assignment`` rows, kept for ever (re-assignment supersedes, never
deletes). Every state change is written by ``services.suggestion_transition`` and leaves a
``SuggestionEvent``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.encrypted_fields import BlindIndexField, EncryptedTextField
from congress.models import Area, AuditEventBase, Body, Category, HandlingUnit, Session, root_body_pk
from deputies.models import Deputy
from stations.models import Reception, Station

from .querysets import (
    AssignmentQuerySet,
    RejectionReasonQuerySet,
    SuggestionQuerySet,
    SuggestionRecordQuerySet,
)


class Status(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("suggestion status", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("suggestion status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("suggestion status", "Rejected")
    MERGED = "merged", pgettext_lazy("suggestion status", "Merged")
    ASSIGNED = "assigned", pgettext_lazy("suggestion status", "Assigned")
    SIGNED_FOR = "signed_for", pgettext_lazy("suggestion status", "Signed for")
    RETURNED = "returned", pgettext_lazy("suggestion status", "Returned by the unit")
    REPLIED = "replied", pgettext_lazy("suggestion status", "Replied")
    FOLLOW_UP_DUE = "follow_up_due", pgettext_lazy("suggestion status", "Follow-up reply due")
    REOPENED = "reopened", pgettext_lazy("suggestion status", "Reopened")
    RATED = "rated", pgettext_lazy("suggestion status", "Rated")
    CLOSED = "closed", pgettext_lazy("suggestion status", "Closed")


class Kind(models.TextChoices):
    CITIZEN_OPINION = "citizen_opinion", _("Citizen opinion")
    DEPUTY_SUGGESTION = "deputy_suggestion", _("Deputy suggestion")
    MICRO_MATTER = "micro_matter", _("Livelihood micro matter")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    QR = "qr", _("QR code")
    API = "api", _("Mini-program")
    STATION_DESK = "station_desk", _("Station desk")
    DEPUTY_VISIT = "deputy_visit", _("Deputy visit")
    HOTLINE = "hotline", _("12345 hotline")
    LETTER = "letter", _("Letter")
    PETITION_OFFICE = "petition_office", _("Petition office")
    INSPECTION = "inspection", _("Inspection")
    DEPUTY = "deputy", _("Filed by a deputy")


class Suggestion(models.Model):
    """A citizen opinion (群众意见建议), a deputy suggestion (代表建议) or a micro matter (民生微事项)."""

    code = models.CharField(pgettext_lazy("suggestion", "tracking code"), max_length=12, unique=True)
    pin_hash = models.CharField(_("PIN (hashed)"), max_length=128, blank=True)
    kind = models.CharField(
        pgettext_lazy("suggestion", "kind"), max_length=20, choices=Kind.choices, default=Kind.CITIZEN_OPINION
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    # The body that handles the item now, and the one that received it (a transfer up or down moves
    # ``body`` only; the item counts once, under ``body``, in every roll-up).
    body = models.ForeignKey(
        Body,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="suggestions",
        default=root_body_pk,
    )
    received_by = models.ForeignKey(
        Body,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
        default=root_body_pk,
    )
    title = models.CharField(pgettext_lazy("suggestion", "title"), max_length=120)
    text = models.TextField(pgettext_lazy("suggestion", "content"))
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Personal data (DOMAIN.md §9): masked everywhere except for roles that need them, and stored
    # encrypted with SM4-GCM (congress.fieldcrypto); the mobile number is looked up by its blind index.
    address = EncryptedTextField(_("address"), max_length=200, blank=True)
    submitter_name = EncryptedTextField(_("submitter's name"), max_length=50, blank=True)
    submitter_mobile = EncryptedTextField(_("mobile number"), max_length=20, blank=True)
    submitter_mobile_index = BlindIndexField(
        _("mobile number (blind index)"), source="submitter_mobile", purpose="mobile", db_index=True
    )
    submitter_email = EncryptedTextField(_("email"), max_length=254, blank=True, validators=[validate_email])
    # The submitter's openid in the WeChat mini-program the item came through (a ``wechat`` API
    # client): where its subscribe messages go (congress.notifications.wechat). Kept only while the
    # portal sends WeChat messages; never shown, never exported.
    submitter_openid = EncryptedTextField(_("WeChat openid"), max_length=64, blank=True)
    name_hidden = models.BooleanField(_("keep my name from the public"), default=True)
    consent_privacy = models.BooleanField(
        pgettext_lazy("suggestion", "consented to the privacy notice"), default=False
    )
    consent_publish = models.BooleanField(_("consented to publication"), default=False)
    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("addressed to deputy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="addressed_suggestions",
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    qr_token = models.CharField(_("QR code"), max_length=16, blank=True)
    # The number another system gave the item (12345 hotline work order …): re-imports are refused.
    external_ref = models.CharField(_("external reference"), max_length=40, blank=True, db_index=True)
    # The committee's own item number from its ledger (台账编号): an item imported from the office's
    # history keeps it, and importing the same ledger again matches on it (unique within a body).
    office_ref = models.CharField(_("office's item number"), max_length=40, blank=True)
    # Opinions taken down at a reception (接待活动) enter here and link back (DOMAIN.md §4).
    reception = models.ForeignKey(
        Reception,
        verbose_name=_("reception"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    # Deputy suggestions (代表建议): the lead deputy (领衔) and co-signers (附议).
    lead_deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("lead deputy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_suggestions",
    )
    cosigners = models.ManyToManyField(
        Deputy, verbose_name=_("co-signing deputies"), blank=True, related_name="cosigned_suggestions"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=pgettext_lazy("congress", "session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=pgettext_lazy("suggestion", "merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_items",
    )
    handed_to = models.ForeignKey(
        Deputy,
        verbose_name=_("handed to deputy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handed_suggestions",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    is_key = models.BooleanField(_("key suggestion"), default=False)
    lead_official = models.CharField(_("lead official"), max_length=100, blank=True)
    supervising_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_suggestions",
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    triage_deadline = models.ForeignKey(
        "workcalendar.Deadline",
        verbose_name=_("triage deadline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Publication (003:325–328): the public text has personal data removed by staff.
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    public_title = models.CharField(_("public title"), max_length=120, blank=True)
    public_text = models.TextField(_("public text"), blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("opinion or suggestion")
        verbose_name_plural = _("opinions and suggestions")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="suggestion_status_idx"),
            models.Index(fields=["area", "submitted_at"], name="suggestion_area_idx"),
            models.Index(fields=["body", "submitted_at"], name="suggestion_body_idx"),
            # Partial indexes over the few rows the busy lists read (docs/performance.md): the
            # triage queue (new and returned items, oldest first) and the published cases.
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(status__in=["submitted", "returned"]),
                name="suggestion_triage_idx",
            ),
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(is_published=True, status="closed"),
                name="suggestion_published_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="suggestion_merged_has_target",
            ),
            models.UniqueConstraint(
                fields=["body", "office_ref"],
                condition=~models.Q(office_ref=""),
                name="suggestion_office_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_deputy_suggestion(self) -> bool:
        return self.kind == Kind.DEPUTY_SUGGESTION


class SuggestionPhoto(models.Model):
    """A photo sent with an item: verified by content, re-encoded, EXIF stripped before it is stored."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("opinion or suggestion"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to="suggestions/photos/%Y/%m/")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = SuggestionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name


class SuggestionEvent(AuditEventBase):
    """One step in an item's history. ``public_note`` is what the submitter reads on the tracking page
    (never personal data, never internal remarks)."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("opinion or suggestion"), on_delete=models.CASCADE, related_name="events"
    )
    is_public = models.BooleanField(_("shown to the submitter"), default=True)
    public_note = models.TextField(_("note for the submitter"), blank=True)

    class Meta(AuditEventBase.Meta):
        verbose_name = _("history event")
        verbose_name_plural = _("history events")

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.action}"


class Assignment(models.Model):
    """A dispatch (交办) of an item to one handling unit as lead (主办) or co-unit (协办)."""

    class Role(models.TextChoices):
        LEAD = "lead", pgettext_lazy("assignment", "Lead unit")
        CO = "co", pgettext_lazy("assignment", "Co-unit")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("assignment", "Active")
        RETURNED = "returned", pgettext_lazy("assignment", "Returned")
        SUPERSEDED = "superseded", pgettext_lazy("assignment", "Superseded")
        DONE = "done", pgettext_lazy("assignment", "Done")

    class OverdueLevel(models.IntegerChoices):
        NONE = 0, _("Not overdue")
        OVERDUE = 1, _("Overdue")
        VERY_OVERDUE = 2, _("Very overdue")

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("opinion or suggestion"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    deadline = models.ForeignKey(
        "workcalendar.Deadline",
        verbose_name=_("deadline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A copy of deadline.due kept in sync by the services, so overdue scans and inboxes are set-based.
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    return_until = models.DateField(_("may be returned until"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    round = models.PositiveSmallIntegerField(_("handling round"), default=0)
    signed_for_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    signed_for_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed for by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    views = models.TextField(_("co-unit views"), blank=True)
    views_at = models.DateTimeField(_("views given at"), null=True, blank=True)
    overdue_level = models.PositiveSmallIntegerField(
        _("overdue level"), choices=OverdueLevel.choices, default=OverdueLevel.NONE
    )
    reminders_paused = models.BooleanField(_("reminders paused"), default=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"], name="assignment_inbox_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion"],
                condition=models.Q(role="lead", status="active"),
                name="assignment_one_active_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id} → {self.unit} ({self.get_role_display()})"


class Reply(models.Model):
    """A unit's reply (答复). Outcome classes from 004:17."""

    class Outcome(models.TextChoices):
        A = "A", _("A – solved or adopted")
        B = "B", _("B – being solved or planned")
        C = "C", _("C – kept for reference because of present limits")

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("opinion or suggestion"), on_delete=models.CASCADE, related_name="replies"
    )
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="replies"
    )
    outcome = models.CharField(_("outcome class"), max_length=1, choices=Outcome.choices)
    text = models.TextField(_("reply"))
    is_follow_up = models.BooleanField(_("follow-up reply"), default=False)
    round = models.PositiveSmallIntegerField(_("handling round"), default=0)
    replied_at = models.DateTimeField(_("replied at"))
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SuggestionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["replied_at", "pk"]

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.outcome}"


class ReplyAttachment(models.Model):
    reply = models.ForeignKey(
        Reply, verbose_name=_("reply"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="suggestions/replies/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)

    class Meta:
        verbose_name = _("reply attachment")
        verbose_name_plural = _("reply attachments")

    def __str__(self) -> str:
        return self.name


class Commitment(models.Model):
    """A promise made in a reply, tracked until kept (002:1257)."""

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("opinion or suggestion"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    reply = models.ForeignKey(
        Reply, verbose_name=_("reply"), on_delete=models.CASCADE, related_name="commitments"
    )
    promise = models.CharField(_("promise"), max_length=300)
    due_on = models.DateField(_("promised by"), db_index=True)
    kept_at = models.DateTimeField(_("kept at"), null=True, blank=True)
    kept_note = models.TextField(_("how it was kept"), blank=True)

    objects = SuggestionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.promise


class Supervision(models.Model):
    """A supervision record (督办) on an item (002:807, 002:1013, 000:31)."""

    class Kind(models.TextChoices):
        LEADER = "leader", _("Led by a committee leader")
        SPECIAL_COMMITTEE = "committee", _("By a special committee")
        OFFICE = "office", _("Routine, by the deputy-affairs office")
        DEPUTIES = "deputies", _("With deputies taking part")
        IN_UNIT = "in_unit", _("Inside the handling unit")

    class Method(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        ON_SITE = "on_site", _("On site")
        RESEARCH = "research", _("Research visit")
        WRITTEN = "written", _("Written reminder")

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("opinion or suggestion"),
        on_delete=models.CASCADE,
        related_name="supervisions",
    )
    kind = models.CharField(pgettext_lazy("supervision", "kind"), max_length=12, choices=Kind.choices)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    held_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    is_case = models.BooleanField(
        _("supervision case"), default=False, help_text=_("Opened after a second unsatisfied rating.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = SuggestionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision record")
        verbose_name_plural = _("supervision records")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Rating(models.Model):
    """满意度测评 by the submitter or a deputy, once per handling round."""

    class Value(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    class Rater(models.TextChoices):
        SUBMITTER = "submitter", _("Submitter")
        DEPUTY = "deputy", _("Deputy")

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("opinion or suggestion"), on_delete=models.CASCADE, related_name="ratings"
    )
    rater = models.CharField(_("rated by"), max_length=10, choices=Rater.choices)
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.CharField(_("rating"), max_length=12, choices=Value.choices)
    comment = models.TextField(_("comment"), blank=True)
    round = models.PositiveSmallIntegerField(_("handling round"), default=0)
    rated_at = models.DateTimeField(_("rated at"), auto_now_add=True)

    objects = SuggestionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["rated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "rater", "deputy", "round"],
                nulls_distinct=False,
                name="rating_once_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.value}"


class RejectionReason(models.Model):
    """Reason templates staff pick when rejecting an item; the text is shown to the submitter."""

    title = models.CharField(pgettext_lazy("suggestion", "title"), max_length=60)
    text = models.TextField(_("text shown to the submitter"))
    is_active = models.BooleanField(_("active"), default=True)
    # Shared by every body (no body), or a body's own, offered to it and the bodies below it
    # (``RejectionReasonQuerySet.for_body``).
    body = models.ForeignKey(
        Body,
        verbose_name=_("people's congress body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rejection_reasons",
        help_text=_("Empty: shared by every body. Set: that body's own, used by it and the bodies below it."),
    )

    objects = RejectionReasonQuerySet.as_manager()

    class Meta:
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")
        ordering = ["title", "pk"]
        constraints = [
            # A title once per body; the shared ones count as one body (NULLS NOT DISTINCT).
            models.UniqueConstraint(
                fields=["body", "title"],
                nulls_distinct=False,
                name="rejection_reason_body_title",
                violation_error_message=_(
                    "A rejection reason with this title already exists: titles are unique within a body "
                    "and among the shared ones."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title


class AccessLog(models.Model):
    """Who opened a citizen's unmasked name or mobile number, when, and why (PIPL, DOMAIN.md §9)."""

    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name=_("opinion or suggestion"),
        on_delete=models.CASCADE,
        related_name="access_logs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    where = models.CharField(_("where"), max_length=60)

    objects = SuggestionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal-data access")
        verbose_name_plural = _("personal-data accesses")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} {self.suggestion_id} {self.at:%Y-%m-%d %H:%M}"


class TriageItem(Suggestion):
    """The triage queue in the admin: new and returned items, oldest first (a proxy, no table)."""

    class Meta:
        proxy = True
        verbose_name = _("item to triage")
        verbose_name_plural = _("triage queue")


# The text index (duplicates, hotspots) lives beside the text analysis it stores.
from .routing.models import AutoDispatch, RouteTrust, RoutingModel, RoutingTarget  # noqa: E402, F401
from .text.models import Hotspot, SuggestionTerms, TermFrequency  # noqa: E402, F401
