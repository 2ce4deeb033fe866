"""A rectification request is the lead unit's to answer (001): a co-unit's officer, who reports
progress on the same project, is refused by the service and by the workbench page, and nothing
changes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from congress.errors import DomainError
from tests.factories.core import UnitOfficerFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes import services
from votes.models import Ballot, Rectification

pytestmark = pytest.mark.django_db


def rectification_owed(*, lead_unit, co_unit) -> Rectification:
    """A project led by ``lead_unit`` and co-handled by ``co_unit`` that owes a rectification."""
    cycle = CycleFactory.create()
    candidate = CandidateFactory.create(cycle=cycle, lead_unit=lead_unit)
    candidate.co_units.add(co_unit)
    project = services.project_create(candidate=candidate)
    evaluation = Ballot.objects.create(
        cycle=cycle,
        kind=Ballot.Kind.EVALUATION,
        title="满意度测评",
        seats=1,
        majority_basis="entitled",
        held_on=datetime.date(cycle.year, 12, 26),
    )
    return Rectification.objects.create(
        project=project,
        evaluation=evaluation,
        reason=Rectification.Reason.LOW_RATING,
        requested_on=datetime.date(cycle.year, 12, 28),
        due_on=datetime.date(cycle.year + 1, 1, 28),
    )


@pytest.fixture
def units():
    lead, co = UnitOfficerFactory.create(), UnitOfficerFactory.create()
    return lead, co, rectification_owed(lead_unit=lead.unit, co_unit=co.unit)


def _unanswered(rect: Rectification) -> bool:
    rect.refresh_from_db()
    return rect.response == "" and rect.responded_on is None and rect.responded_by_id is None


def test_the_service_refuses_a_co_units_officer(units):
    _lead, co, rect = units
    with pytest.raises(DomainError):
        services.rectification_respond(rectification=rect, response="由协办单位答复", actor=co.user)
    assert _unanswered(rect)


def test_the_workbench_refuses_a_co_units_post_and_hides_the_form(client, units):
    _lead, co, rect = units
    client.force_login(co.user)
    url = reverse("votes-unit-project", args=[rect.project.slug])
    page = client.get(url)
    assert page.status_code == 200 and 'value="rectification"' not in page.content.decode()
    response = client.post(url, {"action": "rectification", "response": "由协办单位答复"})
    assert response.status_code == 404
    assert _unanswered(rect)


def test_the_lead_units_officer_answers(client, units):
    lead, _co, rect = units
    client.force_login(lead.user)
    url = reverse("votes-unit-project", args=[rect.project.slug])
    assert 'value="rectification"' in client.get(url).content.decode()
    assert client.post(url, {"action": "rectification", "response": "已制定整改方案"}).status_code == 302
    rect.refresh_from_db()
    assert rect.response == "已制定整改方案" and rect.responded_by == lead.user
