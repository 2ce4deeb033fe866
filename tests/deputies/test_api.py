"""The deputies, stations and receptions API: public fields only, staff writes, OpenAPI schema."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from stations.models import Reception, Station
from stations.services import booking_create
from tests.factories.core import staff_with
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import MembershipFactory, ReceptionFactory

pytestmark = pytest.mark.django_db


def test_public_deputy_list_has_no_private_fields(client) -> None:
    DeputyFactory.create(phone="13912345678", phone_is_public=False, email="a@example.cn")
    DeputyFactory.create(phone="13800001111", phone_is_public=True)
    body = client.get("/api/v1/deputies/").json()
    text = str(body)
    assert body["count"] == 2
    assert "13912345678" not in text and "13800001111" not in text and "a@example.cn" not in text
    assert "138****1111" in text
    assert "birth_year" not in body["results"][0]


def test_public_deputy_list_query_count(client, django_assert_num_queries) -> None:
    for _ in range(5):
        MembershipFactory.create()
    with django_assert_num_queries(3):
        client.get("/api/v1/deputies/")


def test_inactive_deputies_are_hidden_from_the_public(client) -> None:
    deputy = DeputyFactory.create(status="deceased")
    assert client.get(f"/api/v1/deputies/{deputy.slug}/").status_code == 404


def test_anonymous_cannot_write(client) -> None:
    assert client.post("/api/v1/deputies/", {"name": "x"}).status_code == 403


def test_staff_create_a_deputy_and_get_field_errors(client) -> None:
    deputy = DeputyFactory.create()
    client.force_login(staff_with("add_deputy", "view_deputy"))
    bad = client.post("/api/v1/deputies/", {"name": "新代表"}, content_type="application/json")
    assert bad.status_code == 400 and "gender" in bad.json()["errors"]
    payload = {
        "name": "新代表",
        "gender": "male",
        "birth_year": 1980,
        "party": "cpc",
        "education": "master",
        "occupation": "worker",
        "work_unit": "示范市钢铁厂",
        "level": "municipal",
        "term": deputy.term_id,
        "constituency": "西固区选举单位",
        "phone": "13700000000",
    }
    created = client.post("/api/v1/deputies/", payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert len(created.json()["slug"]) == 8
    assert created.json()["phone"] == "13700000000"  # staff see the full profile


def test_station_api_hides_planned_stations_from_the_public(client) -> None:
    StationFactory.create(name="已建成")
    StationFactory.create(name="规划中", status=Station.Status.PLANNED)
    names = [row["name"] for row in client.get("/api/v1/stations/").json()["results"]]
    assert names == ["已建成"]


def test_reception_api_never_shows_bookers(client) -> None:
    reception = ReceptionFactory.create(capacity=4)
    booking_create(reception=reception, name="欧阳修远", mobile="13912345678", topic="路灯")
    body = client.get("/api/v1/receptions/?upcoming=1").json()
    assert body["results"][0]["booked"] == 1
    assert "13912345678" not in str(body) and "欧阳" not in str(body)


def test_staff_create_and_cancel_a_reception_through_services(client) -> None:
    station = StationFactory.create()
    client.force_login(staff_with("add_reception", "view_reception"))
    response = client.post(
        "/api/v1/receptions/",
        {
            "station": station.slug,
            "date": str(timezone.localdate() + dt.timedelta(days=5)),
            "start_time": "09:00",
            "end_time": "11:00",
            "topic": "集市日接待",
            "capacity": 6,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    cancelled = client.post(
        f"/api/v1/receptions/{pk}/transition/", {"status": "cancelled"}, content_type="application/json"
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = client.post(
        f"/api/v1/receptions/{pk}/transition/", {"status": "held"}, content_type="application/json"
    )
    assert again.status_code == 400 and "status" in again.json()["errors"]
    assert Reception.objects.get(pk=pk).status == "cancelled"


def test_reception_in_the_past_is_a_400(client) -> None:
    client.force_login(staff_with("add_reception"))
    response = client.post(
        "/api/v1/receptions/",
        {
            "station": StationFactory.create().slug,
            "date": "2020-01-01",
            "start_time": "09:00",
            "end_time": "10:00",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "date" in response.json()["errors"]


def test_schema_documents_the_endpoints(client) -> None:
    schema = client.get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/deputies/", "/api/v1/stations/", "/api/v1/receptions/"):
        assert path in schema
