"""Deadline policies per body: a body without its own rule inherits its nearest ancestor's, else the
default; a body overrides a code for itself and the bodies below it; a transferred item is triaged
under the receiving body's rule; every override is audited and refused when it makes no sense."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from congress.audit import audit_events_for
from congress.calendar import services as calendar_services
from congress.calendar.models import Deadline, DeadlinePolicy
from congress.calendar.selectors import policies_for_body
from congress.errors import DomainError
from suggestions import services
from suggestions.models import Suggestion

from .conftest import item_in

pytestmark = pytest.mark.django_db

TRIAGE = "opinion.triage"


def _override(network, key, amount, code=TRIAGE):
    return calendar_services.deadline_policy_override(
        body=getattr(network, key), code=code, amount=amount, actor=network.staff[key]
    )


def _amount(network, key, code=TRIAGE):
    return policies_for_body([code], getattr(network, key))[code].amount


def test_every_body_inherits_the_default_while_nobody_overrides(network):
    default = DeadlinePolicy.objects.get(code=TRIAGE, body__isnull=True)
    for key in ("root", "district", "sibling", "street", "township"):
        assert policies_for_body([TRIAGE], getattr(network, key))[TRIAGE].pk == default.pk
    assert policies_for_body([TRIAGE], None)[TRIAGE].pk == default.pk


def test_a_district_override_reaches_its_street_and_township_but_not_its_sibling_or_parent(network):
    _override(network, "district", 5)
    assert _amount(network, "district") == 5
    assert _amount(network, "street") == 5 and _amount(network, "township") == 5
    assert _amount(network, "sibling") == 2 and _amount(network, "root") == 2


def test_the_nearest_rule_wins_over_a_farther_one(network):
    _override(network, "root", 4)
    _override(network, "district", 5)
    _override(network, "township", 7)
    assert _amount(network, "township") == 7
    assert _amount(network, "street") == 5
    assert _amount(network, "sibling") == 4
    # Looked up by id alone (as the services do) the answer is the same, in one query.
    assert policies_for_body([TRIAGE], network.street.pk)[TRIAGE].amount == 5


def test_a_body_that_switches_a_rule_off_switches_it_off_below_it(network):
    own = _override(network, "district", 5)
    own.is_active = False
    calendar_services.deadline_policy_save(policy=own, changed=["is_active"], actor=network.staff["district"])
    owner = network.units["street"]
    with pytest.raises(DomainError):
        calendar_services.deadline_create(
            owner=owner, policy_code=TRIAGE, start=date(2025, 3, 3), body=network.street
        )
    # The sibling still has the default.
    assert (
        calendar_services.deadline_create(
            owner=owner, policy_code=TRIAGE, start=date(2025, 3, 3), body=network.sibling
        ).amount
        == 2
    )


def test_the_override_is_audited_with_the_inherited_and_the_new_period(network):
    policy = _override(network, "district", 5)
    event = audit_events_for(policy).get(action="deadline_policy_override")
    assert event.actor == network.staff["district"]
    assert event.data["body"] == network.district.pk and event.data["inherited_from"] is None
    assert event.from_state == "2个工作日" and event.to_state == "5个工作日"
    assert "甲区人大常委会" in event.note


def test_an_override_is_refused_for_an_unknown_code_or_twice_for_one_body(network):
    with pytest.raises(DomainError, match="没有"):
        _override(network, "district", 5, code="opinion.nothing")
    _override(network, "district", 5)
    with pytest.raises(DomainError, match="已有"):
        _override(network, "district", 6)
    assert DeadlinePolicy.objects.filter(code=TRIAGE).count() == 2


@time_machine.travel(datetime(2025, 3, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_an_item_received_by_a_body_runs_on_that_body_s_rule(network):
    _override(network, "district", 5)
    item = item_in(network, "street")
    assert item.triage_deadline.amount == 5 and item.triage_deadline.policy.body == network.district
    other = item_in(network, "sibling")
    assert other.triage_deadline.amount == 2 and other.triage_deadline.policy.body is None


@time_machine.travel(datetime(2025, 3, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_a_transferred_item_is_triaged_under_the_receiving_body_s_rule(network):
    _override(network, "township", 7)
    item = item_in(network, "district", "accepted")
    assert item.triage_deadline.amount == 2
    services.suggestion_transfer(
        suggestion=item, to_body=network.township, reason="属镇职责", actor=network.staff["district"]
    )
    moved = Suggestion.objects.select_related("triage_deadline__policy").get(pk=item.pk)
    assert moved.triage_deadline.amount == 7 and moved.triage_deadline.policy.body == network.township
    assert moved.triage_deadline.due == date(2025, 3, 12)  # 7 working days after Monday 3 March
    # Both clocks stay on record: the district's closed, the township's open, each audited.
    clocks = Deadline.objects.filter(owner_id=item.pk, policy__code=TRIAGE).order_by("pk")
    assert [(c.amount, c.is_open) for c in clocks] == [(2, False), (7, True)]
    notes = [e.note for e in audit_events_for(item).filter(action="deadline_set")]
    assert any("甲镇人大主席团" in note for note in notes)
    # And back up to the district: its (default) rule applies again.
    services.suggestion_transfer(
        suggestion=moved, to_body=network.district, reason="超出镇职权", actor=network.staff["township"]
    )
    assert Suggestion.objects.get(pk=item.pk).triage_deadline.amount == 2


def test_district_staff_set_their_rule_in_the_admin_and_cannot_touch_the_defaults(client, network):
    staff = network.staff["district"]
    client.force_login(staff)
    default = DeadlinePolicy.objects.get(code=TRIAGE, body__isnull=True)
    add = reverse("admin:workcalendar_deadlinepolicy_add")
    form = {
        "code": TRIAGE,
        "name": "群众意见登记分办",
        "applies_to": "",
        "amount": "3",
        "unit": "working_days",
        "max_extension": "0",
        "source": "区“2310”工作机制",
        "is_active": "on",
    }
    # Without a body it would be a default: refused, with the reason.
    response = client.post(add, form)
    assert response.status_code == 200 and "只能由" in response.content.decode()
    # A sibling's body is not among the choices.
    response = client.post(add, {**form, "body": network.sibling.pk})
    assert response.status_code == 200
    assert not DeadlinePolicy.objects.filter(body=network.sibling).exists()
    response = client.post(add, {**form, "body": network.district.pk})
    assert response.status_code == 302
    own = DeadlinePolicy.objects.get(code=TRIAGE, body=network.district)
    assert own.amount == 3 and audit_events_for(own).filter(action="deadline_policy_override").exists()
    # The default is the root body's to change: the district gets no change form for it.
    change = reverse("admin:workcalendar_deadlinepolicy_change", args=[default.pk])
    response = client.post(change, {**form, "amount": "9"})
    assert response.status_code == 403
    assert DeadlinePolicy.objects.get(pk=default.pk).amount == 2
    # A sibling's rule is not found at all.
    theirs = _override(network, "sibling", 4)
    response = client.get(reverse("admin:workcalendar_deadlinepolicy_change", args=[theirs.pk]))
    assert response.status_code in (302, 404)
