"""Deputies (人大代表) of all five levels, their duty record, points, quotas, report-backs and the
committee liaison."""

from .core import AUTOMATIC_KINDS, Delegation, Deputy, DeputyGroup, DutyRecord
from .liaison import CommitteeLink, CommitteeMember, LiaisonContact
from .points import AnnualEvaluation, DutyScore, PointsAdjustment, PointsDimension, PointsItem
from .quotas import QuotaRule
from .report_back import ReportBack, ReportBackCode, ReportBackRating

__all__ = [
    "AUTOMATIC_KINDS",
    "AnnualEvaluation",
    "CommitteeLink",
    "CommitteeMember",
    "Delegation",
    "Deputy",
    "DeputyGroup",
    "DutyRecord",
    "DutyScore",
    "LiaisonContact",
    "PointsAdjustment",
    "PointsDimension",
    "PointsItem",
    "QuotaRule",
    "ReportBack",
    "ReportBackCode",
    "ReportBackRating",
]
