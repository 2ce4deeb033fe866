"""Spreadsheets as offices keep them: one normalisation layer in front of every import (deputies,
stations, handling units, history of items; docs/import.md).

An office's file is read as it is (xlsx, or CSV saved by Excel in GB18030/GBK or UTF-8 with a BOM);
the header row is found under any title rows; the office's header names are mapped to the import's
columns (common names built in, the rest mapped by the clerk on the page); each cell is brought to
its one meaning (full-width digits and spaces, 汉→汉族, 是/否, list separators, the usual date forms,
phone numbers with dashes); a trailing 合计 row is dropped. Nothing is changed silently: every
change is a ``Note`` the dry run shows, and everything ambiguous is a ``Problem`` naming the row, the
column, the value and the allowed values — all of them in one pass.

Row numbers are the spreadsheet's own (the first row of the file is row 1), in the notes, the
problems and the resource's errors alike."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

# Kinds of column: how a cell is normalised.
TEXT, NAME, INT, YEAR, DATE, BOOL, CHOICE, LIST, PHONE, ETHNICITY, ID_CARD = (
    "text",
    "name",
    "int",
    "year",
    "date",
    "bool",
    "choice",
    "list",
    "phone",
    "ethnicity",
    "id_card",
)

# The 56 ethnic groups (国家民族事务委员会), the only values an ethnicity cell may hold.
ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]

TRUE_WORDS = ("是", "有", "Y", "YES", "TRUE", "1", "√", "✓", "对")
FALSE_WORDS = ("否", "无", "N", "NO", "FALSE", "0", "×", "不是")
# A row whose first filled cell says this is a total, not a record.
TOTAL_WORDS = ("合计", "总计", "小计", "共计")
# Tags in one cell: Chinese and Western commas, the enumeration comma, semicolons, slashes.
LIST_SPLIT = re.compile(r"[，,、；;/／\n]+")
LIST_JOIN = "、"
FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "\u3000": " ", "\u00a0": " ", "．": ".", "－": "-"}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
)
# Dates as offices write them: 2022.01.06, 2022-1-6, 2022/1/6, 2022年1月6日, 20220106; months alone.
DAY_RE = re.compile(r"^(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?$")
COMPACT_DAY_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
MONTH_RE = re.compile(r"^(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?$")
YEAR_RE = re.compile(r"^(\d{4})\s*年?$")
ID_CARD_RE = re.compile(r"^\d{17}[\dX]$")
PHONE_RE = re.compile(r"^\+?[\d\-() ]{5,30}(转\d{1,6})?$")


@dataclass(frozen=True)
class Column:
    """A column of an import: ``header`` is the name the import reads (its template's header),
    ``aliases`` other names offices give it. ``choices`` maps each allowed value to the words that
    mean it; ``allowed`` describes the allowed values for the template and the messages."""

    header: str
    kind: str = TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    allowed: str = ""
    example: str = ""

    def allowed_text(self) -> str:
        if self.allowed:
            return self.allowed
        if self.kind == CHOICE:
            return "、".join(value for value, _words in self.choices)
        return str(KIND_ALLOWED.get(self.kind, ""))


KIND_ALLOWED = {
    DATE: "2022-01-06、2022.01.06、2022年1月6日、2022/1/6 或 Excel 日期",
    YEAR: "1975、1975.03、1975年3月 或 Excel 日期",
    BOOL: "是、否",
    INT: "整数",
    LIST: "多项以“、”或“，”分隔",
    PHONE: "数字，可带“-”",
    ETHNICITY: "56个民族名称，如 汉族、回族、满族（“汉”即“汉族”）",
    ID_CARD: "18位身份证号码",
}


@dataclass(frozen=True)
class Note:
    """A change the layer made to a cell (or a row skipped), shown in the dry run."""

    row: int
    column: str
    before: str
    after: str

    def __str__(self) -> str:
        if not self.column:
            return _("Row %(row)s: %(what)s") % {"row": self.row, "what": self.after}
        return _("Row %(row)s, column “%(column)s”: “%(before)s” read as “%(after)s”") % {
            "row": self.row,
            "column": self.column,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class Problem:
    """A cell (or a row, ``column`` empty) the import refuses: what is wrong and what is allowed."""

    row: int
    column: str
    value: str
    message: str
    allowed: str = ""

    def __str__(self) -> str:
        parts = [self.message]
        if self.allowed:
            parts.append(_("allowed: %(allowed)s") % {"allowed": self.allowed})
        text = "；".join(parts)
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": text}
        return _("Row %(row)s, column “%(column)s”, value “%(value)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": text,
        }


class SheetError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, unknown encoding, no header found)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Sheet:
    """A read spreadsheet: every row as cell values, numbered from 1 like the spreadsheet."""

    rows: list[tuple[int, list[Any]]]


@dataclass
class Table:
    """The file brought to the import's columns. ``records`` are the normalised rows as dictionaries
    (by column header), each with its spreadsheet row number in ``row_numbers``."""

    header_row: int
    mapping: dict[int, str]  # index of the file's column -> the import's column header
    headers: list[str]  # the file's own header names
    unknown: list[str]  # the file's columns the import does not read
    records: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required columns found nowhere
    named: dict[str, str] = field(default_factory=dict)  # the file's header name -> column read

    @property
    def header_rows(self) -> list[tuple[str, str, bool]]:
        """Each header of the file, the column it is read as ("" for none) and whether the clerk
        may still map it (the layer did not know it)."""
        return [(name, self.named.get(name, ""), name in self.unknown) for name in self.headers]


# -- reading the file -------------------------------------------------------------------------------


def read_sheet(data: bytes, filename: str = "") -> Sheet:
    """The rows of an xlsx workbook's first sheet or of a CSV file (UTF-8 with or without BOM, or
    GB18030, which covers GBK and GB2312)."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or filename.lower().endswith(".xls"):
        raise SheetError(_("Old Excel files (.xls) cannot be read: save the file as .xlsx or as CSV."))
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise SheetError(_("The file is neither an Excel workbook nor CSV text in UTF-8 or GB18030 (GBK)."))
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    return Sheet(rows=[(number, list(cells)) for number, cells in enumerate(reader, start=1)])


def _read_xlsx(data: bytes) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        # Not read-only: merged title cells are only known to a fully loaded sheet.
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise SheetError(_("The Excel file cannot be opened: is it damaged?")) from error
    sheet = book.worksheets[0]
    rows: list[tuple[int, list[Any]]] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        rows.append((number, list(cells)))
    return Sheet(rows=rows)


# -- headers ----------------------------------------------------------------------------------------


def header_key(text: Any) -> str:
    """A header as compared: full-width folded, no spaces, line breaks, required-marks or brackets'
    remarks ("出生年月（年.月）" is "出生年月")."""
    value = plain(text)
    value = re.sub(r"[（(【\[].*?[）)】\]]", "", value)
    return re.sub(r"[\s*＊:：]", "", value)


def _names(columns: Sequence[Column]) -> dict[str, str]:
    names: dict[str, str] = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            names.setdefault(header_key(name), column.header)
    return names


def find_header(sheet: Sheet, columns: Sequence[Column], *, scan: int = 10) -> int:
    """Index in ``sheet.rows`` of the header row: among the first rows, the one naming the most
    known columns (a title row above names none)."""
    names = _names(columns)
    best, best_score = -1, 0
    for index, (_number, cells) in enumerate(sheet.rows[:scan]):
        score = len({names[key] for key in map(header_key, cells) if key in names})
        if score > best_score:
            best, best_score = index, score
    if best < 0:
        raise SheetError(
            _("No header row was found: none of the first rows names a column of this import (%(columns)s).")
            % {"columns": "、".join(column.header for column in columns)}
        )
    return best


# -- cells -------------------------------------------------------------------------------------------


def plain(value: Any) -> str:
    """A cell as text: full-width digits, letters and spaces folded, ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).translate(FULL_WIDTH).strip()


class CellRefused(Exception):
    def __init__(self, message: str, allowed: str = "") -> None:
        super().__init__(message)
        self.message, self.allowed = message, allowed


def _date(value: Any, text: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DAY_RE.match(text) or COMPACT_DAY_RE.match(text)
    if match:
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as error:
            raise CellRefused(_("This day does not exist."), KIND_ALLOWED[DATE]) from error
    if MONTH_RE.match(text) or YEAR_RE.match(text):
        raise CellRefused(_("A full date is needed here: the day is missing."), KIND_ALLOWED[DATE])
    raise CellRefused(_("Not a date."), KIND_ALLOWED[DATE])


def _year(value: Any, text: str) -> tuple[int, str]:
    """A year, and what was dropped to get it (the month or day the field cannot hold)."""
    if isinstance(value, datetime.date):
        return value.year, _("month and day not kept: the field holds the year")
    if isinstance(value, int) and 1900 <= value <= 2100:
        return value, ""
    for pattern, dropped in (
        (YEAR_RE, ""),
        (MONTH_RE, _("month not kept: the field holds the year")),
        (DAY_RE, _("month and day not kept: the field holds the year")),
    ):
        match = pattern.match(text)
        if match:
            year = int(match[1])
            if 1900 <= year <= 2100:
                return year, dropped
    raise CellRefused(_("Not a year."), KIND_ALLOWED[YEAR])


def _choice(column: Column, text: str) -> str:
    key = header_key(text).upper()
    for value, words in column.choices:
        if key in {header_key(word).upper() for word in (value, *words)}:
            return value
    raise CellRefused(_("Not one of the allowed values."), column.allowed_text())


def normalise_cell(column: Column, value: Any) -> tuple[Any, str]:
    """The cell's one meaning for the import, and a remark when more than folding was done.
    Raises ``CellRefused`` when the value is ambiguous or not allowed. Empty cells are ``""``."""
    text = plain(value)
    if text == "":
        return "", ""
    kind = column.kind
    if kind == NAME:
        # A Chinese name has no spaces inside (a full-width space typed for alignment).
        return (re.sub(r"\s+", "", text) if re.search(r"[\u4e00-\u9fff]", text) else text), ""
    if kind == TEXT:
        return re.sub(r"[ \t]+", " ", text), ""
    if kind == INT:
        if not re.fullmatch(r"-?\d+", text):
            raise CellRefused(_("Not a whole number."), KIND_ALLOWED[INT])
        return int(text), ""
    if kind == YEAR:
        year, dropped = _year(value, text)
        return year, dropped
    if kind == DATE:
        return _date(value, text), ""
    if kind == BOOL:
        upper = text.upper()
        if upper in TRUE_WORDS:
            return True, ""
        if upper in FALSE_WORDS:
            return False, ""
        raise CellRefused(_("Not yes or no."), KIND_ALLOWED[BOOL])
    if kind == CHOICE:
        return _choice(column, text), ""
    if kind == LIST:
        parts = [re.sub(r"\s+", "", part) for part in LIST_SPLIT.split(text)]
        return LIST_JOIN.join(part for part in parts if part), ""
    if kind == PHONE:
        if not PHONE_RE.match(text):
            raise CellRefused(_("Not a phone number."), KIND_ALLOWED[PHONE])
        digits = re.sub(r"[\s\-()]", "", text)
        # A mobile number is stored as its 11 digits; a landline keeps its area-code dash.
        return (digits if re.fullmatch(r"1[3-9]\d{9}", digits) else re.sub(r"\s+", "", text)), ""
    if kind == ETHNICITY:
        name = re.sub(r"\s+", "", text)
        for candidate in (name, name + "族"):
            if candidate in ETHNICITIES:
                return candidate, ""
        raise CellRefused(_("Not one of the 56 ethnic groups."), KIND_ALLOWED[ETHNICITY])
    if kind == ID_CARD:
        number = re.sub(r"\s+", "", text).upper()
        if not ID_CARD_RE.match(number) or not id_card_checks(number):
            raise CellRefused(_("Not a valid ID-card number (the check digit does not match)."))
        return number, ""
    raise ValueError(f"unknown column kind {kind!r}")


def id_card_checks(number: str) -> bool:
    """The ISO 7064 MOD 11-2 check digit of a resident ID-card number (GB 11643-1999)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17]


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _original(value: Any) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return _("Excel date %(date)s") % {"date": value.strftime("%Y-%m-%d")}
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


# -- the whole table ----------------------------------------------------------------------------------


def _is_total(cells: Iterable[Any]) -> bool:
    filled = [plain(cell) for cell in cells if plain(cell)]
    return bool(filled) and re.sub(r"\s+", "", filled[0]) in TOTAL_WORDS


def prepare(
    sheet: Sheet,
    columns: Sequence[Column],
    *,
    clerk_mapping: dict[str, str] | None = None,
    check_row: Callable[[dict[str, Any], int], list[Problem]] | None = None,
) -> Table:
    """Bring ``sheet`` to ``columns``: find the header row, map the headers (``clerk_mapping`` maps
    the file's header names the layer does not know to a column header, or to "" to leave them out),
    normalise every cell, list every change and every refusal. ``check_row`` adds a row's own
    problems (dates out of order …)."""
    index = find_header(sheet, columns)
    header_number, header_cells = sheet.rows[index]
    names = _names(columns)
    by_header = {column.header: column for column in columns}
    table = Table(header_row=header_number, mapping={}, headers=[], unknown=[])
    for number, cells in sheet.rows[:index]:
        if any(plain(cell) for cell in cells):
            title = "".join(plain(cell) for cell in cells if plain(cell))
            table.notes.append(Note(number, "", "", _("title row “%(title)s” skipped") % {"title": title}))
    chosen = dict(clerk_mapping or {})
    for position, cell in enumerate(header_cells):
        name = plain(cell)
        if not name:
            continue
        table.headers.append(name)
        target = chosen.get(name) if name in chosen else names.get(header_key(name))
        if target and target in by_header and target not in table.mapping.values():
            table.mapping[position] = target
            table.named[name] = target
            if target != name and header_key(name) != header_key(target):
                table.notes.append(
                    Note(header_number, name, name, _("column “%(column)s”") % {"column": target})
                )
        elif name not in chosen:
            table.unknown.append(name)
    mapped = set(table.mapping.values())
    table.missing = [column.header for column in columns if column.required and column.header not in mapped]
    for number, cells in sheet.rows[index + 1 :]:
        if not any(plain(cell) for cell in cells):
            continue
        if _is_total(cells):
            table.notes.append(Note(number, "", "", _("total row skipped")))
            continue
        record: dict[str, Any] = {}
        for position, header in table.mapping.items():
            column = by_header[header]
            raw = cells[position] if position < len(cells) else None
            try:
                value, remark = normalise_cell(column, raw)
            except CellRefused as refused:
                table.problems.append(
                    Problem(number, header, _original(raw), refused.message, refused.allowed)
                )
                record[header] = None
                continue
            record[header] = value
            before = _original(raw)
            if remark or (value != "" and _shown(value) != before.strip()):
                after = _shown(value) + (f"（{remark}）" if remark else "")
                table.notes.append(Note(number, header, before, after))
        if check_row is not None:
            table.problems.extend(check_row(record, number))
        for column in columns:
            if column.required and column.header in mapped and record.get(column.header) == "":
                table.problems.append(
                    Problem(number, column.header, "", _("This cell is required."), column.allowed_text())
                )
        table.records.append(record)
        table.row_numbers.append(number)
    return table


def template_xlsx(columns: Sequence[Column], *, title: str) -> bytes:
    """An empty workbook naming every column of an import, with a sheet saying for each column
    whether it is required, what it allows and an example."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    # Type narrowing for mypy, not a runtime rule.
    assert sheet is not None  # noqa: S101
    sheet.title = title[:31]
    for position, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=position, value=column.header)
        cell.font = Font(bold=True)
        if column.allowed_text():
            cell.comment = Comment(column.allowed_text(), "")
    guide = book.create_sheet("填写说明")
    guide.append(["列名", "必填", "可填写的值", "也可写作", "示例"])
    for column in columns:
        words = "、".join(column.aliases)
        guide.append(
            [column.header, "是" if column.required else "否", column.allowed_text(), words, column.example]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
