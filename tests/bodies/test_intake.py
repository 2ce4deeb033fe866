"""Which body receives a new item: a station's → the station's body; a deputy's → the body of the
deputy's term; the open web form → the lowest body whose area holds the chosen area; else the root."""

from __future__ import annotations

import pytest

from congress.models import Term
from suggestions import services
from tests.factories.deputies import DeputyFactory, StationFactory

pytestmark = pytest.mark.django_db


def _submit(**fields):
    actor = fields.pop("actor", None)
    return services.suggestion_submit(
        submission=services.SubmissionInput(
            channel="web",
            title="路灯损坏",
            text="东岗西路与天水路交叉口的路灯已经坏了两个星期。",
            submitter_mobile="13912345678",
            consent_privacy=True,
            **fields,
        ),
        actor=actor,
    ).suggestion


def test_a_station_qr_or_desk_item_goes_to_the_station_body(network):
    station = StationFactory.create(body=network.street, area=network.areas["street"])
    item = _submit(station=station, area=network.areas["sibling"])
    assert item.body == network.street and item.received_by == network.street


def test_a_deputy_qr_item_goes_to_the_body_of_the_deputy_term(network):
    term = Term.objects.create(
        level=Term.Level.COUNTY,
        number=19,
        name="甲区第十九届人民代表大会",
        area=network.areas["district"],
        body=network.district,
        starts_on="2021-12-20",
        ends_on="2026-12-19",
    )
    deputy = DeputyFactory.create(term=term)
    assert _submit(deputy=deputy).body == network.district


def test_the_web_form_goes_to_the_lowest_body_holding_the_area(network):
    assert _submit(area=network.areas["street"]).body == network.street
    assert _submit(area=network.areas["sibling"]).body == network.sibling
    assert _submit(area=network.areas["city"]).body == network.root
    assert _submit().body == network.root


def test_a_deputy_suggestion_belongs_to_the_lead_deputy_congress(network):
    deputy = DeputyFactory.create()  # the municipal term of the factories: the root body
    formal = services.deputy_suggestion_file(deputy=deputy, title="关于路灯的建议", text="建议统一更换路灯。")
    assert formal.body == network.root
