"""The handling-unit workbench: inbox, sign for, reply with a commitment, co-unit views, return."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from suggestions import services
from tests.factories.core import HandlingUnitFactory

from .conftest import lead_assignment


def test_inbox_lists_items_by_due_date_and_marks_overdue(client, make, officer):
    first = make("assigned")
    second = make("assigned")
    lead = lead_assignment(second)
    type(lead).objects.filter(pk=lead.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(officer)
    page = client.get(reverse("unit-home")).content.decode()
    assert page.index(second.code) < page.index(first.code)
    assert "sg-overdue" in page
    overdue = client.get(reverse("unit-home"), {"overdue": "1"}).content.decode()
    assert second.code in overdue and first.code not in overdue


# session, user, officer+unit, page count, page rows, and what unit_base.html adds (unread
# notifications, permission checks for the menu).
UNIT_INBOX_QUERIES = 8


def test_inbox_query_count_does_not_grow_with_items(client, make, officer, django_assert_num_queries):
    make("assigned")
    client.force_login(officer)
    client.get(reverse("unit-home"))
    with django_assert_num_queries(UNIT_INBOX_QUERIES) as one:
        client.get(reverse("unit-home"))
    for _ in range(4):
        make("signed_for")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("unit-home"))


def test_sign_for_then_reply_b_with_a_commitment(client, make, officer):
    item = make("assigned")
    url = reverse("unit-item", args=[lead_assignment(item).pk])
    client.force_login(officer)
    assert client.post(url, {"action": "sign"}).status_code == 302
    due = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    response = client.post(
        url,
        {
            "action": "reply",
            "outcome": "B",
            "text": "已列入今年道路照明改造计划，将于月底前完成。",
            "promise_1": "月底前更换全部灯杆",
            "due_1": due,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "follow_up_due"
    page = client.get(url).content.decode()
    assert "月底前更换全部灯杆" in page and "跟踪答复" in page


def test_reply_b_without_commitment_is_a_form_error(client, make, officer):
    item = make("signed_for")
    client.force_login(officer)
    response = client.post(
        reverse("unit-item", args=[lead_assignment(item).pk]),
        {"action": "reply", "outcome": "B", "text": "已列入今年道路照明改造计划。"},
    )
    assert response.status_code == 200 and "B类答复须至少填写一项承诺" in response.content.decode()


def test_return_through_the_workbench(client, make, officer):
    item = make("assigned")
    client.force_login(officer)
    client.post(
        reverse("unit-item", args=[lead_assignment(item).pk]),
        {"action": "return", "reason": "应由区政府办理"},
    )
    item.refresh_from_db()
    assert item.status == "returned"


def test_lead_unit_sees_co_unit_views_before_replying(client, make, staff, unit, officer, other_officer):
    item = make("accepted")
    lead, co = services.suggestion_assign(
        suggestion=item, lead_unit=unit, co_units=[other_officer.unit_officer.unit], actor=staff
    )
    client.force_login(other_officer)
    client.post(
        reverse("unit-item", args=[co.pk]), {"action": "views", "views": "建议结合人行道改造一并实施。"}
    )
    services.assignment_sign_for(assignment=lead, actor=officer)
    client.force_login(officer)
    page = client.get(reverse("unit-item", args=[lead.pk])).content.decode()
    assert "建议结合人行道改造一并实施" in page


def test_extension_request_from_the_workbench(client, make, officer):
    item = make("signed_for")
    client.force_login(officer)
    response = client.post(
        reverse("unit-item", args=[lead_assignment(item).pk]),
        {"action": "extension", "amount": 2, "reason": "需协调"},
    )
    # The citizen-opinion reply limit cannot be extended: a clear error, not a 500.
    assert response.status_code == 200 and "不能延长" in response.content.decode()


def test_unused_unit_is_not_listed(client, officer):
    HandlingUnitFactory()
    client.force_login(officer)
    assert client.get(reverse("unit-home")).status_code == 200
