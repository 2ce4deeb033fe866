"""The bulk path of the deputies' import (``deputies_bulk_create``): the same deputies, groups and
audit events as ``deputy_create`` row by row, every refusal named by spreadsheet row and column in
Chinese with nothing saved, and a number of statements that does not grow with the file."""

from __future__ import annotations

from typing import Any

import pytest
import tablib
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.errors import RowErrors
from congress.import_export_base import import_all_or_nothing
from congress.models import AuditEvent
from deputies.models import Deputy, DeputyGroup
from deputies.resources import DeputyResource
from deputies.services import deputies_bulk_create, deputy_create
from tests.factories.core import DistrictFactory, TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory

from .test_import_export import HEADERS, _good

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting() -> dict[str, Any]:
    term = TermFactory.create()
    return {
        "term": term,
        "district": DistrictFactory.create(name="城关区"),
        "groups": [
            DeputyGroup.objects.create(name="城关区代表小组", kind="territorial"),
            DeputyGroup.objects.create(name="教育专业代表小组", kind="professional"),
        ],
    }


def _values(setting: dict[str, Any], name: str, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": name, "gender": "female", "birth_year": 1975, "party": "cdl", "education": "master",
        "occupation": "professional", "work_unit": " 示范市第一中学 ", "level": "municipal",
        "term": setting["term"], "constituency": "城关区选举单位", "area": setting["district"],
        "groups": setting["groups"], "expertise": ["教育", " ", "科技"], "phone": "139 1234 5678",
        "phone_is_public": True, "pledges": "多走访", "title": "校长",
    }  # fmt: skip
    values.update(changes)
    return values


def _comparable(deputy: Deputy) -> dict[str, Any]:
    row = Deputy.objects.filter(pk=deputy.pk).values().get()
    for key in ("id", "slug", "name"):
        row.pop(key)
    row["groups"] = sorted(deputy.groups.values_list("name", flat=True))
    return row


def _create_event(deputy: Deputy) -> dict[str, Any]:
    event = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Deputy), object_id=deputy.pk
    )
    assert event.action == "create"
    changes = dict(event.data["changes"])
    changes.pop("name")
    return {"actor": event.actor_id, "changes": changes}


def test_bulk_create_gives_the_same_deputies_and_audit_events_as_one_by_one(setting) -> None:
    actor = UserFactory.create()
    single = deputy_create(**_values(setting, "王单"), actor=actor)

    [bulk] = deputies_bulk_create(rows=[_values(setting, "王批")], actor=actor)

    assert _comparable(bulk) == _comparable(single)
    assert _create_event(bulk) == _create_event(single)
    assert bulk.work_unit == "示范市第一中学" and bulk.phone == "13912345678"
    assert bulk.expertise == ["教育", "科技"] and len(bulk.slug) == 8


def test_a_refused_row_is_named_by_its_index_and_nothing_is_written(setting) -> None:
    taken = DeputyFactory.create()
    rows = [
        _values(setting, "好行"),
        _values(setting, "坏手机", phone="12345"),
        _values(setting, "重复标识", slug=taken.slug),
        _values(setting, "缺单位", work_unit=""),
    ]

    with pytest.raises(RowErrors) as refused:
        deputies_bulk_create(rows=rows)

    assert sorted(refused.value.errors) == [1, 2, 3]
    assert refused.value.errors[1].field == "phone"
    assert refused.value.errors[2].field == "slug"
    assert refused.value.errors[3].field == "work_unit"
    assert Deputy.objects.count() == 1 and not AuditEvent.objects.filter(action="create").exists()


def test_an_account_may_be_linked_to_one_deputy_only(setting) -> None:
    account = UserFactory.create()
    with pytest.raises(RowErrors) as refused:
        deputies_bulk_create(
            rows=[_values(setting, "甲", user=account), _values(setting, "乙", user=account)]
        )
    assert list(refused.value.errors) == [1] and refused.value.errors[1].field == "user"

    [linked] = deputies_bulk_create(rows=[_values(setting, "甲", user=account)])
    assert linked.user == account and account.has_perm("deputies.use_dashboard")


def test_import_reports_the_bulk_refusals_by_row_and_column_in_chinese(setting) -> None:
    dataset = tablib.Dataset(
        _good(), _good("坏手机", 手机="12345"), _good("出生太晚", 出生年份=2020), headers=HEADERS
    )

    for dry_run in (True, False):
        result, errors = import_all_or_nothing(DeputyResource(), dataset, dry_run=dry_run)
        assert "第3行「手机」列：请填写11位大陆手机号码。" in errors, errors
        assert any(error.startswith("第4行「出生年份」列：") for error in errors), errors
        assert len(errors) == 2
        assert result.totals["invalid"] == 2 and result.totals["new"] == 1
    assert not Deputy.objects.exists() and not AuditEvent.objects.exists()


def test_import_creates_new_rows_in_bulk_and_updates_known_ones_through_the_service(setting) -> None:
    known = DeputyFactory.create(term=setting["term"], level="municipal", name="老代表")
    row = _good("老代表", 工作单位="示范市新单位")
    dataset = tablib.Dataset(row, _good("新代表"), headers=HEADERS)
    dataset.insert_col(0, [known.slug, ""], header="公开标识")

    result, errors = import_all_or_nothing(DeputyResource(), dataset, dry_run=False)

    assert errors == [] and result.totals["new"] == 1 and result.totals["update"] == 1
    known.refresh_from_db()
    assert known.work_unit == "示范市新单位"
    new = Deputy.objects.get(name="新代表")
    assert [r.object_id for r in result.rows] == [known.pk, new.pk]
    kinds = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Deputy))
    assert sorted(kinds.values_list("object_id", "action")) == sorted(
        [(known.pk, "update"), (new.pk, "create")]
    )


def _statements(rows: int) -> int:
    # New people each time: a row naming a deputy already there (name, birth year, term) updates it.
    dataset = tablib.Dataset(*[_good(f"代表{rows}-{i}") for i in range(rows)], headers=HEADERS)
    with CaptureQueriesContext(connection) as queries:
        _result, errors = import_all_or_nothing(DeputyResource(), dataset, dry_run=False)
    assert errors == []
    return len(queries)


def test_the_import_of_new_deputies_runs_the_same_statements_for_5_or_50_rows(setting) -> None:
    # A first import fills the process caches (content types) that earlier tests may have cleared.
    _statements(1)
    small = _statements(5)
    assert _statements(50) == small
    assert Deputy.objects.count() == 56
