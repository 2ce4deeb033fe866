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


class ApiClientFactory(factory.django.DjangoModelFactory):
    """A registered API client (its key is not kept: register one in the test that needs it)."""

    class Meta:
        model = "apiclients.ApiClient"

    name = factory.Sequence(lambda n: f"小程序{n}")
    kind = "wechat"
    rate = "100/m"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from congress.apiclients.services import api_client_register

        client, _key = api_client_register(**kwargs)
        return client


class AccessAttemptFactory(factory.django.DjangoModelFactory):
    """A failed login remembered by django-axes."""

    class Meta:
        model = "axes.AccessAttempt"

    username = factory.Sequence(lambda n: f"guess{n}")
    ip_address = "10.0.0.1"
    failures_since_start = 1


class PeriodicTaskFactory(factory.django.DjangoModelFactory):
    """A periodic task of the beat schedule, made the way the apps make theirs."""

    class Meta:
        model = "django_celery_beat.PeriodicTask"

    name = factory.Sequence(lambda n: f"测试任务{n}")
    task = "congress.tasks.worker_heartbeat"
    every_minutes = 60

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from congress.schedules import periodic_task_ensure

        return periodic_task_ensure(**kwargs)


class NotificationFactory(factory.django.DjangoModelFactory):
    """An in-app message to a person, queued through the outbox."""

    class Meta:
        model = "notifications.Notification"

    channel = "in_app"
    subject = "接待提醒"
    body = "您本周五在代表之家接待群众。"
    recipient = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from congress.notifications.services import notify

        return notify(**kwargs)


class CalendarYearFactory(factory.django.DjangoModelFactory):
    """A year of the working-day calendar that staff will enter by hand (not loaded yet)."""

    class Meta:
        model = "workcalendar.CalendarYear"
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2040 + n)


class SessionFactory(factory.django.DjangoModelFactory):
    """A session (次会议) of a term."""

    class Meta:
        model = "congress.Session"

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda s: f"第{s.number}次会议")
    opens_on = datetime.date(2026, 1, 10)
    closes_on = datetime.date(2026, 1, 14)


class CalendarDayFactory(factory.django.DjangoModelFactory):
    """A make-up working day staff entered by hand, in a year no test loads."""

    class Meta:
        model = "workcalendar.CalendarDay"
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: datetime.date(2045, 1, 1) + datetime.timedelta(days=n))
    kind = "workday"
    name = "调休上班"


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A member of staff's authenticator app (two-factor login)."""

    class Meta:
        model = "otp_totp.TOTPDevice"

    user = factory.SubFactory(UserFactory, is_staff=True)
    name = "手机"


class IntervalScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "django_celery_beat.IntervalSchedule"

    every = factory.Sequence(lambda n: n + 7)
    period = "days"


class CrontabScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "django_celery_beat.CrontabSchedule"

    minute = "0"
    hour = factory.Sequence(lambda n: str(n % 24))


class ClockedScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "django_celery_beat.ClockedSchedule"

    clocked_time = factory.Sequence(
        lambda n: datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=n)
    )


class SolarScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "django_celery_beat.SolarSchedule"

    event = "sunrise"
    latitude = factory.Sequence(lambda n: 36 + n / 100)
    longitude = 103.8
