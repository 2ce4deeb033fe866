"""Figures about the year's livelihood projects (民生实事项目) for the reports and the dashboard:
the ballot's result, the projects' progress and the year-end evaluation (DOMAIN.md §6).

Aggregate queries only; every function takes the database alias to read from. The city-level cycle
of a year is the one of the municipal term.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, Sum

from congress.models import Term

from . import conf
from .models import Ballot, BallotEntry, Cycle, Project

COUNTED = (Ballot.Status.COUNTED, Ballot.Status.PUBLISHED)


def _cycle(year: int, using: str, body_id: int | None = None) -> Cycle | None:
    """The year's cycle of a body's own congress (its term's body); without a body, the city's (the
    municipal term)."""
    cycles = Cycle.objects.using(using).filter(year=year)
    if body_id is None:
        cycles = cycles.filter(term__level=Term.Level.MUNICIPAL)
    else:
        cycles = cycles.filter(term__body_id=body_id)
    return cycles.order_by("-term__number", "-pk").first()


def percent_once(numerator: int, denominator: int) -> str:
    """A share in per cent, divided once and rounded once, half up, to one decimal — the rule of every
    printed figure (docs/reports.md, "Rounding"): 3,571 ÷ 4,051 → 88.2%. No sample → "—"."""
    if not denominator:
        return "—"
    exact = Decimal(100 * numerator) / Decimal(denominator)
    return f"{exact.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _number(value: Any) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def ballot_result(year: int, *, body_id: int | None = None, using: str = "default") -> dict[str, Any]:
    """The counted selection ballot of the year's city cycle (run-offs folded in: a candidate
    elected in a run-off is elected): attendance, votes per candidate, who was elected."""
    cycle = _cycle(year, using, body_id)
    if cycle is None:
        return {"cycle": "", "seats": 0, "ballot": None, "candidates": [], "runoffs": []}
    ballot = (
        Ballot.objects.using(using)
        .filter(cycle=cycle, kind=Ballot.Kind.SELECTION, status__in=COUNTED)
        .order_by("-held_on", "-pk")
        .values(
            "pk",
            "title",
            "held_on",
            "present_count",
            "cast_count",
            "valid_count",
            "invalid_count",
            "threshold",
        )
        .first()
    )
    rows = []
    runoffs: list[dict[str, Any]] = []
    if ballot is not None:
        # The run-offs that settled a tie at the last seat, with their tallies: the result of the
        # selection ballot is not complete without them.
        runoff_entries = list(
            BallotEntry.objects.using(using)
            .filter(
                ballot__parent_id=ballot["pk"], ballot__kind=Ballot.Kind.RUNOFF, ballot__status__in=COUNTED
            )
            .order_by("ballot__held_on", "ballot_id", "-votes", "candidate__number")
            .values_list(
                "ballot_id",
                "ballot__held_on",
                "ballot__seats",
                "ballot__present_count",
                "ballot__cast_count",
                "ballot__valid_count",
                "candidate_id",
                "candidate__number",
                "candidate__title",
                "votes",
                "elected",
            )
        )
        elected_in_runoff = {entry[6] for entry in runoff_entries if entry[10]}
        in_runoff = {entry[6] for entry in runoff_entries}
        by_runoff: dict[int, dict[str, Any]] = {}
        for pk, held, seats, present, cast, valid, _cid, number, title, votes, elected in runoff_entries:
            runoff = by_runoff.setdefault(
                pk,
                {
                    "held_on": held.isoformat() if held else "",
                    "seats": seats,
                    "present_count": present,
                    "cast_count": cast,
                    "valid_count": valid,
                    "candidates": [],
                },
            )
            runoff["candidates"].append(
                {"number": number, "title": title, "votes": votes or 0, "elected": bool(elected)}
            )
        runoffs = list(by_runoff.values())
        for candidate_id, number, title, unit, votes, elected, tied in (
            BallotEntry.objects.using(using)
            .filter(ballot_id=ballot["pk"])
            .order_by("-votes", "candidate__number")
            .values_list(
                "candidate_id",
                "candidate__number",
                "candidate__title",
                "candidate__lead_unit__name",
                "votes",
                "elected",
                "tied",
            )
        ):
            rows.append(
                {
                    "number": number,
                    "title": title,
                    "lead_unit": unit,
                    "votes": votes or 0,
                    "elected": bool(elected or candidate_id in elected_in_runoff),
                    "elected_in_runoff": candidate_id in elected_in_runoff,
                    "in_runoff": candidate_id in in_runoff,
                    "tied": tied,
                }
            )
        shown: dict[str, Any] | None = {key: value for key, value in ballot.items() if key != "pk"}
        shown["held_on"] = ballot["held_on"].isoformat()  # type: ignore[index]
    else:
        shown = None
    return {
        "cycle": cycle.title,
        "seats": cycle.seats,
        "ballot": shown,
        "candidates": rows,
        "runoffs": runoffs,
    }


def projects(year: int, *, body_id: int | None = None, using: str = "default") -> dict[str, Any]:
    """The projects of the year's city cycle: status, progress, target achieved, budget and spending."""
    cycle = _cycle(year, using, body_id)
    if cycle is None:
        return {"total": 0, "completed": 0, "carried_over": 0, "average_progress": None, "rows": []}
    chosen = Project.objects.using(using).filter(cycle=cycle)
    totals = chosen.aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status=Project.Status.COMPLETED)),
        carried_over=Count("pk", filter=Q(status=Project.Status.CARRIED_OVER)),
        average_progress=Avg("progress_percent"),
        budget=Sum("budget"),
        spent=Sum("spent"),
    )
    statuses = dict(Project.Status.choices)
    rows = [
        {
            "title": title,
            "lead_unit": unit,
            "status": str(statuses.get(status, status)),
            "progress": progress,
            "target": f"{_number(target):g} {target_unit}",
            "achieved_percent": round(float(actual) * 100 / float(target), 1) if target else None,
            "budget": _number(budget),
            "spent": _number(spent),
        }
        for title, unit, status, progress, target, target_unit, actual, budget, spent in chosen.order_by(
            "candidate__number", "pk"
        ).values_list(
            "title",
            "lead_unit__name",
            "status",
            "progress_percent",
            "target_quantity",
            "target_unit",
            "actual_quantity",
            "budget",
            "spent",
        )
    ]
    average = totals["average_progress"]
    return {
        "total": totals["total"],
        "completed": totals["completed"],
        "carried_over": totals["carried_over"],
        "average_progress": round(float(average), 1) if average is not None else None,
        "budget": _number(totals["budget"]),
        "spent": _number(totals["spent"]),
        "rows": rows,
    }


def evaluation(year: int, *, body_id: int | None = None, using: str = "default") -> dict[str, Any]:
    """The year-end satisfaction evaluation (测评) of the year's projects: per project the
    satisfied / basically satisfied / unsatisfied counts, and the overall satisfaction rate
    (满意 + 基本满意 among all ratings)."""
    cycle = _cycle(year, using, body_id)
    entries = BallotEntry.objects.using(using).filter(
        ballot__cycle=cycle, ballot__kind=Ballot.Kind.EVALUATION, ballot__status__in=COUNTED
    )
    rows: list[dict[str, Any]] = [
        {
            "title": title,
            "satisfied": satisfied or 0,
            "basically": basically or 0,
            "unsatisfied": unsatisfied or 0,
        }
        for title, satisfied, basically, unsatisfied in entries.order_by("candidate__number").values_list(
            "candidate__title", "satisfied", "basically", "unsatisfied"
        )
    ]
    for row in rows:
        rated = row["satisfied"] + row["basically"] + row["unsatisfied"]
        # Counts only; the report divides and rounds once when it prints the rate.
        row["rate"] = {"numerator": row["satisfied"] + row["basically"], "denominator": rated}
    good = sum(row["satisfied"] + row["basically"] for row in rows)
    rated = sum(row["satisfied"] + row["basically"] + row["unsatisfied"] for row in rows)
    return {
        "rows": rows,
        "ratings": rated,
        "satisfied": good,
        "rate": {"numerator": good, "denominator": rated},
    }


def published_ballot_slugs(*, held_since: datetime.date) -> list[str]:
    """Public identifiers of the published ballots held on or after ``held_since``."""
    return list(
        Ballot.objects.filter(status=Ballot.Status.PUBLISHED, held_on__gte=held_since)
        .order_by("held_on", "pk")
        .values_list("slug", flat=True)
    )


def published_ballot_result(slug: str, *, using: str = "default") -> dict[str, Any] | None:
    """A published ballot as its results page and its announcement show it, in plain data: the
    attendance (entitled, took part, papers cast, valid, invalid), the quorum and the rule's
    source, the majority rule, and per candidate (or project) the votes or ratings. None when no
    published ballot has that public identifier."""
    from .services import share_text

    ballot = (
        Ballot.objects.using(using)
        .select_related("cycle__term__body")
        .filter(slug=slug, status=Ballot.Status.PUBLISHED)
        .first()
    )
    if ballot is None:
        return None
    entries = list(
        BallotEntry.objects.using(using)
        .filter(ballot=ballot)
        .select_related("candidate__lead_unit", "candidate__project")
        .order_by("position")
    )
    counts_basic = conf.satisfaction_counts_basic()
    rows = [
        {
            "position": e.position,
            "title": e.candidate.title,
            "lead_unit": e.candidate.lead_unit.name,
            "project_slug": getattr(getattr(e.candidate, "project", None), "slug", None),
            "votes": e.votes,
            "elected": e.elected,
            "tied": e.tied,
            "satisfied": e.satisfied,
            "basically": e.basically,
            "unsatisfied": e.unsatisfied,
            # Counts only: divided and rounded once, half up, when printed (the report's rule).
            "rate": {
                "numerator": (e.satisfied or 0) + ((e.basically or 0) if counts_basic else 0),
                "denominator": e.ratings,
            }
            if e.ratings
            else None,
            "rate_text": percent_once(
                (e.satisfied or 0) + ((e.basically or 0) if counts_basic else 0), e.ratings or 0
            ),
        }
        for e in entries
    ]
    rated = sum(e.ratings for e in entries)
    good = sum((e.satisfied or 0) + ((e.basically or 0) if counts_basic else 0) for e in entries)
    runoffs = list(
        ballot.runoffs.using(using)
        .filter(status=Ballot.Status.PUBLISHED)
        .order_by("held_on", "pk")
        .values("slug", "title")
    )
    return {
        "slug": ballot.slug,
        "title": ballot.title,
        "cycle": ballot.cycle.title,
        # The body whose congress held the ballot: it signs the announcement (DOMAIN.md §11).
        "body": ballot.cycle.term.body.name,
        "body_id": ballot.cycle.term.body_id,
        "kind": ballot.kind,
        "is_evaluation": ballot.kind == Ballot.Kind.EVALUATION,
        "held_on": ballot.held_on,
        "seats": ballot.seats,
        "entitled": ballot.entitled_count,
        "present": ballot.present_count,
        "cast": ballot.cast_count,
        "valid": ballot.valid_count,
        "invalid": ballot.invalid_count,
        "quorum_needed": ballot.quorum_needed,
        "quorum_met": ballot.quorum_met,
        "quorum_strict": ballot.quorum_strict,
        "quorum_share": share_text(ballot.quorum_share),
        "quorum_source": ballot.quorum_source,
        "majority_rule": ballot.get_majority_basis_display(),
        "threshold": ballot.threshold,
        "has_tie": ballot.has_tie,
        "rows": rows,
        "overall_rate": {"numerator": good, "denominator": rated} if rated else None,
        "overall_rate_text": percent_once(good, rated),
        "runoffs": runoffs,
    }
