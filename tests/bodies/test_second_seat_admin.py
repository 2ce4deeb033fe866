"""Staff record a deputy's seat in another congress from the admin (docs/bodies.md, "A deputy of two
congresses"): the upper body's staff add their congress's seat to a lower body's deputy through the
page linked on the deputy's change page; a sibling never reaches the page, a body cannot add a seat
in another body's term, a read-only leader cannot add one, and every refusal is a form error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from congress import roles
from congress.audit import audit_events_for
from congress.models import Term
from deputies.models import Deputy
from tests.factories.core import body_staff
from tests.factories.deputies import DeputyFactory

from .conftest import Network

pytestmark = pytest.mark.django_db


def _term(network: Network, key: str, level: str, name: str, number: int = 19) -> Term:
    return Term.objects.create(
        level=level,
        number=number,
        name=name,
        area=network.areas["city" if key == "root" else key],
        body=getattr(network, key),
        starts_on="2021-12-20",
        ends_on="2026-12-19",
        is_current=True,
    )


@pytest.fixture
def terms(network: Network) -> dict[str, Term]:
    return {
        "root": _term(network, "root", Term.Level.MUNICIPAL, "示范市第十九届人民代表大会"),
        "district": _term(network, "district", Term.Level.COUNTY, "甲区第十九届人民代表大会"),
        "sibling": _term(network, "sibling", Term.Level.COUNTY, "乙区第十九届人民代表大会"),
    }


@pytest.fixture
def deputy(network: Network, terms: dict[str, Term]) -> Deputy:
    return DeputyFactory.create(term=terms["district"], level=Term.Level.COUNTY, name="区级代表甲")


def _url(deputy: Deputy) -> str:
    return reverse("admin:deputies_deputy_second_seat", args=[deputy.pk])


def test_the_city_records_its_seat_for_a_districts_deputy(client, network, terms, deputy):
    client.force_login(network.staff["root"])
    change = client.get(reverse("admin:deputies_deputy_change", args=[deputy.pk])).content.decode()
    assert _url(deputy) in change
    page = client.get(_url(deputy))
    assert page.status_code == 200
    offered = set(page.context["form"].fields["term"].queryset)
    assert offered == {terms["root"]}  # the city's own, not the seat's own nor a district's
    response = client.post(_url(deputy), {"term": terms["root"].pk, "constituency": "甲区人大"})
    seat = Deputy.objects.get(seat_of=deputy)
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("admin:deputies_deputy_change", args=[seat.pk])
    )
    assert seat.term == terms["root"] and seat.name == deputy.name and seat.constituency == "甲区人大"
    assert audit_events_for(seat).exists()
    # The change page now lists the other seat.
    change = client.get(reverse("admin:deputies_deputy_change", args=[deputy.pk])).content.decode()
    assert "示范市第十九届人民代表大会" in change


def test_a_second_time_in_the_same_term_is_a_form_error_and_adds_nothing(client, network, terms, deputy):
    client.force_login(network.staff["root"])
    client.post(_url(deputy), {"term": terms["root"].pk, "constituency": "甲区人大"})
    response = client.post(_url(deputy), {"term": terms["root"].pk, "constituency": "甲区人大"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "已是" in response.content.decode() or "already" in response.content.decode()
    assert Deputy.objects.filter(seat_of=deputy).count() == 1


def test_a_body_cannot_add_a_seat_in_another_bodys_term(client, network, terms, deputy):
    client.force_login(network.staff["district"])
    # The district's own deputy, but a term of the city (above) or of a sibling posted by id.
    for key in ("root", "sibling", "district"):
        response = client.post(_url(deputy), {"term": terms[key].pk, "constituency": "某选区"})
        assert response.status_code == 200
        assert "term" in response.context["form"].errors
    assert not Deputy.objects.filter(seat_of=deputy).exists()


@pytest.mark.parametrize("who", ["sibling", "street", "township"])
def test_a_sibling_or_a_lower_body_does_not_find_the_page(client, network, terms, deputy, who):
    client.force_login(network.staff[who])
    assert client.get(_url(deputy)).status_code == 404
    assert client.post(_url(deputy), {"term": terms["root"].pk, "constituency": "x"}).status_code == 404
    assert not Deputy.objects.filter(seat_of=deputy).exists()


def test_a_read_only_leader_cannot_add_a_seat(client, network, terms, deputy):
    leader = body_staff(network.root, role=roles.COMMITTEE_LEADER, username="leader_seat")
    client.force_login(leader)
    response = client.post(_url(deputy), {"term": terms["root"].pk, "constituency": "甲区人大"})
    assert response.status_code in (403, 404)
    assert not Deputy.objects.filter(seat_of=deputy).exists()


def test_a_seat_that_points_at_another_offers_no_link_and_is_refused(client, network, terms, deputy):
    client.force_login(network.staff["root"])
    client.post(_url(deputy), {"term": terms["root"].pk, "constituency": "甲区人大"})
    seat = Deputy.objects.get(seat_of=deputy)
    change = client.get(reverse("admin:deputies_deputy_change", args=[seat.pk])).content.decode()
    assert _url(seat) not in change
    other = _term(network, "sibling", Term.Level.COUNTY, "乙区第二十届人民代表大会", number=20)
    response = client.post(_url(seat), {"term": other.pk, "constituency": "x"})
    assert response.status_code == 200 and response.context["form"].errors
