"""Factories for deputies and stations."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from congress import roles
from congress.ids import public_id
from deputies.models import CommitteeMember, Deputy, ReportBack
from stations.models import Station

from .core import StreetFactory, TermFactory


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"代表{n}")
    slug = factory.LazyFunction(public_id)
    gender = Deputy.Gender.FEMALE
    birth_year = 1975
    party = Deputy.Party.CPC
    education = Deputy.Education.BACHELOR
    occupation = Deputy.Occupation.PROFESSIONAL
    work_unit = "示范市第一中学"
    title = "校长"
    level = Deputy.Level.MUNICIPAL
    term = factory.SubFactory(TermFactory)
    constituency = "城关区选举单位"
    phone = "13912345678"

    @factory.post_generation
    def dashboard_role(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """A deputy with an account holds the deputy role, as the admin gives it when linking the
        account (``dashboard_role=False`` leaves it out)."""
        if create and self.user_id and extracted is not False:
            roles.role_grant(user=self.user, code=roles.DEPUTY)


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    name = factory.Sequence(lambda n: f"第{n}人大代表之家")
    slug = factory.LazyFunction(public_id)
    kind = Station.Kind.HOME
    area = factory.SubFactory(StreetFactory)
    address = "示范市城关区东岗西路1号"


class ReportBackFactory(factory.django.DjangoModelFactory):
    """A draft report-back held last week; publish it with ``report_back_publish``."""

    class Meta:
        model = ReportBack

    deputy = factory.SubFactory(DeputyFactory)
    slug = factory.LazyFunction(public_id)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = "2026年度履职情况报告"
    summary = "一年来，我按月进站接待选民，领办群众意见建议十二件，提出代表建议三件，均已得到答复。"
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    place = "东岗街道人大代表之家"


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    name = factory.Sequence(lambda n: f"委员{n}")
    post = "常委会委员"


class DelegationFactory(factory.django.DjangoModelFactory):
    """A delegation of a term, made through its service."""

    class Meta:
        model = "deputies.Delegation"

    name = factory.Sequence(lambda n: f"第{n}代表团")
    term = factory.SubFactory(TermFactory)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from deputies.services import delegation_create

        return delegation_create(**kwargs)


class DeputyGroupFactory(factory.django.DjangoModelFactory):
    """A territorial deputy group, made through its service."""

    class Meta:
        model = "deputies.DeputyGroup"

    name = factory.Sequence(lambda n: f"第{n}代表小组")
    kind = "territorial"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from deputies.services import deputy_group_create

        return deputy_group_create(**kwargs)


class DutyScoreFactory(factory.django.DjangoModelFactory):
    """A deputy's computed score of a year (the recompute stores one; this is its row)."""

    class Meta:
        model = "deputies.DutyScore"

    deputy = factory.SubFactory(DeputyFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    total = 60


class PointsDimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deputies.PointsDimension"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dimension-{n}")
    name = factory.Sequence(lambda n: f"履职维度{n}")
    max_points = 40


class PointsItemFactory(factory.django.DjangoModelFactory):
    """A points rule: so many points for each reception attended."""

    class Meta:
        model = "deputies.PointsItem"
        django_get_or_create = ("code",)

    dimension = factory.SubFactory(PointsDimensionFactory)
    code = factory.Sequence(lambda n: f"item-{n}")
    name = factory.Sequence(lambda n: f"参加接待{n}")
    kinds = factory.LazyFunction(lambda: ["reception"])
    points = 2


class DutyRecordFactory(factory.django.DjangoModelFactory):
    """An entry of a deputy's duty record, added through its service (points included)."""

    class Meta:
        model = "deputies.DutyRecord"

    deputy = factory.SubFactory(DeputyFactory)
    kind = "reception"
    on = factory.LazyFunction(timezone.localdate)
    note = "参加接待"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from deputies.services import duty_record_add

        return duty_record_add(**kwargs)
