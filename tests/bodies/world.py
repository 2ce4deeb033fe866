"""A body's whole world for the isolation matrix: one row of every model that belongs to a body
(``congress.bodies.scoped_models``), each named with the body's marker so a page that shows it
gives it away, and the people who work in the body (staff, leader, unit officer, station liaison,
deputy)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from congress import roles
from congress.audit import audit_record
from congress.models import Body, Category, HandlingUnit, Session, Term, UnitOfficer
from congress.notifications.services import notify
from congress.services import body_role_grant
from deputies.models import (
    AnnualEvaluation,
    CommitteeMember,
    Delegation,
    Deputy,
    DeputyGroup,
    DutyRecord,
    DutyScore,
    LiaisonContact,
    PointsAdjustment,
    ReportBack,
    ReportBackRating,
)
from stations.models import (
    Booking,
    Checklist,
    ChecklistItem,
    Compliance,
    Inspection,
    QrCode,
    Reception,
    ReceptionSchedule,
    RotationEntry,
    Station,
    StationMembership,
)
from suggestions import services
from suggestions.models import (
    AccessLog,
    Assignment,
    Commitment,
    Rating,
    RejectionReason,
    Reply,
    Suggestion,
    SuggestionPhoto,
    Supervision,
)
from suggestions.routing.models import RoutingModel, RoutingTarget
from suggestions.services.replies import CommitmentInput
from tests.factories.core import HandlingUnitFactory, UnitOfficerFactory, UserFactory
from tests.factories.deputies import DeputyFactory, ReportBackFactory, StationFactory
from tests.factories.stations import BookingFactory, ReceptionFactory, ScheduleFactory
from tests.factories.votes import CandidateFactory, CycleFactory, ProposalFactory
from votes.models import Ballot, Candidate, Cycle, PaperTally, Project, Proposal, Rectification
from votes.services import project_create

from .conftest import Network

TODAY = datetime.date(2026, 6, 15)


@dataclass
class BodyWorld:
    key: str
    body: Body
    marker: str
    rows: dict[type[models.Model], Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, model: type[models.Model]) -> Any:
        return self.rows[model]

    def snapshot(self) -> dict[str, Any]:
        """Every row of the world as it is in the database (a refused write changes none)."""
        found: dict[str, Any] = {}
        for model, row in self.rows.items():
            fresh = model._default_manager.filter(pk=row.pk).values().first()
            found[f"{model._meta.label}:{row.pk}"] = fresh
        return found


def _user(username: str, *, staff: bool = False) -> Any:
    return UserFactory(username=username, is_staff=staff)


def body_world(network: Network, key: str, marker: str) -> BodyWorld:
    body: Body = getattr(network, key)
    area = network.areas[key]
    world = BodyWorld(key=key, body=body, marker=marker)
    rows = world.rows
    people = world.people
    people["staff"] = network.staff[key]
    leader = _user(f"leader_{key}", staff=True)
    body_role_grant(user=leader, body=body, role=roles.COMMITTEE_LEADER)
    people["leader"] = leader

    # The body's congress: a term, a session, a deputy with an account, delegations and groups.
    term = Term.objects.create(
        level=Term.Level.COUNTY,
        number=1,
        name=f"{marker}第一届人民代表大会",
        area=area,
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2027, 1, 1),
        is_current=True,
        body=body,
    )
    rows[Term] = term
    rows[Session] = Session.objects.create(
        term=term,
        number=1,
        name=f"{marker}第一次会议",
        opens_on=datetime.date(2022, 1, 5),
        closes_on=datetime.date(2022, 1, 8),
    )
    rows[Delegation] = delegation = Delegation.objects.create(name=f"{marker}代表团", term=term)
    rows[DeputyGroup] = group = DeputyGroup.objects.create(
        name=f"{marker}代表小组", kind=DeputyGroup.Kind.TERRITORIAL, body=body
    )
    deputy_user = _user(f"deputy_{key}")
    deputy: Deputy = DeputyFactory.create(
        name=f"{marker}代表",
        term=term,
        level=Deputy.Level.COUNTY,
        area=None,
        delegation=delegation,
        user=deputy_user,
        work_unit=f"{marker}中学",
    )
    deputy.groups.add(group)
    rows[Deputy] = deputy
    people["deputy"] = deputy_user
    member = CommitteeMember.objects.create(name=f"{marker}委员", post="委员", body=body)
    rows[CommitteeMember] = member
    rows[DutyRecord] = DutyRecord.objects.create(
        deputy=deputy, kind=DutyRecord.Kind.OTHER, on=TODAY, note=f"{marker}履职"
    )
    rows[DutyScore] = DutyScore.objects.create(deputy=deputy, year=TODAY.year, total=Decimal(3))
    rows[PointsAdjustment] = PointsAdjustment.objects.create(
        deputy=deputy, year=TODAY.year, points=Decimal(1), reason=f"{marker}加分"
    )
    rows[AnnualEvaluation] = AnnualEvaluation.objects.create(
        deputy=deputy, year=TODAY.year - 1, total=Decimal(80), comments=f"{marker}评价"
    )
    report_back = ReportBackFactory.create(deputy=deputy, title=f"{marker}述职报告")
    rows[ReportBack] = report_back
    rows[ReportBackRating] = ReportBackRating.objects.create(
        report_back=report_back, mobile_digest=f"{key}-digest", value=ReportBack.Value.SATISFIED
    )
    rows[LiaisonContact] = LiaisonContact.objects.create(
        kind=LiaisonContact.Kind.COMMITTEE,
        member=member,
        deputy=deputy,
        on=TODAY,
        method=LiaisonContact.Method.VISIT,
        summary=f"{marker}联系",
    )

    # Its stations, receptions, bookings, codes and inspections, and a liaison who keeps them.
    station: Station = StationFactory.create(body=body, name=f"{marker}代表之家", area=area)
    rows[Station] = station
    liaison = _user(f"liaison_{key}")
    liaison.groups.add(Group.objects.get(name=roles.STATION_LIAISON))
    body_role_grant(user=liaison, body=body, role=roles.STATION_LIAISON)
    station.liaisons.add(liaison)
    people["liaison"] = liaison
    rows[StationMembership] = StationMembership.objects.create(station=station, deputy=deputy)
    rows[QrCode] = QrCode.objects.create(station=station, token=f"st{key}"[:16])
    QrCode.objects.create(deputy=deputy, token=f"dp{key}"[:16])
    schedule = ScheduleFactory.create(station=station, name=f"{marker}接待日")
    rows[ReceptionSchedule] = schedule
    rows[RotationEntry] = RotationEntry.objects.create(schedule=schedule, deputy=deputy)
    reception: Reception = ReceptionFactory.create(station=station, topic=f"{marker}接待", schedule=schedule)
    rows[Reception] = reception
    rows[Booking] = BookingFactory.create(reception=reception, topic=f"{marker}停车难", name=f"{marker}选民")
    checklist, _created = Checklist.objects.get_or_create(name="标准")
    point, _created = ChecklistItem.objects.get_or_create(checklist=checklist, code="sign", label="挂牌")
    rows[Compliance] = Compliance.objects.create(station=station, item=point, note=f"{marker}达标")
    rows[Inspection] = Inspection.objects.create(
        station=station,
        inspected_on=TODAY,
        hardware=Decimal(20),
        rules=Decimal(20),
        records=Decimal(20),
        activities=Decimal(20),
        note=f"{marker}检查",
    )

    # Its handling unit and officer, and an item the unit answered, with what hangs off it.
    unit: HandlingUnit = HandlingUnitFactory.create(
        body=body, name=f"{marker}住建局", short_name=f"{marker}局"
    )
    rows[HandlingUnit] = unit
    officer = UnitOfficerFactory.create(unit=unit, user=_user(f"officer_{key}"))
    rows[UnitOfficer] = officer
    people["officer"] = officer.user
    item = services.suggestion_submit(
        submission=services.SubmissionInput(
            channel="web",
            title=f"{marker}路灯损坏",
            text="东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全。",
            area=area,
            submitter_mobile="13912345678",
            consent_privacy=True,
            body_id=body.pk,
            deputy=deputy,
            station=station,
        )
    ).suggestion
    staff = people["staff"]
    services.suggestion_accept(suggestion=item, actor=staff)
    (lead,) = services.suggestion_assign(suggestion=item, lead_unit=unit, actor=staff)
    services.assignment_sign_for(assignment=lead, actor=officer.user)
    services.suggestion_reply(
        assignment=lead,
        actor=officer.user,
        outcome="B",
        text="经现场核查，路灯将在本月内全部修复完毕。",
        commitments=[
            CommitmentInput(
                promise=f"{marker}月底前修复", due_on=timezone.localdate() + datetime.timedelta(days=20)
            )
        ],
        attachments=[ContentFile(b"report", name="r.txt")],
    )
    item = Suggestion.objects.get(pk=item.pk)
    rows[Suggestion] = item
    rows[Assignment] = Assignment.objects.get(pk=lead.pk)
    rows[Reply] = Reply.objects.filter(suggestion=item).first()
    rows[Commitment] = Commitment.objects.filter(suggestion=item).first()
    rows[Supervision] = Supervision.objects.create(
        suggestion=item, kind="office", method="written", held_on=TODAY, note=f"{marker}督办"
    )
    rows[AccessLog] = AccessLog.objects.create(suggestion=item, user=staff, where="case")
    rows[SuggestionPhoto] = SuggestionPhoto.objects.create(
        suggestion=item, image=ContentFile(b"\xff\xd8photo", name="p.jpg")
    )
    rows[Rating] = Rating.objects.create(
        suggestion=item, rater=Rating.Rater.SUBMITTER, value=Rating.Value.SATISFIED, comment=f"{marker}满意"
    )

    # Its livelihood-project cycle, through its term.
    cycle: Cycle = CycleFactory.create(term=term, title=f"{marker}民生实事", year=2031 + len(key))
    rows[Cycle] = cycle
    rows[Proposal] = ProposalFactory.create(cycle=cycle, title=f"{marker}加装电梯")
    candidate: Candidate = CandidateFactory.create(cycle=cycle, lead_unit=unit, title=f"{marker}社区食堂")
    rows[Candidate] = candidate
    ballot = Ballot.objects.create(
        cycle=cycle,
        kind=Ballot.Kind.EVALUATION,
        title=f"{marker}满意度测评",
        seats=1,
        majority_basis="entitled",
        held_on=datetime.date(cycle.year, 12, 26),
    )
    rows[Ballot] = ballot
    project: Project = project_create(candidate=candidate)
    rows[Project] = project
    rows[Rectification] = Rectification.objects.create(
        project=project,
        evaluation=ballot,
        reason=Rectification.Reason.LOW_RATING,
        requested_on=datetime.date(cycle.year, 12, 28),
        due_on=datetime.date(cycle.year + 1, 1, 28),
    )
    rows[PaperTally] = PaperTally.objects.create(ballot=ballot, clerk=staff, cast=1, valid=1, invalid=0)

    # The routing model trained on the body's items (suggestions.routing).
    rows[RoutingModel] = RoutingModel.objects.create(
        body=body,
        target=RoutingTarget.UNIT,
        version=1,
        trained_at=timezone.now(),
        items=1,
        labels=[f"{marker}住建局"],
        payload=b"",
    )

    # The body's own category and rejection reason (beside the shared ones).
    rows[Category] = Category.objects.create(name=f"{marker}类别", code=f"own-{key}", body=body)
    rows[RejectionReason] = RejectionReason.objects.create(
        title=f"{marker}理由", text=f"{marker}不予受理的理由", body=body
    )

    # What points at the item from anywhere: the outbox, the audit trail and its clocks.
    notify(channel="in_app", recipient=staff, subject=f"{marker}提醒", body=f"{marker}提醒", about=item)
    audit_record(target=item, action="note", note=f"{marker}备注", actor=staff)
    return world
