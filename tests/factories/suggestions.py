"""Factories for the suggestions app. Items in later states are made through the services (see
tests/suggestions/conftest.py), so every state in a test was reached the way it is in production."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from congress.ids import public_id
from suggestions.models import Channel, Kind, Status, Suggestion
from suggestions.pins import pin_hash

from .core import CategoryFactory, HandlingUnitFactory, StreetFactory, UserFactory

# The PIN every factory-made item opens with (keyed hash, suggestions.pins).
FACTORY_PIN = "246810"


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A freshly submitted citizen opinion (no triage deadline: use services for that)."""

    class Meta:
        model = Suggestion

    code = factory.LazyFunction(lambda: public_id(8).upper())
    pin_hash = factory.LazyAttribute(lambda item: pin_hash(item.code, FACTORY_PIN))
    kind = Kind.CITIZEN_OPINION
    channel = Channel.WEB
    status = Status.SUBMITTED
    title = factory.Sequence(lambda n: f"路灯损坏{n}")
    text = "东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全，请尽快维修。"
    category = factory.SubFactory(CategoryFactory)
    area = factory.SubFactory(StreetFactory)
    submitter_name = "王小明"
    submitter_mobile = "13912345678"
    consent_privacy = True
    submitted_at = factory.LazyFunction(timezone.now)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """The lead assignment of an accepted item, made through the intake, triage and assignment
    services (its time limit included)."""

    class Meta:
        model = "suggestions.Assignment"

    unit = factory.SubFactory(HandlingUnitFactory)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from suggestions import services

        staff = UserFactory(is_staff=True, is_superuser=True)
        item = services.suggestion_submit(
            submission=services.SubmissionInput(
                channel="web",
                title="路灯损坏",
                text="东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全，请尽快维修。",
                category=CategoryFactory.create(),
                area=StreetFactory.create(),
                submitter_name="王小明",
                submitter_mobile="13912345678",
                consent_privacy=True,
            )
        ).suggestion
        services.suggestion_accept(suggestion=item, actor=staff)
        (lead,) = services.suggestion_assign(suggestion=item, lead_unit=kwargs["unit"], actor=staff)
        return lead


class DeadlineExtensionFactory(factory.django.DjangoModelFactory):
    """A unit's request for more time on its assignment's reply deadline."""

    class Meta:
        model = "workcalendar.DeadlineExtension"

    deadline = factory.LazyFunction(lambda: AssignmentFactory().deadline)
    amount = 5
    reason = "需要现场勘查"
