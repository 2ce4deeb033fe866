"""Automatic dispatch (自动分办): off by default; when on, a new item whose suggested category and
unit are confident enough is accepted and assigned by the system through the triage services,
audited and listed for a clerk's check; a unit's return lowers trust in that route."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress import roles
from congress.errors import DomainError
from congress.models import AuditEvent, HandlingUnit
from suggestions import services, tasks
from suggestions.models import Assignment, Status, Suggestion, SuggestionEvent
from suggestions.routing import dispatch, learn, trust
from suggestions.routing import services as routing
from suggestions.routing.models import AutoDispatch, RouteTrust, RoutingModel, RoutingTarget
from suggestions.routing.selectors import newest_model
from tests.factories.core import BodyFactory, UnitOfficerFactory, UserFactory, body_staff
from tests.suggestions.test_routing import history  # noqa: F401  (the triaged history fixture)

CLEAR = {"title": "井盖丢失", "text": "民主路的井盖丢失了很危险，希望尽快处理。"}
CLEAR_AGAIN = {"title": "井盖丢失", "text": "建设路的井盖丢失了很危险，请尽快处理。"}
VAGUE = {"title": "一点意见", "text": "我有一个想法想反映一下，希望有关部门重视。"}
CITY_MANAGEMENT = "示范市城市管理局"


@pytest.fixture
def trained(history: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    body = Suggestion.objects.get(code="H0000000").body
    for target in RoutingTarget.values:
        routing.routing_model_train(body=body, target=target, folds=3)
    return history


@pytest.fixture
def auto_on(settings: Any, monkeypatch: Any) -> Any:
    """Automatic dispatch switched on; the worker runs the task at once (what the queue would do)."""
    settings.SUGGESTIONS_AUTO_DISPATCH = True
    monkeypatch.setattr(
        tasks.suggestion_auto_dispatch, "delay", lambda pk: tasks.suggestion_auto_dispatch(pk)
    )
    return settings


def _submit_and_run(submit: Any, django_capture_on_commit_callbacks: Any, **fields: Any) -> Suggestion:
    with django_capture_on_commit_callbacks(execute=True):
        item = submit(category=None, **fields).suggestion
    return Suggestion.objects.get(pk=item.pk)


def _officer_of(unit: HandlingUnit) -> Any:
    user = UserFactory(username=f"officer-{unit.pk}")
    user.groups.add(Group.objects.get(name=roles.UNIT_OFFICER))
    UnitOfficerFactory(unit=unit, user=user)
    return user


def test_the_models_found_a_threshold_to_dispatch_by(trained):
    thresholds = list(RoutingModel.objects.values_list("threshold", flat=True))
    assert len(thresholds) == 2 and all(t is not None and 0 < t < 1 for t in thresholds)


def test_off_by_default_a_confident_item_waits_for_a_clerk(
    trained, submit, django_capture_on_commit_callbacks
):
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR)
    assert item.status == Status.SUBMITTED
    assert dispatch.suggestion_auto_dispatch(suggestion_id=item.pk) is None
    assert not AutoDispatch.objects.exists() and not Assignment.objects.filter(suggestion=item).exists()


def test_on_a_confident_item_is_accepted_and_assigned_by_the_system(
    trained, submit, auto_on, django_capture_on_commit_callbacks
):
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR)
    assert item.status == Status.ASSIGNED
    record = AutoDispatch.objects.get(suggestion=item)
    lead = Assignment.objects.get(suggestion=item, role=Assignment.Role.LEAD)
    assert lead.unit == record.unit == trained["units"][CITY_MANAGEMENT]
    assert item.category == record.category == trained["categories"]["urban"]
    assert min(record.category_confidence, record.unit_confidence) >= record.threshold
    assert record.threshold == max(t or 0.0 for t in RoutingModel.objects.values_list("threshold", flat=True))
    # Through the triage services: their steps, by the system (no user), and the dispatch said so.
    steps = list(
        SuggestionEvent.objects.filter(suggestion=item).order_by("pk").values_list("action", "actor")
    )
    assert [a for a, _u in steps] == ["submit", "auto_dispatch", "categorise", "accept", "assign"]
    assert {u for _a, u in steps} == {None}
    note = SuggestionEvent.objects.get(suggestion=item, action="auto_dispatch").note
    assert CITY_MANAGEMENT in note and "复核" in note
    assert AuditEvent.objects.filter(action="suggestion_auto_dispatch", object_id=item.pk).exists()
    # Running it again (a retried task) changes nothing.
    assert dispatch.suggestion_auto_dispatch(suggestion_id=item.pk) is None
    assert Assignment.objects.filter(suggestion=item).count() == 1


def test_below_the_threshold_it_waits_and_at_it_it_is_dispatched(
    trained, submit, auto_on, django_capture_on_commit_callbacks
):
    body_id = Suggestion.objects.get(code="H0000000").body_id
    text = f"{CLEAR['title']}\n{CLEAR['text']}"
    confidences = [
        learn.top(newest_model(int(body_id or 0), target)[1], text, k=1)[0][1]  # type: ignore[index]
        for target in RoutingTarget.values
    ]
    auto_on.SUGGESTIONS_AUTO_DISPATCH_THRESHOLD = min(confidences) + 1e-6
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR)
    assert item.status == Status.SUBMITTED and not AutoDispatch.objects.exists()
    auto_on.SUGGESTIONS_AUTO_DISPATCH_THRESHOLD = min(confidences)
    assert dispatch.suggestion_auto_dispatch(suggestion_id=item.pk) is not None
    assert Suggestion.objects.get(pk=item.pk).status == Status.ASSIGNED


def test_without_a_threshold_from_the_evaluation_nothing_is_dispatched(
    trained, submit, auto_on, django_capture_on_commit_callbacks
):
    RoutingModel.objects.filter(target=RoutingTarget.UNIT).update(threshold=None)
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR)
    assert item.status == Status.SUBMITTED and not AutoDispatch.objects.exists()


def test_a_submitter_category_other_than_the_suggested_one_leaves_it_to_a_clerk(
    trained, submit, auto_on, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = submit(category=trained["categories"]["health"], **CLEAR).suggestion
    assert Suggestion.objects.get(pk=item.pk).status == Status.SUBMITTED


def test_an_inactive_unit_is_never_dispatched_to(
    trained, submit, auto_on, django_capture_on_commit_callbacks
):
    HandlingUnit.objects.filter(pk=trained["units"][CITY_MANAGEMENT].pk).update(is_active=False)
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR)
    assert item.status == Status.SUBMITTED and not AutoDispatch.objects.exists()


def test_a_unit_moved_to_another_body_is_never_dispatched_to(
    trained, submit, auto_on, django_capture_on_commit_callbacks
):
    HandlingUnit.objects.filter(pk=trained["units"][CITY_MANAGEMENT].pk).update(body=BodyFactory())
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR)
    assert item.status == Status.SUBMITTED and not AutoDispatch.objects.exists()


def test_an_item_of_another_body_is_not_routed_by_this_bodys_model(
    trained, submit, auto_on, django_capture_on_commit_callbacks
):
    district = BodyFactory()
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, body_id=district.pk, **CLEAR)
    assert item.body_id == district.pk
    assert item.status == Status.SUBMITTED and not AutoDispatch.objects.exists()


def test_a_return_lowers_trust_so_the_next_similar_item_waits(
    trained, submit, auto_on, django_capture_on_commit_callbacks
):
    auto_on.SUGGESTIONS_AUTO_DISPATCH_MAX_RETURNS = 1
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR)
    record = AutoDispatch.objects.get(suggestion=item)
    lead = Assignment.objects.get(suggestion=item, role=Assignment.Role.LEAD)
    services.assignment_return(assignment=lead, actor=_officer_of(lead.unit), reason="应由住建部门办理")
    route = RouteTrust.objects.get()
    assert (route.body_id, route.category_id, route.unit_id, route.returns) == (
        item.body_id,
        record.category_id,
        record.unit_id,
        1,
    )
    assert AutoDispatch.objects.get(pk=record.pk).returned_at is not None
    assert AuditEvent.objects.filter(action="route_trust_lower", object_id=route.pk).exists()
    again = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR_AGAIN)
    assert again.status == Status.SUBMITTED
    assert AutoDispatch.objects.count() == 1


def test_each_return_raises_the_routes_threshold_until_it_is_off(trained, settings):
    body_id = Suggestion.objects.get(code="H0000000").body_id
    unit = trained["units"][CITY_MANAGEMENT]
    category = trained["categories"]["urban"]
    route = {"body_id": body_id, "category_id": category.pk, "unit_id": unit.pk}
    assert trust.route_threshold(**route, base=0.9) == pytest.approx(0.9)
    RouteTrust.objects.create(**route, returns=1)
    assert trust.route_threshold(**route, base=0.9) == pytest.approx(0.95)
    RouteTrust.objects.filter(**route).update(returns=2)
    assert trust.route_threshold(**route, base=0.9) is None


def test_a_return_of_an_item_a_clerk_dispatched_changes_no_trust(trained, submit, staff):
    item = submit(category=None, **CLEAR).suggestion
    unit = trained["units"][CITY_MANAGEMENT]
    services.suggestion_assign(suggestion=item, lead_unit=unit, actor=staff)
    lead = Assignment.objects.get(suggestion=item, role=Assignment.Role.LEAD)
    services.assignment_return(assignment=lead, actor=_officer_of(unit), reason="不属于本单位")
    assert not RouteTrust.objects.exists()


def test_the_clerks_check_list_shows_it_until_marked_checked(
    trained, submit, auto_on, staff, client, django_capture_on_commit_callbacks
):
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR)
    by_hand = submit(category=None, **VAGUE).suggestion
    client.force_login(staff)
    changelist = reverse("admin:suggestions_suggestion_changelist")
    listed = client.get(changelist, {"auto_dispatch": "unchecked"})
    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == [item]
    assert "自动分办，待复核" in listed.content.decode()
    response = client.post(
        changelist,
        {"action": "auto_dispatch_check_action", "_selected_action": [item.pk, by_hand.pk]},
    )
    assert response.status_code == 302
    record = AutoDispatch.objects.get(suggestion=item)
    assert record.checked_by == staff and record.checked_at is not None
    assert SuggestionEvent.objects.filter(
        suggestion=item, action="auto_dispatch_checked", actor=staff
    ).exists()
    assert AuditEvent.objects.filter(action="auto_dispatch_check", object_id=item.pk).count() == 1
    assert not SuggestionEvent.objects.filter(suggestion=by_hand, action="auto_dispatch_checked").exists()
    assert list(client.get(changelist, {"auto_dispatch": "unchecked"}).context["cl"].result_list) == []
    assert list(client.get(changelist, {"auto_dispatch": "checked"}).context["cl"].result_list) == [item]


def test_only_committee_staff_of_the_items_body_may_mark_it_checked(
    trained, submit, auto_on, django_capture_on_commit_callbacks
):
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR)
    with pytest.raises(DomainError):
        dispatch.auto_dispatch_check(suggestions=[item], actor=_officer_of(trained["units"][CITY_MANAGEMENT]))
    with pytest.raises(DomainError):
        dispatch.auto_dispatch_check(suggestions=[item], actor=body_staff(BodyFactory.create()))
    assert AutoDispatch.objects.get(suggestion=item).checked_at is None
    assert not SuggestionEvent.objects.filter(action="auto_dispatch_checked").exists()


def _triage_queries(client: Any) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:suggestions_triageitem_changelist"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_triage_list_shows_the_top_suggestion_in_a_fixed_number_of_queries(
    trained, submit, staff, client
):
    client.force_login(staff)
    submit(category=None, **CLEAR)
    submit(category=None, **CLEAR)  # a likely duplicate on the page from the start
    _triage_queries(client)  # the models are loaded into this process once per version
    few, page = _triage_queries(client)
    assert "建议类别 / 主办单位" in page and f"{CITY_MANAGEMENT}&nbsp;(" in page
    for _n in range(4):
        submit(category=None, **CLEAR_AGAIN)
        submit(category=None, **VAGUE)
    many, _page = _triage_queries(client)
    assert many == few


def test_the_case_page_says_in_plain_chinese_that_the_model_dispatched_it(
    trained, submit, auto_on, staff, client, django_capture_on_commit_callbacks
):
    item = _submit_and_run(submit, django_capture_on_commit_callbacks, **CLEAR)
    client.force_login(staff)
    page = client.get(reverse("admin:suggestions_suggestion_case", args=[item.pk])).content.decode()
    assert "智能分办自动交办，待工作人员复核" in page
    assert "由智能分办自动交办：类别“城市管理”" in page and f"主办单位“{CITY_MANAGEMENT}”" in page
