"""Chainable reads of deputies and their records, scoped by body (``congress.querysets``): a deputy
belongs to the body whose congress elected them, through their term (a person who is a deputy of two
levels has a row in each term); every record of a deputy belongs where the deputy does."""

from __future__ import annotations

from congress.querysets import BodyScopedQuerySet


class DeputyQuerySet(BodyScopedQuerySet):
    body_paths = ("term__body",)

    def active(self) -> DeputyQuerySet:
        return self.filter(status="active")

    def municipal(self) -> DeputyQuerySet:
        return self.filter(level="municipal")

    def for_list(self) -> DeputyQuerySet:
        return self.select_related("area", "term", "delegation")


class DelegationQuerySet(BodyScopedQuerySet):
    body_paths = ("term__body",)


class DeputyGroupQuerySet(BodyScopedQuerySet):
    """A deputy group is formed by one body (its congress's deputies in an area or a trade)."""


class CommitteeMemberQuerySet(BodyScopedQuerySet):
    """A member of one body's standing committee (or presidium)."""


class DeputyRecordQuerySet(BodyScopedQuerySet):
    """A deputy's duty record, points, evaluations, report-backs and liaison contacts."""

    body_paths = ("deputy__term__body",)


class ReportBackRatingQuerySet(BodyScopedQuerySet):
    body_paths = ("report_back__deputy__term__body",)
