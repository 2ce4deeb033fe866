"""Transfers: down to a street or township, up to the district or the city, never across; the
receiving body triages afresh; the history, the audit event and the citizen's timeline say so."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from congress.audit import audit_events_for
from congress.errors import DomainError
from suggestions import services, workflow
from suggestions.models import Status, Suggestion

from .conftest import item_in

pytestmark = pytest.mark.django_db


def _transfer(network, item, to, actor_key, reason="属街道职责，转交办理"):
    return services.suggestion_transfer(
        suggestion=item, to_body=getattr(network, to), reason=reason, actor=network.staff[actor_key]
    )


def test_transfer_down_lands_in_the_street_triage_with_a_fresh_clock(network):
    item = item_in(network, "district", "accepted")
    old_deadline = item.triage_deadline
    moved = _transfer(network, item, "street", "district")
    moved.refresh_from_db()
    assert moved.body == network.street and moved.received_by == network.district
    assert moved.status == Status.SUBMITTED and moved.accepted_at is None
    assert moved.triage_deadline_id not in (None, old_deadline.pk) and moved.triage_deadline.is_open
    old_deadline.refresh_from_db()
    assert not old_deadline.is_open
    # The street's staff now triage it; the district reads it; the district's own writes stop.
    assert moved in Suggestion.objects.writable_by(network.staff["street"])
    assert moved in Suggestion.objects.visible_to(network.staff["district"])
    services.suggestion_accept(suggestion=moved, actor=network.staff["street"])


def test_transfer_is_audited_with_both_bodies_and_the_reason(network):
    item = item_in(network, "district")
    _transfer(network, item, "township", "district", reason="属镇职责")
    event = audit_events_for(item).get(action="transfer")
    assert event.data["from_body"] == network.district.pk and event.data["to_body"] == network.township.pk
    assert event.data["reason"] == "属镇职责" and event.data["direction"] == "down"
    step = item.events.get(action="transfer")
    assert step.from_state == Status.SUBMITTED and "属镇职责" in step.note


def test_transfer_up_from_a_street_to_its_district_and_on_to_the_city(network):
    item = item_in(network, "street")
    _transfer(network, item, "district", "street", reason="超出街道职权")
    assert Suggestion.objects.get(pk=item.pk).body == network.district
    _transfer(network, Suggestion.objects.get(pk=item.pk), "root", "district", reason="需市级统筹")
    item.refresh_from_db()
    assert item.body == network.root and item.received_by == network.street
    assert audit_events_for(item).filter(action="transfer").count() == 2
    assert [e.data["direction"] for e in audit_events_for(item).filter(action="transfer")] == ["up", "up"]


def test_transfer_across_to_a_sibling_or_a_cousin_is_refused(network):
    item = item_in(network, "district")
    with pytest.raises(DomainError):
        _transfer(network, item, "sibling", "district")
    street_item = item_in(network, "street")
    with pytest.raises(DomainError):
        _transfer(network, street_item, "township", "street")  # two streets of one district: across
    with pytest.raises(DomainError):
        _transfer(network, street_item, "sibling", "street")
    assert Suggestion.objects.get(pk=item.pk).body == network.district


def test_transfer_needs_a_reason(network):
    item = item_in(network, "district")
    with pytest.raises(DomainError):
        _transfer(network, item, "street", "district", reason="  ")


def test_a_unit_holding_the_item_blocks_the_transfer(network):
    item = item_in(network, "district", "assigned")
    assert item.status not in workflow.TRANSFER_STATES
    with pytest.raises(DomainError):
        _transfer(network, item, "street", "district")


def test_the_citizen_timeline_says_who_handles_it_now_in_chinese(client, network):
    item = item_in(network, "district")
    with translation.override("zh-hans"):
        _transfer(network, item, "street", "district")
    step = item.events.get(action="transfer")
    assert step.is_public and step.public_note == "已转交甲街道人大工委办理。"
    with translation.override("zh-hans"):
        assert str(workflow.ACTION_LABELS["transfer"]) == "已转交其他机构办理"


def test_the_case_page_transfers_and_the_item_leaves_a_body_that_no_longer_sees_it(client, network):
    item = item_in(network, "street")
    client.force_login(network.staff["street"])
    url = reverse("admin:suggestions_suggestion_case", args=[item.pk])
    assert "甲区人大常委会" in client.get(url).content.decode()  # the district is a transfer choice
    response = client.post(url, {"action": "transfer", "to_body": network.district.pk, "reason": "超出职权"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:suggestions_suggestion_changelist")
    assert Suggestion.objects.get(pk=item.pk).body == network.district
    assert client.get(url).status_code == 404  # passed up: out of the street's sight


def test_a_transferred_item_counts_once_in_a_roll_up(network):
    item = item_in(network, "district")
    _transfer(network, item, "street", "district")
    below_district = Suggestion.objects.in_bodies(
        list(network.district.__class__.objects.descendants_of(network.district).values_list("pk", flat=True))
    )
    assert below_district.filter(pk=item.pk).count() == 1
    assert Suggestion.objects.filter(pk=item.pk).count() == 1


def test_the_tracking_page_tells_the_citizen_in_chinese_who_handles_it_now(client, network):
    item = item_in(network, "district")
    with translation.override("zh-hans"):
        _transfer(network, item, "street", "district", reason="内部理由：属街道职责")
    session = client.session
    session["suggestions_tracked"] = [item.code]
    session.save()
    url = reverse("track-case", args=[item.code])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已转交甲街道人大工委办理。" in page
    assert "内部理由" not in page  # the reason is for staff, not the public timeline
