"""The demo's walkthrough items follow their own calendar: every step after the submission at its own
plausible moment, in order, in the past, with time limits started through the calendar engine on
the day of the step, so the timeline, the case page, the statistics and the reports read one story."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from congress import demo as congress_demo
from congress.calendar.models import Deadline
from congress.calendar.selectors import work_calendar
from congress.models import Area, Term
from deputies import demo as deputies_demo
from deputies.models import DutyRecord
from suggestions import demo
from suggestions.models import Assignment, Rating, Reply, Suggestion, SuggestionEvent, Supervision
from tests.conftest import shared_rows
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_story")]

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# Loaded on a Monday morning after a week with a holiday in it is the hard case: the working days
# before "now" are few. 2026-10-08 is the last day of the National Day holiday; the 10th is a
# make-up working Saturday; the 12th is a Monday.
LOAD_MOMENTS = [
    datetime.datetime(2026, 10, 12, 8, 5, tzinfo=SHANGHAI),
    datetime.datetime(2026, 12, 7, 16, 30, tzinfo=SHANGHAI),
]
# The steps the story lets happen as it is loaded: a transfer's audit event is chained when written.
RECENT_ACTIONS = {"transfer"}
KEY_TITLE = "关于加快老旧小区改造的建议"


def _story_world() -> None:
    congress_demo.load(stdout=StringIO())
    city_term = Term.objects.get(level="municipal", is_current=True)
    district = Area.objects.get(name="城关区")
    DeputyFactory(user=UserFactory(username="deputy"), term=city_term, area=district)
    for _n in range(3):  # co-signers, and the city seat of the two-level deputy
        DeputyFactory(term=city_term, area=district)
    deputies_demo._two_level_deputy(StringIO())


def _load(moment: datetime.datetime) -> tuple[datetime.datetime, list[Suggestion]]:
    # The walkthrough only: the bulk volume and the reading models have their own tests.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo, "_volume", lambda stdout: None)
        patch.setattr(demo, "_reading", lambda stdout: None)
        with time_machine.travel(moment, tick=False):
            _story_world()
            demo.load(stdout=StringIO())
            now = timezone.now()
    titles = [row[0] for row in demo.ITEMS] + [row[0] for row in demo.NETWORK_ITEMS]
    titles += [row[1] for row in demo.TWO_LEVEL_ITEMS] + [KEY_TITLE]
    items = list(Suggestion.objects.filter(title__in=titles))
    assert len(items) == len(titles)
    return now, items


@pytest.fixture(scope="module", params=LOAD_MOMENTS, ids=["after-national-day", "december"])
def story(request, django_db_setup, django_db_blocker):
    """The story loaded once per moment; every test below reads it (pytest builds one moment's
    world, runs the tests on it, rolls it back, then builds the other)."""
    yield from shared_rows(request, django_db_blocker, lambda: _load(request.param))


def _moments(item: Suggestion) -> list[tuple[str, datetime.datetime]]:
    """Every time the timeline, the case page and the figures read about the item."""
    rows: list[tuple[str, datetime.datetime | None]] = [
        ("accepted_at", item.accepted_at),
        ("closed_at", item.closed_at),
        ("published_at", item.published_at),
    ]
    for assignment in Assignment.objects.filter(suggestion=item):
        rows += [
            ("assigned_at", assignment.assigned_at),
            ("signed_for_at", assignment.signed_for_at),
            ("replied_at", assignment.replied_at),
            ("returned_at", assignment.returned_at),
        ]
    rows += [
        ("reply", at) for at in Reply.objects.filter(suggestion=item).values_list("replied_at", flat=True)
    ]
    rows += [
        ("rating", at) for at in Rating.objects.filter(suggestion=item).values_list("rated_at", flat=True)
    ]
    rows += [
        ("supervision", at)
        for at in Supervision.objects.filter(suggestion=item).values_list("created_at", flat=True)
    ]
    return [(name, at) for name, at in rows if at is not None]


def _deadlines(item: Suggestion) -> list[Deadline]:
    types = ContentType.objects.get_for_models(Suggestion, Assignment)
    own = list(Deadline.objects.filter(owner_content_type=types[Suggestion], owner_id=item.pk))
    return own + list(
        Deadline.objects.filter(
            owner_content_type=types[Assignment],
            owner_id__in=Assignment.objects.filter(suggestion=item).values("pk"),
        ).select_related("policy")
    )


def test_every_story_step_is_in_order_in_the_past_and_not_at_load_time(story):
    now, items = story
    zone = timezone.get_default_timezone()
    calendar = work_calendar()
    suggestion_type = ContentType.objects.get_for_model(Suggestion)
    duty_entries = 0
    for item in items:
        events = list(SuggestionEvent.objects.filter(suggestion=item).order_by("pk"))
        times = [event.at for event in events]
        assert times == sorted(times), (item.title, [(e.action, e.at) for e in events])
        assert times[0] == item.submitted_at, item.title
        assert all(at <= now for at in times), item.title
        for event in events[1:]:
            if event.action in RECENT_ACTIONS:
                continue
            assert now - event.at > datetime.timedelta(minutes=1), (item.title, event.action)
            # Staff and units act on working days.
            assert calendar.is_working_day(timezone.localtime(event.at, zone).date()) or event.action in (
                "rate",
            ), (item.title, event.action, event.at)
        event_times = set(times)
        for name, at in _moments(item):
            assert item.submitted_at <= at <= now, (item.title, name)
            if name not in ("supervision",):
                # Each recorded time is the time of a step in the history.
                assert at in event_times, (item.title, name, at)
        # The deputies' duty record follows its source: filed, co-signed, answered on the step's day.
        event_days = {timezone.localtime(at, zone).date() for at in times}
        for on in DutyRecord.objects.filter(content_type=suggestion_type, object_id=item.pk).values_list(
            "on", flat=True
        ):
            assert on in event_days, (item.title, on)
            duty_entries += 1
    assert duty_entries >= 3  # the key suggestion filed and co-signed, an answered opinion


def test_story_due_dates_are_working_days_and_verdicts_match_the_engine(story):
    _now, items = story
    zone = timezone.get_default_timezone()
    calendar = work_calendar()
    judged = 0
    for item in items:
        for deadline in _deadlines(item):
            assert calendar.is_working_day(deadline.due), (item.title, deadline.policy_id, deadline.due)
        for assignment in Assignment.objects.filter(suggestion=item).select_related("deadline__policy"):
            policy: Any = assignment.deadline.policy
            started = timezone.localtime(assignment.assigned_at, zone).date()
            due = calendar.add(started, policy.unit, policy.amount)
            assert assignment.due_date == due == assignment.deadline.due, item.title
            if assignment.replied_at is None:
                continue
            replied_on = timezone.localtime(assignment.replied_at, zone).date()
            stored = replied_on <= assignment.due_date
            assert stored == (replied_on <= due), item.title
            judged += 1
    # The walkthrough answers on time and, once, late.
    verdicts = [
        timezone.localtime(a.replied_at, zone).date() <= a.due_date
        for a in Assignment.objects.filter(suggestion__in=items, replied_at__isnull=False, role="lead")
    ]
    assert judged >= 5 and True in verdicts and False in verdicts


def test_triage_and_feedback_clocks_start_on_the_day_of_submission(story):
    _now, items = story
    zone = timezone.get_default_timezone()
    for item in items:
        started = [d for d in _deadlines(item) if d.owner_content_type.model == "suggestion"]
        first = min(started, key=lambda d: d.pk)
        assert first.start == timezone.localtime(item.submitted_at, zone).date(), item.title
