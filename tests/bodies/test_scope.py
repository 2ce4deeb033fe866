"""The body scope in the admin and the querysets: a sibling's item is not found (404) anywhere, an
ancestor reads a descendant's item but changes nothing. The actions and URLs are taken from the
admin registry, so an action or page added later is covered without editing this file."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import RequestFactory
from django.urls import reverse

from congress.audit import audit_events_for
from congress.errors import DomainError
from suggestions import services
from suggestions.models import AccessLog, Assignment, Suggestion, SuggestionEvent, Supervision, TriageItem

from .conftest import item_in

pytestmark = pytest.mark.django_db

SCOPED_MODELS = (Suggestion, TriageItem)
# What a case page POST may change: every form of the page, with enough data to pass.
CASE_ACTIONS: dict[str, dict[str, Any]] = {
    "accept": {},
    "reject": {"reason": "不属于人大职责范围"},
    "merge": {"into": "NONE"},
    "assign": {},
    "hand": {},
    "key": {"is_key": "on", "lead_official": "张副区长"},
    "supervise": {"kind": "office", "method": "written", "held_on": "2026-12-01"},
    "close": {},
    "publish": {"public_title": "路灯", "public_text": "已修复"},
    "unpublish": {},
    "transfer": {"reason": "属街道职责"},
    "reveal": {},
}


def _snapshot(item: Suggestion) -> tuple[Any, ...]:
    fresh = Suggestion.objects.get(pk=item.pk)
    return (
        fresh.status,
        fresh.body_id,
        fresh.is_key,
        fresh.is_published,
        SuggestionEvent.objects.filter(suggestion=item).count(),
        Assignment.objects.filter(suggestion=item).count(),
        Supervision.objects.filter(suggestion=item).count(),
        AccessLog.objects.filter(suggestion=item).count(),
        audit_events_for(fresh).count(),
    )


def _item_urls(model: type, pk: int) -> list[str]:
    """Every URL of the model's admin that names one object, from its ``get_urls``."""
    model_admin = admin.site._registry[model]
    urls = []
    for pattern in model_admin.get_urls():
        route = str(pattern.pattern)
        if "<int:pk>" in route or "<path:object_id>" in route:
            urls.append(
                f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
                + re.sub(r"<[^>]+>", str(pk), route).lstrip("^").rstrip("$")
            )
    return urls


def _action_names(model: type, user: Any) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return sorted(admin.site._registry[model].get_actions(request))


def test_querysets_follow_the_tree(network):
    mine, below, other = item_in(network, "district"), item_in(network, "street"), item_in(network, "sibling")
    visible = set(Suggestion.objects.visible_to(network.staff["district"]))
    assert mine in visible and below in visible and other not in visible
    assert set(Suggestion.objects.visible_to(network.staff["street"])) == {below}
    assert {mine, below, other} <= set(Suggestion.objects.visible_to(network.staff["root"]))
    assert set(Suggestion.objects.writable_by(network.staff["district"])) == {mine}


@pytest.mark.parametrize("model", SCOPED_MODELS)
def test_a_sibling_gets_404_on_every_object_page(client, network, model):
    other = item_in(network, "sibling")
    client.force_login(network.staff["district"])
    urls = _item_urls(model, other.pk)
    assert urls, "the admin has object pages"
    missing = Suggestion.objects.order_by("-pk").first().pk + 1000
    for url, missing_url in zip(urls, _item_urls(model, missing), strict=True):
        response = client.get(url, follow=True)
        assert response.status_code in (403, 404), url  # delete is closed to everyone (403)
        assert response.status_code == client.get(missing_url, follow=True).status_code, url
    # The user's own item opens: the 404 is the scope, not a broken URL.
    mine = item_in(network, "district")
    assert client.get(reverse("admin:suggestions_suggestion_case", args=[mine.pk])).status_code == 200


def test_a_sibling_does_not_find_the_item_in_the_changelist_search(client, network):
    other = item_in(network, "sibling", title="乙区专属路灯")
    client.force_login(network.staff["district"])
    for name in ("suggestion", "triageitem"):
        for query in (other.code, "乙区专属"):
            page = client.get(f"/admin/suggestions/{name}/", {"q": query}).content.decode()
            assert "乙区专属路灯" not in page  # the search box echoes the query, never the row
    client.force_login(network.staff["root"])
    assert "乙区专属路灯" in client.get("/admin/suggestions/suggestion/", {"q": other.code}).content.decode()


@pytest.mark.parametrize("model", SCOPED_MODELS)
def test_a_sibling_gets_404_from_every_admin_action(client, network, model):
    other = item_in(network, "sibling")
    user = network.staff["district"]
    client.force_login(user)
    before = _snapshot(other)
    url = f"/admin/suggestions/{model._meta.model_name}/"
    for action in _action_names(model, user):
        response = client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [other.pk], "apply": "1"})
        assert response.status_code == 404, action
    assert _snapshot(other) == before


@pytest.mark.parametrize("model", SCOPED_MODELS)
def test_the_parent_cannot_run_any_admin_action_on_a_child_item(client, network, model):
    child = item_in(network, "street")  # new: in the triage queue too
    user = network.staff["district"]
    client.force_login(user)
    before = _snapshot(child)
    url = f"/admin/suggestions/{model._meta.model_name}/"
    names = _action_names(model, user)
    assert "accept_selected" in names
    for action in names:
        lead = network.units["street"].pk
        response = client.post(
            url, {"action": action, ACTION_CHECKBOX_NAME: [child.pk], "apply": "1", "lead_unit": lead}
        )
        assert response.status_code == 302, action
    assert _snapshot(child) == before


def test_the_parent_reads_a_child_item_but_no_case_form_changes_it(client, network):
    child = item_in(network, "street", "submitted", consent_publish=True)
    client.force_login(network.staff["district"])
    url = reverse("admin:suggestions_suggestion_case", args=[child.pk])
    page = client.get(url)
    assert page.status_code == 200 and child.code in page.content.decode()
    assert 'value="accept"' not in page.content.decode()  # no forms for a read-only reader
    before = _snapshot(child)
    for action, data in CASE_ACTIONS.items():
        extra = {"lead_unit": network.units["street"].pk} if action == "assign" else {}
        if action == "transfer":
            extra = {"to_body": network.district.pk}
        client.post(url, {"action": action, **data, **extra})
    assert _snapshot(child) == before
    # The leader of the root body may not supervise or open the contact of a grandchild's item.
    client.force_login(network.staff["leader_root"])
    for action in ("supervise", "reveal"):
        client.post(url, {"action": action, **CASE_ACTIONS[action]})
    assert _snapshot(child) == before


def test_the_parent_may_not_write_through_the_services_either(network):
    child = item_in(network, "street")
    for write in (
        lambda: services.suggestion_accept(suggestion=child, actor=network.staff["district"]),
        lambda: services.suggestion_close(suggestion=child, actor=network.staff["root"]),
        lambda: services.suggestion_transfer(
            suggestion=child, to_body=network.township, reason="x", actor=network.staff["district"]
        ),
    ):
        with pytest.raises(DomainError):
            write()


def test_the_current_body_assigns_only_to_its_own_units(client, network):
    item = item_in(network, "district", "accepted")
    client.force_login(network.staff["district"])
    page = client.get(reverse("admin:suggestions_suggestion_case", args=[item.pk])).content.decode()
    assert network.units["district"].name in page
    assert network.units["root"].name not in page and network.units["street"].name not in page
    with pytest.raises(DomainError):
        services.suggestion_assign(
            suggestion=item, lead_unit=network.units["sibling"], actor=network.staff["district"]
        )


def test_unit_and_station_changelists_follow_the_tree(client, network):
    from tests.factories.deputies import StationFactory

    StationFactory(body=network.sibling, name="乙区代表之家")
    StationFactory(body=network.street, name="甲街道代表之家")
    client.force_login(network.staff["district"])
    units = client.get("/admin/congress/handlingunit/").content.decode()
    assert network.units["street"].name in units and network.units["sibling"].name not in units
    stations = client.get("/admin/stations/station/").content.decode()
    assert "甲街道代表之家" in stations and "乙区代表之家" not in stations
    other_unit = network.units["sibling"]
    assert client.get(f"/admin/congress/handlingunit/{other_unit.pk}/change/").status_code in (302, 404)
