"""督办领导 on the case page: the leaders of the body handling the item, named by name and post; a
clerk's login or another body's leader is refused by the service whatever the form offered."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from congress import roles
from congress.bodies import root_body
from congress.errors import DomainError
from suggestions import services
from tests.factories.core import BodyFactory, body_staff
from tests.factories.deputies import CommitteeMemberFactory


@pytest.fixture
def world(make, role_groups):
    """The root body with a clerk and a vice-chair (who sits on the committee), and a district with
    its own leader."""
    item = make("accepted")  # before a second body exists: the fixtures' staff hold the only one
    root = root_body()
    clerk = body_staff(root, username="clerk1")
    vice_chair = body_staff(root, role=roles.COMMITTEE_LEADER, username="leader")
    CommitteeMemberFactory(name="王建国", post="常委会副主任", user=vice_chair, body=root)
    district = BodyFactory.create(name="城关区人大常委会")
    district_leader = body_staff(district, role=roles.COMMITTEE_LEADER, username="cgleader")
    return {
        "item": item,
        "clerk": clerk,
        "vice_chair": vice_chair,
        "district_leader": district_leader,
    }


def _leader_options(html: str) -> list[str]:
    select = re.search(r'<select name="supervising_leader"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))]


def test_the_case_page_lists_only_the_bodys_leaders_by_name_and_post(client, world):
    client.force_login(world["clerk"])
    html = client.get(reverse("admin:suggestions_suggestion_case", args=[world["item"].pk])).content.decode()
    options = [label for label in _leader_options(html) if label != "---------"]
    assert options == ["王建国（常委会副主任）"]


def test_a_leader_without_a_committee_record_is_shown_by_full_name_not_login(client, world):
    other = body_staff(root_body(), role=roles.COMMITTEE_LEADER, username="leader2")
    other.last_name, other.first_name = "李", "红"
    other.save()
    client.force_login(world["clerk"])
    html = client.get(reverse("admin:suggestions_suggestion_case", args=[world["item"].pk])).content.decode()
    assert "李红" in _leader_options(html)
    assert not any("leader2" in label or "clerk1" in label for label in _leader_options(html))


@pytest.mark.parametrize("who", ["clerk", "district_leader"])
def test_the_service_refuses_a_supervising_leader_who_is_not_a_leader_of_the_body(world, who):
    with pytest.raises(DomainError) as refused:
        services.suggestion_mark_key(
            suggestion=world["item"],
            is_key=True,
            lead_official="分管副市长",
            supervising_leader=world[who],
            actor=world["clerk"],
        )
    assert refused.value.field == "supervising_leader"
    world["item"].refresh_from_db()
    assert not world["item"].is_key


def test_a_posted_clerk_is_refused_with_a_form_error(client, world):
    client.force_login(world["clerk"])
    response = client.post(
        reverse("admin:suggestions_suggestion_case", args=[world["item"].pk]),
        {
            "action": "key",
            "is_key": "on",
            "lead_official": "分管副市长",
            "supervising_leader": world["clerk"].pk,
        },
    )
    assert response.status_code == 200
    world["item"].refresh_from_db()
    assert not world["item"].is_key
    client.post(
        reverse("admin:suggestions_suggestion_case", args=[world["item"].pk]),
        {
            "action": "key",
            "is_key": "on",
            "lead_official": "分管副市长",
            "supervising_leader": world["vice_chair"].pk,
        },
    )
    world["item"].refresh_from_db()
    assert world["item"].is_key and world["item"].supervising_leader == world["vice_chair"]
    html = client.get(reverse("admin:suggestions_suggestion_case", args=[world["item"].pk])).content.decode()
    assert "王建国（常委会副主任）" in html
