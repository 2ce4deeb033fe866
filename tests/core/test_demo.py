import datetime
import hashlib
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from congress.calendar.selectors import work_calendar
from congress.models import Area, HandlingUnit
from congress.notifications.kinds import kind_choices
from congress.notifications.models import Notification
from deputies.models import Deputy
from stations.models import Station, StationMembership
from suggestions.models import SuggestionEvent
from tests.conftest import shared_rows

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.xdist_group("core_demo")]


@pytest.fixture(scope="module")
def demo_city(request, django_db_setup, django_db_blocker):
    """The demo city, loaded once for both tests; each reads it in its own savepoint."""
    yield from shared_rows(request, django_db_blocker, lambda: call_command("load_demo", stdout=StringIO()))


def _fingerprint() -> str:
    parts = [
        ",".join(Deputy.objects.order_by("slug").values_list("slug", flat=True)),
        ",".join(Station.objects.order_by("slug").values_list("slug", flat=True)),
        str(sorted(StationMembership.objects.values_list("station__slug", "deputy__slug"))),
        ",".join(Area.objects.order_by("code").values_list("code", flat=True)),
        ",".join(HandlingUnit.objects.order_by("name").values_list("name", flat=True)),
        ",".join(get_user_model().objects.order_by("username").values_list("username", flat=True)),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


STAFF_STEPS = ("accept", "assign", "sign_for", "reply", "close", "reject", "merge", "transfer", "return")


def _staff_steps_outside_office_hours() -> list[str]:
    """Steps of staff and units (not citizens') that the demo dated at night or on a rest day of the
    working-day calendar. Steps taken while the demo loaded (a transfer "just now", within the last
    hour) are real moments, not dated ones."""
    since = timezone.now() - datetime.timedelta(hours=1)
    calendar = work_calendar()
    found = []
    events = SuggestionEvent.objects.filter(action__in=STAFF_STEPS, at__lt=since)
    for code, action, at in events.values_list("suggestion__code", "action", "at").iterator():
        local = timezone.localtime(at)
        office = datetime.time(9, 0) <= local.time() <= datetime.time(17, 30)
        if not (office and calendar.is_working_day(local.date())):
            found.append(f"{code} {action} {local:%Y-%m-%d %a %H:%M}")
    return found


def test_staff_and_units_act_in_office_hours_on_working_days(demo_city):
    # In the generated years as in the story: a tracking page never shows 受理 at 04:12 on a Sunday.
    outside = _staff_steps_outside_office_hours()
    assert not outside, outside[:10]


def test_demo_city_has_the_size_the_brief_asks_for(demo_city):
    assert Deputy.objects.filter(level="municipal").count() == 350
    assert Deputy.objects.exclude(level="municipal").count() >= 3000
    # The city's own departments; each district's government has its own few besides (docs/bodies.md).
    assert 25 <= HandlingUnit.objects.filter(body__parent__isnull=True).count() <= 40
    assert Area.objects.filter(level=Area.Level.COMMUNITY).count() > 50
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"admin", "staff", "leader", "deputy", "unit", "liaison"} <= usernames
    assert Deputy.objects.filter(user__username="deputy").exists()
    # Every kind of notification the demo's journeys wrote is a stable code staff see by name.
    kinds = set(Notification.objects.values_list("kind", flat=True).distinct())
    assert len(kinds) >= 8 and not [kind for kind in kinds if ":" in kind]
    assert sorted(kinds - set(dict(kind_choices())) - {""}) == []


def test_loading_the_demo_twice_changes_nothing(demo_city):
    before = _fingerprint()
    counts = (Deputy.objects.count(), Station.objects.count(), StationMembership.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert _fingerprint() == before
    assert (Deputy.objects.count(), Station.objects.count(), StationMembership.objects.count()) == counts
