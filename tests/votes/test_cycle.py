# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""The whole cycle through the services: collection → screening → candidates → ballot →
implementation → evaluation → closed, with what blocks each phase."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from congress.errors import DomainError
from congress.notifications.models import Notification
from deputies.models import DutyRecord
from tests.factories.core import HandlingUnitFactory, TermFactory, UnitOfficerFactory, UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.votes import CandidateFactory, CycleFactory, ProposalFactory
from votes import selectors, services
from votes.models import Ballot, Cycle, Proposal, Rectification

pytestmark = pytest.mark.django_db


def test_collection_window_must_last_a_month():
    term = TermFactory()
    with pytest.raises(DomainError):
        services.cycle_create(
            year=2027,
            term=term,
            title="x",
            seats=10,
            collection_opens_on=datetime.date(2026, 11, 1),
            collection_closes_on=datetime.date(2026, 11, 30),
        )
    services.cycle_create(
        year=2027,
        term=term,
        title="x",
        seats=10,
        collection_opens_on=datetime.date(2026, 11, 1),
        collection_closes_on=datetime.date(2026, 12, 1),
    )


@time_machine.travel(datetime.date(2026, 11, 23), tick=False)
def test_citizen_proposal_only_inside_window():
    cycle = CycleFactory(
        year=2027,
        phase=Cycle.Phase.COLLECTION,
        collection_opens_on=datetime.date(2026, 11, 1),
        collection_closes_on=datetime.date(2026, 12, 31),
    )
    kwargs = {
        "source": "citizen",
        "title": "加装电梯",
        "description": "老旧小区加装电梯方便老人。",
        "consent": True,
    }
    services.proposal_submit(cycle=cycle, **kwargs)
    with pytest.raises(DomainError):
        services.proposal_submit(cycle=cycle, **(kwargs | {"consent": False}))
    Cycle.objects.filter(pk=cycle.pk).update(collection_closes_on=datetime.date(2026, 11, 22))
    cycle.refresh_from_db()
    with pytest.raises(DomainError):
        services.proposal_submit(cycle=cycle, **kwargs)


def test_screened_out_proposer_is_told_why_once():
    proposal = ProposalFactory(cycle__phase=Cycle.Phase.SCREENING, proposer_email="a@example.cn")
    with pytest.raises(DomainError):
        services.proposal_transition(proposal=proposal, to="screened_out")
    services.proposal_transition(proposal=proposal, to="screened_out", reason="属于个人诉求")
    sent = Notification.objects.filter(kind="votes.proposal_screened_out")
    assert {n.channel for n in sent} == {"sms", "email"}
    assert all("属于个人诉求" in n.body for n in sent)


def test_merge_needs_a_target_of_the_same_cycle():
    a = ProposalFactory(cycle__phase=Cycle.Phase.SCREENING)
    b = ProposalFactory(cycle=a.cycle)
    with pytest.raises(DomainError):
        services.proposal_transition(proposal=a, to="merged")
    services.proposal_transition(proposal=a, to="merged", into=b)
    a.refresh_from_db()
    assert a.merged_into == b


def test_phase_blockers_are_listed_and_enforced():
    cycle = CycleFactory(phase=Cycle.Phase.SCREENING, seats=2)
    proposal = ProposalFactory(cycle=cycle)
    assert len(selectors.cycle_blockers(cycle)) == 2  # one undecided, none screened in
    with pytest.raises(DomainError):
        services.cycle_transition(cycle=cycle, to="candidates")
    services.proposal_transition(proposal=proposal, to="screened_in")
    services.proposal_assess(proposal=proposal, unit=HandlingUnitFactory(), feasible=True, opinion="可行")
    services.cycle_transition(cycle=cycle, to="candidates")
    assert len(selectors.cycle_blockers(cycle)) == 3  # too few candidates, two approvals missing
    for n in range(1, 4):
        CandidateFactory(cycle=cycle, number=n)
    services.cycle_record_approval(cycle=cycle, body="chairpersons", on=datetime.date(2026, 1, 3))
    services.cycle_record_approval(cycle=cycle, body="committee", on=datetime.date(2026, 1, 5))
    assert selectors.cycle_blockers(cycle) == []
    services.cycle_transition(cycle=cycle, to="ballot")
    with pytest.raises(DomainError):  # no published ballot yet
        services.cycle_transition(cycle=cycle, to="implementation")


@time_machine.travel(datetime.datetime(2026, 12, 28, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_full_cycle_from_ballot_to_evaluation(settings):
    settings.VOTES_LOW_SATISFACTION_BELOW = "0.60"
    cycle = CycleFactory(
        year=2026,
        phase=Cycle.Phase.BALLOT,
        seats=2,
        chairpersons_approved_on=datetime.date(2026, 1, 5),
        committee_approved_on=datetime.date(2026, 1, 8),
    )
    officer = UnitOfficerFactory()
    candidates = [CandidateFactory(cycle=cycle, number=n, lead_unit=officer.unit) for n in range(1, 4)]
    deputies = [DeputyFactory(term=cycle.term) for _ in range(5)]
    ballot = services.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    services.ballot_transition(ballot=ballot, to="open")
    for deputy in deputies:
        services.vote_cast(
            ballot=ballot, deputy=deputy, marks={candidates[0].pk: "for", candidates[1].pk: "for"}
        )
    for status in ("closed", "counted", "published"):
        services.ballot_transition(ballot=ballot, to=status)
    # the duty record says that each deputy attended, nothing more
    records = DutyRecord.objects.filter(kind="ballot_attended")
    assert records.count() == 5 and not any("候选" in r.note for r in records)
    services.cycle_transition(cycle=cycle, to="implementation")
    first, second = list(cycle.projects.order_by("candidate__number"))
    for project, percent in ((first, 100), (second, 70)):
        completion = project.milestones.get(kind="completion")
        services.project_progress_report(
            project=project,
            author=officer.user,
            reported_on=datetime.date(2026, 12, 18),
            progress_percent=percent,
            actual_quantity=Decimal(25) if percent == 100 else Decimal(14),
            spent=Decimal(400),
            text="年度进展",
            milestone=completion,
        )
    first.refresh_from_db()
    assert first.status == "completed" and first.target_percent == Decimal("125.0")  # above 100 %
    with pytest.raises(DomainError):  # someone from another unit
        services.project_progress_report(
            project=first,
            author=UserFactory(),
            reported_on=datetime.date(2026, 12, 18),
            progress_percent=1,
            actual_quantity=Decimal(1),
            spent=Decimal(1),
            text="x",
        )
    services.cycle_transition(cycle=cycle, to="evaluation")
    evaluation = services.ballot_create(
        cycle=cycle,
        candidates=[first.candidate, second.candidate],
        held_on=datetime.date(2026, 12, 26),
        kind=Ballot.Kind.EVALUATION,
        mode="electronic",
    )
    services.ballot_transition(ballot=evaluation, to="open")
    for i, deputy in enumerate(deputies):
        services.vote_cast(
            ballot=evaluation,
            deputy=deputy,
            marks={
                first.candidate_id: "satisfied",
                second.candidate_id: "unsatisfied" if i < 3 else "basically",
            },
        )
    for status in ("closed", "counted", "published"):
        evaluation = services.ballot_transition(ballot=evaluation, to=status)
    entries = {e.candidate_id: e for e in evaluation.entries.all()}
    assert (entries[first.candidate_id].satisfied, entries[second.candidate_id].unsatisfied) == (5, 3)
    assert services.satisfaction_rate(entries[first.candidate_id]) == Decimal("1.0000")
    rect = Rectification.objects.get()
    assert (
        rect.project == second and rect.reason == "low_rating" and rect.due_on > datetime.date(2026, 12, 28)
    )
    assert Notification.objects.filter(kind="votes.project", recipient=officer.user).exists()
    services.rectification_respond(rectification=rect, response="已整改", actor=officer.user)
    services.cycle_transition(cycle=cycle, to="closed")


@time_machine.travel(datetime.date(2026, 7, 10), tick=False)
def test_overdue_milestone_reminded_once():
    cycle = CycleFactory(year=2026, phase=Cycle.Phase.BALLOT)
    officer = UnitOfficerFactory()
    candidate = CandidateFactory(cycle=cycle, lead_unit=officer.unit)
    services.project_create(candidate=candidate)
    assert services.milestones_remind() == 1
    assert services.milestones_remind() == 0
    assert Notification.objects.filter(recipient=officer.user, kind="votes.project").count() == 1


def test_proposal_from_suggestion_links_both_ways():
    from suggestions.models import Suggestion

    cycle = CycleFactory(phase=Cycle.Phase.SCREENING)
    suggestion = Suggestion.objects.create(
        code="ABC123",
        title="修路灯",
        text="小区路灯坏了很久。",
        submitted_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
    )
    proposal = services.proposal_from_suggestion(suggestion=suggestion, cycle=cycle)
    assert proposal.source == Proposal.Source.SUGGESTION
    assert list(suggestion.livelihood_proposals.all()) == [proposal]
    assert services.proposal_from_suggestion(suggestion=suggestion, cycle=cycle) == proposal
