"""The office's ledger (历史台账) teaches the routing model (智能分办) as the portal's own triage does:
an imported item's category and lead unit are labels, the units that returned it as misrouted are
never a label, an item only received teaches the category and no unit, numbers are masked, and one
body's ledger never teaches another body's model."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from openpyxl import Workbook

from congress.models import HandlingUnit
from congress.spreadsheets import Sheet, read_sheet
from suggestions.history_import import HistoryImporter
from suggestions.models import Assignment, Suggestion, SuggestionEvent
from suggestions.routing import learn, samples, selectors
from suggestions.routing import services as routing
from suggestions.routing.models import RoutingTarget
from tests.factories.core import BodyFactory, CategoryFactory, HandlingUnitFactory, root_body

pytestmark = pytest.mark.django_db

HEADER = ["编号", "受理日期", "来源渠道", "类别", "标题", "内容", "主办单位", "交办日期", "退回单位"]
HEADER += ["答复日期", "办理结果", "办结日期"]
PHONE = "13912345678"
# Every fifth item was only received (a category, no unit); every fifth from the second went first
# to the topic's other unit, which returned it.
RECEIVED_ONLY, RETURNED = 0, 1


@pytest.fixture
def office() -> dict[str, Any]:
    categories = {code: CategoryFactory.create(code=code, name=code) for code in samples.TOPICS}
    units: dict[str, HandlingUnit] = {}
    for lead, other, _objects, _problems in samples.TOPICS.values():
        for name in (lead, other):
            if name not in units:
                units[name] = HandlingUnitFactory.create(name=name)
    return {"categories": categories, "units": units}


def _ledger(items: list[samples.Sample]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    received = datetime.date(2024, 6, 3)
    for n, item in enumerate(items):
        text = f"{item.text}联系电话{PHONE}" if n % 7 == 0 else item.text
        row: list[Any] = [f"2024-{n + 1:04d}", received.isoformat(), "来信", item.category, item.title, text]
        if n % 5 == RECEIVED_ONLY:
            row += ["", "", "", "", "", ""]
        else:
            other = samples.TOPICS[item.category][1]
            returned = other if n % 5 == RETURNED else ""
            row += [item.unit, "2024-06-04", returned, "2024-06-20", "A类", "2024-06-25"]
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _import(data: bytes, body: Any) -> None:
    importer = HistoryImporter()
    importer.body = body
    outcome = importer.run(importer.prepare(read_sheet(data, "台账.xlsx")), dry_run=False, user=None)
    assert outcome.problems == [] and outcome.saved


@time_machine.travel(datetime.datetime(2025, 1, 20, 10, tzinfo=datetime.UTC), tick=False)
def test_an_imported_ledger_teaches_the_body_s_routing(office):
    items = samples.samples(105, seed=7, second_unit_share=0)
    root = root_body()
    _import(_ledger(items), root)
    units = office["units"]

    categories = routing.routing_history(body=root, target=RoutingTarget.CATEGORY)
    unit_history = routing.routing_history(body=root, target=RoutingTarget.UNIT)
    assert len(categories.texts) == 105  # every item, those only received too
    assert len(unit_history.texts) == 84  # an item only received adds no unit example
    taught = set(zip(unit_history.texts, unit_history.labels, strict=True))
    for n, item in enumerate(items):
        sent = [(text, label) for text, label in taught if item.text in text]
        if n % 5 == RECEIVED_ONLY:
            assert sent == []
            continue
        assert {label for _text, label in sent} == {str(units[item.unit].pk)}
        if n % 5 == RETURNED:  # the unit that returned it is no label
            assert (sent[0][0], str(units[samples.TOPICS[item.category][1]].pk)) not in taught

    returned = Assignment.objects.filter(status=Assignment.Status.RETURNED)
    assert returned.count() == 21
    assert SuggestionEvent.objects.filter(action="return").count() == 21
    assert all(a.suggestion.assignments.filter(status=Assignment.Status.DONE).exists() for a in returned)

    assert routing.routing_model_train(body=root, target=RoutingTarget.CATEGORY, folds=3) is not None
    assert routing.routing_model_train(body=root, target=RoutingTarget.UNIT, folds=3) is not None
    text = "东岗西路的路灯坏了一直没人修，希望有关部门尽快处理。"
    category_model = selectors.newest_model(root.pk, RoutingTarget.CATEGORY)
    unit_model = selectors.newest_model(root.pk, RoutingTarget.UNIT)
    assert category_model is not None and unit_model is not None
    assert learn.top(category_model[1], text, k=1)[0][0] == str(office["categories"]["urban"].pk)
    assert learn.top(unit_model[1], text, k=1)[0][0] == str(units["示范市城市管理局"].pk)
    # The phone number in the ledger's texts is masked before anything is learnt.
    vocabulary = unit_model[1].named_steps["tfidf"].vocabulary_
    assert "139" in vocabulary or "567" in vocabulary  # what the mask leaves of it
    assert not {"123", "234", "912"} & set(vocabulary)


@time_machine.travel(datetime.datetime(2025, 1, 20, 10, tzinfo=datetime.UTC), tick=False)
def test_one_body_s_ledger_never_teaches_another_body(office):
    root = root_body()
    district = BodyFactory.create(name="甲区人大常委会")
    _import(_ledger(samples.samples(60, seed=8, second_unit_share=0)), district)
    assert Suggestion.objects.filter(body=district).count() == 60
    for target in RoutingTarget.values:
        assert routing.routing_history(body=root, target=target).texts == []
        assert routing.routing_history(body=district, target=target).texts


def test_a_returning_unit_needs_the_lead_it_went_to_and_is_not_that_lead(office):
    lead, other = "示范市城市管理局", "示范市住房和城乡建设局"
    rows: list[list[Any]] = [
        ["B-1", "2024-06-03", "来信", "urban", "", "路灯不亮", "", "", other, "", "", ""],
        ["B-2", "2024-06-03", "来信", "urban", "", "路灯不亮", lead, "2024-06-04", lead, "", "", ""],
        ["B-3", "2024-06-03", "来信", "urban", "", "路灯不亮", lead, "2024-06-04", other, "", "", ""],
    ]
    sheet = Sheet(rows=[(1, HEADER), *((n + 1, row) for n, row in enumerate(rows, start=1))])
    importer = HistoryImporter()
    outcome = importer.run(importer.prepare(sheet), dry_run=False, user=None)
    where = {(problem.row, problem.column) for problem in outcome.problems}
    assert where == {(2, "主办单位"), (3, "退回单位")}
    assert Suggestion.objects.count() == 0
