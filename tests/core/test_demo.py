import hashlib
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from congress.models import Area, HandlingUnit
from congress.notifications.kinds import kind_choices
from congress.notifications.models import Notification
from deputies.models import Deputy
from stations.models import Station, StationMembership
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
