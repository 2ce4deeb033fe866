"""Livelihood-project ballots (民生实事项目人大代表票决制, DOMAIN.md §6): a cycle per year and
congress level, proposals, candidates, secret ballots, projects and the year-end evaluation.

Secrecy: ``BallotAttendance`` records *that* a deputy took part. While a ballot is open *what* was
marked exists only inside its ``BallotBox``: all electronic papers as one encrypted, reshuffled
whole (``votes.seal``), so no row of a paper carries the transaction id, position or order of the
vote that cast it. At the close the box is opened into ``BallotPaper`` and ``PaperMark`` rows,
written in random order with random UUID keys, no timestamp, no deputy and no sequence.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.encrypted_fields import EncryptedTextField
from congress.ids import public_id
from congress.models import Area, HandlingUnit, Term
from congress.privacy import mask_name

from .querysets import BallotRecordQuerySet, CycleQuerySet, CycleRecordQuerySet, ProjectRecordQuerySet


class Cycle(models.Model):
    """One year's cycle at one congress level (the city; districts and townships may run their
    own, 000:91). Entitled voters are the active deputies of ``term``."""

    class Phase(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        COLLECTION = "collection", _("Collection")
        SCREENING = "screening", _("Screening")
        CANDIDATES = "candidates", _("Candidate list")
        BALLOT = "ballot", _("Ballot")
        IMPLEMENTATION = "implementation", _("Implementation")
        EVALUATION = "evaluation", _("Evaluation")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"))
    term = models.ForeignKey(
        Term, verbose_name=_("congress term"), on_delete=models.PROTECT, related_name="+"
    )
    # Context: "title" alone is a deputy's job title (职务) in the deputies catalogue.
    title = models.CharField(pgettext_lazy("ballot cycle", "title"), max_length=120)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.DRAFT)
    seats = models.PositiveSmallIntegerField(
        _("projects to choose"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    collection_opens_on = models.DateField(_("collection opens on"), null=True, blank=True)
    collection_closes_on = models.DateField(_("collection closes on"), null=True, blank=True)
    ballot_on = models.DateField(_("ballot date"), null=True, blank=True)
    evaluation_on = models.DateField(_("evaluation date"), null=True, blank=True)
    chairpersons_approved_on = models.DateField(
        _("candidate list approved by the chairpersons' meeting on"), null=True, blank=True
    )
    committee_approved_on = models.DateField(
        _("candidate list approved by the standing committee on"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("ballot cycle")
        verbose_name_plural = _("ballot cycles")
        ordering = ["-year", "term"]
        constraints = [models.UniqueConstraint(fields=["year", "term"], name="votes_cycle_one_per_year_term")]

    def __str__(self) -> str:
        return self.title

    @property
    def level(self) -> str:
        return self.term.level


class Proposal(models.Model):
    """A proposed livelihood project (征集): from a citizen, a deputy, a department or a suggestion."""

    class Source(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        DEPUTY = "deputy", _("Deputy")
        DEPARTMENT = "department", _("Department")
        SUGGESTION = "suggestion", _("Suggestion")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SCREENED_IN = "screened_in", _("Screened in")
        SCREENED_OUT = "screened_out", _("Screened out")
        MERGED = "merged", _("Merged")

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="proposals"
    )
    code = models.CharField(_("tracking code"), max_length=12, unique=True, default=public_id)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    title = models.CharField(_("project name"), max_length=120)
    description = models.TextField(_("what should be done and why"))
    area = models.ForeignKey(
        Area, verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    # Personal data, stored encrypted (congress.fieldcrypto).
    proposer_name = EncryptedTextField(_("proposer's name"), max_length=50, blank=True)
    proposer_phone = EncryptedTextField(_("proposer's mobile phone"), max_length=20, blank=True)
    proposer_email = EncryptedTextField(
        _("proposer's email"), max_length=254, blank=True, validators=[validate_email]
    )
    consent = models.BooleanField(_("consented to the privacy notice"), default=False)
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("proposing deputy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("proposing department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_proposals",
    )
    source_suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        verbose_name=_("from suggestion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="livelihood_proposals",
    )
    decision_reason = models.TextField(_("reason for the screening decision"), blank=True)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    readiness = models.PositiveSmallIntegerField(
        _("readiness"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reach = models.PositiveSmallIntegerField(
        _("reach"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = CycleRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["cycle", "status"], name="votes_proposal_cycle_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int | None:
        parts = [self.urgency, self.readiness, self.reach, self.impact]
        return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)

    @property
    def masked_proposer(self) -> str:
        """The proposer's name as staff and lists show it (DOMAIN §9)."""
        return mask_name(self.proposer_name)


class FeasibilityAssessment(models.Model):
    """The responsible department's view on whether a proposal can be done (初选)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="assessments"
    )
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    feasible = models.BooleanField(_("feasible"))
    opinion = models.TextField(_("opinion"))
    estimated_budget = models.DecimalField(
        _("estimated budget (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    assessed_on = models.DateField(_("assessed on"))

    class Meta:
        verbose_name = _("feasibility assessment")
        verbose_name_plural = _("feasibility assessments")
        ordering = ["proposal", "assessed_on"]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.unit}"


class Candidate(models.Model):
    """A project on the candidate list (002:1225): content, targets, budget, leader, units, deadline."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="candidates"
    )
    number = models.PositiveSmallIntegerField(_("number on the list"))
    title = models.CharField(_("project name"), max_length=120)
    content = models.TextField(pgettext_lazy("project", "content"))
    target_quantity = models.DecimalField(_("target quantity"), max_digits=12, decimal_places=2)
    target_unit = models.CharField(_("unit of the target"), max_length=20)
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=12, decimal_places=2)
    funding_source = models.CharField(_("funding source"), max_length=120)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), default=12)
    responsible_leader = models.CharField(_("responsible leader"), max_length=60)
    lead_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    co_units = models.ManyToManyField(HandlingUnit, verbose_name=_("co-units"), blank=True, related_name="+")
    deadline = models.DateField(pgettext_lazy("project", "deadline"))
    proposals = models.ManyToManyField(
        Proposal, verbose_name=_("from proposals"), blank=True, related_name="candidates"
    )

    objects = CycleRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate project")
        verbose_name_plural = _("candidate projects")
        ordering = ["cycle", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="votes_candidate_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Ballot(models.Model):
    """One secret ballot: the selection of projects, a run-off between tied candidates, or the
    year-end satisfaction evaluation of the projects."""

    class Kind(models.TextChoices):
        SELECTION = "selection", _("Selection")
        RUNOFF = "runoff", _("Run-off")
        EVALUATION = "evaluation", _("Satisfaction evaluation")

    class Mode(models.TextChoices):
        ELECTRONIC = "electronic", _("Electronic")
        PAPER = "paper", _("Paper")
        BOTH = "both", _("Paper and electronic")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", pgettext_lazy("ballot status", "Open")
        CLOSED = "closed", pgettext_lazy("ballot status", "Closed")
        COUNTED = "counted", _("Counted")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Void: quorum not reached")

    class Basis(models.TextChoices):
        CAST = "cast", _("More than half of the ballots cast")
        PRESENT = "present", _("More than half of the deputies present")
        # 地方组织法: the congress decides by a majority of *all* its deputies (全体代表的过半数).
        ENTITLED = "entitled", _("More than half of all entitled deputies")

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="ballots"
    )
    kind = models.CharField(
        pgettext_lazy("ballot", "kind"), max_length=20, choices=Kind.choices, default=Kind.SELECTION
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("run-off of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runoffs",
    )
    slug = models.SlugField(_("public identifier"), max_length=12, unique=True, default=public_id)
    title = models.CharField(pgettext_lazy("ballot", "title"), max_length=120)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.PAPER)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    majority_basis = models.CharField(_("majority rule"), max_length=20, choices=Basis.choices)
    held_on = models.DateField(pgettext_lazy("ballot", "held on"))
    candidates: models.ManyToManyField[Candidate, BallotEntry] = models.ManyToManyField(
        Candidate, verbose_name=_("candidates"), through="BallotEntry", related_name="ballots"
    )
    # Who may vote: proposed from the term's active deputies when the ballot is set up, editable
    # (with a reason) while it is being prepared, taken afresh when it opens unless staff set it.
    entitled_count = models.PositiveIntegerField(_("deputies entitled to vote"), null=True, blank=True)
    entitled_note = models.CharField(
        _("why the number of entitled deputies was set by hand"), max_length=200, blank=True
    )
    # The quorum rule in force when the ballot was set up (votes.conf.quorum_rule): more than (or at
    # least) ``quorum_share`` of the entitled deputies must take part, or nothing is published.
    quorum_share = models.CharField(_("quorum (share of entitled deputies)"), max_length=10, default="1/2")
    quorum_strict = models.BooleanField(_("quorum needs more than the share"), default=True)
    quorum_source = models.CharField(_("legal source of the quorum rule"), max_length=300, blank=True)
    # Filled by the count; kept so the published result never changes.
    present_count = models.PositiveIntegerField(
        pgettext_lazy("ballot", "deputies present"), null=True, blank=True
    )
    cast_count = models.PositiveIntegerField(_("ballots cast"), null=True, blank=True)
    valid_count = models.PositiveIntegerField(_("valid ballots"), null=True, blank=True)
    invalid_count = models.PositiveIntegerField(_("invalid ballots"), null=True, blank=True)
    threshold = models.PositiveIntegerField(_("votes needed"), null=True, blank=True)
    has_tie = models.BooleanField(_("tie at the last seat"), default=False)

    objects = CycleRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def quorum_needed(self) -> int | None:
        """Deputies who must take part for the ballot to count (None until the entitled count is
        known)."""
        from .workflow import quorum_needed

        if self.entitled_count is None:
            return None
        return quorum_needed(self.entitled_count, Fraction(self.quorum_share), strict=self.quorum_strict)

    @property
    def quorum_met(self) -> bool | None:
        needed = self.quorum_needed
        if needed is None or self.present_count is None:
            return None
        return self.present_count >= needed

    @property
    def accepts_electronic(self) -> bool:
        return self.mode in {self.Mode.ELECTRONIC, self.Mode.BOTH}

    @property
    def accepts_paper(self) -> bool:
        return self.mode in {self.Mode.PAPER, self.Mode.BOTH}


class BallotEntry(models.Model):
    """A candidate on one ballot paper, with its result once counted."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="entries"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position on the paper"))
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    satisfied = models.PositiveIntegerField(_("satisfied"), null=True, blank=True)
    basically = models.PositiveIntegerField(_("basically satisfied"), null=True, blank=True)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), default=False)
    tied = models.BooleanField(_("tied at the last seat"), default=False)

    class Meta:
        verbose_name = _("ballot entry")
        verbose_name_plural = _("ballot entries")
        ordering = ["ballot", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "candidate"], name="votes_entry_unique_candidate"),
            models.UniqueConstraint(fields=["ballot", "position"], name="votes_entry_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot} · {self.candidate}"

    @property
    def ratings(self) -> int:
        return (self.satisfied or 0) + (self.basically or 0) + (self.unsatisfied or 0)


class BallotAttendance(models.Model):
    """That a deputy took part in a ballot, and how (paper or electronic). One row per deputy and
    ballot across both modes: the guard against voting twice. Holds nothing about the marks."""

    class Mode(models.TextChoices):
        ELECTRONIC = "electronic", _("Electronic")
        PAPER = "paper", _("Paper")

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.PROTECT, related_name="attendances"
    )
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "deputy"], name="votes_attendance_once_per_ballot")
        ]

    def __str__(self) -> str:
        return f"{self.ballot} · {self.deputy}"


class BallotBox(models.Model):
    """The sealed ballot box of one ballot: every electronic paper cast while it is open, as one
    AES-GCM ciphertext (``votes.seal``) reshuffled and re-encrypted at each vote. Its key is the
    ballot (no sequence); it has no timestamp. Empty (``b""``) before the first vote and after the
    close, when the papers become ``BallotPaper`` rows."""

    ballot = models.OneToOneField(
        Ballot, verbose_name=_("ballot"), primary_key=True, on_delete=models.PROTECT, related_name="box"
    )
    sealed = models.BinaryField(_("sealed papers"), default=b"", blank=True, editable=False)

    class Meta:
        verbose_name = _("ballot box")
        verbose_name_plural = _("ballot boxes")

    def __str__(self) -> str:
        return str(self.ballot)


class BallotPaper(models.Model):
    """One electronic ballot paper, written when the ballot closes (from its sealed box).
    Deliberately no deputy, no timestamp, no sequential key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.PROTECT, related_name="papers"
    )
    is_valid = models.BooleanField(_("valid"), default=True)

    class Meta:
        verbose_name = _("ballot paper")
        verbose_name_plural = _("ballot papers")
        # No default ordering: papers have no meaningful order.

    def __str__(self) -> str:
        return str(self.ballot)


class PaperMark(models.Model):
    """One mark on a paper: "for" a candidate, or a satisfaction rating of a project."""

    class Choice(models.TextChoices):
        FOR = "for", _("For")
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    paper = models.ForeignKey(
        BallotPaper, verbose_name=_("ballot paper"), on_delete=models.CASCADE, related_name="marks"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(_("choice"), max_length=20, choices=Choice.choices)

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(fields=["paper", "candidate"], name="votes_mark_once_per_candidate")
        ]

    def __str__(self) -> str:
        return self.choice


class PaperTally(models.Model):
    """One clerk's independent count of the paper ballots (double entry)."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.PROTECT, related_name="tallies"
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("clerk"), on_delete=models.PROTECT, related_name="+"
    )
    cast = models.PositiveIntegerField(_("ballots cast"))
    valid = models.PositiveIntegerField(_("valid ballots"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = BallotRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("paper count")
        verbose_name_plural = _("paper counts")
        constraints = [models.UniqueConstraint(fields=["ballot", "clerk"], name="votes_tally_one_per_clerk")]

    def __str__(self) -> str:
        return f"{self.ballot} · {self.clerk}"


class PaperTallyLine(models.Model):
    tally = models.ForeignKey(
        PaperTally, verbose_name=_("paper count"), on_delete=models.CASCADE, related_name="lines"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    votes = models.PositiveIntegerField(_("votes"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically = models.PositiveIntegerField(_("basically satisfied"), default=0)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), default=0)

    class Meta:
        verbose_name = _("count line")
        verbose_name_plural = _("count lines")
        constraints = [
            models.UniqueConstraint(fields=["tally", "candidate"], name="votes_tally_line_unique_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.tally} · {self.candidate}"


class TallyCorrection(models.Model):
    """Every change a clerk makes to a count already entered (the correction log)."""

    tally = models.ForeignKey(
        PaperTally, verbose_name=_("paper count"), on_delete=models.CASCADE, related_name="corrections"
    )
    field_label = models.CharField(_("figure"), max_length=120)
    old_value = models.PositiveIntegerField(_("old value"))
    new_value = models.PositiveIntegerField(_("new value"))
    reason = models.CharField(_("reason"), max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("count correction")
        verbose_name_plural = _("count corrections")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.field_label}: {self.old_value} → {self.new_value}"


class Project(models.Model):
    """An elected livelihood project being implemented (实施)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CARRIED_OVER = "carried_over", _("Carried over to next year")

    candidate = models.OneToOneField(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="project"
    )
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="projects"
    )
    slug = models.SlugField(_("public identifier"), max_length=12, unique=True, default=public_id)
    title = models.CharField(_("project name"), max_length=120)
    lead_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    co_units = models.ManyToManyField(HandlingUnit, verbose_name=_("co-units"), blank=True, related_name="+")
    task_force = models.TextField(_("task force"), blank=True)
    plan = models.TextField(_("implementation plan"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    target_quantity = models.DecimalField(_("target quantity"), max_digits=12, decimal_places=2)
    target_unit = models.CharField(_("unit of the target"), max_length=20)
    actual_quantity = models.DecimalField(
        _("quantity achieved"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=12, decimal_places=2)
    spent = models.DecimalField(_("spent (10,000 yuan)"), max_digits=12, decimal_places=2, default=Decimal(0))
    carried_over_to = models.ForeignKey(
        Cycle,
        verbose_name=_("carried over to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_over_projects",
    )

    objects = CycleRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        ordering = ["cycle", "candidate__number"]

    def __str__(self) -> str:
        return self.title

    @property
    def target_percent(self) -> Decimal | None:
        """Achieved against target; may exceed 100 % (002:1231)."""
        if not self.target_quantity:
            return None
        return (self.actual_quantity * 100 / self.target_quantity).quantize(Decimal("0.1"))


class Milestone(models.Model):
    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        COMPLETION = "completion", _("Completion report")
        OTHER = "other", _("Other")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("milestone", "title"), max_length=120)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    """A unit officer's progress report on a project."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="updates"
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_on = models.DateField(_("reported on"))
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    actual_quantity = models.DecimalField(_("quantity achieved"), max_digits=12, decimal_places=2)
    spent = models.DecimalField(_("spent (10,000 yuan)"), max_digits=12, decimal_places=2)
    text = models.TextField(_("progress"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} · {self.reported_on}"


class ProgressPhoto(models.Model):
    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("progress update"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to="votes/progress/%Y/")
    caption = models.CharField(_("caption"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("progress photo")
        verbose_name_plural = _("progress photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class InspectionVisit(models.Model):
    """Deputies inspect a project on site (视察)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="inspections"
    )
    visited_on = models.DateField(_("visited on"))
    deputies = models.ManyToManyField("deputies.Deputy", verbose_name=_("deputies"), related_name="+")
    findings = models.TextField(_("findings"))

    class Meta:
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ["-visited_on"]

    def __str__(self) -> str:
        return f"{self.project} · {self.visited_on}"


class Rectification(models.Model):
    """A written explanation and rectification owed by a low-rated or unfinished project (001)."""

    class Reason(models.TextChoices):
        LOW_RATING = "low_rating", _("Low satisfaction")
        UNFINISHED = "unfinished", _("Not finished")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="rectifications"
    )
    evaluation = models.ForeignKey(
        Ballot, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    requested_on = models.DateField(_("requested on"))
    due_on = models.DateField(_("due on"))
    deadline_id = models.PositiveBigIntegerField(_("deadline"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification request")
        verbose_name_plural = _("rectification requests")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["project", "evaluation"], name="votes_rectification_once")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_reason_display()}"
