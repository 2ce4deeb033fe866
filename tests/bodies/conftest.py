"""A small city network: the root committee, two districts (甲区, 乙区), and under 甲区 a street
working committee and a township presidium, each with its area, staff and a unit of its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from congress import roles
from congress.models import Area, Body
from congress.roles import roles_sync
from congress.services import body_create
from suggestions import services
from suggestions.models import Suggestion
from tests.factories.core import (
    CategoryFactory,
    CityFactory,
    DistrictFactory,
    HandlingUnitFactory,
    StreetFactory,
    body_staff,
    root_body,
)


@dataclass
class Network:
    root: Body
    district: Body
    sibling: Body
    street: Body
    township: Body
    areas: dict[str, Area]
    staff: dict[str, Any]
    units: dict[str, Any]


@pytest.fixture
def network(db: Any) -> Network:
    roles_sync()
    city = CityFactory.create()
    a_area, b_area = (
        DistrictFactory.create(parent=city, name="甲区"),
        DistrictFactory.create(parent=city, name="乙区"),
    )
    s_area, t_area = (
        StreetFactory.create(parent=a_area, name="甲街道"),
        StreetFactory.create(parent=a_area, name="甲镇"),
    )
    root = root_body()
    district = body_create(kind=Body.Kind.COUNTY, name="甲区人大常委会", parent=root, area=a_area)
    sibling = body_create(kind=Body.Kind.COUNTY, name="乙区人大常委会", parent=root, area=b_area)
    street = body_create(kind=Body.Kind.STREET, name="甲街道人大工委", parent=district, area=s_area)
    township = body_create(kind=Body.Kind.TOWNSHIP, name="甲镇人大主席团", parent=district, area=t_area)
    bodies = {"root": root, "district": district, "sibling": sibling, "street": street, "township": township}
    staff = {key: body_staff(body, username=f"staff_{key}") for key, body in bodies.items()}
    staff["leader_root"] = body_staff(root, role=roles.COMMITTEE_LEADER, username="leader_root")
    units = {
        key: HandlingUnitFactory.create(body=body, name=f"{body.name}住建局") for key, body in bodies.items()
    }
    CategoryFactory.create(code="urban", name="城市建设")
    return Network(
        root=root,
        district=district,
        sibling=sibling,
        street=street,
        township=township,
        areas={"city": city, "district": a_area, "sibling": b_area, "street": s_area, "township": t_area},
        staff=staff,
        units=units,
    )


def item_in(network: Network, key: str, state: str = "submitted", **fields: Any) -> Suggestion:
    """An item received by body ``key`` and brought to ``state`` by that body's own staff."""
    body: Body = getattr(network, key)
    submitted_by = fields.pop("actor", None)
    item = services.suggestion_submit(
        submission=services.SubmissionInput(
            channel="web",
            title=fields.pop("title", f"{body.short_name or body.name}路灯损坏"),
            text="东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全。",
            area=network.areas.get(key),
            submitter_mobile="13912345678",
            consent_privacy=True,
            body_id=body.pk,
            **fields,
        ),
        actor=submitted_by,
    ).suggestion
    actor = network.staff[key]
    if state in ("accepted", "assigned"):
        services.suggestion_accept(suggestion=item, actor=actor)
    if state == "assigned":
        services.suggestion_assign(suggestion=item, lead_unit=network.units[key], actor=actor)
    return Suggestion.objects.get(pk=item.pk)
