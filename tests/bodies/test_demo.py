"""The demo city's body network: ten bodies with their logins, district items, one item transferred
down and one up; loading it twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from congress import demo as congress_demo
from congress.bodies import bodies_visible_to, bodies_writable_by
from congress.models import Body, BodyRole
from suggestions import demo as suggestions_demo
from suggestions.models import Suggestion
from tests.conftest import shared_rows
from tests.factories.core import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("bodies_demo")]


def _load() -> None:
    congress_demo.load(stdout=StringIO())
    suggestions_demo._network(StringIO())


@pytest.fixture(scope="module")
def demo_network(request, django_db_setup, django_db_blocker):
    """The demo network, loaded once for the module; each test reads it in its own savepoint."""
    yield from shared_rows(request, django_db_blocker, _load)


def test_the_demo_network_has_its_bodies_logins_and_transfers_both_ways(demo_network):
    assert Body.objects.count() == 10
    cg = Body.objects.get(name="城关区人大常委会")
    street, town = Body.objects.get(name="东岗街道人大工委"), Body.objects.get(name="青白石镇人大主席团")
    assert street.parent == cg and town.parent == cg and not street.has_congress and town.has_congress
    cgstaff = UserFactory._meta.model.objects.get(username="cgstaff")
    assert set(bodies_visible_to(cgstaff)) == {cg, street, town}
    assert set(bodies_writable_by(cgstaff)) == {cg}
    assert BodyRole.objects.filter(user__username="cgleader", body=cg, role="committee_leader").exists()
    down = Suggestion.objects.get(title="东岗社区楼道堆放杂物存在消防隐患")
    assert (down.received_by, down.body) == (cg, street)
    assert down.events.filter(action="transfer", public_note__contains="东岗街道人大工委").exists()
    up = Suggestion.objects.get(title="雁园路地下供热管网整体老化")
    assert (up.received_by, up.body) == (street, cg)
    assert Suggestion.objects.filter(body=cg, status="assigned").exists()


def test_loading_the_demo_network_twice_changes_nothing(demo_network):
    counts = (Body.objects.count(), BodyRole.objects.count(), Suggestion.objects.count())
    _load()
    assert (Body.objects.count(), BodyRole.objects.count(), Suggestion.objects.count()) == counts


def test_the_demo_district_keeps_the_2310_chain_as_its_own_rule_and_its_street_inherits_it(demo_network):
    from congress.calendar.selectors import policies_for_body

    cg = Body.objects.get(name="城关区人大常委会")
    street = Body.objects.get(name="东岗街道人大工委")
    sibling = Body.objects.get(name="七里河区人大常委会")
    codes = ["opinion.triage", "opinion.routing", "opinion.reply"]
    for body in (cg, street):
        rules = policies_for_body(codes, body)
        assert {code: (rule.body, rule.amount) for code, rule in rules.items()} == {
            "opinion.triage": (cg, 2),
            "opinion.routing": (cg, 3),
            "opinion.reply": (cg, 10),
        }
    assert all(rule.body is None for rule in policies_for_body(codes, sibling).values())


def test_the_demo_district_has_its_own_category_and_reason_that_its_sibling_never_sees(demo_network):
    from congress.selectors import categories_for_body
    from suggestions.models import RejectionReason
    from suggestions.selectors import rejection_reasons_for_body

    cg = Body.objects.get(name="城关区人大常委会")
    street = Body.objects.get(name="东岗街道人大工委")
    sibling = Body.objects.get(name="七里河区人大常委会")
    category = cg.categories.get(code="cg-old-estates")
    reason = RejectionReason.objects.get(body=cg)
    assert category.parent is not None and category.parent.body_id is None
    assert Suggestion.objects.filter(category=category, body=cg).exists()
    for body in (cg, street):
        assert category in categories_for_body(body) and reason in rejection_reasons_for_body(body)
    assert category not in categories_for_body(sibling) and reason not in rejection_reasons_for_body(sibling)
