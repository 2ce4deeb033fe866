"""Factories for the livelihood-project ballots."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory

from votes.models import Candidate, Cycle, Proposal

from .core import HandlingUnitFactory, TermFactory


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    year = factory.Sequence(lambda n: 2026 + n)
    term = factory.SubFactory(TermFactory)
    title = factory.LazyAttribute(lambda c: f"{c.year}年度示范市民生实事项目")
    seats = 4
    collection_opens_on = factory.LazyAttribute(lambda c: datetime.date(c.year - 1, 10, 1))
    collection_closes_on = factory.LazyAttribute(lambda c: datetime.date(c.year - 1, 11, 30))
    ballot_on = factory.LazyAttribute(lambda c: datetime.date(c.year, 1, 12))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    cycle = factory.SubFactory(CycleFactory)
    source = Proposal.Source.CITIZEN
    title = factory.Sequence(lambda n: f"老旧小区改造{n}")
    description = "为老旧小区加装电梯，改善老年人出行条件。"
    proposer_name = "张三"
    proposer_phone = "13800001111"
    consent = True


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    cycle = factory.SubFactory(CycleFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"候选项目{n}")
    content = "新建社区食堂，为老年人提供助餐服务。"
    target_quantity = Decimal(20)
    target_unit = "个"
    budget = Decimal(500)
    funding_source = "市级财政"
    duration_months = 12
    responsible_leader = "副市长 王某"
    lead_unit = factory.SubFactory(HandlingUnitFactory)
    deadline = factory.LazyAttribute(lambda c: datetime.date(c.cycle.year, 12, 31))


class ProjectFactory(factory.django.DjangoModelFactory):
    """An elected candidate's project, with its default milestones (made through its service)."""

    class Meta:
        model = "votes.Project"

    candidate = factory.SubFactory(CandidateFactory)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from votes.services.projects import project_create

        return project_create(**kwargs)
