"""The statistics dashboard's district filter offers only the districts the chosen body's figures
cover: a district's staff never see a sibling district listed, and a sibling's id sent by hand cuts
nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from congress.selectors import districts_for_body

from .conftest import Network

pytestmark = pytest.mark.django_db

STATISTICS = reverse("admin:reports_statistics")


def _district_options(html: str) -> set[str]:
    select = re.search(r'<select name="district"[^>]*>(.*?)</select>', html, re.S)
    assert select, "no district filter"
    options = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select.group(1))
    return {name.strip() for name in options}


@pytest.mark.parametrize(
    ("who", "expected"),
    [("root", {"甲区", "乙区"}), ("district", {"甲区"}), ("sibling", {"乙区"}), ("street", {"甲区"})],
)
def test_each_body_is_offered_only_the_districts_its_figures_cover(client, network: Network, who, expected):
    client.force_login(network.staff[who])
    response = client.get(STATISTICS)
    assert response.status_code == 200
    assert _district_options(response.content.decode()) == expected


def test_a_root_without_an_area_still_cuts_by_every_district(network: Network):
    network.root.area = None
    assert {area.name for area in districts_for_body(network.root)} == {"甲区", "乙区"}
    network.street.area = None
    assert not districts_for_body(network.street).exists()


def test_a_siblings_district_sent_by_hand_is_not_a_valid_choice(client, network: Network):
    client.force_login(network.staff["district"])
    response = client.get(STATISTICS, {"district": network.areas["sibling"].pk})
    assert response.status_code == 200
    assert "乙区" not in _district_options(response.content.decode())
    # The form refuses the value, so the figures are the district's own, not cut by 乙区.
    assert "district" in response.context["form"].errors
    own = client.get(STATISTICS, {"district": network.areas["district"].pk})
    assert not own.context["form"].errors


def test_the_unit_filter_offers_the_chosen_bodys_own_units(client, network: Network):
    client.force_login(network.staff["district"])
    own = client.get(STATISTICS)
    assert set(own.context["form"].fields["unit"].queryset) == {network.units["district"]}
    # A lower body's unit is chosen with that body.
    street = client.get(STATISTICS, {"body": network.street.pk, "unit": network.units["street"].pk})
    assert not street.context["form"].errors
    assert set(street.context["form"].fields["unit"].queryset) == {network.units["street"]}
    mixed = client.get(STATISTICS, {"unit": network.units["street"].pk})
    assert "unit" in mixed.context["form"].errors
    sibling = client.get(STATISTICS, {"unit": network.units["sibling"].pk})
    assert "unit" in sibling.context["form"].errors
