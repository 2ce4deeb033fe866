# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""A project's status moves only through ``project_transition`` and its table: every target from
every state, the carry-over rule, and the audit event of each move."""

from __future__ import annotations

import pytest

from congress.errors import DomainError
from congress.models import AuditEvent
from tests.factories.votes import CandidateFactory, CycleFactory
from votes import services, workflow
from votes.models import Project

pytestmark = pytest.mark.django_db

STATES = list(Project.Status.values)


def _project(status: str) -> Project:
    project = services.project_create(candidate=CandidateFactory.create(cycle=CycleFactory.create(year=2026)))
    Project.objects.filter(pk=project.pk).update(status=status)  # arrange the state under test
    project.refresh_from_db()
    return project


@pytest.mark.parametrize(("current", "target"), [(a, b) for a in STATES for b in STATES])
def test_every_move_follows_the_table(current, target):
    project = _project(current)
    allowed = workflow.can_move(workflow.PROJECT_MOVES, current, target)
    if allowed:
        moved = services.project_transition(project=project, to=target, note="核对")
        assert moved.status == target
        event = AuditEvent.objects.filter(action="project_status").latest("pk")
        assert (event.from_state, event.to_state, event.note) == (current, target, "核对")
    else:
        with pytest.raises(DomainError):
            services.project_transition(project=project, to=target)
        assert Project.objects.get(pk=project.pk).status == current
        assert not AuditEvent.objects.filter(action="project_status").exists()


def test_the_table_names_every_status_and_only_statuses():
    assert set(workflow.PROJECT_MOVES) == set(STATES)
    assert {t for targets in workflow.PROJECT_MOVES.values() for t in targets} <= set(STATES)


def test_carry_over_moves_status_and_target_cycle_together():
    project = _project(Project.Status.IN_PROGRESS)
    later = CycleFactory.create(year=2027, term=project.cycle.term)
    services.project_carry_over(project=project, to_cycle=later, note="跨年度实施")
    project.refresh_from_db()
    assert (project.status, project.carried_over_to_id) == (Project.Status.CARRIED_OVER, later.pk)


def test_a_completed_project_is_not_carried_over_and_keeps_no_target():
    project = _project(Project.Status.COMPLETED)
    later = CycleFactory.create(year=2027, term=project.cycle.term)
    with pytest.raises(DomainError):
        services.project_carry_over(project=project, to_cycle=later)
    project.refresh_from_db()
    assert project.carried_over_to_id is None


def test_carry_over_to_an_earlier_cycle_is_refused():
    project = _project(Project.Status.IN_PROGRESS)
    earlier = CycleFactory.create(year=2025, term=project.cycle.term)
    with pytest.raises(DomainError):
        services.project_carry_over(project=project, to_cycle=earlier)
    assert Project.objects.get(pk=project.pk).status == Project.Status.IN_PROGRESS
