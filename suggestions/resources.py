"""The 12345 hotline batch import: column mapping and row validation only; each row becomes an item
through ``services.suggestion_submit`` (channel "hotline"). All or nothing: one bad row and nothing is
saved, with every bad row named."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import DomainError
from congress.models import Area, Category

from . import services
from .models import Channel, Suggestion

# Columns of the hotline export (header names as the 12345 centre writes them).
HOTLINE_COLUMNS = ("工单编号", "标题", "诉求内容", "类别代码", "区域代码", "地址", "姓名", "手机号")


@dataclass
class ImportReport:
    created: list[Suggestion] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _read(file: IO[bytes] | IO[str]) -> str:
    raw = file.read()
    if isinstance(raw, bytes):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise DomainError(_("The file is neither UTF-8 nor GB18030 text."), field="file")
    return raw


def hotline_import(*, file: IO[bytes] | IO[str], actor: Any) -> ImportReport:
    report = ImportReport()
    try:
        text = _read(file)
    except DomainError as error:
        report.errors.append(error.message)
        return report
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in HOTLINE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.errors.append(_("Missing columns: %(columns)s") % {"columns": "、".join(missing)})
        return report
    categories = {c.code: c for c in Category.objects.all()}
    areas = {a.code: a for a in Area.objects.all()}
    try:
        with transaction.atomic():
            for number, row in enumerate(reader, start=2):
                category = categories.get((row["类别代码"] or "").strip())
                area = areas.get((row["区域代码"] or "").strip())
                if row["类别代码"].strip() and category is None:
                    report.errors.append(_("Row %(row)d: unknown category code.") % {"row": number})
                    continue
                if row["区域代码"].strip() and area is None:
                    report.errors.append(_("Row %(row)d: unknown area code.") % {"row": number})
                    continue
                try:
                    result = services.suggestion_submit(
                        submission=services.SubmissionInput(
                            channel=Channel.HOTLINE,
                            title=(row["标题"] or "").strip() or (row["诉求内容"] or "").strip()[:30],
                            text=(row["诉求内容"] or "").strip(),
                            category=category,
                            area=area,
                            address=(row["地址"] or "").strip(),
                            submitter_name=(row["姓名"] or "").strip(),
                            submitter_mobile=(row["手机号"] or "").strip(),
                            external_ref=(row["工单编号"] or "").strip(),
                            consent_privacy=True,
                        ),
                        actor=actor,
                    )
                except DomainError as error:
                    report.errors.append(
                        _("Row %(row)d: %(error)s") % {"row": number, "error": error.message}
                    )
                    continue
                report.created.append(result.suggestion)
            if report.errors:
                raise _Rollback
    except _Rollback:
        report.created = []
    return report


class _Rollback(Exception):
    pass
