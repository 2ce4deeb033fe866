"""Reads of the ballot cycle, scoped by who asks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies.models import Deputy

from . import conf, seal, workflow
from .models import (
    Ballot,
    BallotAttendance,
    BallotBox,
    BallotEntry,
    Cycle,
    Milestone,
    PaperTally,
    ProgressUpdate,
    Project,
    Proposal,
)
from .permissions import officer_unit_id


def sealed_paper_count(ballot: Ballot) -> int:
    """How many electronic papers the ballot's sealed box holds while it is open, read from the box's
    length without opening it (the same figure as its electronic attendance: a vote writes both or
    neither). Zero once the ballot has closed and its papers are rows."""
    sealed = BallotBox.objects.filter(ballot=ballot).values_list("sealed", flat=True).first()
    return seal.paper_count(bytes(sealed or b""), candidates=ballot.entries.count())


def cycle_blockers(cycle: Cycle, *, today: datetime.date | None = None) -> list[str]:
    """What is missing before the current phase of ``cycle`` can close (shown in the admin)."""
    day = today or timezone.localdate()
    phase = cycle.phase
    missing: list[str] = []
    if phase == Cycle.Phase.DRAFT:
        if not (cycle.collection_opens_on and cycle.collection_closes_on):
            missing.append(_("the dates of the collection window are not set"))
        else:
            from .services import collection_window_validate

            try:
                collection_window_validate(
                    opens_on=cycle.collection_opens_on, closes_on=cycle.collection_closes_on
                )
            except Exception as exc:  # DomainError: its message is the blocker
                missing.append(str(getattr(exc, "message", exc)))
    elif phase == Cycle.Phase.COLLECTION:
        if cycle.collection_closes_on and day <= cycle.collection_closes_on:
            missing.append(
                _("the collection window is open until %(date)s")
                % {"date": cycle.collection_closes_on.isoformat()}
            )
        if not cycle.proposals.exists():
            missing.append(_("no proposal has been received"))
    elif phase == Cycle.Phase.SCREENING:
        open_count = cycle.proposals.filter(status=Proposal.Status.SUBMITTED).count()
        if open_count:
            missing.append(_("%(n)s proposal(s) still await a screening decision") % {"n": open_count})
        unassessed = (
            cycle.proposals.filter(status=Proposal.Status.SCREENED_IN)
            .filter(assessments__isnull=True)
            .count()
        )
        if unassessed:
            missing.append(
                _("%(n)s screened-in proposal(s) lack a feasibility assessment") % {"n": unassessed}
            )
        if not cycle.proposals.filter(status=Proposal.Status.SCREENED_IN).exists():
            missing.append(_("no proposal has been screened in"))
    elif phase == Cycle.Phase.CANDIDATES:
        count = cycle.candidates.count()
        needed = workflow.min_candidates(cycle.seats, conf.margin_min())
        if count < needed:
            missing.append(
                _("%(seats)s seats need at least %(needed)s candidates; the list has %(n)s")
                % {"seats": cycle.seats, "needed": needed, "n": count}
            )
        high = workflow.max_candidates(cycle.seats, conf.margin_min(), conf.margin_max())
        if high is not None and count > high:
            missing.append(
                _("%(seats)s seats allow at most %(high)s candidates; the list has %(n)s")
                % {"seats": cycle.seats, "high": high, "n": count}
            )
        if not cycle.chairpersons_approved_on:
            missing.append(_("the chairpersons' meeting has not approved the candidate list"))
        if not cycle.committee_approved_on:
            missing.append(_("the standing committee has not approved the candidate list"))
    elif phase == Cycle.Phase.BALLOT:
        selection = cycle.ballots.filter(kind=Ballot.Kind.SELECTION, status=Ballot.Status.PUBLISHED).first()
        if selection is None:
            missing.append(_("the selection ballot has not been published"))
        unresolved = (
            cycle.ballots.filter(has_tie=True)
            .exclude(runoffs__status=Ballot.Status.PUBLISHED)
            .exclude(status=Ballot.Status.CANCELLED)
        )
        if unresolved.exists():
            missing.append(_("a tie at the last seat awaits its run-off"))
        pending = cycle.ballots.filter(kind=Ballot.Kind.RUNOFF).exclude(
            status__in=[Ballot.Status.PUBLISHED, Ballot.Status.CANCELLED]
        )
        if pending.exists():
            missing.append(_("a run-off has not been published"))
    elif phase == Cycle.Phase.IMPLEMENTATION:
        if not cycle.projects.exists():
            missing.append(_("the cycle has no projects"))
        unreported = Milestone.objects.filter(
            project__cycle=cycle, kind=Milestone.Kind.COMPLETION, done_on__isnull=True
        ).count()
        if unreported:
            missing.append(_("%(n)s project(s) have not sent their completion report") % {"n": unreported})
    elif (
        phase == Cycle.Phase.EVALUATION
        and not cycle.ballots.filter(kind=Ballot.Kind.EVALUATION, status=Ballot.Status.PUBLISHED).exists()
    ):
        missing.append(_("the evaluation has not been published"))
    return missing


@dataclass
class PaperCountState:
    tallies: list[PaperTally] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    agreed: PaperTally | None = None


def paper_count_state(ballot: Ballot) -> PaperCountState:
    """Compare the two clerks' counts: which figures differ (not the figures themselves, so a clerk
    who has not entered yet learns nothing), and whether the agreed count passes the checks
    valid + invalid = cast ≤ present."""
    state = PaperCountState(
        tallies=list(ballot.tallies.select_related("clerk").prefetch_related("lines__candidate"))
    )
    if len(state.tallies) < 2:
        state.errors.append(
            _("two clerks must each enter the paper count (%(n)s of 2 entered)") % {"n": len(state.tallies)}
        )
        return state
    first, second = state.tallies[0], state.tallies[1]
    for name, label in (
        ("cast", _("ballots cast")),
        ("valid", _("valid ballots")),
        ("invalid", _("invalid ballots")),
    ):
        if getattr(first, name) != getattr(second, name):
            state.mismatches.append(str(label))
    lines2 = {line.candidate_id: line for line in second.lines.all()}
    for line in first.lines.all():
        other = lines2.get(line.candidate_id)
        for f, label in (
            ("votes", _("votes")),
            ("satisfied", _("satisfied")),
            ("basically", _("basically satisfied")),
            ("unsatisfied", _("unsatisfied")),
        ):
            if other is None or getattr(line, f) != getattr(other, f):
                state.mismatches.append(f"{line.candidate.title} · {label}")
    if state.mismatches:
        state.errors.append(
            _("the two paper counts differ: %(fields)s") % {"fields": "、".join(state.mismatches)}
        )
        return state
    present = ballot.attendances.filter(mode=BallotAttendance.Mode.PAPER).count()
    lines = list(first.lines.all())
    if ballot.kind == Ballot.Kind.EVALUATION:
        # one rating per project per paper: each project's ratings ≤ valid papers
        per = {line.candidate_id: line.satisfied + line.basically + line.unsatisfied for line in lines}
    else:
        per = {line.candidate_id: line.votes for line in lines}
    seats = ballot.seats  # an evaluation's "seats" is the number of projects on the paper
    codes = workflow.tally_errors(
        workflow.TallyFigures(
            present=present,
            cast=first.cast,
            valid=first.valid,
            invalid=first.invalid,
            per_candidate=per,
            seats=seats,
        )
    )
    messages = {
        "sum": _("valid plus invalid ballots must equal the ballots cast"),
        "present": _("more ballots cast (%(cast)s) than deputies present on paper (%(present)s)")
        % {"cast": first.cast, "present": present},
        "candidate_above_valid": _("a candidate has more votes than there are valid ballots"),
        "marks_above_seats": _("more marks than valid ballots times seats"),
        "negative": _("counts cannot be negative"),
    }
    state.errors.extend(str(messages[c]) for c in codes)
    if not state.errors:
        state.agreed = first
    return state


def ballot_blockers(ballot: Ballot) -> list[str]:
    """What stops the ballot's next step (shown in the admin)."""
    missing: list[str] = []
    if ballot.status == Ballot.Status.CLOSED:
        from .services import quorum_errors

        missing.extend(quorum_errors(ballot, present=ballot.attendances.count()))
        if ballot.attendances.filter(mode=BallotAttendance.Mode.PAPER).exists():
            missing.extend(paper_count_state(ballot).errors)
        elif not ballot.attendances.exists():
            missing.append(_("nobody has voted"))
    return missing


def open_ballots_for(deputy: Deputy) -> QuerySet[Ballot]:
    """Open electronic ballots the deputy is entitled to, annotated with whether they voted. A
    deputy of two congresses sees each body's ballot, to vote in with that body's seat
    (``Deputy.seat_of``); each ballot says which body holds it."""
    seats = Deputy.objects.filter(Q(pk=deputy.pk) | Q(seat_of_id=deputy.pk)).order_by()
    return (
        Ballot.objects.filter(
            status=Ballot.Status.OPEN,
            mode__in=[Ballot.Mode.ELECTRONIC, Ballot.Mode.BOTH],
            cycle__term_id__in=seats.values("term_id"),
        )
        .select_related("cycle__term__body")
        .annotate(voted=Count("attendances", filter=Q(attendances__deputy__in=seats.values("pk"))))
        .order_by("held_on", "pk")
    )


def ballot_for_deputy(deputy: Deputy, slug: str) -> Ballot | None:
    """A ballot of one of the deputy's seats' terms (a deputy of two congresses has two)."""
    seats = Deputy.objects.filter(Q(pk=deputy.pk) | Q(seat_of_id=deputy.pk)).order_by()
    return (
        Ballot.objects.filter(slug=slug, cycle__term_id__in=seats.values("term_id"))
        .exclude(status__in=[Ballot.Status.DRAFT, Ballot.Status.CANCELLED])
        .select_related("cycle__term__body")
        .first()
    )


def has_voted(ballot: Ballot, deputy: Deputy) -> bool:
    return BallotAttendance.objects.filter(ballot=ballot, deputy=deputy).exists()


def ballot_entries(ballot: Ballot) -> QuerySet[BallotEntry]:
    return (
        ballot.entries.select_related("candidate__lead_unit", "candidate__project")
        .prefetch_related("candidate__co_units")
        .order_by("position")
    )


def public_cycle(*, today: datetime.date | None = None) -> Cycle | None:
    """The cycle whose projects the public page shows: this year's, else the latest with projects."""
    year = (today or timezone.localdate()).year
    cycles = Cycle.objects.select_related("term").filter(term__level="municipal")
    return (
        cycles.filter(year=year, projects__isnull=False).first()
        or cycles.filter(projects__isnull=False).order_by("-year").first()
    )


@dataclass
class BodyResults:
    """What the public projects page shows for one body: its cycle, projects, published ballots
    and the projects carried over into it."""

    body: Any
    cycle: Cycle
    projects: list[Project]
    ballots: list[Ballot]
    carried: list[Project]


def public_results_by_body(
    *, body_id: int | None = None, today: datetime.date | None = None
) -> list[BodyResults]:
    """Per body that runs ballots (the city, districts, townships), the cycle whose projects the
    public sees — this year's, else the latest with projects — in the order of the body tree. Four
    queries, whatever the number of bodies."""
    year = (today or timezone.localdate()).year
    cycles = (
        Cycle.objects.filter(projects__isnull=False)
        .select_related("term__body")
        .distinct()
        .order_by("term__body__path", "-year", "pk")
    )
    if body_id is not None:
        cycles = cycles.filter(term__body_id=body_id)
    chosen: dict[int, Cycle] = {}
    for cycle in cycles:
        body_key = cycle.term.body_id or 0
        current = chosen.get(body_key)
        if current is None or (cycle.year == year and current.year != year):
            chosen[body_key] = cycle
    if not chosen:
        return []
    ids = [cycle.pk for cycle in chosen.values()]
    projects: dict[int, list[Project]] = {pk: [] for pk in ids}
    for project in (
        Project.objects.filter(cycle_id__in=ids)
        .select_related("lead_unit", "candidate")
        .order_by("candidate__number", "pk")
    ):
        projects[project.cycle_id].append(project)
    ballots: dict[int, list[Ballot]] = {pk: [] for pk in ids}
    for ballot in Ballot.objects.filter(cycle_id__in=ids, status=Ballot.Status.PUBLISHED).order_by(
        "held_on", "pk"
    ):
        ballots[ballot.cycle_id].append(ballot)
    carried: dict[int, list[Project]] = {pk: [] for pk in ids}
    for project in (
        Project.objects.filter(carried_over_to_id__in=ids).select_related("lead_unit", "cycle").order_by("pk")
    ):
        carried[project.carried_over_to_id].append(project)
    return [
        BodyResults(
            body=cycle.term.body,
            cycle=cycle,
            projects=projects[cycle.pk],
            ballots=ballots[cycle.pk],
            carried=carried[cycle.pk],
        )
        for cycle in chosen.values()
    ]


def ballot_bodies() -> Any:
    """Bodies that have published something on the projects page (the page's body filter)."""
    from congress.models import Body

    with_projects = Cycle.objects.filter(projects__isnull=False).values("term__body_id")
    return Body.objects.filter(pk__in=with_projects).order_by("path")


def collecting_cycles(*, today: datetime.date | None = None) -> QuerySet[Cycle]:
    day = today or timezone.localdate()
    return Cycle.objects.filter(
        phase=Cycle.Phase.COLLECTION, collection_opens_on__lte=day, collection_closes_on__gte=day
    ).select_related("term")


def collecting_cycles_for(deputy: Deputy, *, today: datetime.date | None = None) -> QuerySet[Cycle]:
    """Cycles collecting proposals now in the terms of the deputy's seats."""
    seats = Deputy.objects.filter(Q(pk=deputy.pk) | Q(seat_of_id=deputy.pk)).order_by()
    return collecting_cycles(today=today).filter(term_id__in=seats.values("term_id"))


def public_projects(cycle: Cycle) -> QuerySet[Project]:
    return cycle.projects.select_related("lead_unit", "candidate").order_by("candidate__number")


def public_project(slug: str) -> Project | None:
    return (
        Project.objects.select_related("lead_unit", "candidate", "cycle__term__body")
        .prefetch_related(
            "co_units",
            "milestones",
            Prefetch("updates", queryset=ProgressUpdate.objects.prefetch_related("photos")),
            "inspections",
        )
        .filter(slug=slug)
        .first()
    )


def published_ballot(slug: str) -> Ballot | None:
    return (
        Ballot.objects.select_related("cycle", "parent")
        .filter(slug=slug, status=Ballot.Status.PUBLISHED)
        .first()
    )


def published_ballots(cycle: Cycle) -> QuerySet[Ballot]:
    return cycle.ballots.filter(status=Ballot.Status.PUBLISHED).order_by("held_on", "pk")


def unit_projects(user: Any) -> QuerySet[Project]:
    """Projects the officer's unit leads or co-handles; nothing for anyone else."""
    unit_id = officer_unit_id(user)
    if unit_id is None:
        return Project.objects.none()
    return (
        Project.objects.filter(Q(lead_unit_id=unit_id) | Q(co_units__id=unit_id))
        .distinct()
        .select_related("cycle", "lead_unit")
        .order_by("-cycle__year", "candidate__number")
    )
