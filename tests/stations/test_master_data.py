"""One write path for stations, memberships (编组进站) and handling units: the API, the admin and the
import all go through the services, and every change leaves an audit event staff read on the
object's admin page."""

from __future__ import annotations

import pytest
import tablib
from django.urls import reverse

from congress import roles
from congress.errors import DomainError
from congress.import_export_base import import_all_or_nothing
from congress.models import AuditEvent, HandlingUnit
from congress.resources import HandlingUnitResource
from congress.services import handling_unit_deactivate, handling_unit_update
from stations.models import Station, StationMembership
from stations.resources import MembershipResource, StationResource
from stations.services import membership_add, membership_remove, station_update
from tests.factories.core import HandlingUnitFactory, StreetFactory, UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import MembershipFactory, ScheduleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    roles.roles_sync()
    user = UserFactory.create(username="staffer", is_staff=True)
    roles.role_grant(user=user, code=roles.COMMITTEE_STAFF)
    client.force_login(user)
    return user


def _events(obj, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_id=obj.pk, content_type__model=obj._meta.model_name, action=action
        ).order_by("pk")
    )


def test_a_status_change_of_a_station_is_a_recorded_move() -> None:
    station = StationFactory.create(status="building")
    station_update(station=station, changes={"status": "built"})
    (event,) = _events(station, "status_change")
    assert (event.from_state, event.to_state) == ("building", "built")


def test_coordinates_outside_china_are_refused() -> None:
    with pytest.raises(DomainError) as error:
        station_update(station=StationFactory.create(), changes={"latitude": 103.8, "longitude": 36.06})
    assert error.value.field == "latitude"


def test_a_station_cannot_sit_under_its_own_child() -> None:
    parent = StationFactory.create()
    child = StationFactory.create(parent=parent)
    with pytest.raises(DomainError):
        station_update(station=parent, changes={"parent": child})


def test_membership_is_audited_on_the_station_and_on_the_deputy() -> None:
    station, deputy, actor = StationFactory.create(), DeputyFactory.create(), UserFactory.create()
    membership = membership_add(station=station, deputy=deputy, actor=actor)
    membership_remove(membership=membership, actor=actor)
    assert [e.action for e in _events(station, "membership_add") + _events(station, "membership_remove")] == [
        "membership_add",
        "membership_remove",
    ]
    assert _events(deputy, "membership_add")[0].note == station.name


def test_leaving_a_station_takes_the_deputy_off_its_rota() -> None:
    membership = MembershipFactory.create()
    schedule = ScheduleFactory.create(station=membership.station)
    schedule.rotation_entries.create(deputy=membership.deputy, position=1)
    membership_remove(membership=membership)
    assert not schedule.rotation_entries.exists()


def test_an_inactive_deputy_is_not_grouped_into_a_station() -> None:
    with pytest.raises(DomainError):
        membership_add(station=StationFactory.create(), deputy=DeputyFactory.create(status="resigned"))


def test_api_station_writes_go_through_the_service_and_are_audited(client, staff) -> None:
    street = StreetFactory.create()
    payload = {"name": "新建联络站", "kind": "liaison", "area": street.pk, "address": "示范市某路1号"}
    response = client.post("/api/v1/stations/", payload, content_type="application/json")
    assert response.status_code == 201
    station = Station.objects.get(slug=response.json()["slug"])
    assert _events(station, "create")[0].actor == staff
    url = f"/api/v1/stations/{station.slug}/"
    assert client.patch(url, {"theme": "养老服务"}, content_type="application/json").status_code == 200
    assert _events(station, "update")[0].data["changes"]["theme"] == ["", "养老服务"]
    response = client.patch(url, {"latitude": "100.0", "longitude": "36.0"}, content_type="application/json")
    assert response.status_code == 400 and "latitude" in response.json()["errors"]


def test_admin_membership_inline_adds_and_removes_through_the_services(client, staff) -> None:
    station, deputy = StationFactory.create(), DeputyFactory.create()
    url = reverse("admin:stations_station_change", args=[station.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"parent": "", "head": "", "checklist": "", "latitude": "", "longitude": ""})
    data.update({"deputy_heads": [], "liaisons": [], "area": station.area_id})
    data.update(
        {
            "stationmembership_set-TOTAL_FORMS": "1",
            "stationmembership_set-INITIAL_FORMS": "0",
            "stationmembership_set-0-deputy": deputy.pk,
            "stationmembership_set-0-joined_on": "2026-03-01",
            "compliance-TOTAL_FORMS": "0",
            "compliance-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert StationMembership.objects.filter(station=station, deputy=deputy).exists()
    assert _events(station, "membership_add")[0].actor == staff
    assert "修改记录" in client.get(url).content.decode()


def test_admin_membership_delete_goes_through_the_service(client, staff) -> None:
    membership = MembershipFactory.create()
    client.post(
        reverse("admin:stations_stationmembership_changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    assert not StationMembership.objects.exists()
    assert _events(membership.station, "membership_remove")[0].actor == staff


def test_membership_import_is_audited_and_its_dry_run_is_not() -> None:
    station, deputy = StationFactory.create(), DeputyFactory.create()
    dataset = tablib.Dataset([station.slug, deputy.slug, "2026-03-01"], headers=["站点", "代表", "进站日期"])
    import_all_or_nothing(MembershipResource(), dataset, dry_run=True)
    assert not AuditEvent.objects.exists()
    _result, errors = import_all_or_nothing(MembershipResource(), dataset, dry_run=False)
    assert errors == [] and _events(station, "membership_add")


def test_station_import_updates_are_audited() -> None:
    station = StationFactory.create(theme="")
    dataset = StationResource().export()
    dataset.dict = [{**row, "主题或产业链": "乡村振兴"} for row in dataset.dict]
    import_all_or_nothing(StationResource(), dataset, dry_run=False)
    assert _events(station, "update")[0].data["changes"]["theme"] == ["", "乡村振兴"]


def test_handling_unit_changes_through_admin_import_and_service_are_audited(client, staff) -> None:
    unit = HandlingUnitFactory.create(contact_name="")
    handling_unit_update(unit=unit, changes={"contact_name": "李经办"}, actor=staff)
    handling_unit_deactivate(unit=unit, actor=staff, reason="机构改革")
    assert _events(unit, "update")[0].data["changes"]["contact_name"] == ["", "李经办"]
    assert _events(unit, "deactivate")[0].note == "机构改革"
    dataset = HandlingUnitResource().export()
    dataset.dict = [{**row, "联系电话": "0931-8888888"} for row in dataset.dict]
    import_all_or_nothing(HandlingUnitResource(), dataset, dry_run=False)
    assert _events(unit, "update")[-1].data["changes"]["contact_phone"] == ["", "0931-8888888"]
    page = client.get(reverse("admin:congress_handlingunit_change", args=[unit.pk])).content.decode()
    assert "修改记录" in page and "机构改革" in page


def test_handling_units_are_deactivated_not_deleted(client, staff) -> None:
    unit = HandlingUnitFactory.create()
    assert client.get(reverse("admin:congress_handlingunit_delete", args=[unit.pk])).status_code == 403
    client.post(
        reverse("admin:congress_handlingunit_changelist"),
        {"action": "deactivate", "_selected_action": [unit.pk]},
    )
    assert not HandlingUnit.objects.get(pk=unit.pk).is_active


def test_adding_an_officer_in_the_unit_admin_gives_the_role(client, staff) -> None:
    unit, user = HandlingUnitFactory.create(), UserFactory.create()
    url = reverse("admin:congress_handlingunit_change", args=[unit.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"parent": "", "area": ""})
    data.update(
        {
            "officers-TOTAL_FORMS": "1",
            "officers-INITIAL_FORMS": "0",
            "officers-0-user": user.pk,
            "officers-0-is_head": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert user.groups.filter(name=roles.UNIT_OFFICER).exists()
    assert _events(unit, "officer_add")[0].note == user.username
