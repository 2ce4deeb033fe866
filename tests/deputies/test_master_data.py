"""One write path for deputies' master data: the API, the admin and the spreadsheet import all go
through the services, and every change leaves an audit event (who, when, before/after) that staff
read on the deputy's admin page."""

from __future__ import annotations

import datetime as dt

import pytest
import tablib
from django.urls import reverse

from congress import roles
from congress.errors import DomainError
from congress.import_export_base import import_all_or_nothing
from congress.models import AuditEvent
from deputies import services
from deputies.models import Deputy, DutyRecord
from deputies.resources import DeputyResource, DutyRecordResource
from tests.factories.core import DistrictFactory, TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    roles.roles_sync()
    user = UserFactory.create(username="staffer", is_staff=True)
    roles.role_grant(user=user, code=roles.COMMITTEE_STAFF)
    client.force_login(user)
    return user


def _events(deputy: Deputy, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=deputy.pk, content_type__model="deputy", action=action))


# --- Services ----------------------------------------------------------------------------------------


def test_creating_a_deputy_is_audited_with_its_fields() -> None:
    actor = UserFactory.create()
    deputy = services.deputy_create(
        name="赵建华", gender="male", birth_year=1970, party="cpc", education="master", occupation="worker",
        work_unit="示范市钢铁厂", level="municipal", term=TermFactory.create(), constituency="城关区选举单位",
        actor=actor,
    )  # fmt: skip
    (event,) = _events(deputy, "create")
    assert event.actor == actor and event.data["changes"]["name"] == [None, "赵建华"]


def test_a_profile_change_records_only_the_changed_fields_before_and_after() -> None:
    deputy = DeputyFactory.create(work_unit="示范市第一中学")
    services.deputy_update(deputy=deputy, changes={"work_unit": "示范市教育局", "title": "校长"})
    (event,) = _events(deputy, "update")
    assert event.data["changes"] == {"work_unit": ["示范市第一中学", "示范市教育局"]}


def test_a_resignation_needs_a_reason_and_is_a_status_move() -> None:
    deputy = DeputyFactory.create()
    with pytest.raises(DomainError) as error:
        services.deputy_status_change(deputy=deputy, to_status="resigned", on=dt.date(2026, 3, 1))
    assert error.value.field == "status_reason"
    services.deputy_status_change(
        deputy=deputy, to_status="resigned", on=dt.date(2026, 3, 1), reason="工作调动"
    )
    (event,) = _events(deputy, "status_change")
    assert (event.from_state, event.to_state, event.note) == ("active", "resigned", "工作调动")


def test_death_is_final() -> None:
    deputy = DeputyFactory.create()
    services.deputy_status_change(deputy=deputy, to_status="deceased", on=dt.date(2026, 3, 1), reason="病故")
    with pytest.raises(DomainError):
        services.deputy_status_change(deputy=deputy, to_status="active", on=dt.date(2026, 3, 2))


def test_the_end_of_a_term_moves_every_active_deputy_of_it() -> None:
    term = TermFactory.create()
    active, gone = DeputyFactory.create(term=term), DeputyFactory.create(term=term, status="resigned")
    assert services.deputies_term_end(term=term, on=dt.date(2026, 1, 7)) == 1
    active.refresh_from_db()
    assert active.status == "term_ended" and active.status_reason == "任期届满"
    assert not _events(gone, "status_change")


def test_linking_an_account_gives_it_the_deputy_role() -> None:
    deputy, user = DeputyFactory.create(), UserFactory.create()
    services.deputy_update(deputy=deputy, changes={"user": user})
    assert user.groups.filter(name=roles.DEPUTY).exists()


def test_an_account_is_linked_to_one_deputy_only() -> None:
    user = UserFactory.create()
    DeputyFactory.create(user=user, name="甲代表")
    with pytest.raises(DomainError) as error:
        services.deputy_update(deputy=DeputyFactory.create(), changes={"user": user})
    assert error.value.field == "user" and "甲代表" in error.value.message


# --- API ------------------------------------------------------------------------------------------


def _api_payload(term) -> dict[str, object]:
    return {
        "name": "钱学红", "gender": "female", "birth_year": 1980, "party": "cdl", "education": "doctorate",
        "occupation": "professional", "work_unit": "示范大学", "level": "municipal", "term": term.pk,
        "constituency": "安宁区选举单位", "phone": "13800001111",
    }  # fmt: skip


def test_api_create_goes_through_the_service_and_is_audited(client, staff) -> None:
    response = client.post(
        "/api/v1/deputies/", _api_payload(TermFactory.create()), content_type="application/json"
    )
    assert response.status_code == 201
    deputy = Deputy.objects.get(slug=response.json()["slug"])
    (event,) = _events(deputy, "create")
    assert event.actor == staff


def test_api_patch_is_audited_and_a_refused_status_move_is_a_400(client, staff) -> None:
    deputy = DeputyFactory.create()
    url = f"/api/v1/deputies/{deputy.slug}/"
    assert client.patch(url, {"title": "院长"}, content_type="application/json").status_code == 200
    assert _events(deputy, "update")[0].data["changes"]["title"] == ["校长", "院长"]
    response = client.patch(url, {"status": "removed"}, content_type="application/json")
    assert response.status_code == 400 and "status_reason" in response.json()["errors"]


def test_api_rule_errors_name_the_field(client, staff) -> None:
    payload = {**_api_payload(TermFactory.create()), "phone": "12345"}
    response = client.post("/api/v1/deputies/", payload, content_type="application/json")
    assert response.status_code == 400 and "11位" in response.json()["errors"]["phone"][0]


# --- Admin ----------------------------------------------------------------------------------------


def test_admin_change_is_audited_and_the_trail_shows_on_the_page(client, staff) -> None:
    deputy = DeputyFactory.create(title="校长")
    url = reverse("admin:deputies_deputy_change", args=[deputy.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "photo"}
    data.update(
        {
            "title": "副校长",
            "term": deputy.term_id,
            "groups": [],
            "expertise": "",
            "status_since": "",
            "elected_on": "",
            "area": "",
            "delegation": "",
            "user": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    (event,) = _events(deputy, "update")
    assert event.actor == staff and event.data["changes"]["title"] == ["校长", "副校长"]
    page = client.get(url).content.decode()
    assert "修改记录" in page and "副校长" in page and "staffer" in page


def test_admin_shows_a_refused_status_move_as_a_form_error(client, staff) -> None:
    deputy = DeputyFactory.create(status="deceased")
    url = reverse("admin:deputies_deputy_change", args=[deputy.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "photo"}
    data.update({"status": "active", "groups": [], "expertise": "", "status_since": "", "elected_on": ""})
    data.update({"area": "", "delegation": "", "user": "", "term": deputy.term_id})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert Deputy.objects.get(pk=deputy.pk).status == "deceased"


def test_deputies_cannot_be_deleted_in_the_admin(client, staff) -> None:
    deputy = DeputyFactory.create()
    assert client.get(reverse("admin:deputies_deputy_delete", args=[deputy.pk])).status_code == 403


def test_admin_end_term_action_goes_through_the_status_service(client, staff) -> None:
    deputy = DeputyFactory.create()
    client.post(
        reverse("admin:deputies_deputy_changelist"),
        {"action": "end_term", "_selected_action": [deputy.pk]},
    )
    deputy.refresh_from_db()
    assert deputy.status == "term_ended" and _events(deputy, "status_change")[0].actor == staff


# --- Import ---------------------------------------------------------------------------------------

HEADERS = [
    "姓名",
    "性别",
    "出生年份",
    "政治面貌",
    "学历",
    "职业类别",
    "工作单位",
    "代表层级",
    "届次",
    "选区或选举单位",
]


def _row(name: str, **changes: object) -> list[object]:
    row = {
        "姓名": name, "性别": "男", "出生年份": 1972, "政治面貌": "中国共产党", "学历": "大学本科",
        "职业类别": "工人", "工作单位": "示范市钢铁厂", "代表层级": "市级",
        "届次": "示范市第十七届人民代表大会", "选区或选举单位": "城关区选举单位",
    }  # fmt: skip
    row.update(changes)
    return [row[h] for h in HEADERS]


def test_import_rows_are_saved_through_the_service_and_audited_with_the_importer() -> None:
    TermFactory.create()
    importer = UserFactory.create(is_staff=True)  # committee staff of the one body: writes its terms
    resource = DeputyResource()
    result = resource.import_data(
        tablib.Dataset(_row("孙立新"), headers=HEADERS), dry_run=False, user=importer
    )
    assert not result.has_errors() and not result.has_validation_errors()
    (event,) = _events(Deputy.objects.get(name="孙立新"), "create")
    assert event.actor == importer


def test_the_import_dry_run_writes_no_audit_event() -> None:
    TermFactory.create()
    result, errors = import_all_or_nothing(
        DeputyResource(), tablib.Dataset(_row("周明"), headers=HEADERS), dry_run=True
    )
    assert errors == [] and result.totals["new"] == 1
    assert not Deputy.objects.exists() and not AuditEvent.objects.exists()


def test_an_import_row_a_service_refuses_is_a_row_error_and_nothing_is_saved() -> None:
    TermFactory.create()
    dataset = tablib.Dataset(_row("吴良"), _row("郑错", 出生年份=2020), headers=HEADERS)
    _result, errors = import_all_or_nothing(DeputyResource(), dataset, dry_run=False)
    assert not Deputy.objects.exists() and not AuditEvent.objects.exists()
    assert any(line.startswith("第3行「出生年份」列") for line in errors)


def test_an_import_update_is_audited_with_before_and_after() -> None:
    deputy = DeputyFactory.create(name="冯力", work_unit="示范市钢铁厂")
    dataset = DeputyResource().export()
    dataset.dict = [{**row, "工作单位": "示范市机械厂"} for row in dataset.dict]
    import_all_or_nothing(DeputyResource(), dataset, dry_run=False)
    (event,) = _events(deputy, "update")
    assert event.data["changes"]["work_unit"] == ["示范市钢铁厂", "示范市机械厂"]


# --- Offline duty-record entries ------------------------------------------------------------------


def test_staff_import_offline_activities_and_a_second_import_adds_nothing() -> None:
    deputy = DeputyFactory.create()
    dataset = tablib.Dataset(
        [deputy.slug, "学习培训", "2026-05-06", "代表履职能力培训班"],
        headers=["代表", "类型", "日期", "说明"],
    )
    for _ in range(2):
        _result, errors = import_all_or_nothing(DutyRecordResource(), dataset, dry_run=False)
        assert errors == []
    record = DutyRecord.objects.get(deputy=deputy)
    assert record.kind == "training" and record.points == 2
    assert (
        AuditEvent.objects.filter(
            action="create", object_id=record.pk, content_type__model="dutyrecord"
        ).count()
        == 1
    )


def test_the_offline_import_dry_run_saves_nothing() -> None:
    deputy = DeputyFactory.create()
    dataset = tablib.Dataset(
        [deputy.slug, "学习培训", "2026-05-06", "培训班"], headers=["代表", "类型", "日期", "说明"]
    )
    result, errors = import_all_or_nothing(DutyRecordResource(), dataset, dry_run=True)
    assert errors == [] and result.totals["new"] == 1 and not DutyRecord.objects.exists()


def test_the_duty_record_admin_adds_through_the_service(client, staff) -> None:
    deputy = DeputyFactory.create()
    response = client.post(
        reverse("admin:deputies_dutyrecord_add"),
        {"deputy": deputy.pk, "kind": "meeting_attended", "on": "2026-06-01", "note": "列席常委会会议"},
    )
    assert response.status_code == 302
    record = DutyRecord.objects.get(deputy=deputy)
    assert record.created_by == staff and record.points == 2
    assert AuditEvent.objects.filter(
        object_id=record.pk, content_type__model="dutyrecord", actor=staff
    ).exists()


def test_a_district_that_is_not_one_is_refused() -> None:
    with pytest.raises(DomainError) as error:
        services.deputy_update(
            deputy=DeputyFactory.create(), changes={"area": DistrictFactory.create().parent}
        )
    assert error.value.field == "area"
