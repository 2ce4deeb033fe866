"""The candidate list, proposals' text, projects and milestones are written through services with
their rules, whatever the interface: the admin's forms are refused with a Chinese message, and the
services refuse a direct call too."""

# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.audit import audit_events_for
from congress.errors import DomainError
from tests.admin_forms import post_back
from tests.factories.votes import CandidateFactory, CycleFactory, ProposalFactory
from votes import services
from votes.models import Candidate, Cycle, Milestone, Project

pytestmark = pytest.mark.django_db


def _change_url(obj) -> str:
    return reverse(f"admin:votes_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def open_cycle(db):
    return CycleFactory(phase=Cycle.Phase.CANDIDATES)


def test_a_frozen_candidate_is_refused_through_the_admin_with_a_chinese_message(admin_client, candidates):
    candidate = candidates[0]
    response = post_back(admin_client, _change_url(candidate), {"title": "改过的名字"})
    assert response.status_code == 200
    assert "候选项目名单已锁定" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.title != "改过的名字"
    assert not audit_events_for(candidate).exists()


def test_the_service_refuses_a_frozen_candidate_whatever_the_interface(candidates, staff):
    with pytest.raises(DomainError) as refused:
        services.candidate_update(candidate=candidates[0], changes={"title": "直接调用"}, actor=staff)
    assert refused.value.code == "candidate_list_frozen"
    with pytest.raises(DomainError):
        services.candidate_delete(candidate=candidates[0], actor=staff)
    assert Candidate.objects.filter(pk=candidates[0].pk, title=candidates[0].title).exists()


def test_a_candidate_is_not_moved_into_a_frozen_list(open_cycle, cycle, staff):
    candidate = CandidateFactory(cycle=open_cycle, number=1)
    with pytest.raises(DomainError):
        services.candidate_update(candidate=candidate, changes={"cycle": cycle, "number": 99}, actor=staff)
    candidate.refresh_from_db()
    assert candidate.cycle_id == open_cycle.pk


def test_a_frozen_candidate_is_not_deleted_through_the_admin(admin_client, candidates):
    candidate = candidates[0]
    url = reverse("admin:votes_candidate_delete", args=[candidate.pk])
    admin_client.post(url, {"post": "yes"})
    assert Candidate.objects.filter(pk=candidate.pk).exists()


def test_an_open_candidate_changed_through_the_admin_is_audited(admin_client, open_cycle):
    candidate = CandidateFactory(cycle=open_cycle, number=1, title="社区食堂")
    response = post_back(admin_client, _change_url(candidate), {"title": "社区助餐点"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.title == "社区助餐点"
    event = audit_events_for(candidate).get()
    assert event.action == "update"
    assert event.data["changes"]["title"] == ["社区食堂", "社区助餐点"]


def test_a_proposals_text_is_corrected_only_while_collected_and_screened(admin_client, staff):
    screening = ProposalFactory(cycle=CycleFactory(phase=Cycle.Phase.SCREENING), title="加装电梯")
    post_back(admin_client, _change_url(screening), {"title": "老旧小区加装电梯"})
    screening.refresh_from_db()
    assert screening.title == "老旧小区加装电梯"
    assert audit_events_for(screening).filter(action="update").exists()

    late = ProposalFactory(cycle=CycleFactory(phase=Cycle.Phase.BALLOT), title="修缮道路")
    with pytest.raises(DomainError) as refused:
        services.proposal_update(proposal=late, changes={"title": "改"}, actor=staff)
    assert refused.value.code == "proposal_text_frozen"


@pytest.fixture
def project(open_cycle):
    return services.project_create(candidate=CandidateFactory(cycle=open_cycle, number=1))


def test_a_project_in_progress_is_edited_with_an_audit_event(admin_client, project):
    response = post_back(admin_client, _change_url(project), {"plan": "分三期实施"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.plan == "分三期实施"
    assert audit_events_for(project).filter(action="update").exists()


def test_a_completed_project_is_not_edited(admin_client, project, staff):
    services.project_transition(project=project, to=Project.Status.COMPLETED, actor=staff)
    response = post_back(admin_client, _change_url(project), {"plan": "事后补写"})
    assert "不能再修改" in response.content.decode()
    project.refresh_from_db()
    assert project.plan != "事后补写"
    with pytest.raises(DomainError):
        services.project_update(project=project, changes={"plan": "事后补写"}, actor=staff)


def test_milestones_edited_inline_go_through_the_service(admin_client, project):
    milestone = project.milestones.order_by("due_on").first()
    url = _change_url(project)
    page = admin_client.get(url)
    formset = next(f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Milestone)
    index = next(i for i, form in enumerate(formset.forms) if form.instance.pk == milestone.pk)
    field = f"{formset.prefix}-{index}-done_on"

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post_back(admin_client, url, {field: tomorrow.isoformat()}, page=page, follow=True)
    assert "节点的完成日期不能晚于今天" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.done_on is None

    today = timezone.localdate()
    post_back(admin_client, url, {field: today.isoformat()})
    milestone.refresh_from_db()
    assert milestone.done_on == today
    assert audit_events_for(milestone).filter(action="update").exists()
