"""What a handling unit trips over (issue 23): after 不满意 both rounds link to each other and the
new round carries the reply form; unsigned items come first in the inbox, marked 未签收; the unit
sees where the problem is, while the submitter's contact stays masked."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from suggestions.models import Assignment

from .conftest import lead_assignment


def _rounds(item) -> tuple[Assignment, Assignment]:
    first, second = Assignment.objects.filter(suggestion=item, role="lead").order_by("round", "pk")
    return first, second


def test_the_first_round_links_to_the_reopened_round_and_back(client, make, officer):
    item = make("reopened")
    first, second = _rounds(item)
    assert (first.round, second.round) == (0, 1)
    client.force_login(officer)
    old = client.get(reverse("unit-item", args=[first.pk])).content.decode()
    assert 'id="later-round"' in old and reverse("unit-item", args=[second.pk]) in old
    assert "重新办理" in old and 'name="action" value="reply"' not in old
    new = client.get(reverse("unit-item", args=[second.pk])).content.decode()
    assert 'id="earlier-round"' in new and reverse("unit-item", args=[first.pk]) in new
    # The new round is signed already (the unit knows the item) and takes the second reply.
    assert 'name="action" value="reply"' in new and 'id="later-round"' not in new


def test_the_second_reply_goes_through_the_new_round(client, make, officer):
    item = make("reopened")
    _first, second = _rounds(item)
    client.force_login(officer)
    response = client.post(
        reverse("unit-item", args=[second.pk]),
        {"action": "reply", "outcome": "A", "text": "已更换全部灯杆并复查线路，夜间照明恢复正常。"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "replied" and item.replies.count() == 2


def test_a_round_of_another_unit_is_never_linked(client, make, officer, other_officer):
    item = make("reopened")
    first, second = _rounds(item)
    client.force_login(other_officer)
    assert client.get(reverse("unit-item", args=[first.pk])).status_code == 404
    assert client.get(reverse("unit-item", args=[second.pk])).status_code == 404


def test_unsigned_items_come_first_and_are_marked(client, make, officer):
    signed = make("signed_for")
    lead = lead_assignment(signed)
    # The signed item is due sooner: by due date alone it would come first.
    Assignment.objects.filter(pk=lead.pk).update(due_date=timezone.localdate() + datetime.timedelta(days=1))
    new = make("assigned")
    client.force_login(officer)
    page = client.get(reverse("unit-home")).content.decode()
    assert page.index(new.code) < page.index(signed.code)
    new_card = page[page.rindex("<li", 0, page.index(new.code)) : page.index(new.code)]
    assert "sg-new" in new_card
    assert page.count("未签收") == 1


def test_unsigned_first_holds_across_pages(client, make, officer):
    for _ in range(26):
        item = make("signed_for")
        Assignment.objects.filter(pk=lead_assignment(item).pk).update(due_date=timezone.localdate())
    new = make("assigned")
    client.force_login(officer)
    assert new.code in client.get(reverse("unit-home")).content.decode()


def test_the_unit_sees_the_place_of_the_problem_but_not_the_contact(client, make, officer):
    item = make("assigned", address="东岗西路与天水路交叉口东北角")
    client.force_login(officer)
    page = client.get(reverse("unit-item", args=[lead_assignment(item).pk])).content.decode()
    assert "东岗西路与天水路交叉口东北角" in page
    assert "13912345678" not in page and "王小明" not in page


def test_a_phone_number_typed_into_the_address_stays_masked(client, make, officer):
    item = make("assigned", address="东岗西路12号 联系13800001111")
    client.force_login(officer)
    page = client.get(reverse("unit-item", args=[lead_assignment(item).pk])).content.decode()
    assert "东岗西路12号" in page and "13800001111" not in page
