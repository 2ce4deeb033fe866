"""A deputy checks in while the reception is on: from an hour before it starts until an hour after
it ends (settings RECEPTION_CHECK_IN_OPENS_MINUTES / _CLOSES_MINUTES, stations/check_in.py). The
08:33 check-in for a 14:30 reception of issue 23 is refused with the window in the message, and the
dashboard says the window and shows the button only while it is open."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from congress.errors import DomainError
from deputies.models import DutyRecord
from stations.services import reception_check_in
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.stations import ReceptionFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 23)
BEIJING = dt.timezone(dt.timedelta(hours=8))


def _at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=BEIJING)


@pytest.fixture
def afternoon():
    deputy = DeputyFactory.create(user=UserFactory.create())
    reception = ReceptionFactory.create(date=DAY, start_time=dt.time(14, 30), end_time=dt.time(16, 30))
    reception.duty_deputies.add(deputy)
    return reception, deputy


def test_the_morning_check_in_of_issue_23_is_refused_with_the_window(afternoon) -> None:
    reception, deputy = afternoon
    with pytest.raises(DomainError) as refused:
        reception_check_in(reception=reception, deputy=deputy, now=_at(8, 33))
    assert "13:30" in refused.value.message and "17:30" in refused.value.message
    assert "60" in refused.value.message
    assert not DutyRecord.objects.filter(deputy=deputy).exists()
    assert not reception.deputies_present.exists()


@pytest.mark.parametrize(
    ("hour", "minute", "accepted"),
    [
        (13, 29, False),
        (13, 30, True),
        (14, 30, True),
        (17, 30, True),
        (17, 31, False),
    ],
)
def test_the_window_edges(afternoon, hour, minute, accepted) -> None:
    reception, deputy = afternoon
    if accepted:
        reception_check_in(reception=reception, deputy=deputy, now=_at(hour, minute))
        assert reception.deputies_present.filter(pk=deputy.pk).exists()
    else:
        with pytest.raises(DomainError):
            reception_check_in(reception=reception, deputy=deputy, now=_at(hour, minute))


def test_the_window_is_a_setting(afternoon, settings) -> None:
    reception, deputy = afternoon
    settings.RECEPTION_CHECK_IN_OPENS_MINUTES = 15
    with pytest.raises(DomainError) as refused:
        reception_check_in(reception=reception, deputy=deputy, now=_at(14, 0))
    assert "14:15" in refused.value.message
    reception_check_in(reception=reception, deputy=deputy, now=_at(14, 15))


def test_the_dashboard_says_the_window_and_offers_the_button_only_inside_it(client, afternoon) -> None:
    reception, deputy = afternoon
    client.force_login(deputy.user)
    button = reverse("reception-check-in", args=[reception.pk])
    with time_machine.travel(_at(8, 33), tick=False):
        page = client.get(reverse("dashboard")).content.decode()
        assert "签到时间：当天 13:30–17:30" in page and button not in page
        response = client.post(button, follow=True)
        assert "13:30" in response.content.decode()
        assert not reception.deputies_present.exists()
    with time_machine.travel(_at(14, 20), tick=False):
        assert button in client.get(reverse("dashboard")).content.decode()
        client.post(button)
        assert reception.deputies_present.filter(pk=deputy.pk).exists()
