"""Committee staff in the admin: the triage queue, the case page actions, bulk assignment, entry from
other channels and the hotline import."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress import roles
from suggestions.models import Assignment, Suggestion
from tests.factories.core import UserFactory


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_triage_queue_lists_new_and_returned_items_oldest_first_with_time_left(staff_client, make):
    first = make("submitted")
    returned = make("returned")
    make("assigned")
    page = staff_client.get(reverse("admin:suggestions_triageitem_changelist")).content.decode()
    assert first.code in page and returned.code in page
    assert page.index(first.code) < page.index(returned.code)
    assert "剩余" in page or "已超期" in page


def test_triage_queue_query_count_does_not_grow(staff_client, make, django_assert_num_queries):
    make("submitted")
    make("submitted")  # the same text: the likely-duplicates column has something to check
    url = reverse("admin:suggestions_triageitem_changelist")
    staff_client.get(url)
    # 9: no second COUNT(*) of the whole table for "N of M" (congress.admin_paging); one read of
    # the bodies the staff member sees, once per request (congress.bodies); one for the newest
    # routing models of the page's bodies (the suggested category / unit column); two to keep the
    # likely duplicates the staff member may see (the items here share their text).
    with django_assert_num_queries(11) as one:
        staff_client.get(url)
    for _ in range(5):
        make("submitted")
    with django_assert_num_queries(len(one.captured_queries)):
        staff_client.get(url)


def _case(client, item, **data):
    return client.post(reverse("admin:suggestions_suggestion_case", args=[item.pk]), data)


def test_case_page_accept_and_assign_with_a_co_unit(staff_client, make, unit, other_officer):
    item = make("submitted")
    assert staff_client.get(reverse("admin:suggestions_suggestion_change", args=[item.pk])).status_code == 302
    assert _case(staff_client, item, action="accept").status_code == 302
    response = _case(
        staff_client, item, action="assign", lead_unit=unit.pk, co_units=[other_officer.unit_officer.unit.pk]
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "assigned"
    assert Assignment.objects.filter(suggestion=item).count() == 2


def test_case_page_reject_with_a_template_reason(staff_client, make):
    from suggestions.models import RejectionReason

    item = make("submitted")
    reason = RejectionReason.objects.get(title="属于个人纠纷")
    _case(staff_client, item, action="reject", template=reason.pk, reason="")
    item.refresh_from_db()
    assert item.status == "rejected" and "民事纠纷" in item.rejection_reason


def test_case_page_merge_by_code(staff_client, make, submit):
    main = submit(title="主件").suggestion
    item = make("submitted")
    _case(staff_client, item, action="merge", into=main.code.lower())
    item.refresh_from_db()
    assert item.merged_into == main


def test_illegal_action_shows_the_chinese_refusal(staff_client, make):
    item = make("closed")
    response = _case(staff_client, item, action="accept")
    assert response.status_code == 200 and "当前无法执行此操作" in response.content.decode()


def test_case_page_shows_likely_duplicates(staff_client, make, submit):
    original = submit().suggestion
    item = make("submitted")
    page = staff_client.get(reverse("admin:suggestions_suggestion_case", args=[item.pk])).content.decode()
    assert "可能重复的事项" in page and original.code in page


def test_case_page_records_supervision_and_key_suggestion(staff_client, make, staff):
    item = make("assigned")
    _case(
        staff_client,
        item,
        action="supervise",
        kind="leader",
        method="on_site",
        held_on="2026-11-20",
        note="现场督办",
    )
    leader = UserFactory(first_name="王建国")
    leader.groups.add(Group.objects.get(name=roles.COMMITTEE_LEADER))
    _case(staff_client, item, action="key", is_key="on", lead_official="副市长", supervising_leader=leader.pk)
    item.refresh_from_db()
    assert item.is_key and item.supervisions.count() == 1


def test_bulk_assignment_from_the_changelist(staff_client, make, unit):
    items = [make("submitted"), make("accepted")]
    response = staff_client.post(
        reverse("admin:suggestions_suggestion_changelist"),
        {
            "action": "assign_selected",
            "_selected_action": [i.pk for i in items],
            "apply": "1",
            "lead_unit": unit.pk,
        },
    )
    assert response.status_code == 302
    assert set(Suggestion.objects.filter(pk__in=[i.pk for i in items]).values_list("status", flat=True)) == {
        "assigned"
    }


def test_staff_enter_a_letter(staff_client, category):
    response = staff_client.post(
        reverse("admin:suggestions_suggestion_enter"),
        {"channel": "letter", "category": category.pk, "title": "来信", "text": "反映小区供暖不热的问题。"},
    )
    assert response.status_code == 302
    assert Suggestion.objects.get().channel == "letter"


def _hotline_upload(client, data: bytes, *, confirm: bool = False) -> Any:
    """The hotline import page as a clerk uses it: upload (a dry run), then confirm."""
    url = reverse("admin:suggestions_suggestion_import")
    page = client.post(url, {"import_file": SimpleUploadedFile("batch.csv", data, content_type="text/csv")})
    if not confirm:
        return page
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode())
    assert token is not None, page.content.decode()
    return client.post(url, {"token": token[1], "confirm": "1"})


def test_hotline_import_is_all_or_nothing(staff_client, category, street):
    header = "工单编号,标题,诉求内容,类别代码,区域代码,地址,姓名,手机号\n"
    good = f"A1,噪音,夜间施工噪音扰民严重,{category.code},{street.code},某路,张三,13900001111\n"
    bad = f"A2,积水,道路积水,nope,{street.code},某路,李四,13900002222\n"
    page = _hotline_upload(staff_client, (header + good + bad).encode("gb18030")).content.decode()
    assert "第3行「类别」列" in page and 'name="confirm"' not in page and not Suggestion.objects.exists()
    assert _hotline_upload(staff_client, (header + good).encode("utf-8"), confirm=True).status_code == 302
    assert Suggestion.objects.get().channel == "hotline"


def test_reveal_in_the_admin_is_logged(staff_client, make, staff):
    item = make("submitted")
    page = _case(staff_client, item, action="reveal").content.decode()
    assert "13912345678" in page
    assert item.access_logs.filter(user=staff).exists()


def test_hotline_work_orders_are_imported_once(staff_client, category, street):
    header = "工单编号,标题,诉求内容,类别代码,区域代码,地址,姓名,手机号\n"
    row = f"GD-2026-001,噪音,夜间施工噪音扰民严重,{category.code},{street.code},某路,张三,13900001111\n"
    _hotline_upload(staff_client, (header + row).encode("utf-8"), confirm=True)
    page = _hotline_upload(staff_client, (header + row).encode("utf-8")).content.decode()
    assert Suggestion.objects.get().external_ref == "GD-2026-001"
    assert "GD-2026-001 →" in page and "不变" in page


def test_case_page_lists_the_notifications_sent_about_the_item(staff_client, make):
    item = make("submitted")
    page = staff_client.get(reverse("admin:suggestions_suggestion_case", args=[item.pk])).content.decode()
    # What was sent, by its subject; the kind's code is not a label staff read.
    assert "您的意见建议已收到" in page and "suggestion.received" not in page
    assert "13912345678" not in page


def test_leader_reads_cases_and_records_supervision_but_cannot_assign(client, make, unit, role_groups):
    from django.contrib.auth.models import Group

    from congress import roles
    from tests.factories.core import UserFactory

    leader = UserFactory(username="leader1", is_staff=True)
    leader.groups.add(Group.objects.get(name=roles.COMMITTEE_LEADER))
    client.force_login(leader)
    item = make("accepted")
    assert client.get(reverse("admin:suggestions_suggestion_case", args=[item.pk])).status_code == 200
    _case(client, item, action="assign", lead_unit=unit.pk)
    item.refresh_from_db()
    assert item.status == "accepted"
    _case(client, item, action="supervise", kind="leader", method="meeting", held_on="2026-11-20")
    assert item.supervisions.count() == 1
