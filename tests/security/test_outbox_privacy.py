"""The outbox admin shows a citizen's number masked to staff and leaders, on the list and on each
message's page; the full number is one logged click away (DOMAIN.md §9)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from congress import roles
from congress.audit import audit_events_for
from congress.notifications import services
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(role_groups):
    user = UserFactory(username="leader1", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.COMMITTEE_LEADER))
    return user


@pytest.fixture
def sms():
    return services.notify(channel="sms", subject="受理通知", body="您的意见已受理", to_address="13912345678")


@pytest.mark.parametrize("who", ["staff", "leader"])
def test_the_message_page_shows_the_number_masked(client, who, staff, leader, sms):
    client.force_login({"staff": staff, "leader": leader}[who])
    for url in (
        reverse("admin:notifications_notification_changelist"),
        reverse("admin:notifications_notification_change", args=[sms.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "13912345678" not in page.content.decode(), url
    assert "139****5678" in page.content.decode()


@pytest.mark.parametrize("who", ["staff", "leader"])
def test_revealing_the_number_is_logged(client, who, staff, leader, sms):
    user = {"staff": staff, "leader": leader}[who]
    client.force_login(user)
    url = reverse("admin:notifications_notification_reveal", args=[sms.pk])
    assert client.get(url).status_code == 405  # a link preview never opens it
    assert not audit_events_for(sms).exists()
    page = client.post(url)
    assert page.status_code == 200 and "13912345678" in page.content.decode()
    (event,) = audit_events_for(sms)
    assert event.action == "address_reveal" and event.actor == user


def test_the_reveal_is_not_open_to_others(client, officer, sms):
    client.force_login(officer)
    response = client.post(reverse("admin:notifications_notification_reveal", args=[sms.pk]))
    assert response.status_code == 302 and "13912345678" not in response.content.decode()
    assert not audit_events_for(sms).exists()
