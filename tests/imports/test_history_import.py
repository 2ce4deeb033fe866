"""Three years of the office's ledger imported as history: a dry run first, nothing sent, the past
year's statistics equal to the ledger's own counts, and a second import that changes nothing."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from congress.calendar.models import Deadline
from congress.notifications.models import Notification
from congress.spreadsheets import Sheet, read_sheet
from suggestions import reports
from suggestions.history_import import HistoryImporter
from suggestions.models import Assignment, Rating, Status, Suggestion, SuggestionEvent
from tests.factories.core import CategoryFactory, DistrictFactory, HandlingUnitFactory
from tests.imports.ledger import HEADER, ledger, workbook

pytestmark = pytest.mark.django_db

# The default categories (the data migration's), named as the office writes them.
CATEGORIES = ["教育", "医疗卫生", "交通出行", "生态环境", "城市管理"]
AREAS = ["城关区", "七里河区", "安宁区"]
UNITS = [
    "示范市住房和城乡建设局",
    "示范市交通运输局",
    "示范市教育局",
    "示范市卫生健康委员会",
    "示范市生态环境局",
]
YEAR_2024 = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


@pytest.fixture
def office() -> None:
    for code, name in zip(
        ("education", "health", "transport", "environment", "urban"), CATEGORIES, strict=True
    ):
        CategoryFactory.create(code=code, name=name)
    for name in AREAS:
        DistrictFactory.create(name=name)
    for name in UNITS:
        HandlingUnitFactory.create(name=name)


def _import(data: bytes, *, dry_run: bool, user: Any = None) -> Any:
    importer = HistoryImporter()
    table = importer.prepare(read_sheet(data, "台账.xlsx"))
    return importer.run(table, dry_run=dry_run, user=user)


@pytest.mark.slow
@time_machine.travel(datetime.datetime(2025, 1, 20, 10, tzinfo=datetime.UTC), tick=False)
def test_three_years_of_history_import_as_they_happened(office: None) -> None:
    book = ledger(categories=CATEGORIES, areas=AREAS, units=UNITS)
    data = workbook(book)
    assert len(book.rows) == 2400

    preview = _import(data, dry_run=True)
    assert preview.problems == []
    assert Suggestion.objects.count() == 0  # the dry run saved nothing
    assert preview.counts["new"] == 2400
    assert any("合计" in str(note) for note in preview.notes)
    assert preview.table.unknown == ["序号", "备注"]

    done = _import(data, dry_run=False)
    assert done.saved and Suggestion.objects.count() == 2400
    assert Notification.objects.count() == 0  # nobody is told anything now

    start, end = YEAR_2024
    assert reports.received_total(start, end) == book.received[2024]
    by_channel = {row["key"]: row["count"] for row in reports.received_by_channel(start, end)}
    assert by_channel == {channel: n for (year, channel), n in book.by_channel.items() if year == 2024}
    assert reports.outcome_classes(start, end) == {
        outcome: book.outcomes[(2024, outcome)] for outcome in ("A", "B", "C")
    }
    given = reports.satisfaction(start, end)
    assert (given["satisfied"], given["basically"], given["unsatisfied"]) == (
        book.ratings[(2024, "satisfied")],
        book.ratings[(2024, "basically")],
        book.ratings[(2024, "unsatisfied")],
    )
    # The state each item had at the end of 2024 is read from its dated events.
    after = datetime.datetime(2025, 1, 1, tzinfo=timezone.get_default_timezone())
    closed_then = Suggestion.objects.annotate(state=reports.state_at(after)).filter(state=Status.CLOSED)
    assert closed_then.count() == sum(n for year, n in book.closed_by_end.items() if year <= 2024)


@time_machine.travel(datetime.datetime(2025, 1, 20, 10, tzinfo=datetime.UTC), tick=False)
def test_finished_items_start_no_clock_and_open_ones_run_from_their_real_day(office: None) -> None:
    book = ledger(categories=CATEGORIES, areas=AREAS, units=UNITS, per_year=60, seed=3)
    _import(workbook(book), dry_run=False)
    closed = Suggestion.objects.filter(status=Status.CLOSED)
    assert closed.exists() and not closed.filter(triage_deadline__isnull=False).exists()
    assert not Deadline.objects.filter(
        owner_content_type=ContentType.objects.get_for_model(Assignment),
        owner_id__in=Assignment.objects.filter(suggestion__in=closed).values("pk"),
    ).exists()
    waiting = Assignment.objects.filter(status=Assignment.Status.ACTIVE, role=Assignment.Role.LEAD)
    assert waiting.exists() and all(a.deadline_id and a.due_date for a in waiting)
    first = SuggestionEvent.objects.filter(suggestion__in=closed).order_by("suggestion", "at", "pk").first()
    assert first is not None and first.action == "import" and first.at.year in (2022, 2023, 2024)


@time_machine.travel(datetime.datetime(2025, 1, 20, 10, tzinfo=datetime.UTC), tick=False)
def test_importing_the_same_ledger_again_changes_nothing(office: None) -> None:
    book = ledger(categories=CATEGORIES, areas=AREAS, units=UNITS, per_year=40, seed=5)
    data = workbook(book)
    _import(data, dry_run=False)
    counts = (Suggestion.objects.count(), SuggestionEvent.objects.count(), Rating.objects.count())
    again = _import(data, dry_run=False)
    assert again.counts["same"] == len(book.rows) and again.counts["new"] == 0
    assert (Suggestion.objects.count(), SuggestionEvent.objects.count(), Rating.objects.count()) == counts


def test_every_problem_row_is_named_at_once_and_nothing_is_saved(office: None) -> None:
    rows: list[list[Any]] = [
        [1, "A-1", "2024.02.30", "来信", "教育", "城关区", "", "路灯不亮", *[""] * 11],
        [2, "A-2", "2024.03.01", "飞鸽", "教育", "火星区", "", "路灯不亮", *[""] * 11],
        [3, "A-3", "2024.03.01", "来信", "教育", "城关区", "", "噪音", "", "", UNITS[0], "", "2024.03.02",
         "2024.03.01", "答复", "A类", "满意", "", ""],
        [4, "A-3", "2024.03.05", "来信", "教育", "城关区", "", "噪音", "", "", UNITS[0], "", "2024.03.06",
         "2024.03.09", "答复", "B", "", "2024.03.10", ""],
        [5, "A-5", "2024.03.05", "来信", "教育", "城关区", "", "噪音", *[""] * 8, "满意", "", ""],
    ]  # fmt: skip
    sheet = Sheet(rows=[(1, HEADER), *((n + 1, row) for n, row in enumerate(rows, start=1))])
    importer = HistoryImporter()
    outcome = importer.run(importer.prepare(sheet), dry_run=False, user=None)
    where = {(problem.row, problem.column) for problem in outcome.problems}
    assert {
        (2, "受理日期"),
        (3, "来源渠道"),
        (3, "区域"),
        (4, "答复日期"),
        (5, "编号"),
        (5, "办结日期"),
    } <= where
    assert (6, "答复日期") in where  # a rating without a reply
    assert Suggestion.objects.count() == 0
    texts = [str(problem) for problem in outcome.problems]
    assert any(text.startswith("第3行") and "飞鸽" in text and "来信" in text for text in texts)


def test_the_command_checks_with_a_dry_run_then_imports(office: None, tmp_path: Any) -> None:
    from django.core.management import CommandError, call_command

    book = ledger(categories=CATEGORIES, areas=AREAS, units=UNITS, per_year=10, seed=7)
    path = tmp_path / "台账.xlsx"
    path.write_bytes(workbook(book))
    call_command("import_history", str(path), "--dry-run", stdout=io.StringIO())
    assert Suggestion.objects.count() == 0
    call_command("import_history", str(path), stdout=io.StringIO())
    assert Suggestion.objects.count() == 30 and Notification.objects.count() == 0
    bad = tmp_path / "bad.csv"
    bad.write_bytes("办件编号,登记日期,来源,反映内容\r\nX-1,2024.02.30,来信,路灯\r\n".encode("gb18030"))
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_history", str(bad), stdout=io.StringIO(), stderr=errors)
    assert "第2行「受理日期」列" in errors.getvalue()
