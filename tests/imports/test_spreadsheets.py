"""The normalisation layer (congress.spreadsheets) on cells and sheets as offices write them."""

from __future__ import annotations

import datetime

import pytest

from congress.spreadsheets import (
    BOOL,
    DATE,
    ETHNICITY,
    ID_CARD,
    LIST,
    NAME,
    PHONE,
    YEAR,
    CellRefused,
    Column,
    Sheet,
    SheetError,
    normalise_cell,
    prepare,
    read_sheet,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022.01.06", datetime.date(2022, 1, 6)),
        ("2022年1月6日", datetime.date(2022, 1, 6)),
        ("２０２２－０１－０６", datetime.date(2022, 1, 6)),
        ("2022/1/6", datetime.date(2022, 1, 6)),
        ("20220106", datetime.date(2022, 1, 6)),
        (datetime.datetime(2022, 1, 6, 0, 0), datetime.date(2022, 1, 6)),  # noqa: DTZ001 (an Excel date cell has no zone)
    ],
)
def test_dates_in_every_office_form_read_as_one_day(raw: object, expected: datetime.date) -> None:
    assert normalise_cell(Column("日期", DATE), raw)[0] == expected


@pytest.mark.parametrize("raw", ["2022.01", "2022年1月", "2022.02.30", "去年"])
def test_a_date_without_its_day_or_impossible_is_refused_with_the_forms_allowed(raw: str) -> None:
    with pytest.raises(CellRefused) as refused:
        normalise_cell(Column("日期", DATE), raw)
    assert "2022年1月6日" in refused.value.allowed


@pytest.mark.parametrize(
    ("raw", "year", "dropped"),
    [("1975", 1975, False), ("1975.03", 1975, True), ("1975年3月", 1975, True), (1975, 1975, False)],
)
def test_a_birth_year_keeps_the_year_and_says_what_it_dropped(raw: object, year: int, dropped: bool) -> None:
    value, remark = normalise_cell(Column("出生年份", YEAR), raw)
    assert value == year
    assert bool(remark) is dropped


def test_yes_and_no_in_chinese_are_booleans_and_anything_else_is_refused() -> None:
    column = Column("公开手机", BOOL)
    assert normalise_cell(column, "是")[0] is True
    assert normalise_cell(column, "否")[0] is False
    with pytest.raises(CellRefused):
        normalise_cell(column, "也许")


def test_han_is_the_han_ethnic_group_and_an_unknown_one_is_refused() -> None:
    column = Column("民族", ETHNICITY)
    assert normalise_cell(column, "汉")[0] == "汉族"
    assert normalise_cell(column, "回族")[0] == "回族"
    with pytest.raises(CellRefused) as refused:
        normalise_cell(column, "火星族")
    assert "汉族" in refused.value.allowed


def test_names_lose_full_width_spaces_and_tags_are_split_on_chinese_separators() -> None:
    assert normalise_cell(Column("姓名", NAME), "张\u3000三")[0] == "张三"
    assert normalise_cell(Column("专长", LIST), "教育，医疗、 法律")[0] == "教育、医疗、法律"


def test_mobile_numbers_lose_their_dashes_and_landlines_keep_the_area_code() -> None:
    column = Column("手机", PHONE)
    assert normalise_cell(column, "138-0000-1234")[0] == "13800001234"
    assert normalise_cell(column, "０９３１-８８８８８８８")[0] == "0931-8888888"


def test_an_id_card_number_with_a_wrong_check_digit_is_refused() -> None:
    column = Column("身份证号", ID_CARD)
    assert normalise_cell(column, "11010519491231002x")[0] == "11010519491231002X"
    with pytest.raises(CellRefused):
        normalise_cell(column, "110105194912310021")


COLUMNS = (
    Column("姓名", NAME, required=True, aliases=("代表姓名",)),
    Column("出生年份", YEAR, aliases=("出生年月",)),
    Column("公开手机", BOOL),
)


def test_the_header_is_found_under_a_title_row_and_a_total_row_is_dropped() -> None:
    sheet = Sheet(
        rows=[
            (1, ["示范市人大代表名册", None, None, None]),
            (2, ["代表姓名", "出生年月", "公开手机", "备注"]),
            (3, ["王　芳", "1975.03", "是", ""]),
            (4, ["合计", None, None, None]),
        ]
    )
    table = prepare(sheet, COLUMNS)
    assert table.header_row == 2
    assert table.records == [{"姓名": "王芳", "出生年份": 1975, "公开手机": True}]
    assert table.row_numbers == [3]
    assert table.unknown == ["备注"]
    shown = [str(note) for note in table.notes]
    assert any("第1行" in text and "标题" in text for text in shown)
    assert any(("第4行" in text and "合计" in text) or "第4行" in text for text in shown)
    assert any("第3行" in text and "1975.03" in text for text in shown)


def test_every_problem_of_the_file_is_reported_at_once_with_its_sheet_row() -> None:
    sheet = Sheet(
        rows=[
            (1, ["名册"]),
            (2, ["姓名", "出生年份", "公开手机"]),
            (3, ["", "1975", "也许"]),
            (4, ["李四", "去年", "否"]),
        ]
    )
    table = prepare(sheet, COLUMNS)
    found = {(problem.row, problem.column) for problem in table.problems}
    assert found == {(3, "姓名"), (3, "公开手机"), (4, "出生年份")}
    text = str(next(problem for problem in table.problems if problem.column == "公开手机"))
    assert "第3行" in text and "也许" in text and "是、否" in text


def test_a_gb18030_csv_saved_by_excel_is_read() -> None:
    data = "代表姓名,出生年月\r\n王芳,1975年3月\r\n".encode("gb18030")
    table = prepare(read_sheet(data, "名册.csv"), COLUMNS)
    assert table.records == [{"姓名": "王芳", "出生年份": 1975}]


def test_a_utf8_csv_with_a_bom_is_read() -> None:
    data = "\ufeff姓名,出生年份\n王芳,1975\n".encode()
    assert prepare(read_sheet(data, "a.csv"), COLUMNS).records == [{"姓名": "王芳", "出生年份": 1975}]


def test_a_file_that_is_not_text_is_refused_in_chinese() -> None:
    with pytest.raises(SheetError) as refused:
        read_sheet(b"\xff\xfe\x00\x81\x00\xff" * 10, "x.csv")
    assert "GB18030" in refused.value.message


def test_the_clerk_maps_a_header_the_layer_does_not_know() -> None:
    sheet = Sheet(rows=[(1, ["姓名", "生年"]), (2, ["王芳", "1975"])])
    assert prepare(sheet, COLUMNS).unknown == ["生年"]
    table = prepare(sheet, COLUMNS, clerk_mapping={"生年": "出生年份"})
    assert table.unknown == []
    assert table.records == [{"姓名": "王芳", "出生年份": 1975}]
