"""Livelihood-project cycles and everything in them belong to a body through the cycle's term
(``Cycle.term.body``: a body with a congress runs its own cycles), scoped like every other model
family (``congress.querysets.BodyScopedQuerySet``)."""

from __future__ import annotations

from congress.querysets import BodyScopedQuerySet


class CycleQuerySet(BodyScopedQuerySet):
    body_paths = ("term__body",)


class CycleRecordQuerySet(BodyScopedQuerySet):
    """Proposals, candidates, ballots and projects of a cycle."""

    body_paths = ("cycle__term__body",)


class BallotRecordQuerySet(BodyScopedQuerySet):
    """Paper tallies of a ballot."""

    body_paths = ("ballot__cycle__term__body",)


class ProjectRecordQuerySet(BodyScopedQuerySet):
    """Rectifications, milestones, inspections and progress of a project."""

    body_paths = ("project__cycle__term__body",)
