"""Factories for deputies and stations."""

from __future__ import annotations

from typing import Any

import factory

from congress import roles
from congress.ids import public_id
from deputies.models import Deputy
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
