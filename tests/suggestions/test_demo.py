"""The demo: items in every state, overdue ones among them; loading twice changes nothing."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth.models import Group
from django.utils import timezone

from congress import roles
from suggestions import demo, workflow
from suggestions.models import Assignment, Suggestion
from tests.factories.core import HandlingUnitFactory, StreetFactory, UnitOfficerFactory, UserFactory
from tests.factories.deputies import DeputyFactory


def test_demo_has_every_state_and_overdue_items_and_is_idempotent(role_groups):
    staff = UserFactory(username="staff", is_staff=True)
    staff.groups.add(Group.objects.get(name=roles.COMMITTEE_STAFF))
    # The key suggestion's supervising leader is a committee leader, as in the full demo.
    UserFactory(username="leader", is_staff=True).groups.add(Group.objects.get(name=roles.COMMITTEE_LEADER))
    UnitOfficerFactory(unit=HandlingUnitFactory(name=demo.DEMO_UNIT), user=UserFactory(username="unit"))
    DeputyFactory(user=UserFactory(username="deputy"), level="municipal")
    StreetFactory()
    demo.load(stdout=StringIO())
    states = set(Suggestion.objects.values_list("status", flat=True))
    assert states == set(workflow.STATES)
    assert Assignment.objects.overdue(on=timezone.localdate()).exists()
    assert Suggestion.objects.filter(is_key=True, supervisions__isnull=False).exists()
    count = Suggestion.objects.count()
    demo.load(stdout=StringIO())
    assert Suggestion.objects.count() == count
