"""Reminder numbers per body (docs/reminders.md): a body without its own number inherits its nearest
ancestor's, else the default; the scans count every item with the numbers of the body that handles
it, in one statement per group of bodies; a body's staff set their own body's numbers through the
admin and nobody else's."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from congress.audit import audit_events_for
from congress.errors import DomainError
from congress.notifications.models import ReminderPolicy
from congress.notifications.policies import (
    DUE_SOON_WORKING_DAYS,
    RATING_REMINDER_DAYS,
    VERY_OVERDUE_WORKING_DAYS,
    policy_groups,
    policy_value,
)
from congress.notifications.services import reminder_policy_set
from suggestions.models import Assignment
from suggestions.services import overdue
from tests.factories.reminders import assigned_item
from tests.reminders.conftest import at

pytestmark = pytest.mark.django_db

WED = datetime.date(2026, 11, 25)
KEYS = ("root", "district", "sibling", "street", "township")


def _set(network, key, value, code=VERY_OVERDUE_WORKING_DAYS):
    return reminder_policy_set(code=code, value=value, body=getattr(network, key), actor=network.staff[key])


def test_every_body_counts_with_the_default_until_one_sets_its_own(network):
    assert {
        key: policy_value(VERY_OVERDUE_WORKING_DAYS, getattr(network, key)) for key in KEYS
    } == dict.fromkeys(KEYS, 5)
    assert [group.body_ids for group in policy_groups(VERY_OVERDUE_WORKING_DAYS)] == [None]
    reminder_policy_set(code=VERY_OVERDUE_WORKING_DAYS, value=6, actor=network.staff["root"])
    assert {policy_value(VERY_OVERDUE_WORKING_DAYS, getattr(network, key)) for key in KEYS} == {6}


def test_a_district_s_number_reaches_its_street_and_township_not_its_sibling_or_parent(network):
    _set(network, "district", 10)
    _set(network, "township", 2)
    values = {key: policy_value(VERY_OVERDUE_WORKING_DAYS, getattr(network, key).pk) for key in KEYS}
    assert values == {"root": 5, "district": 10, "sibling": 5, "street": 10, "township": 2}
    groups = {
        group[VERY_OVERDUE_WORKING_DAYS]: set(group.body_ids or ())
        for group in policy_groups(VERY_OVERDUE_WORKING_DAYS)
    }
    assert groups == {
        5: {network.root.pk, network.sibling.pk},
        10: {network.district.pk, network.street.pk},
        2: {network.township.pk},
    }


def test_the_scan_marks_each_item_by_its_own_body_s_number(network):
    _set(network, "district", 10)
    six_days = datetime.date(2026, 11, 17)  # six working days before WED
    mine = assigned_item(due=six_days, unit=network.units["district"], body=network.district)
    below = assigned_item(due=six_days, unit=network.units["street"], body=network.street)
    sibling = assigned_item(due=six_days, unit=network.units["sibling"], body=network.sibling)
    with at(WED):
        result = overdue.overdue_scan()
    levels = [Assignment.objects.get(pk=a.pk).overdue_level for a in (mine, below, sibling)]
    assert levels == [1, 1, 2]
    assert result.marked_overdue == 2 and result.marked_very_overdue == 1


def test_due_soon_reminders_follow_the_body_s_number(network):
    _set(network, "sibling", 1, code=DUE_SOON_WORKING_DAYS)
    friday = datetime.date(2026, 11, 27)  # two working days after WED
    mine = assigned_item(due=friday, unit=network.units["district"], body=network.district)
    sibling = assigned_item(due=friday, unit=network.units["sibling"], body=network.sibling)
    windows = overdue.Window.all_on(WED)
    found = set()
    for window in windows:
        found |= set(overdue.due_soon_candidates(window).values_list("pk", flat=True))
    assert mine.pk in found and sibling.pk not in found


def test_a_district_sets_its_own_number_and_it_is_audited(network):
    policy = _set(network, "district", 8)
    assert policy.body == network.district
    again = _set(network, "district", 9)
    assert again.pk == policy.pk and ReminderPolicy.objects.filter(body=network.district).count() == 1
    events = list(audit_events_for(again).order_by("pk"))
    assert [event.action for event in events] == ["create", "update"]
    assert events[-1].actor == network.staff["district"]


@pytest.mark.parametrize(
    ("who", "target", "message"),
    [
        ("district", "root", "您只能查看"),
        ("street", "district", "您只能查看"),
        ("district", None, "只能由"),
    ],
)
def test_nobody_sets_a_number_for_a_body_above_or_beside_them_or_the_defaults(network, who, target, message):
    body = getattr(network, target) if target else None
    before = set(ReminderPolicy.objects.values_list("pk", "value"))
    with pytest.raises(DomainError, match=message):
        reminder_policy_set(code=RATING_REMINDER_DAYS, value=3, body=body, actor=network.staff[who])
    assert set(ReminderPolicy.objects.values_list("pk", "value")) == before


def test_the_service_refuses_nonsense(network):
    for code, value in ((RATING_REMINDER_DAYS, 0), (RATING_REMINDER_DAYS, 400), ("suggestions.nothing", 3)):
        with pytest.raises(DomainError):
            reminder_policy_set(
                code=code, value=value, body=network.district, actor=network.staff["district"]
            )


# -- through the admin -------------------------------------------------------------------------------

CHANGELIST = "admin:notifications_reminderpolicy_changelist"


def test_the_admin_adds_a_body_s_number_through_the_service(client, network):
    client.force_login(network.staff["district"])
    response = client.post(
        reverse("admin:notifications_reminderpolicy_add"),
        {"code": RATING_REMINDER_DAYS, "body": network.district.pk, "value": 3},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = ReminderPolicy.objects.get(body=network.district)
    assert policy.value == 3 and audit_events_for(policy).filter(action="create").exists()


def test_the_admin_refuses_the_defaults_and_other_bodies_with_a_message(client, network):
    client.force_login(network.staff["district"])
    url = reverse("admin:notifications_reminderpolicy_add")
    defaults = client.post(url, {"code": RATING_REMINDER_DAYS, "body": "", "value": 3})
    assert defaults.status_code == 200 and "只能由" in defaults.content.decode()
    sibling = client.post(url, {"code": RATING_REMINDER_DAYS, "body": network.sibling.pk, "value": 3})
    assert sibling.status_code == 200
    zero = client.post(url, {"code": RATING_REMINDER_DAYS, "body": network.district.pk, "value": 0})
    assert zero.status_code == 200 and "1 到" in zero.content.decode()
    assert not ReminderPolicy.objects.filter(body__isnull=False).exists()


def test_a_sibling_does_not_find_a_district_s_number_and_the_city_only_reads_it(client, network):
    policy = _set(network, "district", 8)
    change = reverse("admin:notifications_reminderpolicy_change", args=[policy.pk])
    client.force_login(network.staff["sibling"])
    assert str(network.district) not in client.get(reverse(CHANGELIST)).content.decode()
    assert client.get(change).status_code in (302, 404)
    client.force_login(network.staff["root"])
    assert client.get(change).status_code == 200
    client.post(change, {"value": 1})
    assert ReminderPolicy.objects.get(pk=policy.pk).value == 8


def test_the_add_page_offers_the_staff_member_s_own_body_first(client, network):
    client.force_login(network.staff["district"])
    html = client.get(reverse("admin:notifications_reminderpolicy_add")).content.decode()
    assert f'<option value="{network.district.pk}" selected>' in html
    assert (
        f'<option value="{network.sibling.pk}"' not in html
        and f'<option value="{network.root.pk}"' not in html
    )
