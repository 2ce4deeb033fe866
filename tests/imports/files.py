"""Files as offices keep them, for the import tests: a workbook with a merged title row above the
office's own header and a trailing 合计 row, and the same as a CSV saved by Excel in GB18030."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from congress.spreadsheets import read_sheet


def office_workbook(
    title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], *, total: bool = True
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    if total:
        sheet.append(["合计", f"{len(rows)}条"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def office_csv(
    title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], *, total: bool = True
) -> bytes:
    """As Excel saves a sheet "CSV (逗号分隔)" on a Chinese Windows: GB18030, CRLF, the title row kept."""
    lines = [title, ",".join(header)]
    lines += [",".join("" if cell is None else str(cell) for cell in row) for row in rows]
    if total:
        lines.append(f"合计,{len(rows)}条")
    return ("\r\n".join(lines) + "\r\n").encode("gb18030")


def run_import(importer: Any, data: bytes, name: str, *, user: Any, dry_run: bool) -> Any:
    """What the admin's import page does with an upload: read, normalise, run."""
    table = importer.prepare(read_sheet(data, name))
    return importer.run(table, dry_run=dry_run, user=user)
