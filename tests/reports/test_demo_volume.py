"""The demo's bulk items, which the reports are checked on, are dated and routed as real ones: due dates
from the deadline policies and the working-day calendar, every state change in the history, and each
category led by a unit that plausibly handles it."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone

from congress.calendar.models import DeadlinePolicy
from congress.calendar.selectors import work_calendar
from congress.models import Area, HandlingUnit
from suggestions import demo_volume as demo
from suggestions.models import Assignment, Kind, Status, Suggestion, SuggestionEvent
from suggestions.services._common import POLICY_DEPUTY_REPLY, POLICY_OPINION_REPLY, POLICY_REOPENED

from .conftest import NOW, _areas

pytestmark = pytest.mark.django_db

COURT = "示范市中级人民法院"


@pytest.fixture
def demo_units() -> dict[str, Any]:
    _areas()
    names = set(demo.CATEGORY_UNITS.values()) | {n for names in demo.CATEGORY_ALSO.values() for n in names}
    for name in sorted(names | {COURT, "示范市人民检察院", "示范市监察委员会"}):
        HandlingUnit.objects.create(name=name, short_name=name[3:9], kind="department")
    context = demo._volume_context()
    assert context is not None
    demo.bulk_year(year=2025, count=300, rng=random.Random(11), now=NOW, context=context)
    return context


def test_due_dates_come_from_the_deadline_policies_and_the_calendar(demo_units):
    calendar = work_calendar()
    policies = {p.code: p for p in DeadlinePolicy.objects.all()}
    zone = timezone.get_default_timezone()
    checked = 0
    for assignment in Assignment.objects.filter(round=0).select_related("suggestion"):
        code = (
            POLICY_DEPUTY_REPLY
            if assignment.suggestion.kind == Kind.DEPUTY_SUGGESTION
            else POLICY_OPINION_REPLY
        )
        policy = policies[code]
        start = assignment.assigned_at.astimezone(zone).date()
        assert assignment.due_date == calendar.add(start, policy.unit, policy.amount)
        checked += 1
    assert checked > 100


def test_no_item_goes_to_a_court_or_a_procuratorate(demo_units):
    led = set(Assignment.objects.values_list("unit__name", flat=True))
    assert not led & {COURT, "示范市人民检察院", "示范市监察委员会"}
    codes = dict(Suggestion.objects.values_list("pk", "category__code"))
    for item_id, unit in Assignment.objects.values_list("suggestion_id", "unit__name"):
        category = codes[item_id]
        assert unit == demo.CATEGORY_UNITS.get(category) or unit in demo.CATEGORY_ALSO[category]


def test_every_state_change_is_in_the_history(demo_units):
    last = {}
    for item_id, to_state in (
        SuggestionEvent.objects.exclude(to_state="")
        .order_by("at", "pk")
        .values_list("suggestion_id", "to_state")
    ):
        last[item_id] = to_state
    for pk, status in Suggestion.objects.values_list("pk", "status"):
        assert last.get(pk, Status.SUBMITTED) == status
    # Closed items were closed no later than now, and after they were received.
    for submitted, closed in Suggestion.objects.filter(status=Status.CLOSED).values_list(
        "submitted_at", "closed_at"
    ):
        assert closed is not None and submitted < closed <= NOW
    assert datetime.date(2025, 1, 1) <= min(Suggestion.objects.values_list("submitted_at", flat=True)).date()


def test_every_dispatch_has_its_clock_from_the_calendar_engine(demo_units):
    from congress.calendar.models import Deadline

    assignments = list(Assignment.objects.select_related("deadline__policy", "suggestion"))
    assert len(assignments) > 100
    for assignment in assignments:
        deadline = assignment.deadline
        assert deadline is not None
        assert deadline.owner_id == assignment.pk and deadline.due == assignment.due_date
        assert deadline.is_open == (assignment.replied_at is None)
        expected = (
            POLICY_REOPENED
            if assignment.round
            else POLICY_DEPUTY_REPLY
            if assignment.suggestion.kind == Kind.DEPUTY_SUGGESTION
            else POLICY_OPINION_REPLY
        )
        assert deadline.policy.code == expected
    assert Deadline.objects.count() == len(assignments)


def test_the_bodies_below_get_their_own_items_and_transfers(db):
    from congress.bodies import root_body
    from congress.models import AuditEvent, Body
    from congress.services import body_create

    _areas()
    names = set(demo.CATEGORY_UNITS.values()) | {n for names in demo.CATEGORY_ALSO.values() for n in names}
    for name in sorted(names):
        HandlingUnit.objects.create(name=name, short_name=name[3:9], kind="department")
    root = root_body()
    district_area = Area.objects.filter(level=Area.Level.DISTRICT).order_by("code").first()
    district = body_create(kind=Body.Kind.COUNTY, name="测试区人大常委会", parent=root, area=district_area)
    own = {
        HandlingUnit.objects.create(name=f"{district_area.name}{suffix}", kind="department", body=district).pk
        for suffix in ("住房和城乡建设局", "城市管理局")
    }
    context = demo._volume_context()
    demo.bulk_year(year=2025, count=400, rng=random.Random(5), now=NOW, context=context)
    handled = Suggestion.objects.filter(body=district)
    assert handled.count() > 10
    assert set(Assignment.objects.filter(suggestion__body=district).values_list("unit_id", flat=True)) <= own
    moved = Suggestion.objects.exclude(received_by=F("body"))
    assert moved.exists()
    for item in moved:
        assert item.events.filter(action="transfer").count() == 1
        event = AuditEvent.objects.get(object_id=item.pk, action="transfer")
        assert (event.from_state, event.to_state) == (str(item.received_by_id), str(item.body_id))
        assert event.data["direction"] == ("down" if item.body_id == district.pk else "up")
