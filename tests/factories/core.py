"""Factories for the shared core."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth import get_user_model

from congress import roles
from congress.models import Area, Body, Category, HandlingUnit, Term, UnitOfficer


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.django.Password("Secret#2026")


def staff_with(*codenames: str) -> Any:
    """A staff member holding exactly these permissions (by codename)."""
    from django.contrib.auth.models import Permission

    user = UserFactory.create(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    name = "示范市"
    code = "6201"
    level = Area.Level.CITY


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"第{n}区")
    code = factory.Sequence(lambda n: f"6201{n + 10:02d}")
    level = Area.Level.DISTRICT
    parent = factory.SubFactory(CityFactory)


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"第{n}街道")
    code = factory.Sequence(lambda n: f"620199{n:03d}")
    level = Area.Level.STREET
    parent = factory.SubFactory(DistrictFactory)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("level", "area", "number")

    level = Term.Level.MUNICIPAL
    number = 17
    name = "示范市第十七届人民代表大会"
    area = factory.SubFactory(CityFactory)
    starts_on = datetime.date(2022, 1, 8)
    ends_on = datetime.date(2027, 1, 7)
    is_current = True


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit

    name = factory.Sequence(lambda n: f"示范市第{n}局")
    short_name = factory.Sequence(lambda n: f"第{n}局")
    kind = HandlingUnit.Kind.GOVERNMENT_DEPARTMENT


class UnitOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitOfficer
        skip_postgeneration_save = True

    unit = factory.SubFactory(HandlingUnitFactory)
    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def workbench_role(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """An officer holds the unit-officer role, as the admin gives it when linking the account."""
        if create and extracted is not False:
            roles.role_grant(user=self.user, code=roles.UNIT_OFFICER)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"类别{n}")
    code = factory.Sequence(lambda n: f"cat-{n}")


def root_body() -> Body:
    """The root body every factory-made row belongs to unless a test names another (the data
    migration makes it; a flushed database gets it again)."""
    from congress.bodies import root_body as root

    return root()


class BodyFactory(factory.django.DjangoModelFactory):
    """A district committee under the root by default; made through ``body_create`` so its path is
    right."""

    class Meta:
        model = Body

    kind = Body.Kind.COUNTY
    name = factory.Sequence(lambda n: f"第{n}区人大常委会")
    short_name = ""
    parent = factory.LazyFunction(root_body)
    area = None

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Body:
        from congress.services import body_create

        return body_create(**kwargs)


def body_staff(body: Body, *, role: str = roles.COMMITTEE_STAFF, username: str | None = None) -> Any:
    """A staff account holding ``role`` in ``body``."""
    from congress.services import body_role_grant

    user = UserFactory(is_staff=True, **({"username": username} if username else {}))
    body_role_grant(user=user, body=body, role=role)
    return user
